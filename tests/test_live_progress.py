"""`LiveProgress`, the progress an autosave updates in place, equals the full computation after any saves."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from progress_banks import KINDS_QUESTIONS, write_banks

from fivefold.banks import Bank, BankRegistry
from fivefold.review.progress import LiveProgress, applicable_questions, assessment_progress
from fivefold.store import Answer

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="fivefold-hypothesis-"))

STATUSES = [None, "addressed", "concern", "blocker", "not-applicable"]
RATIONALES = ["", " \u3000", "Because.", "\n"]
VALUES = [None, True, False, 1, 2, 3, 5, "high", "low", "Ana", ["encryption"], ["access logs"], []]


def chained_bank(size: int = 40, seed: int = 8) -> Bank:
    """Yes/no questions, most of them shown only when an earlier one's value or status matches: deep chains."""
    rng = random.Random(seed)
    questions: list[dict[str, Any]] = []
    for number in range(size):
        question: dict[str, Any] = {"id": f"q{number}", "text": f"Q{number}?", "kind": "yes-no", "source": "here"}
        if number and rng.random() < 0.8:
            target = f"q{rng.randrange(max(0, number - 4), number)}"  # near ones, so chains grow deep
            condition = rng.choice([{"equals": True}, {"equals": False}, {"status": "concern"}, {"any_of": [True]}])
            question["when"] = {"question": target, **condition}
        question["required"] = rng.random() < 0.7
        questions.append(question)
    lens = {"goal": "I wish to {X} by {Y}.", "x": "x", "y": "y", "source": "here"}
    return Bank.model_validate(
        {
            "id": "chains",
            "version": "1",
            "title": "Chains",
            "sources": [{"id": "here", "title": "Here"}],
            "phases": [
                {"id": "one", "title": "One", "theory": {**lens, "questions": questions[: size // 2]}},
                {"id": "two", "title": "Two", "practice": {**lens, "questions": questions[size // 2 :]}},
            ],
        }
    )


@pytest.fixture(scope="module")
def banks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Bank]:
    folder = write_banks(tmp_path_factory.mktemp("banks"))
    registry = BankRegistry.default([folder])
    return {"kinds": registry.get("kinds", "1.0.0"), "five-phase": registry.get("five-phase"), "chains": chained_bank()}


def answer(question_id: str, status: str | None, rationale: str, value: Any, *, carried_over: bool = False) -> Answer:
    return Answer(
        assessment_id=1,
        question_id=question_id,
        status=status,
        rationale=rationale,
        value=value,
        carried_over=carried_over,
        revision=1,
    )


def draws(ids: list[str]) -> st.SearchStrategy[tuple[str, str | None, str, Any]]:
    return st.tuples(
        st.sampled_from([*ids, "retired-question"]),
        st.sampled_from(STATUSES),
        st.sampled_from(RATIONALES),
        st.sampled_from(VALUES),
    )


def assert_same(live: LiveProgress, bank: Bank) -> None:
    full = assessment_progress(bank, live.answers)
    assert live.progress() == full
    assert (live.answered, live.total) == (full.answered, full.total)
    shown = applicable_questions(bank, live.answers)
    assert all(live.is_shown(place.question.id) == (place.question.id in shown) for place in bank.questions())


@settings(max_examples=150, deadline=None, database=None)
@given(data=st.data(), name=st.sampled_from(["kinds", "five-phase", "chains"]))
def test_saves_in_any_order_keep_the_full_computation(banks: dict[str, Bank], data: st.DataObject, name: str) -> None:
    bank = banks[name]
    ids = [place.question.id for place in bank.questions()]
    values = VALUES if name == "kinds" else [None, True, False]
    pick = st.tuples(
        st.sampled_from([*ids, "retired-question"]),
        st.sampled_from(STATUSES),
        st.sampled_from(RATIONALES),
        st.sampled_from(values),
    )
    # Some answers carried over from a last cycle (drafts to re-confirm), some not.
    start = data.draw(st.lists(st.tuples(pick, st.booleans()), max_size=12), label="start")
    answers = {q: answer(q, s, r, v, carried_over=c) for (q, s, r, v), c in start}
    live = LiveProgress(bank, answers)
    assert_same(live, bank)
    for question_id, status, rationale, value in data.draw(st.lists(pick, min_size=1, max_size=25), label="saves"):
        before = applicable_questions(bank, live.answers)
        changed = live.save(answer(question_id, status, rationale, value))
        after = applicable_questions(bank, live.answers)
        assert changed == [q for q in ids if q in before ^ after], "the questions it showed or skipped, in bank order"
        assert_same(live, bank)


def test_a_save_touches_only_the_questions_that_read_it(banks: dict[str, Bank]) -> None:
    """The work of a save follows the conditions that read the saved question, not the size of the bank."""
    bank = banks["kinds"]
    live = LiveProgress(bank, {})
    looked_at: list[int] = []
    applies = live._applies

    def counting(position: int) -> bool:
        looked_at.append(position)
        return applies(position)

    live._applies = counting  # type: ignore[method-assign]
    live.save(answer("owner", None, "", "Ana"))  # no condition reads it
    assert looked_at == []
    live.save(answer("confidence", None, "", 4))  # why-low reads it and stays skipped: nothing further
    assert looked_at == [10]
    looked_at.clear()
    assert live.save(answer("uses-pii", None, "", True)) == ["pii-controls"]
    # pii-controls reads uses-pii; it now applies, so the two that read pii-controls are looked at too.
    assert sorted(looked_at) == [3, 4, 9]
    looked_at.clear()
    assert live.save(answer("pii-controls", "concern", "Some.", ["encryption"])) == ["pii-audit", "encrypted-how"]
    assert len(looked_at) == 2
    looked_at.clear()
    assert live.save(answer("uses-pii", None, "", False)) == ["pii-controls", "pii-audit", "encrypted-how"]
    assert len(looked_at) == 3
    assert set(KINDS_QUESTIONS) >= {place.question.id for place in bank.questions()}


def test_a_large_bank_saves_without_looking_at_the_whole_bank(tmp_path: Path) -> None:
    bank = chained_bank(size=1000, seed=3)
    live = LiveProgress(bank, {})
    looked_at = []
    applies = live._applies
    live._applies = lambda position: looked_at.append(position) or applies(position)  # type: ignore[method-assign]
    live.save(answer("q998", "addressed", "Done.", True))
    assert len(looked_at) <= len(live._readers.get("q998", [])) + 1
    assert_same(live, bank)
