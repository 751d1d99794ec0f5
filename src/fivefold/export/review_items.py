"""The review conversation in the training rationale: comment threads under their questions, and the
"Action items" table that ends the document. Markdown, with every user text escaped (export/text.py);
the HTML export renders the same Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from fivefold.export.text import inline, quoted_block
from fivefold.review import AssessmentSnapshot
from fivefold.review.actions import open_items
from fivefold.review.comments import threads_by_question
from fivefold.review.threads import RESOLVED, short_id


def thread_blocks(threads: Iterable[Mapping[str, Any]]) -> list[str]:
    """Each thread as a heading line with its id and state, then every comment quoted under its author."""
    out: list[str] = []
    for thread in threads:
        state = "open"
        if thread["state"] == RESOLVED:
            state = "resolved" + (f" by {inline(thread['resolved_by'])}" if thread["resolved_by"] else "")
        out += [f"**Comment thread `{short_id(thread['id'])}` · {state}**", ""]
        out += [f"*{inline(thread['author'])}* · {_when(thread['at'])}", "", quoted_block(thread["text"]), ""]
        for reply in thread["replies"]:
            out += [
                f"*{inline(reply['author'])}*, replying (`{short_id(reply['id'])}`) · {_when(reply['at'])}",
                "",
                quoted_block(reply["text"]),
                "",
            ]
    return out


def _when(at: str) -> str:
    """An ISO time as the document shows it: `2026-12-01 10:30 UTC`."""
    return f"{at[:10]} {at[11:16]} UTC"


def other_threads_section(snapshot: AssessmentSnapshot, question_ids: frozenset[str]) -> list[str]:
    """Threads on questions the bank no longer has: kept and shown, like their answers."""
    threads = threads_by_question(snapshot)
    elsewhere = sorted(question_id for question_id in threads if question_id not in question_ids)
    if not elsewhere:
        return []
    out = ["", "## Comments on retired questions", ""]
    for question_id in elsewhere:
        out += [f"On {inline(question_id)}:", "", *thread_blocks(threads[question_id])]
    return out


def action_items_section(snapshot: AssessmentSnapshot, *, today: date) -> list[str]:
    """The open concerns and blockers with owner and due date; overdue ones first, and marked."""
    out = ["", "## Action items", ""]
    items = open_items(snapshot, today=today)
    if not items:
        return [*out, "None: no open concerns or blockers."]
    out += [
        f"Every open concern and blocker, its owner and due date, as of {today.isoformat()}.",
        "",
        "| Due | Owner | Status | Question | |",
        "|---|---|---|---|---|",
    ]
    for item in items:
        due = item.due.isoformat() if item.due else "none"
        owner = inline(item.owner) if item.owner else "*nobody*"
        mark = "**OVERDUE**" if item.overdue else ""
        out.append(
            f"| {due} | {owner} | {item.status.upper()} | {inline(item.question)} (`{item.question_id}`) | {mark} |"
        )
    return out
