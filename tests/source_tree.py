"""What the checkout holds, to prove that a test run writes nothing into it (a module of its own: a test
that imported these from `conftest` got tests/tui/conftest.py instead when the tui tests were collected first)."""

from __future__ import annotations

import os
from pathlib import Path

SOURCE_TREE = Path(__file__).resolve().parent.parent
# Written by the developer's own tools, not by the tests.
NOT_SOURCE = frozenset({".git", ".ruff_cache", ".mypy_cache", ".venv", "venv", "dist", "build"})


def source_tree_state() -> dict[str, int]:
    """Every file of the checkout (but tool caches) with its modification time."""
    state: dict[str, int] = {}
    for folder, dirs, files in os.walk(SOURCE_TREE):
        dirs[:] = [name for name in dirs if name not in NOT_SOURCE]
        for name in files:
            path = os.path.join(folder, name)
            state[os.path.relpath(path, SOURCE_TREE)] = os.stat(path).st_mtime_ns
    return state
