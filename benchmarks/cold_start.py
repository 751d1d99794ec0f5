"""Time the app's cold start to its first frame and to its data shown, against a minimal Textual app's first frame."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = HERE / "_cold_start_child.py"
ROUNDS = 7
DEMO_ASSESSMENTS = 3
# Ratios to the minimal app's first frame (Header, Footer, a 50-item ListView and a TextArea).
TARGET_FIRST_FRAME = 1.3
TARGET_DATA_SHOWN = 1.8
TIMEOUT_S = 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"measurements of each app (default {ROUNDS})")
    parser.add_argument("--verbose", action="store_true", help="print every measurement")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fivefold-bench-") as folder:
        env = child_env(Path(folder))
        db_url = f"sqlite:///{Path(folder) / 'cold-start.db'}"
        try:
            create_database(db_url, env)
            minimal, app = measure_rounds(db_url, env, options.rounds, verbose=options.verbose)
        except (subprocess.SubprocessError, OSError, ValueError) as error:
            print(f"cold start: not measured: {error}", file=sys.stderr)
            return 0  # benchmarks inform, they do not gate
    print(
        f"cold start: {options.rounds} fresh processes of each app, interleaved, headless 120x40, medians; "
        f"the app through `fivefold` on a database with {DEMO_ASSESSMENTS} demo assessments"
    )
    baseline = statistics.median(first for first, _ in minimal)
    report("first frame", statistics.median(first for first, _ in app), baseline, TARGET_FIRST_FRAME)
    report("data shown", statistics.median(shown for _, shown in app), baseline, TARGET_DATA_SHOWN)
    return 0  # benchmarks inform, they do not gate


def child_env(folder: Path) -> dict[str, str]:
    """This environment without FIVEFOLD_*, PYTHON*, TEXTUAL_* or XDG_* variables, the XDG folders in `folder`."""
    prefixes = ("FIVEFOLD_", "PYTHON", "TEXTUAL_", "XDG_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(folder / name.lower())
    return env


def create_database(db_url: str, env: dict[str, str]) -> None:
    """A current database with filled-in assessments, made by the real `fivefold demo`."""
    for _ in range(DEMO_ASSESSMENTS):
        result = subprocess.run(
            [sys.executable, "-m", "fivefold", "--db", db_url, "demo"],
            capture_output=True,
            text=True,
            env=env,
            timeout=TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0:
            raise ValueError(f"`fivefold demo` exited with {result.returncode}: {result.stderr.strip()[-500:]}")


def measure_rounds(
    db_url: str, env: dict[str, str], rounds: int, *, verbose: bool
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(first frame, data shown) in ms per round for the minimal app and the app, measured alternately.

    Alternating spreads any drift in the machine's load over both apps alike. One round first is not counted:
    it writes the child's bytecode and brings the files into the page cache, which a user's second start finds.
    """
    minimal: list[tuple[float, float]] = []
    app: list[tuple[float, float]] = []
    for round_number in range(rounds + 1):
        minimal_times = start_once(["minimal"], env)
        app_times = start_once(["app", db_url], env)
        if round_number == 0:
            continue
        minimal.append(minimal_times)
        app.append(app_times)
        if verbose:
            print(
                f"round {round_number}: minimal {minimal_times[0]:.0f} ms, "
                f"app first frame {app_times[0]:.0f} ms, data shown {app_times[1]:.0f} ms"
            )
    return minimal, app


def start_once(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Start the child in a fresh interpreter; ms from just before it was started to each of its marks."""
    started = time.time_ns()  # the wall clock: the child reports on the same one
    result = subprocess.run(
        [sys.executable, str(CHILD), *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_S,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    marks = json.loads(lines[-1]) if lines else {}
    if result.returncode != 0 or None in (marks.get("first_frame"), marks.get("data_shown")):
        raise ValueError(
            f"the {arguments[0]} app did not report its frames (exit code {result.returncode}): "
            f"{result.stderr.strip()[-500:] or result.stdout.strip()[-500:]}"
        )
    return (marks["first_frame"] - started) / 1e6, (marks["data_shown"] - started) / 1e6


def report(label: str, value_ms: float, baseline_ms: float, target: float) -> None:
    ratio = value_ms / baseline_ms
    verdict = "ok" if ratio <= target else "over target"
    print(
        f"{label:<12}{value_ms:5.0f} ms  minimal {baseline_ms:3.0f} ms  ratio {ratio:.2f}  target {target:.2f}  {verdict}"
    )


if __name__ == "__main__":
    sys.exit(main())
