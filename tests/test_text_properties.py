"""Any text either round-trips exactly (store -> JSON export, and each way `answer` takes it in) or is
refused in one sentence with nothing stored: property tests over all of Unicode, lone surrogates included.

The legs of the round trip are listed in ROUND_TRIP: the JSON export, and a bundle (bundle export ->
import into a second database -> JSON export there), each checked by every test here.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fivefold.banks import BankRegistry
from fivefold.errors import FivefoldError
from fivefold.export import render
from fivefold.review import load_snapshot, record_answer
from fivefold.store import AnswerStatus, Store

QUESTION = "platonic.theory.ethically-virtuous"
# The characters most likely to break a round trip, mixed into text drawn from all of Unicode
# (surrogates, category Cs, included: hypothesis leaves them out by default).
TRICKY = ["\r", "\n", "\r\n", "\x00", "\x1b", "\x85", "\u2028", "\u202e", "\u200b", "\ufeff", "\udcff", "\ud83d", "\t"]
ANY_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), st.sampled_from(TRICKY)), max_size=60).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def is_one_sentence(error: BaseException) -> bool:
    message = str(error)
    return isinstance(error, FivefoldError) and bool(message) and "\n" not in message


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def assessment_id(store: Store, registry: BankRegistry) -> int:
    bank = registry.get("five-phase")
    created = store.create_assessment(
        title="Properties", system_name="S", system_version="1", bank_id=bank.id, bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )  # fmt: skip
    assert created.id is not None
    return created.id


def exported_answer(store: Store, registry: BankRegistry, assessment_id: int) -> dict[str, object]:
    """The answer as `fivefold export --format json` writes it, read back by a JSON parser."""
    document = json.loads(render(load_snapshot(store, registry, assessment_id), "json"))
    [answer] = [answer for answer in document["answers"] if answer["question_id"] == QUESTION]
    return answer


def bundled_answer(store: Store, registry: BankRegistry, assessment_id: int) -> dict[str, object]:
    """The answer as the JSON export of a second database (a file beside the first) shows it, after a bundle
    moved the assessment there: a first import inserts it, each later one brings it up to date."""
    from fivefold.bundle import build_bundle, import_bundle, parse_bundle, render_bundle
    from fivefold.store.engine import sqlite_path

    path = sqlite_path(str(store.engine.url))
    assert path is not None
    there = Store.open(f"sqlite:///{path.with_name(path.stem + '-bundled.db')}")
    try:
        text = render_bundle(build_bundle(store, assessment_id))
        [result] = import_bundle(there, parse_bundle(text.encode("utf-8"), name="bundle"))
        return exported_answer(there, registry, result.assessment_id)
    finally:
        there.close()


# The round trip's legs after the store, in order.
ROUND_TRIP: list[Callable[[Store, BankRegistry, int], dict[str, object]]] = [exported_answer, bundled_answer]


def save_then_read(store: Store, registry: BankRegistry, assessment_id: int, text: str, evidence: str) -> None:
    """Save `text` (and `evidence`); it must come back exactly, or be refused leaving the last answer."""
    bank = registry.get("five-phase")
    record_answer(store, bank, assessment_id, QUESTION, status=AnswerStatus.CONCERN, rationale="before")
    try:
        record_answer(
            store, bank, assessment_id, QUESTION, status=AnswerStatus.CONCERN, rationale=text, evidence=[evidence]
        )
    except Exception as error:
        assert is_one_sentence(error), repr(error)
        expected: tuple[object, object] = ("before", [])
    else:
        expected = (text, [evidence])
    for leg in ROUND_TRIP:
        answer = leg(store, registry, assessment_id)
        assert (answer["rationale"], answer["evidence"]) == expected


@SETTINGS
@given(text=ANY_TEXT)
@example(text="carriage\rreturn\r\nand NUL\x00")
@example(text="bytes that were not UTF-8: \udcff")
def test_any_rationale_round_trips_or_is_refused(store, registry, assessment_id, text: str) -> None:
    save_then_read(store, registry, assessment_id, text, evidence="ref")


@SETTINGS
@given(evidence=ANY_TEXT)
@example(evidence="bytes that were not UTF-8: \udcff")
def test_any_evidence_round_trips_or_is_refused(store, registry, assessment_id, evidence: str) -> None:
    save_then_read(store, registry, assessment_id, "text", evidence=evidence)


@pytest.fixture
def cli_assessment(run_cli, db_url: str) -> str:
    code, out, _ = run_cli("--db", db_url, "new", "--bank", "five-phase", "--title", "T", "--system", "S")
    assert code == 0
    return out.strip()


@pytest.mark.slow  # each example runs the CLI seven times (about 0.4 s)
@settings(SETTINGS, max_examples=40)
@given(text=ANY_TEXT)
@example(text="\r\n\r")
@example(text="\udcff")
def test_any_text_through_answer_round_trips_or_is_refused(
    run_cli, db_url: str, cli_assessment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Through `fivefold answer` as an argument (where argv can hold it), a file and stdin. A file or
    stdin holds bytes: text with lone surrogates arrives as bytes that are not UTF-8."""

    def stored() -> object:
        code, out, _ = run_cli("--db", db_url, "export", cli_assessment, "--format", "json", "-o", "-")
        assert code == 0
        return next((item["rationale"] for item in json.loads(out)["answers"] if item["question_id"] == QUESTION), None)

    answer = ("--db", db_url, "answer", cli_assessment, QUESTION, "--status", "concern")
    data = text.encode("utf-8", "surrogatepass")
    source = tmp_path / "answer.md"
    source.write_bytes(data)
    ways: dict[str, Callable[[], tuple[int, str, str]]] = {"file": lambda: run_cli(*answer, "--text-file", source)}

    def from_stdin() -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        return run_cli(*answer, "--text-file", "-")

    ways["stdin"] = from_stdin
    if "\x00" not in text:
        ways["argument"] = lambda: run_cli(*answer, f"--text={text}")
    not_utf8 = any("\ud800" <= char <= "\udfff" for char in text)
    refused = not_utf8 or "\x00" in text  # the only texts `answer` refuses (NUL: no database pair keeps it alike)
    before = stored()
    for way, send in ways.items():
        code, out, err = send()
        if refused:
            assert (code, out) == (2, ""), way
            if not_utf8:
                sentence = "argument --text: is not valid UTF-8" if way == "argument" else "is not UTF-8 text"
            else:
                sentence = "holds a NUL character"
            assert sentence in err and "Traceback" not in err, (way, err)
        else:
            assert (code, err) == (0, ""), way
        assert stored() == (before if refused else text), way
