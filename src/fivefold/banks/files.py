"""Read a bank or checklist file safely: a regular file only, and never more than a size limit.

A bank folder is scanned by every command, so one odd entry must not hang or exhaust it:
opening a FIFO named `x.toml` blocks until a writer appears, and a symlink to `/dev/zero`
reads for ever. The file is opened without blocking and checked with `fstat` on the open
descriptor (not `stat` on the path, which a swap between the check and the open would fool)
before a single byte is read, and the read itself stops one byte past the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BANK_BYTES = 8 * 1024 * 1024
"""A bank of 5,000 questions with help texts and examples is about 3 MiB of TOML, and tomllib
(pure Python) parses about 10 MiB a second: the limit keeps a stray file under a second."""


class UnreadableFile(Exception):
    """The file cannot be read as a bank or a checklist; the message says why and what to do."""


def read_regular_file(path: Path, *, limit: int = MAX_BANK_BYTES) -> bytes:
    """The bytes of `path`, or `UnreadableFile` if it is not a regular file or is over `limit` bytes."""
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror}); check the path") from error
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile(f"is not a regular file (it is {_kind(mode)}); only regular files are read")
        with open(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror}); check the path") from error
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise UnreadableFile(f"is larger than {limit // (1024 * 1024)} MiB; split it or remove what is not needed")
    return data


def _kind(mode: int) -> str:
    kinds = [
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((name for test, name in kinds if test(mode)), "not a file")
