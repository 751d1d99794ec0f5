"""`fivefold banks list|show|validate|path|import-deon` (their options are in `fivefold.cli.parser`).

Bank text is data: every line printed for a person passes through `fivefold.visible`, so a
control character in a bank file shows as an escape instead of driving the terminal. The JSON
output keeps the text exact (JSON escapes control characters itself).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from fivefold.cli.context import Context
from fivefold.errors import FivefoldError
from fivefold.visible import visible

if TYPE_CHECKING:
    from fivefold.banks import Bank


def _line(text: str) -> str:
    """Bank text on one printed line, control characters and line breaks shown as escapes."""
    return visible(text, keep_newlines=False)


def list_banks(context: Context, args: argparse.Namespace) -> int:
    banks = context.registry.banks()
    if args.json:
        rows = [{"id": b.id, "version": b.version, "title": b.title, "questions": len(b.questions())} for b in banks]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for bank in banks:
            print(f"{bank.id:<20} {_line(bank.version):<8} {len(bank.questions()):>3} questions  {_line(bank.title)}")
    return 0


def bank_as_json(bank: Bank) -> dict[str, Any]:
    """The bank as `fivefold banks show --json` prints it: everything, lenses as a list, every
    problem and worked example as an object with its text, source and locator."""
    return {
        "id": bank.id,
        "version": bank.version,
        "title": bank.title,
        "description": bank.description,
        "hash": bank.content_hash(),
        "sources": [source.model_dump(mode="json") for source in bank.sources],
        "phases": [
            {
                **phase.model_dump(mode="json", exclude={"theory", "practice"}),
                "lenses": [{"lens": name, **lens.model_dump(mode="json")} for name, lens in phase.lenses()],
            }
            for phase in bank.phases
        ],
    }


def show_bank(context: Context, args: argparse.Namespace) -> int:
    bank = context.registry.get(args.bank_id)
    if args.json:
        print(json.dumps(bank_as_json(bank), indent=2, ensure_ascii=False))
        return 0
    print(f"{_line(bank.title)} ({bank.id} {_line(bank.version)})")
    for phase in bank.phases:
        print(f"\n{_line(phase.title)} [{phase.id}]")
        for lens_name, lens in phase.lenses():
            print(f"  {lens_name}: {_line(lens.goal_sentence())}")
            for question in lens.questions:
                marker = "*" if question.required else " "
                print(f"   {marker} {question.id:<44} {_line(question.text)}")
    return 0


def validate_banks(_context: Context, args: argparse.Namespace) -> int:
    from fivefold.banks import problems_in

    problems = [problem for path in args.paths for problem in problems_in(path)]
    for problem in problems:
        print(problem)  # str() names file, line and place, with control characters escaped
    if problems:
        raise FivefoldError(f"{len(problems)} problem(s) found in {len(args.paths)} bank file(s)")
    print(f"{len(args.paths)} bank file(s) valid")
    return 0


def bank_path(_context: Context, _args: argparse.Namespace) -> int:
    """The user bank folder on stdout (for scripts), whether it exists on stderr (for people).
    It reads no bank, so it imports neither pydantic nor the banks."""
    from fivefold.locations import user_bank_dir

    folder = user_bank_dir()
    print(visible(str(folder), keep_newlines=False))
    if folder.is_dir():
        count = sum(1 for _ in folder.glob("*.toml"))
        print(f"the folder exists and holds {count} bank file(s) (*.toml)", file=sys.stderr)
    else:
        print("the folder does not exist yet; create it and put bank files (*.toml) in it", file=sys.stderr)
    return 0


def import_deon(_context: Context, args: argparse.Namespace) -> int:
    from fivefold.banks.deon import import_deon as write_bank
    from fivefold.locations import user_bank_dir

    target, bank = write_bank(args.path, args.output or user_bank_dir(), force=args.force)
    print(visible(f"imported {bank.id} {bank.version} ({len(bank.questions())} questions) into {target}"))
    return 0
