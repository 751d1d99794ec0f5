"""Read a bank file and report every problem in it, with the place and the line it sits on."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fivefold.banks.files import UnreadableFile, read_regular_file
from fivefold.banks.lines import TomlPath, key_lines, line_of
from fivefold.banks.models import LENS_NAMES, Bank
from fivefold.banks.references import Finding, reference_problems
from fivefold.errors import FivefoldError
from fivefold.visible import visible


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong with a bank file, where it is (a place such as `phase 'x' > theory > goal`)
    and on which line. `str()` is one line: the file, the line, the place and what is wrong, with
    any control character from the file shown as a visible escape."""

    path: Path
    place: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        if self.place:
            where = f"{where}: {self.place}"
        return visible(f"{where}: {self.message}", keep_newlines=False)


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
    """Every problem in a bank file at once (empty when it is valid), in the order of their lines."""
    return _parse(path)[1]


_TOML_LINE = re.compile(r"\bline (\d+)\b")


def bank_from_text(text: str, path: Path) -> Bank:
    """The bank in `text` (named `path` in problems), validated as a bank file is, or `BankError`."""
    bank, problems = _parse_text(text, path)
    if problems or bank is None:
        raise BankError(problems)
    return bank


def _parse(path: Path) -> tuple[Bank | None, list[BankProblem]]:
    try:
        text = read_regular_file(path).decode("utf-8")
    except UnreadableFile as error:
        return None, [BankProblem(path, "", str(error))]
    except UnicodeDecodeError as error:
        return None, [BankProblem(path, "", f"is not UTF-8 text (byte {error.start}); save it as UTF-8")]
    return _parse_text(text, path)


def _parse_text(text: str, path: Path) -> tuple[Bank | None, list[BankProblem]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _TOML_LINE.search(str(error))
        return None, [BankProblem(path, "", f"is not valid TOML: {error}", int(line.group(1)) if line else None)]
    except RecursionError:
        return None, [BankProblem(path, "", _TOO_DEEP)]
    findings: list[Finding] = []
    bank: Bank | None = None
    try:
        bank = Bank.model_validate(data)
    except ValidationError as error:
        findings += [_finding_from(data, detail) for detail in error.errors()]
    except RecursionError:
        return None, [BankProblem(path, "", _TOO_DEEP)]
    findings += reference_problems(data)
    if not findings:
        return bank, []
    # Only a file with problems pays for finding their lines.
    lines = key_lines(text)
    problems = [
        BankProblem(path, _place(data, finding.path), finding.message, line_of(lines, finding.line_path))
        for finding in findings
    ]
    return None, sorted(problems, key=lambda problem: problem.line or 0)


_TOO_DEEP = "nests arrays or tables too deeply to be read; a bank needs only a few levels"


def _finding_from(data: dict[str, Any], detail: Any) -> Finding:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    if kind == "missing":
        return Finding(loc[:-1], f"missing field '{loc[-1]}'", loc)
    if kind == "extra_forbidden":
        # Only a table under a phase is a would-be lens; `summry = "..."` is a misspelt field.
        if len(loc) == 3 and loc[0] == "phases" and isinstance(detail.get("input"), dict):
            expected = " or ".join(LENS_NAMES)
            return Finding(loc[:-1], f"unknown lens '{loc[-1]}' (a lens is {expected})", loc)
        return Finding(loc[:-1], f"unknown field '{loc[-1]}'; remove it or fix its spelling", loc)
    if kind == "literal_error":
        allowed = detail.get("ctx", {}).get("expected", "")
        return Finding(loc, f"unknown {loc[-1]} {detail['input']!r}; use one of {allowed}")
    message = str(detail["msg"]).removeprefix("Value error, ")
    return Finding(loc, message)


_ITEM_LABELS = {"phases": "phase", "questions": "question", "sources": "source", "problems": "problem"}


def _place(data: Any, loc: TomlPath) -> str:
    """Render a pydantic location as `phase 'platonic' > theory > question 'x' > text`."""
    parts: list[str] = []
    node = data
    for index, key in enumerate(loc):
        child = node[key] if _can_index(node, key) else None
        if isinstance(key, int):
            label = loc[index - 1] if index else "item"
            label = _ITEM_LABELS.get(str(label), str(label))
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
