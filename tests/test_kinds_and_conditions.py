"""Question kinds, their values, and `when` conditions: checked at load, applied to progress and rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from fivefold.banks import BankError, BankRegistry, load_bank, problems_in
from fivefold.errors import FivefoldError
from fivefold.review import assessment_progress, load_snapshot, record_answer
from fivefold.review.record import build_record
from fivefold.review.rules import readiness_reasons
from fivefold.store import AnswerStatus, Store

BANK = """
id = "kinds"
version = "1.0.0"
title = "Kinds"

[[sources]]
id = "here"
title = "This test"

[[phases]]
id = "p"
title = "Phase"

[phases.practice]
goal = "I wish to check {X} by means of {Y}."
x = "x"
y = "y"
source = "here"

[[phases.practice.questions]]
id = "uses-pii"
text = "Does the model see personal data?"
kind = "yes-no"
source = "here"

[[phases.practice.questions]]
id = "pii-controls"
text = "Which controls protect it?"
kind = "multiple-choice"
options = ["encryption", "access logs", "retention limit"]
source = "here"
when = { question = "uses-pii", equals = true }

[[phases.practice.questions]]
id = "confidence"
text = "How confident are you?"
kind = "scale"
source = "here"

[[phases.practice.questions]]
id = "why-low"
text = "Why so low?"
source = "here"
when = { question = "confidence", any_of = [1, 2] }

[[phases.practice.questions]]
id = "owner"
text = "Who owns the model?"
kind = "short-text"
source = "here"

[[phases.practice.questions]]
id = "tier"
text = "Risk tier?"
kind = "single-choice"
options = ["low", "high"]
source = "here"
"""


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "kinds.toml").write_text(BANK, encoding="utf-8")
    return folder


@pytest.fixture
def setup(bank_dir: Path, db_url: str):
    registry = BankRegistry.default([bank_dir])
    bank = registry.get("kinds")
    store = Store.open(db_url)
    assessment_id = store.create_assessment(
        title="t",
        system_name="s",
        system_version="",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    ).id
    yield store, registry, bank, assessment_id
    store.close()


def test_skip_logic_shows_and_hides_questions_as_answers_change(setup) -> None:
    store, registry, bank, assessment_id = setup
    progress = assessment_progress(bank, store.answers(assessment_id))
    assert progress.total == 4  # pii-controls and why-low hidden until their conditions hold
    record_answer(store, bank, assessment_id, "uses-pii", status=None, rationale="", value=True)
    record_answer(store, bank, assessment_id, "confidence", status=None, rationale="", value=2)
    progress = assessment_progress(bank, store.answers(assessment_id))
    assert progress.total == 6 and progress.answered == 2
    open_ids = {place.question.id for place in progress.required_open}
    assert {"pii-controls", "why-low"} <= open_ids
    record_answer(store, bank, assessment_id, "uses-pii", status=None, rationale="", value=False)
    progress = assessment_progress(bank, store.answers(assessment_id))
    assert progress.total == 5
    reasons = readiness_reasons(build_record(load_snapshot(store, registry, assessment_id)))
    assert not any("pii-controls" in reason for reason in reasons)
    assert any("why-low" in reason for reason in reasons)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("uses-pii", "maybe"),
        ("confidence", 6),
        ("confidence", True),
        ("tier", "medium"),
        ("pii-controls", ["nope"]),
        ("owner", "x" * 201),
    ],
)
def test_a_value_the_kind_cannot_take_is_refused(setup, question: str, value: object) -> None:
    store, _registry, bank, assessment_id = setup
    with pytest.raises(FivefoldError) as caught:
        record_answer(store, bank, assessment_id, question, status=None, rationale="", value=value)
    assert question in str(caught.value)
    assert question not in store.answers(assessment_id)


def test_a_value_on_a_rationale_question_is_refused(setup) -> None:
    store, _registry, bank, assessment_id = setup
    with pytest.raises(FivefoldError, match="status and a rationale only"):
        record_answer(store, bank, assessment_id, "why-low", status=AnswerStatus.CONCERN, rationale="r", value="x")


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ('question = "uses-pii", equals = true', 'question = "nope", equals = true', "not an earlier question"),
        ('question = "uses-pii", equals = true', 'question = "why-low", equals = true', "not an earlier question"),
        ('question = "uses-pii", equals = true', 'question = "uses-pii", equals = "sure"', "can never be"),
        ('question = "confidence", any_of = [1, 2]', 'question = "confidence", any_of = [0, 9]', "can never be"),
        ('kind = "scale"', 'kind = "slider"', "kind"),
        ('options = ["low", "high"]', 'options = ["low"]', "at least two options"),
        ('question = "uses-pii", equals = true', 'question = "uses-pii"', "exactly one of"),
    ],
)
def test_a_bad_kind_or_condition_is_a_load_error_with_its_place(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    assert replace in BANK
    path.write_text(BANK.replace(replace, by, 1), encoding="utf-8")
    problems = problems_in(path)
    assert problems, "the bad bank loaded"
    assert any(message in problem.message for problem in problems), [str(p) for p in problems]
    assert all(str(path) in str(problem) for problem in problems)
    assert any("question '" in problem.place for problem in problems)
    with pytest.raises(BankError):
        load_bank(path)
