"""Fixtures for the TUI tests: the core bank, a store on the test's database, assessments made through it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from fivefold.banks import Bank, BankRegistry
from fivefold.review import parse_status, record_answer
from fivefold.store import Store


@pytest.fixture
def bank() -> Bank:
    return BankRegistry.default().get("five-phase")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The test's own connection to the database the app uses (another window, or a check afterwards)."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def new_assessment(store: Store, bank: Bank) -> Callable[..., int]:
    """Create an assessment on the core bank straight in the store; returns its id."""

    def create(title: str = "Pre-release review", system: str = "triage-model", version: str = "2.3.0") -> int:
        assessment = store.create_assessment(
            title=title,
            system_name=system,
            system_version=version,
            bank_id=bank.id,
            bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )
        assert assessment.id is not None
        return assessment.id

    return create


@pytest.fixture
def save_answer(store: Store, bank: Bank) -> Callable[..., int]:
    """Save an answer the way another window would (through the core, not the TUI); returns its revision."""

    def save(assessment_id: int, question_id: str, status: str | None, rationale: str, **kwargs: int) -> int:
        return record_answer(
            store, bank, assessment_id, question_id, status=parse_status(status), rationale=rationale, **kwargs
        ).revision

    return save
