"""What value each question kind takes, in one place: the loader, the answer path and the TUI use it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fivefold.banks.models import CHOICE_KINDS, SCALE, Question

SHORT_TEXT_LIMIT = 200


def value_fits(question: Question, value: Any) -> bool:
    """Whether `value` is a possible answer value of `question` (a single item for multiple-choice)."""
    return kind_value_fits(question.kind, question.options, value)


def kind_value_fits(kind: str, options: Sequence[str], value: Any) -> bool:
    """Whether `value` is a possible answer value of a question of `kind` with `options`."""
    if kind in CHOICE_KINDS:
        return isinstance(value, str) and value in options
    if kind == "scale":
        return isinstance(value, int) and not isinstance(value, bool) and value in SCALE
    if kind == "yes-no":
        return isinstance(value, bool)
    if kind == "short-text":
        return isinstance(value, str)
    return False


def value_problem(question: Question, value: Any) -> str | None:
    """Why `value` cannot be the answer value of `question`, or None when it can."""
    if value is None:
        return None
    if question.kind == "rationale":
        return f"'{question.id}' is answered with a status and a rationale only, not a value"
    if question.kind == "multiple-choice":
        if not isinstance(value, list) or not all(value_fits(question, item) for item in value):
            return f"'{question.id}' takes a list of its options: {', '.join(question.options)}"
        return None
    if question.kind == "short-text" and isinstance(value, str) and len(value) > SHORT_TEXT_LIMIT:
        return f"the answer to '{question.id}' is a short text of at most {SHORT_TEXT_LIMIT} characters"
    if not value_fits(question, value):
        expected = {
            "single-choice": f"one of: {', '.join(question.options)}",
            "scale": "a whole number from 1 to 5",
            "yes-no": "yes or no",
            "short-text": "a short text",
        }[question.kind]
        return f"'{question.id}' takes {expected}, not {value!r}"
    return None


def parse_value(question: Question, text: str) -> Any:
    """A value from its command-line spelling (`--value`): options by name, `a,b` for several."""
    text = text.strip()
    if question.kind == "scale":
        return int(text) if text.isdigit() else text
    if question.kind == "yes-no":
        lowered = text.lower()
        return {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}.get(lowered, text)
    if question.kind == "multiple-choice":
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


def describe_value(question: Question, value: Any) -> str:
    """A value as a person reads it: yes/no, "3 of 5", choices joined by commas."""
    if value is None:
        return ""
    if question.kind == "yes-no":
        return "yes" if value else "no"
    if question.kind == "scale":
        return f"{value} of 5"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
