"""Time the work of one autosave on a 1,000-question bank: the save, and progress brought up to date.

    python benchmarks/autosave_progress.py [--count N]

On `large-1000` (1,000 questions, a fifth with a `when`; from `scripts/make_benchmark_data.py`),
every question already answered, each save is `record_answer` (validated, committed, returning the
saved answer) followed by `LiveProgress.save`, which updates the counts and re-judges only the
questions whose condition reads the saved one. The saves cycle through the questions with rotating
statuses and values, so conditions flip. Target: median <= 2 ms. For context: the commit alone
(`record_answer`), and recomputing progress over the whole bank after each save, as the app did.
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _processes import benchmark_data_module, verdict

COUNT = 1_000
WARMUP = 50
TARGET_MS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=COUNT)
    count = parser.parse_args().count
    from fivefold.banks import BankRegistry
    from fivefold.review import record_answer
    from fivefold.review.progress import LiveProgress, assessment_progress
    from fivefold.store import AnswerStatus, Store

    data = benchmark_data_module().benchmark_data()
    bank = BankRegistry.default([data.banks]).get("large-1000")
    places = bank.questions()
    statuses = itertools.cycle([AnswerStatus.ADDRESSED, AnswerStatus.CONCERN, None, AnswerStatus.BLOCKER])
    values = {"yes-no": itertools.cycle([True, False]), "scale": itertools.cycle([1, 4, 2, 5])}

    def value(place):
        kind = place.question.kind
        if kind in values:
            return next(values[kind])
        return (
            place.question.options[0]
            if place.question.options
            else ("the platform team" if kind == "short-text" else None)
        )

    with tempfile.TemporaryDirectory(prefix="fivefold-autosave-bench-") as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'autosave.db'}")
        try:
            assessment = store.create_assessment(
                title="Autosave",
                system_name="s",
                system_version="1",
                bank_id=bank.id,
                bank_version=bank.version,
                bank_hash=bank.content_hash(),
            )
            for place in places:  # every question answered once (not timed)
                record_answer(
                    store,
                    bank,
                    assessment.id,
                    place.question.id,
                    status=AnswerStatus.ADDRESSED,
                    rationale="First answer.",
                    value=value(place),
                )
            live = LiveProgress(bank, store.answers(assessment.id))
            commit, incremental, full = [], [], []
            for number, place in zip(range(WARMUP + count), itertools.cycle(places)):
                status, text = next(statuses), f"Answer {number}: checked on the held-out set from March."
                started = time.perf_counter_ns()
                saved = record_answer(
                    store, bank, assessment.id, place.question.id, status=status, rationale=text, value=value(place)
                )
                committed = time.perf_counter_ns()
                live.save(saved)
                done = time.perf_counter_ns()
                assessment_progress(bank, live.answers)
                recomputed = time.perf_counter_ns()
                if number >= WARMUP:
                    commit.append((committed - started) / 1e6)
                    incremental.append((done - started) / 1e6)
                    full.append((committed - started + recomputed - done) / 1e6)
        finally:
            store.close()
    print(f"autosave work, {count} saves on a {len(places):,}-question bank with conditions, medians (p99)")
    median = statistics.median(incremental)
    ratio = median / TARGET_MS
    print(
        f"save + live progress  {median:5.2f} ms ({p99(incremental):.2f})  target {TARGET_MS:.2f} ms  ratio {ratio:.2f}  {verdict(ratio, 1.0)}"
    )
    print(
        f"for context: the commit alone {statistics.median(commit):.2f} ms ({p99(commit):.2f}); "
        f"commit + progress over the whole bank {statistics.median(full):.2f} ms ({p99(full):.2f})"
    )
    return 0


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


if __name__ == "__main__":
    sys.exit(main())
