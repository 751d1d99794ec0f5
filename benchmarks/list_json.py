"""Time `fivefold list --json` at 100, 1,000 and 10,000 assessments against one grouped sqlite3 query in a script.

    python benchmarks/list_json.py [--rounds N] [--sizes 100 1000 10000]

Both run as fresh processes on the same database (`scripts/make_benchmark_data.py`, built first if
missing), interleaved so that drift in the machine's load falls on both, one round first not counted
(it writes bytecode, warms the page cache and the bank facts cache, as a user's second run finds
them). Figures are medians of wall time and of peak resident memory. Targets: time <= 3x the script
at 10,000 assessments, memory <= 1.5x at 100. For context it also times, in this process, the rows
the app's home screen will take (`review.listing.listing_rows` through the store).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _processes import benchmark_data_module, child_env, fivefold, run, verdict

ROUNDS = 7
TIME_TARGET = (10_000, 3.0)
MEMORY_TARGET = (100, 1.5)
HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    options = parser.parse_args()
    data = benchmark_data_module().benchmark_data()
    print(
        f"list --json: {options.rounds} fresh processes of each, interleaved, medians; "
        "baseline: one grouped sqlite3 query in a script printing the same JSON"
    )
    for size in options.sizes:
        database = data.database(size)
        with tempfile.TemporaryDirectory(prefix="fivefold-list-bench-") as folder:
            env = child_env(Path(folder))
            commands = {
                "baseline": [sys.executable, str(HERE / "_grouped_query.py"), str(database)],
                "fivefold": [
                    *fivefold(),
                    "--db",
                    f"sqlite:///{database}",
                    "--bank-dir",
                    str(data.banks),
                    "list",
                    "--json",
                ],
            }
            runs: dict[str, list] = {label: [] for label in commands}
            for round_number in range(options.rounds + 1):
                for label, command in commands.items():
                    result = run(command, env)
                    if not result.stdout.startswith("["):
                        raise RuntimeError(f"{label} printed no listing")
                    if round_number:
                        runs[label].append(result)
        report(size, runs)
    print("in process, for context (the home screen's rows, through the store; no target yet):")
    for size in options.sizes:
        print(f"  listing_rows at {size:>6,}: {in_process_ms(data, size):6.0f} ms")
    return 0


def report(size: int, runs: dict[str, list]) -> None:
    ms = {label: statistics.median(r.ms for r in results) for label, results in runs.items()}
    mib = {label: statistics.median(r.peak_mib for r in results) for label, results in runs.items()}
    time_ratio, memory_ratio = ms["fivefold"] / ms["baseline"], mib["fivefold"] / mib["baseline"]
    time_target = (
        f"target {TIME_TARGET[1]:.2f}  {verdict(time_ratio, TIME_TARGET[1])}" if size == TIME_TARGET[0] else ""
    )
    memory_target = (
        f"target {MEMORY_TARGET[1]:.2f}  {verdict(memory_ratio, MEMORY_TARGET[1])}" if size == MEMORY_TARGET[0] else ""
    )
    print(
        f"list --json {size:>6,}: time {ms['fivefold']:6.0f} ms  baseline {ms['baseline']:5.0f} ms  "
        f"ratio {time_ratio:.2f}  {time_target}".rstrip()
    )
    print(
        f"list --json {size:>6,}: memory {mib['fivefold']:5.1f} MiB  baseline {mib['baseline']:5.1f} MiB  "
        f"ratio {memory_ratio:.2f}  {memory_target}".rstrip()
    )


def in_process_ms(data: object, size: int) -> float:
    from fivefold.banks import BankRegistry
    from fivefold.review.listing import listing_rows
    from fivefold.store import Store

    store = Store.open(f"sqlite:///{data.database(size)}")  # type: ignore[attr-defined]
    registry = BankRegistry.default([data.banks])  # type: ignore[attr-defined]
    try:
        listing_rows(store, registry)  # the registry loads its banks once per session
        times = []
        for _ in range(5):
            started = time.perf_counter()
            listing_rows(store, registry)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
