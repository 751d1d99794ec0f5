"""Status marks and safe text: user text is always shown as literal `Text`, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.color import Color

if TYPE_CHECKING:
    from textual.app import App

STATUS_MARKS: dict[str | None, tuple[str, str]] = {
    # status: (mark, theme variable for its colour)
    "addressed": ("✓", "success"),
    "concern": ("!", "warning"),
    "blocker": ("✗", "error"),
    "not-applicable": ("–", "secondary"),
    "draft": ("✎", "accent"),
    None: ("·", "foreground-muted"),
}
STATUS_NAMES = {
    "addressed": "addressed",
    "concern": "concern",
    "blocker": "blocker",
    "not-applicable": "not applicable",
    "draft": "draft (no status yet)",
    None: "unanswered",
}


def literal(text: str, style: str = "") -> Text:
    """User text as Rich `Text`: `[bold]` or `[@click=…]` stay characters, control codes are made visible."""
    visible = "".join(ch if ch.isprintable() or ch in "\n\t" else f"\\x{ord(ch):02x}" for ch in text)
    return Text(visible, style=style)


def mark_key(status: str | None, has_text: bool) -> str | None:
    return "draft" if status is None and has_text else status


def theme_style(app: App[object], variable: str, *, bold: bool = True) -> str:
    """A Rich style from a theme variable, so marks follow the theme (alpha is dropped: Rich has none)."""
    value = app.theme_variables.get(variable)
    colour = Color.parse(value).hex6 if value else ""
    return f"{'bold ' if bold else ''}{colour}".strip()
