"""What the screens show of the review conversation: open comment threads, owners, due dates, overdue items.

Derived from an `AssessmentSnapshot` through the review layer (`review.comments`, `review.actions`), so the
app counts an open thread or an overdue item exactly as `fivefold comments` and `fivefold actions` do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fivefold.tui import clock

if TYPE_CHECKING:
    from collections.abc import Callable

    from fivefold.review import AssessmentSnapshot

COMMENT_MARK = "?"
"""After a question's status mark in the outline: it has an open comment thread."""
OVERDUE_MARK = "⚑"
"""After a question's status mark in the outline: its open item is past its due date."""
MARK_LEGEND: tuple[tuple[str, str], ...] = (
    (COMMENT_MARK, "an open comment thread on the question (m in the outline reads it)"),
    (OVERDUE_MARK, "an overdue action item: a concern or blocker past its due date (o sets owner and date)"),
)


@dataclass(frozen=True)
class ReviewMarks:
    """Which questions the outline marks, and the threads of every question."""

    open_comments: frozenset[str]
    overdue: frozenset[str]
    threads: dict[str, list[dict[str, Any]]]


def review_marks(snapshot: AssessmentSnapshot, applies: Callable[[str], bool] | None = None) -> ReviewMarks:
    """The marks of `snapshot`; `applies` says whether a question applies (the screen's live progress: after
    a save, without judging every condition of the bank again; 6 ms a save at 1,000 questions)."""
    from fivefold.review.actions import overdue_questions
    from fivefold.review.comments import threads_by_question
    from fivefold.review.threads import open_threads

    if applies is None:
        from fivefold.review.progress import applicable_questions

        applies = applicable_questions(snapshot.bank, snapshot.answers).__contains__
    threads = threads_by_question(snapshot)
    return ReviewMarks(
        open_comments=frozenset(question for question, found in threads.items() if open_threads(found)),
        overdue=overdue_questions(snapshot, today=clock.today(), applies=applies),
        threads=threads,
    )


def first_line(text: str) -> str:
    """A comment's first non-empty line, as a list shows it."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
