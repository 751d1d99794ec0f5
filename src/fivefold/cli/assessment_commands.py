"""Commands on assessments: new, edit, answer, goal, list, export, delete, ask, demo."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fivefold.banks.kinds import parse_value
from fivefold.cli.context import Context
from fivefold.errors import FivefoldError
from fivefold.export import render, write_atomic
from fivefold.export.files import default_export_name
from fivefold.review import assessments_with_progress, load_snapshot, parse_status, record_answer, record_goal
from fivefold.review.snapshot import bank_for
from fivefold.signing import signature_check
from fivefold.visible import one_line


def new(context: Context, args: argparse.Namespace) -> int:
    bank = context.registry.get(args.bank)
    for name, value in (("--title", args.title), ("--system", args.system)):
        if not value.strip():
            raise FivefoldError(f"{name} is empty; give the assessment a {name.lstrip('-')}")
    assessment = context.store.create_assessment(
        title=args.title.strip(),
        system_name=args.system.strip(),
        system_version=args.system_version.strip(),
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    print(assessment.id)
    return 0


def edit(context: Context, args: argparse.Namespace) -> int:
    """Change what is given, keep the rest; the audit log records the change."""
    if args.title is None and args.system is None and args.system_version is None:
        raise FivefoldError("give at least one of --title, --system and --system-version to change")
    for name, value in (("--title", args.title), ("--system", args.system)):
        if value is not None and not value.strip():
            raise FivefoldError(f"{name} is empty; give the assessment a {name.lstrip('-')}")
    assessment = context.store.assessment(args.assessment_id)
    assert assessment.id is not None
    context.store.edit_assessment(
        assessment.id,
        title=args.title.strip() if args.title is not None else assessment.title,
        system_name=args.system.strip() if args.system is not None else assessment.system_name,
        system_version=args.system_version.strip() if args.system_version is not None else assessment.system_version,
    )
    return 0


def answer(context: Context, args: argparse.Namespace) -> int:
    status = parse_status(args.status)
    if args.text is None and args.text_file is None and args.value is None:
        raise FivefoldError("give the answer with --text, --text-file or (for a choice, scale or yes/no) --value")
    text = args.text if args.text is not None else (_read_text(args.text_file) if args.text_file else "")
    assessment = context.store.assessment(args.assessment_id)
    assert assessment.id is not None
    bank, _ = bank_for(context.registry, assessment)
    place = bank.question(args.question_id)
    value = parse_value(place.question, args.value) if place is not None and args.value is not None else None
    record_answer(
        context.store,
        bank,
        assessment.id,
        args.question_id,
        status=status,
        rationale=text,
        evidence=args.evidence or (),
        value=value,
    )
    return 0


def _read_text(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise FivefoldError(f"cannot read --text-file {path} ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise FivefoldError(f"--text-file {path} is not UTF-8 text; save it as UTF-8") from error


def goal(context: Context, args: argparse.Namespace) -> int:
    assessment = context.store.assessment(args.assessment_id)
    assert assessment.id is not None
    bank, _ = bank_for(context.registry, assessment)
    record_goal(context.store, bank, assessment.id, args.phase_id, args.lens, x=args.x, y=args.y)
    return 0


def list_assessments(context: Context, args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = [
        {
            "id": assessment.id,
            "title": assessment.title,
            "system": assessment.system_name,
            "system_version": assessment.system_version,
            "bank": assessment.bank_id,
            "bank_version": assessment.bank_version,
            "answered": progress.answered if progress else None,
            "total": progress.total if progress else None,
            "updated": assessment.updated_at.isoformat(timespec="seconds"),
        }
        for assessment, progress in assessments_with_progress(context.store, context.registry)
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No assessments yet. Create one with 'fivefold new' or open the app with 'fivefold'.")
        return 0
    print(f"{'ID':>4}  {'PROGRESS':>9}  {'BANK':<14} {'SYSTEM':<24} TITLE")
    for row in rows:
        progress_text = f"{row['answered']}/{row['total']}" if row["total"] is not None else "bank?"
        system = f"{row['system']} {row['system_version']}".strip()
        print(
            f"{row['id']:>4}  {progress_text:>9}  {row['bank']:<14} {one_line(system, 24):<24} {one_line(row['title'], 60)}"
        )
    return 0


def export(context: Context, args: argparse.Namespace) -> int:
    snapshot = load_snapshot(context.store, context.registry, args.assessment_id)
    check = signature_check(args.allowed_signers) if args.allowed_signers else None
    content = render(snapshot, args.format, check_signature=check)
    if args.output is not None and str(args.output) == "-":
        sys.stdout.write(content)
        return 0
    assert snapshot.assessment.id is not None
    path = args.output or Path(default_export_name(snapshot.assessment.id, snapshot.assessment.title, args.format))
    write_atomic(path, content, force=args.force)
    print(path, file=sys.stderr)
    return 0


def delete(context: Context, args: argparse.Namespace) -> int:
    assessment = context.store.assessment(args.assessment_id)
    assert assessment.id is not None
    if not args.yes:
        raise FivefoldError(f"deleting assessment {assessment.id} ('{assessment.title}') needs --yes to confirm")
    context.store.delete_assessment(assessment.id)
    return 0


def ask(context: Context, args: argparse.Namespace) -> int:
    from fivefold.plain import ask_all

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise FivefoldError("'fivefold ask' needs a terminal; in a script, record answers with 'fivefold answer'")
    snapshot = load_snapshot(context.store, context.registry, args.assessment_id)
    ask_all(context.store, snapshot, everything=args.all)
    return 0


def demo(context: Context, _args: argparse.Namespace) -> int:
    from fivefold.demo import create_demo_assessment

    print(create_demo_assessment(context.store, context.registry))
    return 0
