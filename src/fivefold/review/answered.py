"""What counts as answered and which questions apply: one definition for progress, rules and screens.

Both work on plain facts (status, value, carried_over, rationale) so that an answer row and
an answer in an exported JSON file are judged alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fivefold.banks.kinds import matches


def counts_as_answered(*, kind: str, status: str | None, value: Any, carried_over: bool) -> bool:
    """A rationale question needs a status; other kinds need a value. A carried-over draft needs confirming."""
    if carried_over:
        return False
    return status is not None if kind == "rationale" else value is not None


def condition_holds(when: Mapping[str, Any] | None, answer: Mapping[str, Any] | None) -> bool:
    """Whether a `when` condition (as a dict) holds for the earlier question's answer."""
    if when is None:
        return True
    if answer is None:
        return False
    if when.get("status") is not None:
        return answer.get("status") == when["status"]
    value = answer.get("value")
    if value is None:
        return False
    if when.get("equals") is not None:
        return matches(when["equals"], value)
    return any(matches(option, value) for option in when.get("any_of") or ())


def applicable_ids(questions: Iterable[Mapping[str, Any]], answers: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The ids of the questions to ask, in bank order: a skipped question also skips those that depend on it."""
    shown: set[str] = set()
    for question in questions:
        when = question.get("when")
        if when is None or (when["question"] in shown and condition_holds(when, answers.get(when["question"]))):
            shown.add(question["id"])
    return shown
