"""The Fivefold app, typed, from any widget or screen (Textual types `node.app` as a plain `App`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from fivefold.tui.app import FivefoldApp


def fivefold_app(node: DOMNode) -> FivefoldApp:
    return cast("FivefoldApp", node.app)
