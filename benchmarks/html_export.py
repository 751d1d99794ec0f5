"""Time the HTML export: pathological answers at the size limit, and ordinary text against Python-Markdown.

    python benchmarks/html_export.py [--rounds N]

Each figure is `fivefold.export.render(snapshot, "html")` on an assessment loaded from a temporary
SQLite file, as `fivefold export --format html` runs it (loading excluded):

- pathological: one answer of "[", "![", "[a](" or "*a" repeated up to the answer limit
  (200,000 characters; shown as written, having more markup than fivefold.export.text.MAX_MARKUP),
  and repeated as often as is still rendered as Markdown, padded with letters to the limit: the
  worst case the renderer sees. Target 2 s, an absolute one: a reviewer waits for it.
- ordinary: every question answered with the same 1,500 characters of everyday Markdown (lists,
  emphasis, links, code), and one assessment with a single ordinary answer at the size limit.
  Target 1.2x the baseline measured in the same run: the same Markdown document rendered by
  Python-Markdown (tables and sane_lists, as the export used to) and cleaned by the same nh3 call.
  Rounds alternate the two, so a change in the machine's load falls on both; this ratio is of CPU
  time. The pathological figures are wall time: what a reviewer waits.

For context it also prints Python-Markdown on the pathological answers at 4,000 characters
(quadratic: at the limit it would take hours).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fivefold.banks import BankRegistry
from fivefold.export import render, render_markdown
from fivefold.export.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES
from fivefold.export.text import _MARKUP_CHARACTERS, MAX_MARKUP
from fivefold.review import AssessmentSnapshot, load_snapshot, record_answer
from fivefold.review.answering import MAX_TEXT_CHARS
from fivefold.store import AnswerStatus, Store

PATHOLOGICAL = ("[", "![", "[a](", "*a")
PATHOLOGICAL_TARGET_S = 2.0
ORDINARY_TARGET_RATIO = 1.2
ROUNDS = 7
ORDINARY = (
    "We checked the classifier on the **held-out set** of 6,000 tickets from March, and on the "
    "[weekly drift report](https://example.com/drift). The numbers, per queue:\n\n"
    "1. billing: 91.4% accuracy, *88.9%* on the smallest language\n"
    "2. login: 93.0%, no language below 90%\n"
    "3. shipping: 89.7%; the misses are mostly `returns` tickets\n\n"
    "> The agents route the remaining errors by hand within a minute.\n\n"
    "- the cost of a miss is small\n- we look at them again next cycle\n  - with the bias report\n\n"
    "Evidence: `evals/2.3/report.html`, and the notes in the [wiki](https://example.com/wiki). "
) * 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"timed rounds per figure (default {ROUNDS})")
    rounds = parser.parse_args().rounds
    registry = BankRegistry.default()
    with tempfile.TemporaryDirectory(prefix="fivefold-bench-") as folder:
        # The store remembers the files it found sound in the user state folder: keep it in here.
        os.environ["XDG_STATE_HOME"] = folder
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            print(f"HTML export, median of {rounds} rounds; answers of up to {MAX_TEXT_CHARS:,} characters")
            for unit in PATHOLOGICAL:
                for times, filler in pathological_sizes(unit):
                    text = unit * times + filler
                    snapshot = snapshot_with(store, registry, {0: text})
                    seconds = median_seconds(lambda snapshot=snapshot: render(snapshot, "html"), rounds)
                    name = f"{unit!r} x {times:,}" + (f" + {len(filler):,} letters" if filler else "")
                    figure(f"pathological {name}", seconds, PATHOLOGICAL_TARGET_S)
            every_question = {index: ORDINARY for index in range(len(registry.get("five-phase").questions()))}
            at_the_limit = {0: (ORDINARY * (MAX_TEXT_CHARS // len(ORDINARY) + 1))[:MAX_TEXT_CHARS]}
            for name, answers in (
                ("every question answered", every_question),
                ("one answer at the limit", at_the_limit),
            ):
                snapshot = snapshot_with(store, registry, answers)
                ours, baseline = paired_medians(snapshot, rounds)
                ratio = ours / baseline
                verdict = "ok" if ratio <= ORDINARY_TARGET_RATIO else "over target"
                print(
                    f"ordinary, {name:<24} {ours * 1000:7.1f} ms  Python-Markdown {baseline * 1000:7.1f} ms  "
                    f"ratio {ratio:.2f}  target {ORDINARY_TARGET_RATIO:.2f}  {verdict}"
                )
            print("for context, Python-Markdown alone at 4,000 characters (it grows with the square of the length):")
            for unit in PATHOLOGICAL:
                text = unit * (4000 // len(unit))
                seconds = median_seconds(lambda text=text: python_markdown(f"> {text}"), 1)
                print(f"  {unit!r:<6} {seconds:6.2f} s")
        finally:
            store.close()
    return 0  # benchmarks inform, they do not gate


def pathological_sizes(unit: str) -> list[tuple[int, str]]:
    """`unit` repeated to the answer limit (shown as written, in a code block), and as often as is
    still rendered as Markdown, padded with plain letters to the limit: the worst case rendered."""
    markup = sum(unit.count(char) for char in _MARKUP_CHARACTERS)
    rendered = MAX_MARKUP // markup
    return [(MAX_TEXT_CHARS // len(unit), ""), (rendered, "a" * (MAX_TEXT_CHARS - rendered * len(unit)))]


def snapshot_with(store: Store, registry: BankRegistry, answers: dict[int, str]) -> AssessmentSnapshot:
    """A new assessment with the answers given by question position, loaded as the export loads it."""
    bank = registry.get("five-phase")
    assessment = store.create_assessment(
        title="HTML export benchmark",
        system_name="bench",
        system_version="0",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    assert assessment.id is not None
    questions = [place.question.id for place in bank.questions()]
    for index, text in answers.items():
        record_answer(store, bank, assessment.id, questions[index], status=AnswerStatus.CONCERN, rationale=text)
    return load_snapshot(store, registry, assessment.id)


def python_markdown(document: str) -> str:
    """The export as it was before markdown-it-py: Python-Markdown, then the same nh3 cleaning."""
    import markdown
    import nh3

    body = markdown.markdown(document, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def paired_medians(snapshot: AssessmentSnapshot, rounds: int) -> tuple[float, float]:
    """Our export and the baseline, alternating, one warm-up each; the baseline gets the same
    Markdown document (render_markdown is timed on both sides). CPU time, not wall time: both run
    on one thread, and other processes on a shared machine then slow neither."""
    ours: list[float] = []
    baseline: list[float] = []
    for round_ in range(rounds + 1):
        started = time.process_time()
        render(snapshot, "html")
        middle = time.process_time()
        python_markdown(render_markdown(snapshot, link_extension="html"))
        ended = time.process_time()
        if round_:
            ours.append(middle - started)
            baseline.append(ended - middle)
    return statistics.median(ours), statistics.median(baseline)


def median_seconds(run: Callable[[], object], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def figure(name: str, seconds: float, target: float) -> None:
    ratio = seconds / target
    verdict = "ok" if ratio <= 1 else "over target"
    print(f"{name:<32} {seconds:6.2f} s  target {target:.2f} s  ratio {ratio:.2f}  {verdict}")


if __name__ == "__main__":
    sys.exit(main())
