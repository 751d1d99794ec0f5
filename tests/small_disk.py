"""A real, small disk to fill up: a tmpfs of its own, mounted for one test (skipped where none can be)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """`folder`, with a disk of `size` of its own mounted on it; unmounted afterwards."""
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here: a full disk cannot be tested")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "fivefold-test", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here ({mounted.stderr.strip()}): a full disk cannot be tested")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Write a file into `folder` until its disk is full; delete the file to make room again."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
    finally:
        os.close(descriptor)
    return filler
