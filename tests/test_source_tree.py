"""The test run writes nothing into the source tree; a child process it starts writes no byte-code either."""

from __future__ import annotations

import sys
from pathlib import Path

from source_tree import SOURCE_TREE, source_tree_state


def test_a_child_process_writes_no_bytecode(run_fivefold, tmp_path: Path) -> None:
    """Regression: subprocess_env dropped PYTHONDONTWRITEBYTECODE with the other PYTHON* variables, so every
    `python -m fivefold` a test ran put __pycache__ folders into src/."""
    before = source_tree_state()
    result = run_fivefold("banks", "list")  # imports the CLI, the banks and pydantic
    assert result.returncode == 0, result.stderr
    written = sorted(set(source_tree_state()) - set(before))
    assert written == []
    assert sys.dont_write_bytecode  # and the test process itself (tests/conftest.py)
    assert Path(__file__).resolve().parent.parent == SOURCE_TREE
