"""The plain front end, driven key by key through prompt_toolkit's pipe input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from fivefold.banks import BankRegistry
from fivefold.plain import ask_all, open_questions
from fivefold.review import load_snapshot, parse_status, record_answer, record_goal
from fivefold.store import Store

DOWN, ENTER = "\x1b[B", "\r"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def assessment_id(store: Store, registry: BankRegistry) -> int:
    bank = registry.get("five-phase")
    return store.create_assessment(
        title="Plain \x1b[31mred\x1b[0m", system_name="clf", system_version="1",
        bank_id=bank.id, bank_version=bank.version, bank_hash=bank.content_hash(),
    ).id  # fmt: skip


def test_answers_are_saved_one_by_one_and_quitting_keeps_them(
    store: Store, registry: BankRegistry, assessment_id: int
) -> None:
    record_goal(store, registry.get("five-phase"), assessment_id, "platonic", "theory", x="\x1b[2Jwipe", y="y")
    lines: list[str] = []
    keys = (
        ENTER + "Because it helps.\r"  # 1st question: addressed (the first choice)
        + DOWN + DOWN + ENTER + "No kill switch.\r"  # 2nd: blocker
        + DOWN * 4 + ENTER  # 3rd: skip
        + DOWN * 5 + ENTER  # 4th: quit
    )  # fmt: skip
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        saved = ask_all(
            store,
            load_snapshot(store, registry, assessment_id),
            prompt_options={"input": pipe, "output": DummyOutput()},
            say=lines.append,
        )
    assert saved == 2
    answers = store.answers(assessment_id)
    first, second, third = (place.question.id for place in registry.get("five-phase").questions()[:3])
    assert (answers[first].status, answers[first].rationale) == ("addressed", "Because it helps.")
    assert (answers[second].status, answers[second].rationale) == ("blocker", "No kill switch.")
    assert third not in answers
    text = "\n".join(lines)
    assert "\x1b" not in text, "control codes from user text reached the terminal"
    assert "\\x1b[2Jwipe" in text and "\\x1b[31mred" in text
    remaining = open_questions(load_snapshot(store, registry, assessment_id))
    assert [place.question.id for place in remaining][:1] == [third]


def test_without_a_terminal_it_says_to_use_answer(db_url: str, assessment_id: int, run_fivefold) -> None:
    result = run_fivefold("--db", db_url, "ask", assessment_id, "--plain")
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "fivefold answer" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_question_that_already_has_a_status_starts_on_it(
    store: Store, registry: BankRegistry, assessment_id: int
) -> None:
    """Regression: the status prompt's default was the choice's label, which questionary refused
    (`ValueError: Invalid default value`) on any question already answered: cycle 2, or `--all`."""
    bank = registry.get("five-phase")
    first = bank.questions()[0].question.id
    record_answer(store, bank, assessment_id, first, status=parse_status("concern"), rationale="Old worry.")
    keys = ENTER + "\x15Still a worry.\r" + DOWN * 5 + ENTER  # keep the status; ctrl+u clears the old text
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        saved = ask_all(
            store,
            load_snapshot(store, registry, assessment_id),
            everything=True,
            prompt_options={"input": pipe, "output": DummyOutput()},
            say=[].append,
        )
    assert saved == 1
    answer = store.answers(assessment_id)[first]
    assert (answer.status, answer.rationale) == ("concern", "Still a worry.")
