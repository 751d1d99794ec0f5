"""Status marks and safe text: user text is always shown as literal `Text`, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.color import Color

if TYPE_CHECKING:
    from textual.app import App

    from fivefold.store import Answer

STATUS_MARKS: dict[str | None, tuple[str, str]] = {
    # status: (mark, theme variable for its colour)
    "addressed": ("✓", "success"),
    "concern": ("!", "warning"),
    "blocker": ("✗", "error"),
    "not-applicable": ("–", "secondary"),
    "draft": ("✎", "accent"),
    "answered": ("●", "success"),
    "carried-over": ("↻", "primary"),
    None: ("·", "foreground-muted"),
}
STATUS_NAMES = {
    "addressed": "addressed",
    "concern": "concern",
    "blocker": "blocker",
    "not-applicable": "not applicable",
    "draft": "draft (no status yet)",
    "answered": "answered (its value; no status)",
    "carried-over": "carried over, re-confirm",
    None: "unanswered",
}


def literal(text: str, style: str = "") -> Text:
    """User text as Rich `Text`: `[bold]` or `[@click=…]` stay characters, control codes are made visible."""
    visible = "".join(ch if ch.isprintable() or ch in "\n\t" else f"\\x{ord(ch):02x}" for ch in text)
    return Text(visible, style=style)


def plain_value(value: object) -> str:
    """A value when its question is not at hand (retired, or of another cycle): yes/no, choices joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(plain_value(item) for item in value)
    return "" if value is None else str(value)


def mark_key(status: str | None, has_text: bool) -> str | None:
    return "draft" if status is None and has_text else status


def answer_mark_key(kind: str, answer: Answer | None) -> str | None:
    """Which mark an answer shows; follows `review.answered.counts_as_answered`.

    A carried-over draft is marked as such whatever its status; a value answers a
    question of another kind than rationale even without a status.
    """
    if answer is None:
        return None
    if answer.carried_over:
        return "carried-over"
    if answer.status is None and kind != "rationale" and answer.value is not None:
        return "answered"
    return mark_key(answer.status, bool(answer.rationale))


def theme_style(app: App[object], variable: str, *, bold: bool = True) -> str:
    """A Rich style from a theme variable, so marks follow the theme (alpha is dropped: Rich has none)."""
    value = app.theme_variables.get(variable)
    colour = Color.parse(value).hex6 if value else ""
    return f"{'bold ' if bold else ''}{colour}".strip()
