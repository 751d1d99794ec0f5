"""Control and invisible characters made visible, so stored or typed text never drives a terminal.

An answer, a title or a bank is data: an ESC in it must not clear the reader's screen, an OSC
must not retitle their terminal, and a right-to-left override or a zero-width character must not
hide or reorder what a reviewer reads. Every place that shows such text to a person (CLI lines,
the TUI, the Markdown and HTML exports) passes it through `visible`; the JSON export keeps it
exact. Standard library only: the CLI prints through it before the core is imported.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, the C1 controls (0x9b is a one-byte CSI on some terminals),
# and lone surrogates (what surrogateescape makes of bytes that are not UTF-8).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
# Bidirectional formatting (Trojan Source) and zero-width characters.
_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_HIDDEN = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_HIDDEN_OR_LINE_BREAK = re.compile(f"[{_CONTROL}{_INVISIBLE}\n\t]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with every control or invisible character as a visible escape (ESC becomes `\\x1b`,
    U+202E becomes `\\u202e`). Newlines and tabs are kept unless `keep_newlines` is False."""
    pattern = _HIDDEN if keep_newlines else _HIDDEN_OR_LINE_BREAK
    return pattern.sub(_escape, text)


def visible_json(json_text: str) -> str:
    """JSON text (from `json.dumps`, which leaves DEL, C1 controls, bidi and zero-width characters
    as they are) with each of those inside its strings as a `\\uXXXX` escape: the very same JSON
    value, exact for a program, inert on a terminal."""
    return _HIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def has_hidden(text: str) -> bool:
    """Whether `text` holds a control or invisible character (tab and newline do not count)."""
    return _HIDDEN.search(text) is not None


def one_line(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters: hidden characters escaped, whitespace folded."""
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
