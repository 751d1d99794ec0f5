"""User text from outside the program (arguments, files, stdin): exactly as given, or refused.

Python hands over an argument or an environment value that is not valid UTF-8 with each bad
byte as a lone surrogate (PEP 383). Such text can be neither stored nor printed (UnicodeEncodeError,
far from where it came in), so it is refused where it enters, naming where it came from.
Files and stdin are read as bytes and decoded here: no newline translation (\\r\\n stays \\r\\n)
and no locale-dependent decoding.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fivefold.errors import FivefoldError


def undecodable(text: str) -> int | None:
    """The position of the first byte that was not UTF-8 (a lone surrogate), or None."""
    return next((index for index, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)


def utf8_argument(value: str) -> str:
    """The type of every text argument: argparse turns the error into "argument --title: ...", exit 2."""
    position = undecodable(value)
    if position is not None:
        byte = ord(value[position]) & 0xFF
        raise argparse.ArgumentTypeError(
            f"is not valid UTF-8 (byte 0x{byte:02x} at character {position + 1}); pass the text as UTF-8"
        )
    return value


def read_text(path: Path, option: str, *, max_bytes: int) -> str:
    """The text of a file, or of stdin for '-', decoded as UTF-8 and otherwise byte for byte.

    At most `max_bytes` are read: `--text-file /dev/zero` is refused, not read until memory runs out.
    """
    from_stdin = str(path) == "-"
    source = f"{option} - (stdin)" if from_stdin else f"{option} {path}"
    try:
        if from_stdin:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as error:
        raise FivefoldError(f"cannot read {source} ({error.strerror})") from error
    if len(data) > max_bytes:
        raise FivefoldError(f"{source} holds over {max_bytes:,} bytes, more than an answer can hold; shorten it")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FivefoldError(
            f"{source} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8"
        ) from error
