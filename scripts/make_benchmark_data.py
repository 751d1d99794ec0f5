"""Build the benchmark databases and banks: 100, 1,000 and 10,000 assessments, and banks of 1,000 and 5,000 questions.

    python scripts/make_benchmark_data.py                    # into the user cache folder (printed)
    python scripts/make_benchmark_data.py --out DIR --sizes 100 1000

Everything is written through Fivefold's own paths (`Store`, `validate_answer`, `start_next_cycle`,
`record_signoff`), so the databases hold exactly what a team's would, audit chains included. They
are made to look like a team's after a year or two of releases:

- several banks: five-phase (40%), training-story (20%), contribution-story (12%), `evolving`
  (15%, most started on its version 1.0.0, which is gone: they open with 2.0.0, and their answers
  to the six questions 2.0.0 retired are kept), `large-1000` (1%: 1,000 questions, a fifth of them
  with a `when`), and a bank that is no longer installed at all (1%);
- answers in every state: addressed (most), concern, blocker, not applicable, drafts, a few with a
  blank rationale, values for the choice, scale, yes/no and short-text questions; each saved one
  to three times, as autosave does; progress spread from untouched to complete;
- cycles: a fifth of the assessments continue an earlier one, their answers carried over as drafts,
  some re-confirmed;
- long audit histories: one assessment in 200 is edited until it has 1,000 to 5,000 events;
- goals, artifacts, and sign-offs: approvals of complete assessments, and some rejections.

The same arguments always give the same content (times aside). The sizes are built in one run, the
smaller databases being copies taken on the way to the larger one. `--out` holds, when done:

    banks/large-1000.toml  banks/large-5000.toml  banks/evolving.toml    (pass banks/ as --bank-dir)
    assessments-100.db  assessments-1000.db  assessments-10000.db
    STAMP                                                                  (what built them)

Building all three takes a few minutes; the benchmarks call `benchmark_data()`, which builds only
what is missing or was built by another version of this script.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

SIZES = (100, 1_000, 10_000)
LARGE_BANKS = (1_000, 5_000)
SEED = 8
STAMP = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]

SENTENCES = [
    "The classifier routes tickets to one of nine queues.",
    "We checked it on the held-out set of 6,000 tickets from March.",
    "Accuracy is 91.4% overall and 88.9% on the smallest queue; no queue is below 85%.",
    "The remaining errors are mostly billing tickets that mention a login problem in passing.",
    "Agents route those by hand within a minute, so the cost of a miss is small.",
    "Evidence: `evals/2.3/report.html` and the weekly drift report.",
    "The owner of this check is the platform team; the next review is in the retrospective.",
    "We will look at it again next cycle together with the per-language bias report.",
    "- the data card lists every source\n- the consent terms were checked by legal",
    "A rollback takes under five minutes and was rehearsed on the staging cluster.",
]


@dataclass(frozen=True)
class BenchmarkData:
    folder: Path

    @property
    def banks(self) -> Path:
        return self.folder / "banks"

    def database(self, size: int) -> Path:
        return self.folder / f"assessments-{size}.db"

    def bank(self, questions: int) -> Path:
        return self.banks / f"large-{questions}.toml"


def default_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("fivefold-benchmarks", appauthor=False))


def benchmark_data(sizes: tuple[int, ...] = SIZES, folder: Path | None = None) -> BenchmarkData:
    """The benchmark data in `folder`, built first if missing or made by another version of this script."""
    data = BenchmarkData(folder or default_folder())
    stamp = data.folder / "STAMP"
    current = stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == STAMP
    if not current or not all(data.database(size).is_file() for size in sizes):
        build(data, sizes)
    return data


# Banks ------------------------------------------------------------------------------------------


def large_bank(questions: int, seed: int = SEED) -> dict[str, Any]:
    """A bank of `questions` questions in phases of 50, a fifth of them shown only when an earlier answer matches."""
    rng = random.Random(seed + questions)
    kinds = ["rationale"] * 6 + ["yes-no", "scale", "single-choice", "short-text"]
    with_value: list[dict[str, Any]] = []
    phases = []
    number = 0
    for phase_number in range(1, questions // 50 + 1):
        phase: dict[str, Any] = {"id": f"phase-{phase_number:03d}", "title": f"Phase {phase_number}"}
        for lens in ("theory", "practice"):
            items = []
            for _ in range(25):
                number += 1
                question: dict[str, Any] = {
                    "id": f"phase-{phase_number:03d}.{lens}.q{number:05d}",
                    "text": f"Has the team checked property {number} of the model, and how do we know?",
                    "help": "Say what evidence supports the answer: the evaluation, its data and its date.",
                    "kind": rng.choice(kinds),
                    "required": rng.random() < 0.8,
                    "source": "handbook",
                }
                if question["kind"] == "single-choice":
                    question["options"] = ["low", "medium", "high"]
                if with_value and rng.random() < 0.2:
                    question["when"] = _condition(rng.choice(with_value[-100:]), rng)
                if question["kind"] != "rationale":
                    with_value.append(question)
                items.append(question)
            phase[lens] = {
                "goal": "I wonder if {X} could be achieved by means of {Y}."
                if lens == "theory"
                else "I wish to achieve {X} by means of {Y}.",
                "x": f"the aims of phase {phase_number}",
                "y": "this release",
                "source": "handbook",
                "problems": [f"Known problem {k} of phase {phase_number}." for k in (1, 2)],
                "questions": items,
            }
        phases.append(phase)
    return {
        "id": f"large-{questions}",
        "version": "1.0.0",
        "title": f"A large bank, {questions} questions",
        "sources": [{"id": "handbook", "title": "A release handbook"}],
        "phases": phases,
    }


def _condition(target: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    kind = target["kind"]
    if kind == "yes-no":
        return {"question": target["id"], "equals": True}
    if kind == "scale":
        return {"question": target["id"], "any_of": [1, 2, 3]}
    if kind == "single-choice":
        return {"question": target["id"], "equals": rng.choice(target["options"])}
    return {"question": target["id"], "status": "concern"}


def evolving_bank(version: str) -> dict[str, Any]:
    """30 questions in 1.0.0; 2.0.0 retires six of them and asks six new ones."""
    numbers = range(30) if version == "1.0.0" else [*range(6, 30), *range(30, 36)]
    questions = [{"id": f"check-{n:02d}", "text": f"Is check {n} done, and how?", "source": "team"} for n in numbers]
    lens = {"goal": "I wish to {X} by means of {Y}.", "x": "ship safely", "y": "this checklist", "source": "team"}
    return {
        "id": "evolving",
        "version": version,
        "title": "A team checklist that changes",
        "sources": [{"id": "team", "title": "The team's own checklist"}],
        "phases": [
            {"id": "before", "title": "Before", "practice": {**lens, "questions": questions[:15]}},
            {"id": "after", "title": "After", "theory": {**lens, "questions": questions[15:]}},
        ],
    }


# Assessments ---------------------------------------------------------------------------------------


class Builder:
    """Adds assessments to one database, through the store, in the mix the module docstring describes."""

    def __init__(self, url: str, bank_dirs: list[Path], seed: int) -> None:
        from fivefold.banks import BankRegistry
        from fivefold.store import Store

        self.store = Store.open(url)
        self.registry = BankRegistry(bank_dirs)
        self.rng = random.Random(seed)
        self.made: list[tuple[int, str]] = []
        """(assessment id, bank id) of every assessment so far, for cycles to continue."""

    def close(self) -> None:
        self.store.close()

    def add(self, count: int) -> None:
        for _ in range(count):
            self._one()

    def _one(self) -> None:
        rng = self.rng
        draw = rng.random()
        bank_id, version = (
            ("five-phase", None)
            if draw < 0.40
            else ("training-story", None)
            if draw < 0.60
            else ("contribution-story", None)
            if draw < 0.72
            else ("evolving", "1.0.0")
            if draw < 0.84
            else ("evolving", "2.0.0")
            if draw < 0.87
            else ("large-1000", None)
            if draw < 0.88
            else ("retired-bank", None)
            if draw < 0.89
            else ("five-phase", None)
        )
        earlier = [made for made in self.made if made[1] == bank_id]
        if bank_id != "retired-bank" and earlier and rng.random() < 0.2:
            assessment_id = self._next_cycle(rng.choice(earlier)[0])
        elif bank_id == "retired-bank":
            assessment_id = self._without_bank()
        else:
            bank = self.registry.get(bank_id, version)
            assessment = self.store.create_assessment(
                title=f"{rng.choice(['Release', 'Pre-release review', 'Quarterly review'])} {rng.randint(1, 9)}.{rng.randint(0, 20)}",
                system_name=rng.choice(["ticket-triage", "fraud-score", "search-rank", "churn-model", "ocr-forms"]),
                system_version=f"{rng.randint(1, 4)}.{rng.randint(0, 12)}.{rng.randint(0, 9)}",
                bank_id=bank.id,
                bank_version=bank.version,
                bank_hash=bank.content_hash(),
            )
            assert assessment.id is not None
            assessment_id = assessment.id
            self._answer(assessment_id, bank, share=rng.random())
        self.made.append((assessment_id, bank_id))
        self._extras(assessment_id, bank_id)

    def _answer(self, assessment_id: int, bank: Any, *, share: float, complete: bool = False) -> None:
        """Answer a `share` of the questions, in one to three rounds as autosave would save them."""
        from fivefold.review.answering import validate_answer
        from fivefold.store import AnswerStatus

        rng = self.rng
        places = [place for place in bank.questions() if complete or rng.random() < share]
        for round_number in range(rng.randint(1, 3)):
            drafts = []
            for place in places if round_number == 0 else rng.sample(places, len(places) // 3):
                question = place.question
                status = AnswerStatus.ADDRESSED if complete else _status(rng)
                rationale = _rationale(rng) if complete or rng.random() > 0.03 else " "
                drafts.append(
                    validate_answer(
                        bank,
                        question.id,
                        status=status,
                        rationale=rationale,
                        evidence=["evals/report.html"] if rng.random() < 0.3 else [],
                        value=_value(question, rng),
                    )
                )
            if drafts:
                self.store.save_answers(assessment_id, drafts)

    def _next_cycle(self, previous_id: int) -> int:
        from fivefold.review.cycles import start_next_cycle
        from fivefold.review.snapshot import bank_for
        from fivefold.store import AnswerStatus
        from fivefold.store.database import AnswerDraft

        following = start_next_cycle(self.store, self.registry, previous_id)
        assert following.id is not None
        bank, _ = bank_for(self.registry, following)
        carried = [a for a in self.store.answers(following.id).values() if bank.question(a.question_id)]
        confirmed = self.rng.sample(carried, int(len(carried) * self.rng.random() * 0.7))
        drafts = [
            AnswerDraft(
                a.question_id, AnswerStatus(a.status) if a.status else None, a.rationale, tuple(a.evidence), a.value
            )
            for a in confirmed
        ]
        if drafts:
            self.store.save_answers(following.id, drafts)
        return following.id

    def _without_bank(self) -> int:
        """An assessment whose bank has since been uninstalled: its answers were saved when it was there."""
        from fivefold.store import AnswerStatus
        from fivefold.store.database import AnswerDraft

        assessment = self.store.create_assessment(
            title="An old review",
            system_name="legacy-model",
            system_version="0.9",
            bank_id="retired-bank",
            bank_version="1.0.0",
            bank_hash="0" * 64,
        )
        assert assessment.id is not None
        drafts = [AnswerDraft(f"old.question-{n}", AnswerStatus.ADDRESSED, _rationale(self.rng)) for n in range(12)]
        self.store.save_answers(assessment.id, drafts)
        return assessment.id

    def _extras(self, assessment_id: int, bank_id: str) -> None:
        rng = self.rng
        if rng.random() < 0.3 and bank_id == "five-phase":
            self.store.save_goal(assessment_id, "platonic", "theory", x="faster ticket routing", y="release 2.3")
        if rng.random() < 0.05:
            digest = hashlib.sha256(str(assessment_id).encode()).hexdigest()
            self.store.add_artifact(
                assessment_id, name="model.safetensors", size=rng.randint(10**6, 10**9), sha256=digest
            )
        if rng.random() < 0.005 and bank_id != "retired-bank":
            self._long_history(assessment_id, events=rng.randint(1_000, 5_000))
        if rng.random() < 0.06 and bank_id in ("five-phase", "evolving", "contribution-story"):
            self._signoff(assessment_id)

    def _long_history(self, assessment_id: int, *, events: int) -> None:
        """Months of autosaves: the same answers saved again and again until the log has `events` events."""
        from fivefold.review.snapshot import bank_for

        bank, _ = bank_for(self.registry, self.store.assessment(assessment_id))
        missing = events - self.store.assessment(assessment_id).audit_seq
        while missing > 0:
            before = self.store.assessment(assessment_id).audit_seq
            self._answer(assessment_id, bank, share=min(1.0, missing / len(bank.questions())))
            missing -= self.store.assessment(assessment_id).audit_seq - before

    def _signoff(self, assessment_id: int) -> None:
        """Complete it and approve it, or reject it as it stands."""
        from fivefold.review import load_snapshot
        from fivefold.review.record import build_record
        from fivefold.review.rules import evaluate
        from fivefold.review.signoff import record_signoff
        from fivefold.review.snapshot import bank_for

        if self.rng.random() < 0.7:
            bank, _ = bank_for(self.registry, self.store.assessment(assessment_id))
            self._answer(assessment_id, bank, share=1.0, complete=True)
        snapshot = load_snapshot(self.store, self.registry, assessment_id)
        approve = evaluate(build_record(snapshot)).ready
        reviewer = self.rng.choice(["Ana", "Ben", "Chidi", "Dana"])
        record_signoff(
            self.store,
            snapshot,
            reviewer=reviewer,
            role="ML lead",
            decision="approve" if approve else "reject",
            comment="" if approve else "The blockers need owners first.",
        )


def _status(rng: random.Random) -> Any:
    from fivefold.store import AnswerStatus

    draw = rng.random()
    if draw < 0.68:
        return AnswerStatus.ADDRESSED
    if draw < 0.78:
        return AnswerStatus.CONCERN
    if draw < 0.83:
        return AnswerStatus.BLOCKER
    if draw < 0.88:
        return AnswerStatus.NOT_APPLICABLE
    return None  # a draft


def _rationale(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 9)))


def _value(question: Any, rng: random.Random) -> Any:
    if question.kind == "yes-no":
        return rng.random() < 0.5
    if question.kind == "scale":
        return rng.randint(1, 5)
    if question.kind == "single-choice":
        return rng.choice(question.options)
    if question.kind == "multiple-choice":
        return rng.sample(question.options, rng.randint(1, len(question.options)))
    if question.kind == "short-text":
        return rng.choice(["Ana", "the platform team", "30 days", "weekly"])
    return None


# Building --------------------------------------------------------------------------------------------


def build(data: BenchmarkData, sizes: tuple[int, ...] = SIZES, *, seed: int = SEED) -> None:
    """Write the banks and every database of `sizes`, replacing what was there."""
    if data.folder.exists():
        shutil.rmtree(data.folder)
    data.banks.mkdir(parents=True)
    for questions in LARGE_BANKS:
        data.bank(questions).write_text(tomli_w.dumps(large_bank(questions)), encoding="utf-8")
    (data.banks / "evolving.toml").write_text(tomli_w.dumps(evolving_bank("2.0.0")), encoding="utf-8")
    from fivefold.locations import bundled_bank_dir

    with tempfile.TemporaryDirectory(prefix="fivefold-bench-build-") as scratch:
        gone = Path(scratch) / "gone"
        gone.mkdir()
        (gone / "evolving-1.toml").write_text(tomli_w.dumps(evolving_bank("1.0.0")), encoding="utf-8")
        work = Path(scratch) / "work.db"
        builder = Builder(f"sqlite:///{work}", [bundled_bank_dir(), data.banks, gone], seed)
        try:
            made = 0
            for size in sorted(sizes):
                started = time.perf_counter()
                builder.add(size - made)
                made = size
                with sqlite3.connect(work) as source, sqlite3.connect(data.database(size)) as target:
                    source.backup(target)
                print(
                    f"{data.database(size)}: {size:,} assessments ({time.perf_counter() - started:.0f} s)", flush=True
                )
        finally:
            builder.close()
    (data.folder / "STAMP").write_text(STAMP + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="the folder to write into (default: the user cache)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="how many assessments per database")
    args = parser.parse_args()
    data = BenchmarkData(args.out or default_folder())
    build(data, tuple(args.sizes))
    print(f"banks: {data.banks} (pass it as --bank-dir)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
