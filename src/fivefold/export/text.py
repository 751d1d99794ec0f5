"""Make user text safe to place in a Markdown document: shown as text, never interpreted."""

from __future__ import annotations

import re

from fivefold.visible import visible

# Backslash escapes that CommonMark and Python-Markdown both honour; the characters they do
# not both escape (<, >, |, ~, &) become entities instead, which every Markdown renderer keeps.
_BACKSLASHED = re.compile(r"([\\`*_\[\]{}()#+!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}


def inline(text: str) -> str:
    """One line of user text (title, system, X, Y) for a heading or a table cell."""
    flat = " ".join(visible(text).split())
    escaped = _BACKSLASHED.sub(r"\\\1", flat)
    return "".join(_ENTITIES.get(char, char) for char in escaped)


# A line that would open a heading: "# x" (ATX) or a "===" / "---" underline (setext).
_HEADING_MARK = re.compile(r"^(\s*)(#|=+\s*$|-+\s*$)")


def quoted_block(text: str) -> str:
    """A user's Markdown rationale as a blockquote: its emphasis, lists and links still read,
    but it cannot open a heading or break out of the quote, and raw HTML shows as text."""
    safe = visible(text).replace("&", "&amp;").replace("<", "&lt;")
    lines = [_HEADING_MARK.sub(r"\1\\\2", line) for line in safe.strip("\n").splitlines()] or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
