"""Artifacts: the files a review is about, known by name, size and SHA-256.

Hashing streams the file in blocks (`hashlib.file_digest`), so a multi-gigabyte weights file costs
a block of memory, not its size. Standard library only: `fivefold gate FILE --artifact PATH` hashes
the file being deployed without importing the store.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from fivefold.errors import FivefoldError
from fivefold.review.rules import ReviewedFile

MAX_NAME_CHARS = 500


def hash_file(path: Path, *, option: str = "the file") -> ReviewedFile:
    """Size and SHA-256 of a regular file, read in blocks; a FivefoldError names `option` and the path."""
    try:
        # Checked before opening: opening a FIFO would wait for a writer for ever.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise FivefoldError(f"{option} {path} is not a regular file; give the file itself")
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as error:
        raise FivefoldError(f"cannot read {option} {path} ({error.strerror})") from error
    return ReviewedFile(path=str(path), sha256=digest, size=status.st_size)


def artifact_name(name: str) -> str:
    """A name an artifact may be listed under, or a FivefoldError saying why not."""
    if not name.strip():
        raise FivefoldError("an artifact needs a name (--name)")
    if len(name) > MAX_NAME_CHARS:
        raise FivefoldError(f"the artifact name has {len(name):,} characters, over the limit of {MAX_NAME_CHARS}")
    return name.strip()
