"""Make user text safe to place in a Markdown document: shown as text, never interpreted."""

from __future__ import annotations

import re

from fivefold.visible import visible

# Backslash escapes that CommonMark and Python-Markdown both honour; the characters they do
# not both escape (<, >, |, ~, &) become entities instead, which every Markdown renderer keeps.
_BACKSLASHED = re.compile(r"([\\`*_\[\]{}()#+!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}

# Rendering Markdown costs markdown-it about 10 us for each character that may be markup (an answer
# of 200,000 '[' took 1.2 s, 2.3 s on a busy machine); everyday prose holds about 2 in 100. An
# answer with more of them than this (rendering them would take over 0.2 s) is no prose: it is
# shown exactly as written, in a code block, which costs nothing to render.
MAX_MARKUP = 20_000
_MARKUP_CHARACTERS = "!#$%&*+-:<=>@[\\]^_`{}~()|"

# How many blocks (quotes, list items) one line of an answer may open inside its quote. Markdown
# renderers stop at a nesting limit: markdown-it drops whatever lies deeper (the text vanishes
# from the HTML export), Python-Markdown recurses until Python gives up. 20 is more than any
# rationale needs and far inside the HTML export's limit (fivefold.export.html.BLOCK_NESTING).
MAX_NESTING = 20
# A line's run of block openers: '>' quotes and '-', '+', '*', '1.' or '1)' list markers, with the
# whitespace around them (a list marker needs a space or the end of the line after it).
_OPENERS = re.compile(r"[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))")


def inline(text: str) -> str:
    """One line of user text (title, system, X, Y) for a heading or a table cell."""
    flat = " ".join(visible(text).split())
    escaped = _BACKSLASHED.sub(r"\\\1", flat)
    return "".join(_ENTITIES.get(char, char) for char in escaped)


# A line that would open a heading: "# x" (ATX) or a "===" / "---" underline (setext).
_HEADING_MARK = re.compile(r"^(\s*)(#|=+\s*$|-+\s*$)")


def quoted_block(text: str) -> str:
    """A user's Markdown rationale as a blockquote: its emphasis, lists and links still read,
    but it cannot open a heading or break out of the quote, and raw HTML shows as text.

    CR LF and a lone CR end a line here as LF does (the JSON export keeps them exactly). An answer
    holding more markup characters than MAX_MARKUP is shown as written, in a code block.
    """
    shown = visible(text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    if sum(shown.count(char) for char in _MARKUP_CHARACTERS) > MAX_MARKUP:
        return "\n".join(f">     {line}" if line.strip() else ">" for line in shown.split("\n"))
    safe = shown.replace("&", "&amp;").replace("<", "&lt;")
    lines = [_HEADING_MARK.sub(r"\1\\\2", line) for line in _within_nesting(safe.split("\n"))]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def _within_nesting(lines: list[str]) -> list[str]:
    """`lines` with every block opener beyond MAX_NESTING levels escaped, so that it reads as text.

    A line is at most as deep as the blocks it continues plus those it opens. It continues a quote
    only with a '>' of its own (counted as an opener), and a list item only when indented past the
    item's marker, 2 columns or more a level; and it cannot continue more blocks than the last line
    that opened any left open. Lines within the bound, nearly all of them, are kept as they are.
    """
    kept: list[str] = []
    open_depth = 0
    for line in lines:
        openers, indent = _openers(line)
        continued = min(open_depth, indent // 2)
        allowed = MAX_NESTING - continued
        if len(openers) > allowed:
            cut = openers[allowed]
            line = f"{line[:cut]}\\{line[cut:]}"
            openers = openers[:allowed]
        if openers:
            open_depth = continued + len(openers)
        kept.append(line)
    return kept


def _openers(line: str) -> tuple[list[int], int]:
    """Where `line`'s leading block openers (their marker characters) are, and the columns of
    whitespace around them that could indent it into an open list item (the one space a marker
    takes after it does not count)."""
    positions: list[int] = []
    indent = 0
    end = 0
    for match in _OPENERS.finditer(line):
        if match.start() != end:
            break
        marker = match.group().lstrip(" \t")
        columns = len(match.group()[: len(match.group()) - len(marker)].expandtabs(4))
        indent += columns if not positions else max(columns - 1, 0)
        positions.append(match.end() - 1)  # the marker's last character: '>', '-', '+', '*', '.' or ')'
        end = match.end()
    return positions, indent
