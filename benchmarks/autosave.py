"""Time the autosave commit per answer (`record_answer` on a SQLite file) against its targets."""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from fivefold.banks import Bank, BankRegistry
from fivefold.review import record_answer
from fivefold.store import AnswerStatus, Store

COUNT = 2000
# The first saves open the connection and warm SQLite's page cache; the TUI pays that once per session.
WARMUP = 50
TARGET_MEDIAN_MS = 0.5
TARGET_P99_MS = 2.0
# About 500 characters of Markdown, the length of a typical rationale.
RATIONALE = (
    "The classifier routes tickets to one of nine queues. We checked it on the held-out set of "
    "6,000 tickets from March:\n\n- accuracy 91.4% overall, 88.9% on the smallest queue\n"
    "- no queue below 85%\n\nEvidence: `evals/2.3/report.html`. The remaining errors are mostly "
    "billing tickets that mention a login problem in passing; the agents route those by hand "
    "within a minute, so the cost of a miss is small. We will look at them again next cycle "
    "together with the weekly drift report and the per-language bias report."
)
STATUSES = (AnswerStatus.ADDRESSED, AnswerStatus.CONCERN, AnswerStatus.BLOCKER, None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT, help=f"saves to time (default {COUNT})")
    count = parser.parse_args().count
    bank = BankRegistry.default().get("five-phase")
    print(f"autosave: {count} record_answer calls, {len(RATIONALE)}-character rationale, SQLite file in WAL mode")
    report("autosave", time_saves(bank, count, durable=False))
    print("for context, synchronous=FULL (an fsync per commit; the app uses NORMAL):")
    report("durable autosave", time_saves(bank, count, durable=True))
    return 0  # benchmarks inform, they do not gate


def time_saves(bank: Bank, count: int, *, durable: bool) -> list[int]:
    """Nanoseconds per `record_answer` call, on a fresh database in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="fivefold-bench-") as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            if durable:
                _make_durable(store.engine)
            assessment = store.create_assessment(
                title="Autosave benchmark",
                system_name="bench",
                system_version="0",
                bank_id=bank.id,
                bank_version=bank.version,
                bank_hash=bank.content_hash(),
            )
            question_ids = itertools.cycle([place.question.id for place in bank.questions()])
            statuses = itertools.cycle(STATUSES)
            revisions: dict[str, int] = {}
            timings: list[int] = []
            for _ in range(WARMUP + count):
                question_id = next(question_ids)
                start = time.perf_counter_ns()
                revisions[question_id] = record_answer(
                    store,
                    bank,
                    assessment.id,
                    question_id,
                    status=next(statuses),
                    rationale=RATIONALE,
                    evidence=("evals/2.3/report.html",),
                    expected_revision=revisions.get(question_id, 0),
                ).revision
                timings.append(time.perf_counter_ns() - start)
            return timings[WARMUP:]
        finally:
            store.close()


def _make_durable(engine: Engine) -> None:
    """Every new connection gets synchronous=FULL; pooled ones (opened during the upgrade) are dropped."""

    def full(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=FULL")

    event.listen(engine, "connect", full)  # runs after the engine's own pragmas
    engine.dispose()


def report(label: str, timings_ns: list[int]) -> None:
    ordered = sorted(timings_ns)
    median = statistics.median(ordered) / 1e6
    p99 = ordered[math.ceil(0.99 * len(ordered)) - 1] / 1e6  # nearest rank
    for name, value, target in (("median", median, TARGET_MEDIAN_MS), ("p99", p99, TARGET_P99_MS)):
        ratio = value / target
        verdict = "ok" if ratio <= 1 else "over target"
        print(f"{label} {name:<7}{value:5.2f} ms  target {target:.2f} ms  ratio {ratio:.2f}  {verdict}")


if __name__ == "__main__":
    sys.exit(main())
