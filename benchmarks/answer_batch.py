"""Time `fivefold answer ID --batch FILE` with 1,000 answers against one `fivefold answer` call.

    python benchmarks/answer_batch.py [--rounds N]

Both answer questions of the same 1,000-question bank (`large-1000`, from
`scripts/make_benchmark_data.py`), as fresh processes of the console script, interleaved, one round
first not counted; figures are medians. The batch holds one answer per question, with a ~300-character
rationale and, for the kinds that take one, a value: every line is checked, then all 1,000 are saved
in one transaction. Target: the batch <= 2x the one call.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _processes import benchmark_data_module, child_env, fivefold, run, verdict

ROUNDS = 5
TARGET = 2.0
RATIONALE = (
    "We checked it on the held-out set of 6,000 tickets from March: accuracy 91.4% overall, 88.9% on the "
    "smallest queue. The remaining errors are mostly billing tickets that mention a login problem in "
    "passing; agents route those by hand within a minute. Evidence: evals/2.3/report.html."
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    options = parser.parse_args()
    data = benchmark_data_module().benchmark_data()
    with tempfile.TemporaryDirectory(prefix="fivefold-batch-bench-") as folder:
        env = child_env(Path(folder))
        url = f"sqlite:///{Path(folder) / 'batch.db'}"
        # The 1,000-question bank alone beside the bundled ones: every command loads every bank it finds,
        # and the 5,000-question one would weigh on both sides alike (bank loading is benchmarks/bank_load.py's).
        banks = Path(folder) / "banks"
        banks.mkdir()
        shutil.copyfile(data.bank(1_000), banks / data.bank(1_000).name)
        assessment_id, batch, first = prepare(url, banks, Path(folder))
        base = [*fivefold(), "--db", url, "--bank-dir", str(banks), "answer", str(assessment_id)]
        commands = {
            "one answer": [*base, first, "--status", "addressed", "--text", RATIONALE],
            "batch of 1,000": [*base, "--batch", str(batch)],
        }
        times: dict[str, list[float]] = {label: [] for label in commands}
        for round_number in range(options.rounds + 1):
            for label, command in commands.items():
                result = run(command, env)
                if round_number:
                    times[label].append(result.ms)
    one, many = statistics.median(times["one answer"]), statistics.median(times["batch of 1,000"])
    print(f"answer --batch: {options.rounds} fresh processes of each, interleaved, medians; the large-1000 bank")
    print(f"one answer      {one:6.0f} ms")
    ratio = many / one
    print(
        f"batch of 1,000  {many:6.0f} ms  one answer {one:4.0f} ms  ratio {ratio:.2f}  target {TARGET:.2f}  {verdict(ratio, TARGET)}"
    )
    return 0


def prepare(url: str, banks: Path, folder: Path) -> tuple[int, Path, str]:
    """An assessment on the 1,000-question bank, and a batch answering every one of its questions (not timed)."""
    from fivefold.banks import BankRegistry
    from fivefold.store import Store

    registry = BankRegistry.default([banks])
    bank = registry.get("large-1000")
    store = Store.open(url)
    try:
        assessment = store.create_assessment(
            title="Batch",
            system_name="s",
            system_version="1",
            bank_id=bank.id,
            bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )
        assert assessment.id is not None
    finally:
        store.close()
    values = {"yes-no": True, "scale": 4, "short-text": "the platform team"}
    lines = []
    for place in bank.questions():
        question = place.question
        row: dict[str, object] = {"question": question.id, "status": "addressed", "text": RATIONALE}
        if question.kind != "rationale":
            row["value"] = question.options[0] if question.options else values[question.kind]
        lines.append(json.dumps(row))
    batch = folder / "answers.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return assessment.id, batch, bank.questions()[0].question.id


if __name__ == "__main__":
    sys.exit(main())
