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
            if self._bindings_ready and self._drawn is not None:
                if drawn == self._drawn:
                    return
                if _apart_from_enabled(drawn) == _apart_from_enabled(self._drawn):
                    # Only keys that became usable or not (the home screen's once its rows arrive, and again
                    # once the store opens): dimmed or lit in place, not every key built and laid out again.
                    self._drawn = drawn
                    self._light_keys(screen)
                    return
            self._drawn = drawn
        super().bindings_changed(screen)

    def shows_keys_of(self, screen: Screen[Any]) -> bool:
        """Whether the keys drawn are the screen's bindings as they are now, each dimmed or lit as it should be
        (the footer catches up with a change once the screen says its bindings changed, then goes idle)."""
        enabled_now = self._enabled_now(screen)
        return self._drawn == self._keys_of(screen) and all(
            key._disabled != enabled_now.get((key.key, key.action), not key._disabled)
            and key.has_class("-disabled") == key._disabled
            for key in self.query(FooterKey)
        )

    @staticmethod
    def _enabled_now(screen: Screen[Any]) -> dict[tuple[str, str], bool]:
        """Whether each (key, action) drawn is usable now: the first binding of each, as `Footer.compose` draws."""
        enabled_now: dict[tuple[str, str], bool] = {}
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            enabled_now.setdefault((binding.key, binding.action), enabled)
        return enabled_now

    def _light_keys(self, screen: Screen[Any]) -> None:
        """Dim each key drawn whose binding is not usable now, as `Footer.compose` draws it (pinned Textual:
        `FooterKey._disabled` and its `-disabled` class), and light the others."""
        enabled_now = self._enabled_now(screen)
        for key in self.query(FooterKey):
            enabled = enabled_now.get((key.key, key.action))
            if enabled is not None and key._disabled == enabled:
                key._disabled = not enabled
                key.set_class(not enabled, "-disabled")

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


def _apart_from_enabled(drawn: tuple[Any, ...]) -> tuple[Any, ...]:
    """`AppFooter._keys_of`'s keys without whether each is usable now."""
    return tuple((*key[:5], key[6]) for key in drawn)
