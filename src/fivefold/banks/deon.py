"""Import a deon data-science ethics checklist (`checklist.yml`) as a Fivefold bank."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from fivefold.banks.loader import BankError, BankProblem, load_bank
from fivefold.banks.models import Bank

SOURCE_ID = "deon"


def _problem(path: Path, place: str, message: str) -> BankError:
    return BankError([BankProblem(path, place, message)])


def read_checklist(path: Path) -> dict[str, Any]:
    """The checklist's sections and lines, or a `BankError` naming the file and the place at fault."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _problem(path, "", f"cannot be read ({error.strerror}); check the path") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _problem(path, where, f"is not valid YAML ({getattr(error, 'problem', error)})") from error
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list) or not data["sections"]:
        raise _problem(path, "", "is not a deon checklist: it needs a 'sections' list")
    for s_index, section in enumerate(data["sections"], start=1):
        where = f"section #{s_index}"
        if not isinstance(section, dict) or not section.get("title") or not isinstance(section.get("lines"), list):
            raise _problem(path, where, "needs a 'title' and a list of 'lines'")
        for l_index, line in enumerate(section["lines"], start=1):
            for key in ("line_id", "line_summary", "line"):
                if not isinstance(line, dict) or not str(line.get(key, "")).strip():
                    raise _problem(path, f"{where} '{section['title']}' > line #{l_index}", f"missing field '{key}'")
    return data


def _toml(value: str) -> str:
    # JSON's string escapes are a subset of TOML's basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def checklist_to_toml(path: Path) -> str:
    """The bank, as TOML text: one phase per section, its lines as practice questions."""
    data = read_checklist(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    title = str(data.get("title") or "deon checklist")
    out = [
        "# Imported from a deon checklist by `fivefold banks import-deon`. Question ids are the",
        "# checklist's line ids, so answers stay attached when the checklist is imported again.",
        f"id = {_toml('deon-' + _slug(title))}",
        f"version = {_toml('imported-' + digest)}",
        f"title = {_toml(title)}",
        f"description = {_toml(f'The {title} from the deon project, imported from {path.name}. Each section is a phase with one practice lens; each checklist line is a question.')}",
        "",
        "[[sources]]",
        f"id = {_toml(SOURCE_ID)}",
        f"title = {_toml(title)}",
        'author = "DrivenData (deon)"',
        'url = "https://deon.drivendata.org/"',
        f"note = {_toml(f'Imported from {path.name}.')}",
    ]
    for section in data["sections"]:
        section_title = str(section["title"])
        out += [
            "",
            "[[phases]]",
            f"id = {_toml(_slug(str(section.get('section_id') or section_title)) + '-' + _slug(section_title))}",
            f"title = {_toml(section_title)}",
            "",
            "[phases.practice]",
            'goal = "I wish to handle {X} by means of {Y}."',
            f"x = {_toml('the ethical risks of ' + section_title.lower())}",
            'y = "the checks of this checklist section"',
            f"about = {_toml('The deon checklist items for ' + section_title.lower() + '.')}",
            f"source = {_toml(SOURCE_ID)}",
        ]
        for line in section["lines"]:
            out += [
                "",
                "[[phases.practice.questions]]",
                f"id = {_toml(_slug(str(line['line_id'])).replace('-', '.'))}",
                f"summary = {_toml(str(line['line_summary']).strip())}",
                f"text = {_toml(str(line['line']).strip())}",
                f"help = {_toml('deon checklist item ' + str(line['line_id']) + ': ' + str(line['line_summary']).strip() + '.')}",
                f"source = {_toml(SOURCE_ID)}",
            ]
    return "\n".join(out) + "\n"


def import_deon(path: Path, destination: Path, *, force: bool = False) -> tuple[Path, Bank]:
    """Write the imported bank into `destination` (a folder or a .toml path) and load it back to prove it."""
    from fivefold.export.files import write_atomic

    text = checklist_to_toml(path)
    target = destination if destination.suffix == ".toml" else destination / f"{path.stem}-deon.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text, force=force)
    return target, load_bank(target)
