"""User text for a terminal line: control codes never reach the terminal."""

from __future__ import annotations


def one_line(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters: non-printable ones become "?", spaces fold."""
    flat = " ".join("".join(ch if ch.isprintable() else "?" for ch in text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
