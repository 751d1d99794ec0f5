"""The loop closes: the retrospective's decision on the goal and the task, and its steering plan,
lead what the next cycle shows of the last one (the snapshot the app and the exports read)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.export import render
from fivefold.export.text import inline
from fivefold.review import load_snapshot, record_answer
from fivefold.review.cycles import start_next_cycle
from fivefold.store import AnswerStatus, Store

CHANGE = "retrospective.practice.change-goal-or-task"
PLAN = "retrospective.practice.steering-plan"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


def test_the_steering_answers_lead_the_previous_retrospective(store: Store, registry: BankRegistry) -> None:
    first = create_demo_assessment(store, registry)
    second = start_next_cycle(store, registry, first).id
    snapshot = load_snapshot(store, registry, second)
    answers = store.answers(first)
    steering = [answer.question_id for _, answer in snapshot.previous_steering]
    assert steering == [CHANGE, PLAN]
    retrospective = [answer.question_id for _, answer in snapshot.previous_retrospective]
    assert retrospective[:2] == steering
    assert set(retrospective) == {qid for qid in answers if qid.startswith("retrospective.")}
    assert len(retrospective) == len(set(retrospective)), "a steering answer is listed once"
    assert load_snapshot(store, registry, first).previous_steering == [], "a first cycle has nothing to steer by"


def test_only_answered_steering_questions_lead(store: Store, registry: BankRegistry) -> None:
    bank = registry.get("five-phase")
    first = store.create_assessment(
        title="t",
        system_name="s",
        system_version="",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    ).id
    assert first is not None
    record_answer(store, bank, first, PLAN, status=AnswerStatus.ADDRESSED, rationale="Relabel the German tickets.")
    second = start_next_cycle(store, registry, first).id
    snapshot = load_snapshot(store, registry, second)
    assert [(text, answer.rationale) for text, answer in snapshot.previous_steering] == [
        (bank.question(PLAN).question.text, "Relabel the German tickets.")  # type: ignore[union-attr]
    ]


def test_the_exports_show_the_steering_plan_first(store: Store, registry: BankRegistry) -> None:
    first = create_demo_assessment(store, registry)
    second = start_next_cycle(store, registry, first).id
    snapshot = load_snapshot(store, registry, second)
    markdown = render(snapshot, "md")
    platonic = markdown.split("## Platonic phase", 1)[1].split("### Platonic phase: theory", 1)[0]
    texts = [text for text, _ in snapshot.previous_retrospective]
    positions = [platonic.index(text.split("(")[0].rstrip()) for text in texts[:3]]
    assert positions == sorted(positions)
    assert platonic.index("platonic goal") < platonic.index("What concrete changes")
    assert "**The goal (X) stays**" in platonic.replace("\\", "")


def test_problem_and_question_citations_reach_every_export(store: Store, registry: BankRegistry) -> None:
    first = create_demo_assessment(store, registry)
    snapshot = load_snapshot(store, registry, first)
    bank = snapshot.bank
    markdown = render(snapshot, "md")
    html = render(snapshot, "html")
    record = json.loads(render(snapshot, "json"))
    for phase in bank.phases:
        for lens_name, lens in phase.lenses():
            for problem in lens.problems:
                cited = bank.citation(problem.source, problem.locator)
                assert f"*({inline(cited)})*" in markdown, cited
            exported = next(p for p in record["bank"]["content"]["phases"] if p["id"] == phase.id)[lens_name]
            assert exported["problems"] == [problem.model_dump(mode="json") for problem in lens.problems]
    halt = next(q for q in record["questions"] if q["id"] == "testing.practice.halt-anytime")
    assert halt["example"]["source"] == "hubinger-11-proposals"
    assert halt["locator"] == "Testing Phase, Practice"
    assert {source["id"] for source in record["bank"]["content"]["sources"]} == {source.id for source in bank.sources}
    assert "I Recommend More Training Rationales (Testing Phase, Practice)" in html
    assert "## Sources" in markdown and "<h2>Sources</h2>" in html
