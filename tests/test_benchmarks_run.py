"""The benchmarks that build their own data still run against the current schema (at a tiny size, untimed).

db_open.py copies rows with SQL; once the assessment's UUID became unique it stopped at the first copy, and
nothing noticed until `benchmarks/run_all.py` was run by hand. This runs it at a size that costs a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_db_open_builds_its_databases_and_prints_its_figures(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "db_open.py"), "--sizes", "3,5", "--rounds", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["3", "5"]
    assert all("open after a change" in line and "quick_check alone" in line for line in lines)
