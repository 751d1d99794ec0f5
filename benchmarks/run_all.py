"""Run every benchmark in this folder (each `*.py` but this one and `_helpers`) in turn, each in its own process."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    # A fresh interpreter per benchmark: a cold-start measurement must not find modules already imported.
    # `make_*.py` generate benchmark data (banks, databases) and are not benchmarks themselves.
    scripts = sorted(
        path
        for path in HERE.glob("*.py")
        if path.name != Path(__file__).name and path.name[0] != "_" and not path.name.startswith("make_")
    )
    crashed: list[str] = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        returncode = subprocess.run([sys.executable, str(script)], check=False).returncode
        if returncode != 0:
            crashed.append(script.name)
            print(f"{script.name} exited with code {returncode}", file=sys.stderr)
        print(f"== {script.name} took {time.perf_counter() - start:.1f} s\n", flush=True)
    if crashed:
        print(f"{len(crashed)} benchmark(s) did not run to the end: {', '.join(crashed)}", file=sys.stderr)
    # Results over target do not fail the run (benchmarks inform); only a benchmark that crashed does.
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
