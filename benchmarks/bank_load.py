"""Loading a large bank: the whole validation against `tomllib` alone on the same file, and how the
cross-reference checks grow with the number of conditions.

    python benchmarks/bank_load.py [--rounds N]

The banks come from `make_banks.py` (1,000 and 5,000 questions, 20% of them with a `when`),
written to a temporary folder. For each, the rounds alternate the baseline (read the file,
`tomllib.loads` it) and `fivefold.banks.load_bank` (read, parse, validate every field, check
every id, citation and condition), so drift in the machine's load falls on both; the first
round is not counted, and the figures are medians. The cross-reference checks alone are timed
on the parsed data, and their cost per condition compared between the two sizes: 1.0 is
linear, a check that rescans the earlier questions for every condition (as before) is 5.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from make_banks import bank_text

from fivefold.banks import load_bank
from fivefold.banks.references import reference_problems

LOAD_TARGET = 1.3  # x tomllib on the same file
LINEAR_TARGET = 1.5  # cost per condition at 5,000 questions over that at 1,000; quadratic would be 5


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "over target"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    per_condition: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for questions in (1000, 5000):
            path = Path(folder) / f"bench-{questions}.toml"
            path.write_text(bank_text(questions), encoding="utf-8")
            conditions = sum(1 for place in load_bank(path).questions() if place.question.when)
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            baseline, loads, checks = [], [], []
            for round_number in range(args.rounds + 1):
                times = (
                    timed(lambda path=path: tomllib.loads(path.read_bytes().decode("utf-8"))),
                    timed(lambda path=path: load_bank(path)),
                    timed(lambda data=data: reference_problems(data)),
                )
                if round_number:  # the first round warms the page cache and the imports
                    for series, value in zip((baseline, loads, checks), times, strict=True):
                        series.append(value)
            tomllib_ms, load_ms = statistics.median(baseline) * 1000, statistics.median(loads) * 1000
            # The fastest round: the checks take 3-30 ms, where another process on the machine
            # shows as noise of the same size; the fastest round is the algorithm's own cost.
            per_condition[questions] = min(checks) / conditions
            ratio = load_ms / tomllib_ms
            print(
                f"load {questions:>5,} questions ({conditions:,} conditions, {path.stat().st_size // 1024:,} KiB)"
                f"  {load_ms:6.0f} ms  tomllib {tomllib_ms:6.0f} ms  ratio {ratio:.2f}  target {LOAD_TARGET:.2f}"
                f"  {verdict(ratio, LOAD_TARGET)}"
            )
    growth = per_condition[5000] / per_condition[1000]
    print(
        f"cross-reference checks per condition, 5,000 vs 1,000 questions"
        f"  {per_condition[5000] * 1e6:.1f} us vs {per_condition[1000] * 1e6:.1f} us"
        f"  ratio {growth:.2f}  target {LINEAR_TARGET:.2f}  {verdict(growth, LINEAR_TARGET)}"
    )


if __name__ == "__main__":
    main()
