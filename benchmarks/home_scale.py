"""Time the home screen at 100, 1,000 and 10,000 assessments: first frame, rows shown, all rows, longest block.

    python benchmarks/home_scale.py [--rounds N] [--sizes 100 1000 10000] [--verbose]

Each start is a fresh `fivefold --db FILE --bank-dir BANKS` process run headless at 120x40 by
`_cold_start_child.py` (see cold_start.py for how a frame is timed), on the databases of
`scripts/make_benchmark_data.py`, against the first frame of the minimal Textual app in the same round.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _processes import benchmark_data_module
from cold_start import CHILD, TIMEOUT_S, child_env

ROUNDS = 3
SIZES = (100, 1_000, 10_000)
FRAME_MS = 1000 / 60
# Ratios to the minimal app's first frame (issue 8).
TARGET_FIRST_FRAME = 1.2
TARGET_DATA_SHOWN = {100: 1.6, 10_000: 2.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"starts of each (default {ROUNDS})")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), choices=SIZES)
    parser.add_argument("--verbose", action="store_true", help="print every start")
    options = parser.parse_args()
    data = benchmark_data_module().benchmark_data()
    minimal: list[float] = []
    app: dict[int, list[dict[str, float]]] = {size: [] for size in options.sizes}
    with tempfile.TemporaryDirectory(prefix="fivefold-bench-") as folder:
        env = child_env(Path(folder))
        for round_number in range(options.rounds + 1):  # the first round is not counted (bytecode, page cache)
            first = start(["minimal"], env)["first_frame"]
            sizes = {size: start(["app", f"sqlite:///{data.database(size)}", str(data.banks)], env) for size in app}
            if round_number == 0:
                continue
            minimal.append(first)
            for size, marks in sizes.items():
                app[size].append(marks)
                if options.verbose:
                    print(f"round {round_number}: minimal {first:.0f} ms, {size:>6,}: {marks}")
    baseline = statistics.median(minimal)
    print(
        f"home screen: {options.rounds} fresh processes per size, headless 120x40, medians; "
        f"minimal app's first frame {baseline:.0f} ms"
    )
    for size, runs in app.items():
        first_frame = statistics.median(run["first_frame"] for run in runs)
        shown = statistics.median(run["data_shown"] for run in runs)
        every = statistics.median(run["all_rows"] for run in runs)
        store_open = statistics.median(run["store_open"] for run in runs)
        block = max(run["longest_block_ms"] for run in runs)
        report(f"{size:>6,}: first frame", first_frame, baseline, TARGET_FIRST_FRAME)
        report(f"{size:>6,}: rows shown ", shown, baseline, TARGET_DATA_SHOWN.get(size))
        print(f"{size:>6,}: all rows in  {every:6.0f} ms")
        print(f"{size:>6,}: store open   {store_open:6.0f} ms (n and r usable)")
        verdict = "ok" if block <= FRAME_MS else "over target"
        print(
            f"{size:>6,}: longest event-loop block between first frame and all rows {block:5.1f} ms (worst of the "
            f"rounds)  target {FRAME_MS:.1f} ms (one frame)  ratio {block / FRAME_MS:.2f}  {verdict}"
        )
    return 0


def start(arguments: list[str], env: dict[str, str]) -> dict[str, float]:
    """One fresh start: ms from just before it started to each mark, and the longest block in ms."""
    started = time.time_ns()
    result = subprocess.run(
        [sys.executable, str(CHILD), *arguments], capture_output=True, text=True, env=env, timeout=TIMEOUT_S * 3
    )
    lines = result.stdout.strip().splitlines()
    marks = json.loads(lines[-1]) if lines else {}
    if result.returncode != 0 or None in (marks.get("first_frame"), marks.get("data_shown"), marks.get("all_rows")):
        raise RuntimeError(f"{arguments[0]} did not report its frames: {result.stderr.strip()[-500:]}")
    return {
        "first_frame": (marks["first_frame"] - started) / 1e6,
        "data_shown": (marks["data_shown"] - started) / 1e6,
        "all_rows": (marks["all_rows"] - started) / 1e6,
        "store_open": (marks["store_open"] - started) / 1e6,
        "longest_block_ms": marks["longest_block_ms"],
    }


def report(label: str, value_ms: float, baseline_ms: float, target: float | None) -> None:
    ratio = value_ms / baseline_ms
    tail = f"  target {target:.2f}  {'ok' if ratio <= target else 'over target'}" if target else ""
    print(f"{label}  {value_ms:6.0f} ms  minimal {baseline_ms:4.0f} ms  ratio {ratio:.2f}{tail}")


if __name__ == "__main__":
    sys.exit(main())
