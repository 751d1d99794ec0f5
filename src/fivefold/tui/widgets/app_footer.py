"""The footer every screen uses: quit and help stay at its right end, visible at any width."""

from __future__ import annotations

from textual.app import ComposeResult
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

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        yield from (key for key in keys if isinstance(key, FooterKey) and key.action in PINNED_ACTIONS)
        yield from (key for key in keys if not (isinstance(key, FooterKey) and key.action in PINNED_ACTIONS))
