"""Make user text safe to place in a Markdown document: shown as text, never interpreted."""

from __future__ import annotations

import re

# C0/C1 control characters (ANSI escapes start with ESC) other than tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~])")


def visible_controls(text: str) -> str:
    """Replace control characters with their visible escape (ESC becomes `\\x1b`)."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def inline(text: str) -> str:
    """One line of user text (title, system, X, Y) for a heading or a table cell."""
    flat = " ".join(visible_controls(text).split())
    return _INLINE_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")


def quoted_block(text: str) -> str:
    """A user's Markdown rationale as a blockquote: its Markdown still reads, but it cannot
    open a heading or table of the document's own, and raw HTML shows as text."""
    safe = visible_controls(text).replace("&", "&amp;").replace("<", "&lt;")
    lines = safe.strip("\n").splitlines() or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
