"""Read a bank file and report every problem in it with the place it sits."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fivefold.banks.kinds import value_fits
from fivefold.banks.models import LENS_NAMES, Bank, Condition, QuestionPlace
from fivefold.errors import FivefoldError


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong with a bank file, and where."""

    path: Path
    place: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.place}" if self.place else str(self.path)
        return f"{where}: {self.message}"


class BankError(FivefoldError):
    """A bank could not be loaded; carries every problem found."""

    def __init__(self, problems: list[BankProblem]) -> None:
        self.problems = problems
        first = str(problems[0])
        more = f" (and {len(problems) - 1} more problem(s); run 'fivefold banks validate')" if len(problems) > 1 else ""
        super().__init__(f"bad question bank {first}{more}")


def load_bank(path: Path) -> Bank:
    """Load and validate one bank file, or raise `BankError` naming the file and place."""
    bank, problems = _parse(path)
    if problems or bank is None:
        raise BankError(problems)
    return bank


def problems_in(path: Path) -> list[BankProblem]:
    """Every problem in a bank file at once (empty when it is valid)."""
    return _parse(path)[1]


def _parse(path: Path) -> tuple[Bank | None, list[BankProblem]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [BankProblem(path, "", f"cannot be read ({error.strerror}); check the path")]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, [BankProblem(path, "", "is not UTF-8 text; save it as UTF-8")]
    except tomllib.TOMLDecodeError as error:
        return None, [BankProblem(path, "", f"is not valid TOML: {error}")]
    try:
        bank = Bank.model_validate(data)
    except ValidationError as error:
        return None, [_problem_from(path, data, detail) for detail in error.errors()]
    problems = _cross_reference_problems(path, bank)
    return (None if problems else bank), problems


def _problem_from(path: Path, data: dict[str, Any], detail: Any) -> BankProblem:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    if kind == "missing":
        return BankProblem(path, _place(data, loc[:-1]), f"missing field '{loc[-1]}'")
    if kind == "extra_forbidden":
        parent = _place(data, loc[:-1])
        # Only a table under a phase is a would-be lens; `summry = "..."` is a misspelt field.
        if len(loc) == 3 and loc[0] == "phases" and isinstance(detail.get("input"), dict):
            expected = " or ".join(LENS_NAMES)
            return BankProblem(path, parent, f"unknown lens '{loc[-1]}' (a lens is {expected})")
        return BankProblem(path, parent, f"unknown field '{loc[-1]}'; remove it or fix its spelling")
    if kind == "literal_error":
        allowed = detail.get("ctx", {}).get("expected", "")
        return BankProblem(path, _place(data, loc), f"unknown {loc[-1]} {detail['input']!r}; use one of {allowed}")
    message = str(detail["msg"]).removeprefix("Value error, ")
    return BankProblem(path, _place(data, loc), message)


def _place(data: Any, loc: tuple[Any, ...]) -> str:
    """Render a pydantic location as `phase 'platonic' > theory > question 'x' > text`."""
    parts: list[str] = []
    node = data
    for index, key in enumerate(loc):
        child = node[key] if _can_index(node, key) else None
        if isinstance(key, int):
            label = loc[index - 1] if index else "item"
            label = {"phases": "phase", "questions": "question", "sources": "source"}.get(str(label), str(label))
            ident = child.get("id") if isinstance(child, dict) else None
            parts[-1:] = [f"{label} '{ident}'" if ident else f"{label} #{key + 1}"]
        else:
            parts.append(str(key))
        node = child
    return " > ".join(parts)


def _can_index(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


def _cross_reference_problems(path: Path, bank: Bank) -> list[BankProblem]:
    problems: list[BankProblem] = []
    for phase_id, count in Counter(phase.id for phase in bank.phases).items():
        if count > 1:
            problems.append(BankProblem(path, f"phase '{phase_id}'", f"duplicate phase id (used {count} times)"))
    places = bank.every_place()
    seen: dict[str, str] = {}
    known_sources = {source.id for source in bank.sources}
    for phase in bank.phases:
        for lens_name, lens in phase.lenses():
            if lens.source not in known_sources:
                problems.append(_unknown_source(path, f"phase '{phase.id}' > {lens_name}", lens.source))
    for index, place in enumerate(places):
        where = f"phase '{place.phase.id}' > {place.lens_name} > question '{place.question.id}'"
        if place.question.id in seen:
            problems.append(
                BankProblem(path, where, f"duplicate question id, already used in {seen[place.question.id]}")
            )
        else:
            seen[place.question.id] = f"phase '{place.phase.id}' > {place.lens_name}"
        if place.question.source not in known_sources:
            problems.append(_unknown_source(path, where, place.question.source))
        if place.question.when is not None:
            problem = _condition_problem(place.question.when, earlier={p.question.id: p for p in places[:index]})
            if problem:
                problems.append(BankProblem(path, f"{where} > when", problem))
    return problems


def _condition_problem(condition: Condition, *, earlier: dict[str, QuestionPlace]) -> str | None:
    """Why a `when` condition cannot work, or None. It may only test a question asked before it."""
    target = earlier.get(condition.question)
    if target is None:
        return f"names question '{condition.question}', which is not an earlier question of this bank"
    if condition.status is not None:
        return None
    question = target.question
    values = [condition.equals] if condition.equals is not None else list(condition.any_of or [])
    for value in values:
        if not value_fits(question, value):
            return f"tests '{condition.question}' for {value!r}, which a {question.kind} answer can never be"
    return None


def _unknown_source(path: Path, where: str, source: str) -> BankProblem:
    return BankProblem(path, f"{where} > source", f"names no [[sources]] entry '{source}'; add it or fix the id")
