"""Leave, reply to and resolve comments: the one validated path the CLI and the app share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fivefold.errors import FivefoldError
from fivefold.review.answering import MAX_TEXT_CHARS
from fivefold.review.record import comment_facts
from fivefold.review.snapshot import AssessmentSnapshot
from fivefold.review.threads import SHORT_ID, build_threads, open_threads, short_id
from fivefold.store import Store
from fivefold.store.models import Comment

MAX_NAME_CHARS = 200
"""An author's, resolver's or owner's name: a name, not a paragraph."""
MIN_REFERENCE = 4
"""The shortest start of a comment's id that `resolve` and `--reply-to` accept."""


def threads_by_question(snapshot: AssessmentSnapshot) -> dict[str, list[dict[str, Any]]]:
    """The assessment's comment threads (as the record lists them), by question id: what a screen shows
    under a question, and the outline marks."""
    threads: dict[str, list[dict[str, Any]]] = {}
    for thread in build_threads(comment_facts(comment) for comment in snapshot.comments):
        threads.setdefault(thread["question_id"], []).append(thread)
    return threads


def questions_with_open_threads(snapshot: AssessmentSnapshot) -> set[str]:
    """The ids of the questions that have an open comment thread."""
    return {question_id for question_id, threads in threads_by_question(snapshot).items() if open_threads(threads)}


def text_problem(what: str, text: str) -> str | None:
    """Why `text` cannot be stored alike in SQLite and PostgreSQL, or None.

    PostgreSQL text cannot hold NUL, and a lone surrogate (what Python makes of bytes that are
    not UTF-8) cannot be encoded at all: both are refused here, in one sentence, on either database.
    """
    if "\x00" in text:
        return f"{what} holds a NUL character (\\x00), which a database cannot keep; remove it"
    position = next((index for index, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)
    if position is not None:
        return f"{what} is not valid Unicode text (a lone surrogate at character {position + 1}); pass it as UTF-8"
    return None


def checked_name(what: str, name: str) -> str:
    """A person's name, stripped; refused when empty, over the limit, or not storable."""
    name = name.strip()
    if not name:
        raise FivefoldError(f"{what} is empty; give a name")
    if len(name) > MAX_NAME_CHARS:
        raise FivefoldError(f"{what} has {len(name):,} characters, over the limit of {MAX_NAME_CHARS}; shorten it")
    problem = text_problem(what, name)
    if problem:
        raise FivefoldError(problem)
    return name


def find_comment(comments: Sequence[Comment], reference: str, *, assessment_id: int | None) -> Comment:
    """The comment whose id is `reference`, or starts with it (at least four characters, unambiguous)."""
    wanted = reference.strip().lower()
    found = [comment for comment in comments if comment.uuid == wanted]
    if not found and len(wanted) >= MIN_REFERENCE:
        found = [comment for comment in comments if comment.uuid.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    listing = f"'fivefold comments {assessment_id}' lists them"
    if not found:
        if len(wanted) < MIN_REFERENCE:
            raise FivefoldError(
                f"'{reference}' is too short for a comment id; give at least {MIN_REFERENCE} of the "
                f"{SHORT_ID} characters shown ({listing})"
            )
        raise FivefoldError(f"assessment {assessment_id} has no comment '{reference}'; {listing}")
    raise FivefoldError(f"'{reference}' starts {len(found)} comment ids; give more of it ({listing})")


def thread_of(comments: Sequence[Comment], comment: Comment) -> Comment:
    """The comment that opens `comment`'s thread."""
    by_id = {c.uuid: c for c in comments}
    current, seen = comment, {comment.uuid}
    while current.reply_to is not None and current.reply_to in by_id and current.reply_to not in seen:
        seen.add(current.reply_to)
        current = by_id[current.reply_to]
    return current


def leave_comment(
    store: Store,
    snapshot: AssessmentSnapshot,
    question_id: str,
    *,
    author: str,
    text: str,
    reply_to: str | None = None,
) -> Comment:
    """Record a comment on one of the assessment's questions, or a reply in an existing thread."""
    assessment_id = snapshot.assessment.id
    assert assessment_id is not None
    bank = snapshot.bank
    if bank.question(question_id) is None and question_id not in snapshot.answers:
        raise FivefoldError(
            f"the bank '{bank.id}' has no question '{question_id}'; 'fivefold banks show {bank.id}' lists the ids"
        )
    author = checked_name("the comment's author (--author)", author)
    if not text.strip():
        raise FivefoldError(f"the comment on '{question_id}' is empty; say what needs looking at")
    if len(text) > MAX_TEXT_CHARS:
        raise FivefoldError(
            f"the comment on '{question_id}' has {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}; "
            "shorten it or point to a document"
        )
    problem = text_problem(f"the comment on '{question_id}'", text)
    if problem:
        raise FivefoldError(problem)
    parent_id = None
    if reply_to is not None:
        parent = find_comment(snapshot.comments, reply_to, assessment_id=assessment_id)
        if parent.question_id != question_id:
            raise FivefoldError(
                f"comment {short_id(parent.uuid)} is on '{parent.question_id}', not '{question_id}'; "
                "a reply stays on its thread's question"
            )
        parent_id = parent.uuid
    return store.add_comment(assessment_id, question_id=question_id, author=author, text=text, reply_to=parent_id)


def resolve_thread(
    store: Store, snapshot: AssessmentSnapshot, reference: str, *, by: str = "", reopen: bool = False
) -> tuple[Comment, bool]:
    """Resolve (or reopen) the thread of the comment `reference` names; a reply names its thread.

    Returns the thread's first comment and whether anything changed: resolving a resolved thread
    records nothing, so a script may run it twice.
    """
    assessment_id = snapshot.assessment.id
    assert assessment_id is not None
    by = by.strip()
    if by:
        by = checked_name("--by", by)
    thread = thread_of(snapshot.comments, find_comment(snapshot.comments, reference, assessment_id=assessment_id))
    if thread.resolved != reopen:
        return thread, False
    return store.resolve_comment(assessment_id, thread.uuid, by=by, resolved=not reopen), True
