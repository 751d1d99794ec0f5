"""The bundle leg for comments: any comment text and author either come back exactly after store ->
bundle -> import into a second database -> JSON export, or are refused in one sentence with nothing stored.

Answers take the same leg in tests/test_text_properties.py (`bundled_answer` in its ROUND_TRIP).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from fivefold.banks import BankRegistry
from fivefold.bundle import build_bundle, import_bundle, parse_bundle, render_bundle
from fivefold.errors import FivefoldError
from fivefold.export import render
from fivefold.review import load_snapshot
from fivefold.review.comments import leave_comment
from fivefold.store import Store

# Hypothesis keeps its caches (Unicode tables among them) under its home folder, `.hypothesis` in the
# working directory by default: the test run must not write into the source tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="fivefold-hypothesis-"))

QUESTION = "platonic.theory.ethically-virtuous"
TRICKY = ["\r", "\n", "\r\n", "\x00", "\x1b", "\x85", "\u2028", "\u202e", "\u200b", "\ufeff", "\udcff", "\ud83d", "\t"]
ANY_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), st.sampled_from(TRICKY)), max_size=60).map("".join)
# database=None: no example database in the source tree (as tests/test_gate_adversarial.py).
SETTINGS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class Databases:
    """The database an assessment is written in, and a second one that receives it by bundle."""

    def __init__(self, folder: Path, registry: BankRegistry) -> None:
        self.registry = registry
        self.here = Store.open(f"sqlite:///{folder / 'here.db'}")
        self.there = Store.open(f"sqlite:///{folder / 'there.db'}")
        bank = registry.get("five-phase")
        created = self.here.create_assessment(
            title="Properties", system_name="S", system_version="1", bank_id=bank.id, bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )  # fmt: skip
        assert created.id is not None
        self.assessment_id = created.id

    def moved(self) -> dict[str, object]:
        """Bundle the assessment, import it over there, and return its JSON export from there."""
        text = render_bundle(build_bundle(self.here, self.assessment_id))
        [result] = import_bundle(self.there, parse_bundle(text.encode("utf-8"), name="bundle"))
        document: dict[str, object] = json.loads(
            render(load_snapshot(self.there, self.registry, result.assessment_id), "json")
        )
        return document

    def close(self) -> None:
        self.here.close()
        self.there.close()


@pytest.fixture
def databases(tmp_path: Path, registry: BankRegistry) -> Iterator[Databases]:
    opened = Databases(tmp_path, registry)
    yield opened
    opened.close()


@SETTINGS
@given(text=ANY_TEXT, author=ANY_TEXT)
@example(text="\udcff not UTF-8", author="Ana")
@example(text="NUL \x00", author="Ana")
@example(text="fine", author="\x1b[31mMallory")
def test_any_comment_comes_back_exactly_through_a_bundle_or_is_refused(
    databases: Databases, registry: BankRegistry, text: str, author: str
) -> None:
    before = len(databases.here.comments(databases.assessment_id))
    snapshot = load_snapshot(databases.here, registry, databases.assessment_id)
    try:
        made = leave_comment(databases.here, snapshot, QUESTION, author=author, text=text)
    except FivefoldError as error:
        assert str(error) and "\n" not in str(error)
        assert len(databases.here.comments(databases.assessment_id)) == before, "a refused comment stores nothing"
        return
    document = databases.moved()
    threads = {thread["id"]: thread for thread in document["comments"]}  # type: ignore[attr-defined]
    assert (threads[made.uuid]["text"], threads[made.uuid]["author"]) == (text, author.strip())
