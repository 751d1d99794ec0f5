"""The footer every screen uses: quit and help stay at its right end, visible at any width."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from fivefold.tui.keys import PINNED_ACTIONS


class AppFooter(Footer):
    """Textual's footer lists the focused widget's keys first and the app's last, so a narrow terminal cut
    quit and help off (at 80 columns the assessment screen lost ctrl+o, ctrl+q and f1). Here they come
    first; the palette's key stays docked at the right end."""

    DEFAULT_CSS = """
    /* Docked right, the palette's key left the last column to whichever key was cut under it
       ("^p palette h"): it follows the others instead, and the row is simply cut at the edge. */
    AppFooter FooterKey.-command-palette {
        dock: none;
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._drawn: tuple[Any, ...] | None = None
        """What the keys drawn now were made of: bindings that would draw the same keys change nothing."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Textual builds the footer's keys again whenever a screen says its bindings may have changed: the
        # assessment screen says so on every move to another question (its keys depend on the question),
        # and most moves change none of them.
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            drawn = self._keys_of(screen)
            if drawn == self._drawn and self._bindings_ready:
                return
            self._drawn = drawn
        super().bindings_changed(screen)

    @staticmethod
    def _keys_of(screen: Screen[Any]) -> tuple[Any, ...]:
        """Everything of the screen's bindings that `Footer.compose` draws keys from."""
        return tuple(
            (key, binding.action, binding.description, binding.key_display, binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == screen.app.COMMAND_PALETTE_BINDING
        )

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        yield from (key for key in keys if isinstance(key, FooterKey) and key.action in PINNED_ACTIONS)
        yield from (key for key in keys if not (isinstance(key, FooterKey) and key.action in PINNED_ACTIONS))
