"""Words, keys and marks the screens show, derived from `fivefold.vocabulary`; user text as literal `Text`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.color import Color

from fivefold.visible import visible
from fivefold.vocabulary import DECISIONS, STATUSES

if TYPE_CHECKING:
    from textual.app import App
    from textual.widgets import Static

    from fivefold.store import Answer

# The marks beyond the four statuses: what an answer shows before it has one.
DRAFT, ANSWERED, CARRIED_OVER = "draft", "answered", "carried-over"

_STATUS_LOOK: dict[str | None, tuple[str, str, str]] = {
    # status: (mark, theme variable for its colour, name shown)
    "addressed": ("✓", "success", "addressed"),
    "concern": ("!", "warning", "concern"),
    "blocker": ("✗", "error", "blocker"),
    "not-applicable": ("–", "secondary", "not applicable"),
}
assert set(_STATUS_LOOK) == set(STATUSES), "every status of the vocabulary needs a mark"
_OTHER_LOOK: dict[str | None, tuple[str, str, str]] = {
    DRAFT: ("✎", "accent", "draft (no status yet)"),
    ANSWERED: ("●", "success", "answered (its value; no status)"),
    CARRIED_OVER: ("↻", "primary", "carried over, re-confirm"),
    None: ("·", "foreground-muted", "unanswered"),
}
STATUS_MARKS: dict[str | None, tuple[str, str]] = {
    key: (mark, colour) for key, (mark, colour, _name) in {**_STATUS_LOOK, **_OTHER_LOOK}.items()
}
STATUS_NAMES: dict[str | None, str] = {key: name for key, (_m, _c, name) in {**_STATUS_LOOK, **_OTHER_LOOK}.items()}

STATUS_KEYS: dict[str, str] = {status: status[0] for status in STATUSES}
"""The status dialog's keys: a, c, b, n."""
OUTLINE_STATUS_KEYS: dict[str, str] = {**STATUS_KEYS, "concern": "exclamation_mark", "not-applicable": "minus"}
"""In the outline, c opens the question's comments (the key issue 10 gives them), so a concern is "!";
n and N go to the next and previous search hit, so not applicable is "-" (its mark)."""
KEY_GLYPHS: dict[str, str] = {"exclamation_mark": "!", "minus": "-"}
"""How a key named by Textual is written in a hint."""


def outline_status_keys_hint(separator: str = "/") -> str:
    """The outline's status keys as a hint writes them: a/!/b/-."""
    return separator.join(KEY_GLYPHS.get(OUTLINE_STATUS_KEYS[s], OUTLINE_STATUS_KEYS[s]) for s in STATUSES)


DECISION_LABELS: dict[str, str] = {decision: decision.replace("-", " ").capitalize() for decision in DECISIONS}
DECISION_KEYS: dict[str, str] = {"approve": "a", "approve-with-conditions": "c", "reject": "r"}
assert set(DECISION_KEYS) == set(DECISIONS), "every decision of the vocabulary needs a key"


def literal(text: str, style: str = "") -> Text:
    """User or bank text as Rich `Text`: `[bold]` or `[@click=…]` stay characters, and control, bidi and
    zero-width characters show as visible escapes (`fivefold.visible`), so none reaches the terminal."""
    return Text(visible(text), style=style)


def show_text(widget: Static, content: Text | str) -> None:
    """`widget.update(content)` unless it shows that already: an update lays the whole screen out again, and
    the next question mostly shows the same goal, problems and progress as the one before."""
    if widget.content != content:
        widget.update(content)


def plain_value(value: object) -> str:
    """A value when its question is not at hand (retired, or of another cycle): yes/no, choices joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(plain_value(item) for item in value)
    return "" if value is None else str(value)


def mark_key(status: str | None, has_text: bool) -> str | None:
    return DRAFT if status is None and has_text else status


def answer_mark_key(kind: str, answer: Answer | None) -> str | None:
    """Which mark an answer shows; follows `review.answered.counts_as_answered`.

    A carried-over draft is marked as such whatever its status; a value answers a
    question of another kind than rationale even without a status.
    """
    if answer is None:
        return None
    if answer.carried_over:
        return CARRIED_OVER
    if answer.status is None and kind != "rationale" and answer.value is not None:
        return ANSWERED
    return mark_key(answer.status, bool(answer.rationale))


def status_name(answer: Answer | None) -> str:
    """The answer's status in words, as the status line and the lists name it."""
    return STATUS_NAMES[mark_key(answer.status, bool(answer.rationale)) if answer is not None else None]


def theme_style(app: App[object], variable: str, *, bold: bool = True) -> str:
    """A Rich style from a theme variable, so marks follow the theme (alpha is dropped: Rich has none)."""
    value = app.theme_variables.get(variable)
    colour = Color.parse(value).hex6 if value else ""
    return f"{'bold ' if bold else ''}{colour}".strip()
