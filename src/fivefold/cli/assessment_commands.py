"""Commands on assessments: new, edit, answer, goal, export, delete, ask, demo (`list` is in `list_command`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fivefold.banks.kinds import parse_value
from fivefold.cli.context import Context
from fivefold.cli.text_input import read_text
from fivefold.errors import FivefoldError
from fivefold.export import EXTENSIONS, render, write_atomic
from fivefold.export.files import default_export_name
from fivefold.review import load_snapshot, parse_status, record_answer, record_goal
from fivefold.review.answering import MAX_TEXT_CHARS
from fivefold.review.snapshot import bank_for
from fivefold.signing import signature_check
from fivefold.visible import one_line, visible, visible_json


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
    if args.batch is not None:
        return answer_batch(context, args)
    if args.question_id is None:
        raise FivefoldError("give the QUESTION_ID to answer, or --batch FILE with one answer per line")
    if args.status is None:
        raise FivefoldError("give the answer's --status: addressed, concern, blocker, not-applicable or draft")
    status = parse_status(args.status)
    if args.text is None and args.text_file is None and args.value is None:
        raise FivefoldError("give the answer with --text, --text-file or (for a choice, scale or yes/no) --value")
    text = args.text
    if text is None:
        # UTF-8 takes at most 4 bytes a character; the exact limit is record_answer's, in characters.
        text = read_text(args.text_file, "--text-file", max_bytes=4 * MAX_TEXT_CHARS) if args.text_file else ""
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


def answer_batch(context: Context, args: argparse.Namespace) -> int:
    """Every line checked first; each bad one reported on stderr with its number and field; saved only if none is."""
    from fivefold.review.batch import BatchError, record_batch

    given = {
        "QUESTION_ID": args.question_id,
        "--status": args.status,
        "--text": args.text,
        "--text-file": args.text_file,
        "--value": args.value,
        "--evidence": args.evidence,
    }
    extra = [name for name, value in given.items() if value is not None]
    if extra:
        raise FivefoldError(f"--batch takes every answer from its file; leave out {', '.join(extra)}")
    from_stdin = str(args.batch) == "-"
    source = "stdin" if from_stdin else str(args.batch)
    text = _read_batch(args.batch, source, from_stdin=from_stdin)
    assessment = context.store.assessment(args.assessment_id)
    bank, _ = bank_for(context.registry, assessment)
    try:
        record_batch(context.store, bank, args.assessment_id, text)
    except BatchError as error:
        for problem in error.problems:
            # A line may quote anything (a 10 MB value, escape sequences): one visible line each.
            print(f"fivefold: {one_line(f'{source}: {problem}', 400)}", file=sys.stderr)
        raise FivefoldError(f"{len(error.problems)} problem(s) in {source}; nothing was saved") from None
    return 0


def _read_batch(path: Path, source: str, *, from_stdin: bool) -> str:
    try:
        content = sys.stdin.buffer.read() if from_stdin else path.read_bytes()
    except OSError as error:
        raise FivefoldError(f"cannot read --batch {source} ({error.strerror})") from error
    try:
        return content.decode("utf-8-sig")  # a byte order mark, which some editors write, is not an answer
    except UnicodeDecodeError as error:
        raise FivefoldError(
            f"--batch {source} is not UTF-8 text (byte {error.start} is not); save it as UTF-8"
        ) from error


def goal(context: Context, args: argparse.Namespace) -> int:
    assessment = context.store.assessment(args.assessment_id)
    assert assessment.id is not None
    bank, _ = bank_for(context.registry, assessment)
    record_goal(context.store, bank, assessment.id, args.phase_id, args.lens, x=args.x, y=args.y)
    return 0


def export(context: Context, args: argparse.Namespace) -> int:
    snapshot = load_snapshot(context.store, context.registry, args.assessment_id)
    signers = args.allowed_signers or getattr(args, "app_allowed_signers", None)  # given before the command
    check = signature_check(signers) if signers else None
    content = render(snapshot, args.format, check_signature=check)
    if args.output is not None and str(args.output) == "-":
        # JSON keeps every character exact, as a \u escape; md and html show them as escapes already.
        sys.stdout.write(visible_json(content) if args.format == "json" else visible(content))
        return 0
    assert snapshot.assessment.id is not None
    extension = EXTENSIONS[args.format]
    path = args.output or Path(default_export_name(snapshot.assessment.id, snapshot.assessment.title, extension))
    write_atomic(path, content, force=args.force)
    print(visible(str(path)), file=sys.stderr)
    return 0


def delete(context: Context, args: argparse.Namespace) -> int:
    assessment = context.store.assessment(args.assessment_id)
    assert assessment.id is not None
    if not args.yes:
        raise FivefoldError(
            f"deleting assessment {assessment.id} ('{one_line(assessment.title, 80)}') needs --yes to confirm"
        )
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
