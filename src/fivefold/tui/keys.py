"""The app's own keys, kept apart from the app so that the help screen reads them without importing it."""

from __future__ import annotations

from textual.binding import Binding, BindingType

# Priority bindings, as Textual's own ctrl+q: a dialog is modal, and an ordinary app binding does not
# reach past it (with a dialog open, ctrl+q did nothing).
APP_BINDINGS: list[BindingType] = [
    Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Save any pending answer and quit"),
    Binding(
        "f1",
        "help",
        "Help",
        id="help",
        priority=True,
        tooltip="Every key of every screen, and any bank that failed to load",
    ),
]

PINNED_ACTIONS = frozenset({"quit", "help"})
"""Footer keys kept at its right end, so that a narrow terminal never hides how to quit or get help."""

# Keys that move the focus run as priority bindings: the app handles them before it hands the next key
# to a widget. As ordinary bindings they ran only once the focused widget had passed them up, and the
# keys typed meanwhile had already gone to the field being left (typing "title, tab, system" quickly
# put "system" into the title).
FOCUS_BINDINGS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next field", id="focus.next", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", id="focus.previous", show=False, priority=True),
]
