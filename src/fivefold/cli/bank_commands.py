"""`fivefold banks list|show|validate` (their options are in `fivefold.cli.parser`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from fivefold.banks import Bank, problems_in
from fivefold.cli.context import Context
from fivefold.errors import FivefoldError


def list_banks(context: Context, args: argparse.Namespace) -> int:
    banks = context.registry.banks()
    if args.json:
        rows = [{"id": b.id, "version": b.version, "title": b.title, "questions": len(b.questions())} for b in banks]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for bank in banks:
            print(f"{bank.id:<20} {bank.version:<8} {len(bank.questions()):>3} questions  {bank.title}")
    for problem in context.registry.problems:
        print(f"fivefold: skipped bad question bank {problem}", file=sys.stderr)
    return 0


def bank_as_json(bank: Bank) -> dict[str, Any]:
    """The bank as `fivefold banks show --json` prints it: everything, lenses as a list."""
    return {
        "id": bank.id,
        "version": bank.version,
        "title": bank.title,
        "description": bank.description,
        "hash": bank.content_hash(),
        "sources": [source.model_dump() for source in bank.sources],
        "phases": [
            {
                **phase.model_dump(exclude={"theory", "practice"}),
                "lenses": [{"lens": name, **lens.model_dump()} for name, lens in phase.lenses()],
            }
            for phase in bank.phases
        ],
    }


def show_bank(context: Context, args: argparse.Namespace) -> int:
    bank = context.registry.get(args.bank_id)
    if args.json:
        print(json.dumps(bank_as_json(bank), indent=2, ensure_ascii=False))
        return 0
    print(f"{bank.title} ({bank.id} {bank.version})")
    for phase in bank.phases:
        print(f"\n{phase.title} [{phase.id}]")
        for lens_name, lens in phase.lenses():
            print(f"  {lens_name}: {lens.goal_sentence()}")
            for question in lens.questions:
                marker = "*" if question.required else " "
                print(f"   {marker} {question.id:<44} {question.text}")
    return 0


def validate_banks(_context: Context, args: argparse.Namespace) -> int:
    problems = [problem for path in args.paths for problem in problems_in(path)]
    for problem in problems:
        print(problem)
    if problems:
        raise FivefoldError(f"{len(problems)} problem(s) found in {len(args.paths)} bank file(s)")
    print(f"{len(args.paths)} bank file(s) valid")
    return 0


def import_deon(_context: Context, args: argparse.Namespace) -> int:
    from fivefold.banks.deon import import_deon as write_bank
    from fivefold.locations import user_bank_dir

    target, bank = write_bank(args.path, args.output or user_bank_dir(), force=args.force)
    print(f"imported {bank.id} {bank.version} ({len(bank.questions())} questions) into {target}")
    return 0
