"""What counts as answered and which questions apply: one definition for progress, rules and screens.

Both work on plain facts (status, value, carried_over, rationale) so that an answer row and
an answer in an exported JSON file are judged alike. Standard library only: `fivefold gate FILE`
judges an export without importing pydantic or the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

EXPLAINED_STATUSES: tuple[str, ...] = ("addressed", "concern", "not-applicable")
"""Statuses that claim something about the question, so their rationale must say what."""


def counts_as_answered(*, kind: str, status: str | None, value: Any, carried_over: bool, rationale: str) -> bool:
    """A rationale question needs a status; other kinds need a value. A carried-over draft needs confirming,
    and an answer marked addressed or concern needs a rationale that says how."""
    if carried_over:
        return False
    if status in ("addressed", "concern") and not rationale.strip():
        return False
    return status is not None if kind == "rationale" else value is not None


def missing_rationale(status: str | None, rationale: str) -> bool:
    """Whether an answer claims addressed, concern or not applicable without saying why."""
    return status in EXPLAINED_STATUSES and not rationale.strip()


def matches(condition_value: Any, answer_value: Any) -> bool:
    """A condition's value against an answer's value (a multiple-choice answer matches any chosen item)."""
    if isinstance(answer_value, list):
        return condition_value in answer_value
    return bool(condition_value == answer_value)


def condition_holds(when: Mapping[str, Any] | None, answer: Mapping[str, Any] | None) -> bool:
    """Whether a `when` condition (as a dict) holds for the earlier question's answer."""
    if when is None:
        return True
    if answer is None:
        return False
    if when.get("status") is not None:
        return bool(answer.get("status") == when["status"])
    value = answer.get("value")
    if value is None:
        return False
    if when.get("equals") is not None:
        return matches(when["equals"], value)
    return any(matches(option, value) for option in when.get("any_of") or ())


def shows(when: Mapping[str, Any] | None, *, target_shown: bool, target_answer: Mapping[str, Any] | None) -> bool:
    """Whether a question is asked: it has no condition, or the earlier question its condition reads is
    itself asked and its answer matches. The one rule that `applicable_ids`, the listing and the
    incremental progress of an autosave each apply in their own order."""
    return when is None or (target_shown and condition_holds(when, target_answer))


def applicable_ids(questions: Iterable[Mapping[str, Any]], answers: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The ids of the questions to ask, in bank order: a skipped question also skips those that depend on it."""
    shown: set[str] = set()
    for question in questions:
        when = question.get("when")
        target = when["question"] if when is not None else None
        if shows(when, target_shown=target in shown, target_answer=answers.get(target) if target else None):
            shown.add(question["id"])
    return shown
