"""Time opening an assessment whose audit log has 5,000 events against one with 1,000.

    python benchmarks/open_assessment.py [--rounds N]

Both assessments answer the same 39 questions of the five-phase bank; only the length of their
history differs (each answer saved again and again, as months of autosave leave it). "Opening" is
what the app's assessment screen reads, `load_snapshot(..., audit="head")`: the newest audit event is
checked, not the whole log. Timed in this process, alternately, after one read of each not counted;
medians. Target: 5,000 events <= 1.2x 1,000. For context it prints the whole-log replay that
`fivefold verify ID`, the exports and the sign-off screen do, which grows with the log.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _processes import verdict

ROUNDS = 25
TARGET = 1.2
EVENTS = (1_000, 5_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    options = parser.parse_args()
    from fivefold.banks import BankRegistry
    from fivefold.review import load_snapshot
    from fivefold.store import Store

    registry = BankRegistry.default()
    with tempfile.TemporaryDirectory(prefix="fivefold-open-bench-") as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'open.db'}")
        try:
            ids = {events: with_history(store, registry, events) for events in EVENTS}
            timings: dict[tuple[str, int], list[float]] = {}
            for audit in ("head", "chain"):
                for round_number in range(options.rounds + 1):
                    for events, assessment_id in ids.items():
                        started = time.perf_counter()
                        load_snapshot(store, registry, assessment_id, audit=audit)  # type: ignore[arg-type]
                        if round_number:
                            timings.setdefault((audit, events), []).append((time.perf_counter() - started) * 1000)
        finally:
            store.close()
    median = {key: statistics.median(values) for key, values in timings.items()}
    short, long = median["head", EVENTS[0]], median["head", EVENTS[1]]
    ratio = long / short
    print(f"open an assessment: load_snapshot as the app's assessment screen reads it, {options.rounds} reads, medians")
    print(
        f"open, {EVENTS[1]:,} events  {long:5.1f} ms  {EVENTS[0]:,} events {short:5.1f} ms  "
        f"ratio {ratio:.2f}  target {TARGET:.2f}  {verdict(ratio, TARGET)}"
    )
    whole = median["chain", EVENTS[1]] / median["chain", EVENTS[0]]
    print(
        f"for context, the whole-log replay (verify, exports, sign-off screen): {median['chain', EVENTS[1]]:.0f} ms "
        f"at {EVENTS[1]:,} events, {median['chain', EVENTS[0]]:.0f} ms at {EVENTS[0]:,} (ratio {whole:.2f})"
    )
    return 0


def with_history(store, registry, events: int) -> int:
    """An assessment with every question of five-phase answered, and `events` audit events (not timed)."""
    from fivefold.review.answering import validate_answer
    from fivefold.store import AnswerStatus

    bank = registry.get("five-phase")
    assessment = store.create_assessment(
        title="History",
        system_name="s",
        system_version="1",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    places = bank.questions()
    saves = events - 1  # the creation is the first event
    for start in range(0, saves, len(places)):
        drafts = [
            validate_answer(
                bank,
                places[index % len(places)].question.id,
                status=AnswerStatus.ADDRESSED,
                rationale=f"Revision {start + index}: we checked it on the held-out set from March. " * 4,
            )
            for index in range(start, min(start + len(places), saves))
        ]
        store.save_answers(assessment.id, drafts)
    assert store.assessment(assessment.id).audit_seq == events
    return assessment.id


if __name__ == "__main__":
    sys.exit(main())
