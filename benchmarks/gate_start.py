"""Time `fivefold gate FILE` and `fivefold verify FILE`, each against a `python -c "import json, hashlib"` process."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _processes import child_env, fivefold

ROUNDS = 15
TARGET = 3.0  # ratio to the baseline process: judging a file is a json + sha256 script's work
TIMEOUT_S = 60
BASELINE = [sys.executable, "-c", "import json, hashlib"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"processes of each kind (default {ROUNDS})")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fivefold-gate-bench-") as folder:
        env = child_env(Path(folder))
        try:
            export = signed_export(Path(folder))
            commands = {
                "baseline": BASELINE,
                "gate FILE": [*fivefold(), "gate", str(export)],
                "verify FILE": [*fivefold(), "verify", str(export)],
            }
            times = measure(commands, env, options.rounds)
        except (subprocess.SubprocessError, OSError, ValueError) as error:
            print(f"gate start: not measured: {error}", file=sys.stderr)
            return 0  # benchmarks inform, they do not gate
    print(
        f"gate start: {options.rounds} fresh processes of each, interleaved, medians; a ready export of the "
        "five-phase bank (39 answers, an accepted blocker, an approval), as the console script runs it"
    )
    baseline = statistics.median(times["baseline"])
    for label in ("gate FILE", "verify FILE"):
        value = statistics.median(times[label])
        ratio = value / baseline
        verdict = "ok" if ratio <= TARGET else "over target"
        print(
            f"{label:<12}{value:5.0f} ms  baseline {baseline:3.0f} ms  ratio {ratio:.2f}  target {TARGET:.2f}  {verdict}"
        )
    return 0


def signed_export(folder: Path) -> Path:
    """A ready, approved assessment exported as JSON, made through the core (not measured)."""
    from fivefold.banks import BankRegistry
    from fivefold.export import render
    from fivefold.review import load_snapshot, record_answer
    from fivefold.review.signoff import accept_blocker, record_signoff
    from fivefold.store import AnswerStatus, Store

    registry = BankRegistry.default()
    bank = registry.get("five-phase")
    store = Store.open(f"sqlite:///{folder / 'bench.db'}")
    try:
        assessment = store.create_assessment(
            title="Release 2.3 review",
            system_name="triage-clf",
            system_version="2.3.0",
            bank_id=bank.id,
            bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )
        assert assessment.id is not None
        blocker = "testing.practice.halt-anytime"
        for place in bank.questions():
            status = AnswerStatus.BLOCKER if place.question.id == blocker else AnswerStatus.ADDRESSED
            record_answer(store, bank, assessment.id, place.question.id, status=status, rationale="Answered. " * 40)
        accept_blocker(store, load_snapshot(store, registry, assessment.id), blocker, reviewer="Ana", reason="Ok.")
        record_signoff(
            store, load_snapshot(store, registry, assessment.id), reviewer="Ana", role="", decision="approve"
        )
        export = folder / "rationale.json"
        export.write_text(render(load_snapshot(store, registry, assessment.id), "json"), encoding="utf-8")
    finally:
        store.close()
    return export


def measure(commands: dict[str, list[str]], env: dict[str, str], rounds: int) -> dict[str, list[float]]:
    """Wall-clock ms per process, the commands interleaved so that drift in the machine's load falls on all.

    One round first is not counted: it writes bytecode and warms the page cache, as a user's second run finds them.
    """
    times: dict[str, list[float]] = {label: [] for label in commands}
    for round_number in range(rounds + 1):
        for label, command in commands.items():
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=TIMEOUT_S, check=False)
            elapsed = (time.perf_counter() - started) * 1000
            if result.returncode not in (0, 1) or (label != "baseline" and not result.stdout):
                raise ValueError(
                    f"`{' '.join(command)}` exited with {result.returncode}: {result.stderr.strip()[-300:]}"
                )
            if label == "gate FILE" and result.returncode != 0:
                raise ValueError(f"the gate failed on the benchmark's export: {result.stdout.strip()[-300:]}")
            if round_number:
                times[label].append(elapsed)
    return times


if __name__ == "__main__":
    sys.exit(main())
