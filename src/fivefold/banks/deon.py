"""Import a deon data-science ethics checklist (`checklist.yml`) as a Fivefold bank.

The bank is built as data, validated exactly as a bank file is, and only then written, with
tomli-w: a checklist that would make a bad bank leaves nothing behind.

A checklist is untrusted input, and YAML can make a small file expensive: nested aliases
("billion laughs") expand a few hundred bytes into gigabytes, and deep nesting exhausts the
stack. deon's own checklist is under 5 KB, flat, and has no anchors or aliases, so the reader
refuses every alias, any nesting deeper than a checklist needs, and files over a size limit,
before anything is expanded.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from fivefold.banks.files import UnreadableFile, read_regular_file
from fivefold.banks.loader import BankError, BankProblem, bank_from_text
from fivefold.banks.models import Bank

SOURCE_ID = "deon"
MAX_CHECKLIST_BYTES = 256 * 1024
"""50 times deon's own checklist; PyYAML (pure Python) reads it in well under a second."""
MAX_NESTING = 16
"""A checklist is a mapping of sections, each a mapping of lines: five levels; 16 leaves room."""

HEADER = """\
# Imported from a deon checklist by `fivefold banks import-deon`. Question ids are the
# checklist's line ids, so answers stay attached when the checklist is imported again.
"""


class _Refused(Exception):
    """The YAML uses something a checklist never needs and that could make it expensive."""


def _problem(path: Path, place: str, message: str) -> BankError:
    return BankError([BankProblem(path, place, message)])


@cache
def _checklist_loader() -> type:
    """A safe YAML loader that refuses aliases and deep nesting (built on first use: yaml is
    imported only by this command)."""
    import yaml

    class ChecklistLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _Refused(
                    f"line {event.start_mark.line + 1}: uses the alias *{event.anchor}; a deon checklist "
                    "needs no aliases, and they can expand without bound, so write the text out"
                )
            self.depth += 1
            try:
                if self.depth > MAX_NESTING:
                    line = self.peek_event().start_mark.line + 1
                    raise _Refused(f"line {line}: nests deeper than {MAX_NESTING} levels; a checklist needs five")
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return ChecklistLoader


def read_checklist(path: Path) -> dict[str, Any]:
    """The checklist's sections and lines, or a `BankError` naming the file and the place at fault."""
    return _checklist(path)[0]


def _checklist(path: Path) -> tuple[dict[str, Any], str]:
    """The checklist, checked, and the first 8 hex digits of its SHA-256 (the bank's version)."""
    import yaml

    try:
        raw = read_regular_file(path, limit=MAX_CHECKLIST_BYTES)
        data = yaml.load(raw.decode("utf-8"), Loader=_checklist_loader())
    except UnreadableFile as error:
        raise _problem(path, "", str(error)) from error
    except UnicodeDecodeError as error:
        raise _problem(path, "", f"is not UTF-8 text (byte {error.start}); save it as UTF-8") from error
    except _Refused as error:
        raise _problem(path, "", f"is refused: {error}") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _problem(path, where, f"is not valid YAML ({getattr(error, 'problem', error)})") from error
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list) or not data["sections"]:
        raise _problem(path, "", "is not a deon checklist: it needs a 'sections' list")
    seen: dict[str, str] = {}
    for s_index, section in enumerate(data["sections"], start=1):
        where = f"section #{s_index}"
        if not isinstance(section, dict) or not section.get("title") or not isinstance(section.get("lines"), list):
            raise _problem(path, where, "needs a 'title' and a list of 'lines'")
        for l_index, line in enumerate(section["lines"], start=1):
            place = f"{where} '{section['title']}' > line #{l_index}"
            for key in ("line_id", "line_summary", "line"):
                if not isinstance(line, dict) or not str(line.get(key, "")).strip():
                    raise _problem(path, place, f"missing field '{key}'")
            question_id = _question_id(line["line_id"])
            if question_id in seen:
                message = f"line id '{line['line_id']}' repeats {seen[question_id]}; give every line its own id"
                raise _problem(path, place, message)
            seen[question_id] = f"line id '{line['line_id']}' of section '{section['title']}'"
    return data, hashlib.sha256(raw).hexdigest()[:8]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _question_id(line_id: Any) -> str:
    return _slug(str(line_id)).replace("-", ".")


def checklist_as_bank_data(data: dict[str, Any], *, file_name: str, digest: str) -> dict[str, Any]:
    """The bank, as the data of a bank file: one phase per section, its lines as practice questions."""
    title = str(data.get("title") or "deon checklist").strip()
    section_titles = [str(section["title"]).strip() for section in data["sections"]]
    phases = []
    for section, section_title in zip(data["sections"], section_titles, strict=True):
        questions = [
            {
                "id": _question_id(line["line_id"]),
                "summary": str(line["line_summary"]).strip(),
                "text": str(line["line"]).strip(),
                "help": f"deon checklist item {line['line_id']}: {str(line['line_summary']).strip()}.",
                "source": SOURCE_ID,
                "locator": section_title,
            }
            for line in section["lines"]
        ]
        phases.append(
            {
                "id": f"{_slug(str(section.get('section_id') or section_title))}-{_slug(section_title)}",
                "title": section_title,
                "practice": {
                    "goal": "I wish to handle {X} by means of {Y}.",
                    "x": f"the ethical risks of {section_title.lower()}",
                    "y": "the checks of this checklist section",
                    "about": f"The deon checklist items for {section_title.lower()}.",
                    "source": SOURCE_ID,
                    "locator": section_title,
                    "questions": questions,
                },
            }
        )
    return {
        "id": f"deon-{_slug(title)}",
        "version": f"imported-{digest}",
        "title": title,
        "description": (
            f"The {title} from the deon project, imported from {file_name}. Each section is a phase "
            "with one practice lens; each checklist line is a question."
        ),
        "sources": [
            {
                "id": SOURCE_ID,
                "title": title,
                "author": "DrivenData (deon)",
                "url": "https://deon.drivendata.org/",
                "note": f"Imported from {file_name}.",
                "contents": section_titles,
            }
        ],
        "phases": phases,
    }


def checklist_to_toml(path: Path) -> tuple[str, Bank]:
    """The bank as the text of a bank file, and as the bank that text loads as: a `BankError`,
    naming the checklist, if it would not load."""
    import tomli_w

    data, digest = _checklist(path)
    text = HEADER + tomli_w.dumps(checklist_as_bank_data(data, file_name=path.name, digest=digest))
    return text, bank_from_text(text, path)


def import_deon(path: Path, destination: Path, *, force: bool = False) -> tuple[Path, Bank]:
    """Write the imported bank into `destination` (a folder or a .toml path). Nothing is written,
    and no folder created, unless the bank is valid."""
    from fivefold.export.files import write_atomic

    text, bank = checklist_to_toml(path)
    target = destination if destination.suffix == ".toml" else destination / f"{path.stem}-deon.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text, force=force)
    return target, bank
