"""Commands of the review conversation: comment, comments, resolve, owner, actions, settings.

Every line that holds user or bank text goes through `fivefold.visible`; `--json` output is
ASCII (`\\u` escapes), exact for a program and inert on a terminal.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from fivefold.cli.context import Context
from fivefold.cli.text_input import read_text
from fivefold.errors import FivefoldError
from fivefold.review import AssessmentSnapshot, load_snapshot
from fivefold.review.actions import actions_document, assign_owner, clear_owner, open_items, parse_due
from fivefold.review.answering import MAX_TEXT_CHARS
from fivefold.review.comments import leave_comment, resolve_thread
from fivefold.review.record import comment_facts
from fivefold.review.threads import RESOLVED, build_threads, open_threads, short_id
from fivefold.visible import one_line, visible
from fivefold.vocabulary import EXIT_OK

COMMENTS_FORMAT = "fivefold-comments/1"


def _snapshot(context: Context, assessment_id: int) -> AssessmentSnapshot:
    return load_snapshot(context.store, context.registry, assessment_id)


def _print_json(document: Any) -> None:
    print(json.dumps(document, indent=2, ensure_ascii=True))


# Comments -----------------------------------------------------------------------------------


def comment(context: Context, args: argparse.Namespace) -> int:
    if args.text is None and args.text_file is None:
        raise FivefoldError("give the comment with --text or --text-file")
    # UTF-8 takes at most 4 bytes a character; the exact limit is leave_comment's, in characters.
    text = (
        args.text if args.text is not None else read_text(args.text_file, "--text-file", max_bytes=4 * MAX_TEXT_CHARS)
    )
    made = leave_comment(
        context.store,
        _snapshot(context, args.assessment_id),
        args.question_id,
        author=args.author,
        text=text,
        reply_to=args.reply_to,
    )
    print(short_id(made.uuid))
    return EXIT_OK


def list_comments(context: Context, args: argparse.Namespace) -> int:
    snapshot = _snapshot(context, args.assessment_id)
    threads = build_threads(comment_facts(c) for c in snapshot.comments)
    if args.open:
        threads = [dict(thread) for thread in open_threads(threads)]
    if args.json:
        _print_json({"format": COMMENTS_FORMAT, "assessment_uuid": snapshot.assessment.uuid, "threads": threads})
        return EXIT_OK
    if not threads:
        kind = "open comments" if args.open else "comments"
        print(f"No {kind}. Leave one with 'fivefold comment {args.assessment_id} QUESTION --author NAME --text T'.")
    for thread in threads:
        state = thread["state"]
        if state == RESOLVED and thread["resolved_by"]:
            state += f" by {one_line(thread['resolved_by'], 40)}"
        print(
            f"{short_id(thread['id'])}  {state}  {one_line(thread['question_id'], 60)}  "
            f"{one_line(thread['author'], 40)}  {thread['at']}"
        )
        _print_text(thread["text"], indent="    ")
        for reply in thread["replies"]:
            print(f"  ↳ {short_id(reply['id'])}  {one_line(reply['author'], 40)}  {reply['at']}")
            _print_text(reply["text"], indent="      ")
    return EXIT_OK


def _print_text(text: str, *, indent: str) -> None:
    for line in text.strip("\n").splitlines() or [""]:
        print(indent + visible(line, keep_newlines=False))


def resolve(context: Context, args: argparse.Namespace) -> int:
    thread, changed = resolve_thread(
        context.store, _snapshot(context, args.assessment_id), args.comment_id, by=args.by or "", reopen=args.reopen
    )
    state = "reopened" if args.reopen else "resolved"
    where = f"thread {short_id(thread.uuid)} on {one_line(thread.question_id, 60)}"
    print(f"{state} {where}" if changed else f"{where} was already {'open' if args.reopen else 'resolved'}")
    return EXIT_OK


# Owners and action items --------------------------------------------------------------------


def owner(context: Context, args: argparse.Namespace) -> int:
    if args.clear:
        if args.owner is not None or args.due is not None:
            raise FivefoldError("give either --clear or --owner and --due, not both")
        clear_owner(context.store, _snapshot(context, args.assessment_id), args.question_id)
        print(f"{one_line(args.question_id, 60)}: no owner or due date now")
        return EXIT_OK
    if args.owner is None or args.due is None:
        raise FivefoldError("give the owner with --owner and the due date with --due (or --clear to take them away)")
    item = assign_owner(
        context.store,
        _snapshot(context, args.assessment_id),
        args.question_id,
        owner=args.owner,
        due=parse_due(args.due),
    )
    print(f"{one_line(item.question_id, 60)}: owner {one_line(item.owner, 60)}, due {item.due.isoformat()}")
    return EXIT_OK


def actions(context: Context, args: argparse.Namespace) -> int:
    snapshot = _snapshot(context, args.assessment_id)
    today = date.today()
    if args.json:
        _print_json(actions_document(snapshot, today=today, overdue_only=args.overdue))
        return EXIT_OK
    items = [item for item in open_items(snapshot, today=today) if item.overdue or not args.overdue]
    if not items:
        print("No overdue items." if args.overdue else "No open concerns or blockers.")
        return EXIT_OK
    print(f"{'DUE':<10}  {'OWNER':<20}  {'STATUS':<8}  QUESTION")
    for item in items:
        due = item.due.isoformat() if item.due else "-"
        owned = one_line(item.owner, 20) if item.owner else "(nobody)"
        mark = "  OVERDUE" if item.overdue else ""
        print(
            f"{due:<10}  {owned:<20}  {item.status:<8}  {one_line(item.question_id, 60)}: {one_line(item.question, 70)}{mark}"
        )
    return EXIT_OK


# Settings -----------------------------------------------------------------------------------


def settings(context: Context, args: argparse.Namespace) -> int:
    assessment = context.store.assessment(args.assessment_id)
    assert assessment.id is not None
    if args.open_comments is not None:
        blocks = args.open_comments == "block"
        if blocks != assessment.open_comments_block:
            context.store.set_open_comments_block(assessment.id, blocks)
        assessment = context.store.assessment(assessment.id)
    print(f"approvals needed: {assessment.approvals_required}")
    print(f"open comments: {'block sign-off' if assessment.open_comments_block else 'allowed at sign-off'}")
    return EXIT_OK
