"""The checks that span a whole bank: unique ids, citations that resolve, conditions on earlier questions.

They read the parsed TOML (plain dicts and lists) rather than the validated model, so they run
even when a field elsewhere is wrong: `banks validate` reports a misspelt key, a bad goal and an
unknown source in one run, not one after the other. Each check is one pass over the bank, so
the cost grows linearly with the number of questions and conditions.

What they read they read as the model does: strings stripped, a problem or example without a
citation of its own citing what its lens or question cites. A value of the wrong type is left
to the model's validation, which reports it; these checks skip it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args

from fivefold.banks.kinds import kind_value_fits
from fivefold.banks.lines import TomlPath
from fivefold.banks.models import ID_PATTERN, LENS_NAMES, QuestionKind

_KINDS = frozenset(get_args(QuestionKind))
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Finding:
    """A problem at `path` in the parsed TOML; `at` is the path whose line it is reported on when
    that differs (a missing key is reported at its table, on the table's line)."""

    path: TomlPath
    message: str
    at: TomlPath | None = None

    @property
    def line_path(self) -> TomlPath:
        return self.path if self.at is None else self.at


@dataclass(frozen=True)
class _Asked:
    """What a later `when` needs to know of an earlier question."""

    kind: str | None
    options: tuple[str, ...]


def reference_problems(data: Any) -> list[Finding]:
    """Every cross-reference problem of a parsed bank, in file order."""
    if not isinstance(data, dict):
        return []
    findings: list[Finding] = []
    contents = _sources(data, findings)
    cite = _Citations(contents, findings)
    phase_ids: set[str] = set()
    asked: dict[str, _Asked] = {}
    where_asked: dict[str, str] = {}
    for phase_path, phase in _items(data, "phases", ()):
        phase_id = _text(phase.get("id"))
        if phase_id and phase_id in phase_ids:
            findings.append(Finding(phase_path, "duplicate phase id: an earlier phase has it; give each its own"))
        phase_ids.add(phase_id)
        for lens_name in LENS_NAMES:
            lens = phase.get(lens_name)
            if not isinstance(lens, dict):
                continue
            lens_path = (*phase_path, lens_name)
            lens_citation = (lens.get("source"), lens.get("locator", ""))
            cite.check(lens_path, *lens_citation)
            for problem_path, problem in _items(lens, "problems", lens_path):
                cite.check(problem_path, *_own_or(problem, lens_citation))
            for question_path, question in _items(lens, "questions", lens_path):
                question_citation = (question.get("source"), question.get("locator", ""))
                cite.check(question_path, *question_citation)
                example = question.get("example")
                if example not in (None, ""):
                    cite.check((*question_path, "example"), *_own_or(example, question_citation))
                when = question.get("when")
                if isinstance(when, dict):
                    why = _condition_problem(when, asked)
                    if why:
                        findings.append(Finding((*question_path, "when"), why))
                question_id = _text(question.get("id"))
                if question_id in where_asked:
                    findings.append(
                        Finding(question_path, f"duplicate question id, already used in {where_asked[question_id]}")
                    )
                elif question_id:
                    where_asked[question_id] = f"phase '{phase_id}' > {lens_name}"
                    asked[question_id] = _asked(question)
    return findings


def _sources(data: dict[str, Any], findings: list[Finding]) -> dict[str, frozenset[str]]:
    """Each source id with the headings of its table of contents (empty: any locator goes)."""
    contents: dict[str, frozenset[str]] = {}
    for path, source in _items(data, "sources", ()):
        source_id = _text(source.get("id"))
        if source_id in contents:
            findings.append(Finding((*path, "id"), f"duplicate source id '{source_id}'; give each source its own id"))
        elif source_id:
            headings = source.get("contents")
            listed = headings if isinstance(headings, list) else []
            contents[source_id] = frozenset(_text(heading) for heading in listed if isinstance(heading, str))
    return contents


class _Citations:
    def __init__(self, contents: dict[str, frozenset[str]], findings: list[Finding]) -> None:
        self.contents = contents
        self.findings = findings

    def check(self, path: TomlPath, source: Any, locator: Any) -> None:
        source_id = _text(source)
        if not source_id:
            return  # missing or not a string: the model's validation says so
        headings = self.contents.get(source_id)
        if headings is None:
            message = f"names no [[sources]] entry '{source_id}'; add it or fix the id"
            self.findings.append(Finding((*path, "source"), message))
            return
        heading = _text(locator)
        if heading and headings and heading not in headings:
            message = (
                f"'{heading}' is not a heading of source '{source_id}'; "
                "use a heading listed in that source's contents, or fix its spelling"
            )
            self.findings.append(Finding((*path, "locator"), message))


def _own_or(item: Any, inherited: tuple[Any, Any]) -> tuple[Any, Any]:
    """A problem's or example's citation as the model resolves it: its own source with its own
    locator, or else the inherited source with its own locator if it gives one."""
    if not isinstance(item, dict):
        return inherited
    if "source" in item:
        return item["source"], item.get("locator", "")
    return inherited[0], item.get("locator", inherited[1])


def _condition_problem(when: dict[str, Any], asked: dict[str, _Asked]) -> str | None:
    """Why a `when` condition cannot work, or None. It may only test a question asked before it."""
    target_id = _text(when.get("question"))
    if not _ID.fullmatch(target_id):
        return None  # missing or not an id: the model's validation says so
    target = asked.get(target_id)
    if target is None:
        return f"names question '{target_id}', which is not an earlier question of this bank"
    if when.get("status") is not None or target.kind is None:
        return None
    if when.get("equals") is not None:
        values = [when["equals"]]
    elif isinstance(when.get("any_of"), list):
        values = when["any_of"]
    else:
        return None
    for value in values:
        value = value.strip() if isinstance(value, str) else value
        if not kind_value_fits(target.kind, target.options, value):
            return f"tests '{target_id}' for {value!r}, which a {target.kind} answer can never be"
    return None


def _asked(question: dict[str, Any]) -> _Asked:
    kind = question.get("kind", "rationale")
    options = question.get("options", [])
    known = _text(kind) if _text(kind) in _KINDS else None
    listed = options if isinstance(options, list) else []
    return _Asked(known, tuple(_text(option) for option in listed if isinstance(option, str)))


def _items(parent: dict[str, Any], key: str, path: TomlPath) -> Iterator[tuple[TomlPath, dict[str, Any]]]:
    """The tables of the array `parent[key]` (at `path`) with their paths; anything else is skipped,
    but for a problem given as a plain string, which is a problem with no citation of its own."""
    items = parent.get(key)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield (*path, key, index), item
        elif isinstance(item, str) and key == "problems":
            yield (*path, key, index), {"text": item}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
