"""Owners and due dates of open concerns and blockers: `fivefold owner`, `fivefold actions`, the exports."""

from __future__ import annotations

import json
from datetime import date

import pytest
from signing_helpers import BLOCKER, bundled_registry, ready_assessment

from fivefold.export.markdown import render_markdown
from fivefold.review import load_snapshot, record_answer
from fivefold.review.actions import actions_document, open_items
from fivefold.store import AnswerStatus, Store

CONCERN = "platonic.practice.rushed-deployment"


@pytest.fixture
def assessment(db_url: str) -> int:
    """Ready, with one accepted blocker and one concern besides."""
    store = Store.open(db_url)
    try:
        registry = bundled_registry()
        assessment_id = ready_assessment(store, registry)
        record_answer(
            store, registry.get("five-phase"), assessment_id, CONCERN, status=AnswerStatus.CONCERN,
            rationale="The launch date is fixed by marketing.",
        )  # fmt: skip
        return assessment_id
    finally:
        store.close()


def test_owners_and_due_dates_list_with_the_overdue_first(run_cli, db_url: str, assessment: int) -> None:
    code, out, _ = run_cli("--db", db_url, "actions", assessment)
    assert code == 0 and "(nobody)" in out and BLOCKER in out and CONCERN in out
    code, out, _ = run_cli("--db", db_url, "owner", assessment, CONCERN, "--owner", "Ana", "--due", "2999-01-31")
    assert (code, out) == (0, f"{CONCERN}: owner Ana, due 2999-01-31\n")
    code, out, _ = run_cli("--db", db_url, "owner", assessment, BLOCKER, "--owner", "Ben", "--due", "2001-02-03")
    assert code == 0
    code, out, _ = run_cli("--db", db_url, "actions", assessment)
    lines = out.splitlines()
    assert lines[1].startswith("2001-02-03  Ben") and lines[1].endswith("OVERDUE") and "blocker" in lines[1]
    assert lines[2].startswith("2999-01-31  Ana") and "OVERDUE" not in lines[2]
    code, out, _ = run_cli("--db", db_url, "actions", assessment, "--overdue")
    assert len(out.splitlines()) == 2 and BLOCKER in out


def test_the_json_is_the_documented_shape(run_cli, db_url: str, assessment: int) -> None:
    run_cli("--db", db_url, "owner", assessment, BLOCKER, "--owner", "Bén", "--due", "2001-02-03")
    code, out, _ = run_cli("--db", db_url, "actions", assessment, "--json")
    assert code == 0 and out.isascii()
    document = json.loads(out)
    assert set(document) == {"format", "as_of", "assessment", "items"}
    assert document["format"] == "fivefold-actions/1" and document["as_of"] == date.today().isoformat()
    assert set(document["assessment"]) == {"id", "uuid", "title", "system", "cycle"}
    first, second = document["items"]
    assert set(first) == {"key", "question_id", "question", "phase", "lens", "status", "owner", "due", "overdue"}
    assert first["key"] == f"{document['assessment']['uuid']}/{BLOCKER}"
    assert (first["owner"], first["due"], first["overdue"], first["status"]) == ("Bén", "2001-02-03", True, "blocker")
    assert (second["question_id"], second["owner"], second["due"], second["overdue"]) == (CONCERN, None, None, False)
    code, out, _ = run_cli("--db", db_url, "actions", assessment, "--json", "--overdue")
    assert [item["question_id"] for item in json.loads(out)["items"]] == [BLOCKER]


@pytest.mark.parametrize(
    ("question", "due", "sentence"),
    [
        ("platonic.theory.ethically-virtuous", "2030-01-01", "is addressed; only a concern or a blocker"),
        ("no.such.question", "2030-01-01", "has no question 'no.such.question'"),
        (CONCERN, "31/12/2030", "is not a date; give it as YYYY-MM-DD"),
        (CONCERN, "2030-02-30", "is not a date of the calendar"),
        (CONCERN, "20300101", "is not a date; give it as YYYY-MM-DD"),
    ],
)
def test_owners_only_for_open_items_and_real_dates(
    run_cli, db_url: str, assessment: int, question: str, due: str, sentence: str
) -> None:
    code, out, err = run_cli("--db", db_url, "owner", assessment, question, "--owner", "Ana", "--due", due)
    assert (code, out) == (2, "") and sentence in err and err.count("\n") == 1, err
    store = Store.open(db_url)
    try:
        assert store.action_items(assessment) == {}
    finally:
        store.close()


def test_an_owner_given_by_mistake_is_taken_away_and_the_log_says_so(run_cli, db_url: str, assessment: int) -> None:
    """There was no way to undo an owner: only to give another one."""
    run_cli("--db", db_url, "owner", assessment, CONCERN, "--owner", "Wrong person", "--due", "2030-01-01")
    code, out, err = run_cli("--db", db_url, "owner", assessment, CONCERN, "--clear")
    assert (code, out, err) == (0, f"{CONCERN}: no owner or due date now\n", "")
    code, out, _ = run_cli("--db", db_url, "actions", assessment, "--json")
    concern = next(item for item in json.loads(out)["items"] if item["question_id"] == CONCERN)
    assert (concern["owner"], concern["due"]) == (None, None)  # still an open item, nobody's now
    assert run_cli("--db", db_url, "verify", assessment)[0] == 0  # the chain replays the clearing
    store = Store.open(db_url)
    try:
        assert [event.kind for event in store.audit_events(assessment)][-2:] == ["action.assigned", "action.cleared"]
        assert store.action_items(assessment) == {}
    finally:
        store.close()


@pytest.mark.parametrize(
    ("arguments", "sentence"),
    [
        (["--clear"], f"'{CONCERN}' has no owner to clear"),
        (["--clear", "--owner", "Ana"], "give either --clear or --owner and --due, not both"),
        (["--owner", "Ana"], "give the owner with --owner and the due date with --due"),
        (["--due", "2030-01-01"], "give the owner with --owner and the due date with --due"),
    ],
)
def test_clearing_or_giving_an_owner_wrongly_is_one_sentence(
    run_cli, db_url: str, assessment: int, arguments: list[str], sentence: str
) -> None:
    code, out, err = run_cli("--db", db_url, "owner", assessment, CONCERN, *arguments)
    assert (code, out) == (2, "") and sentence in err and err.count("\n") == 1, err


def test_an_owner_set_after_a_signoff_makes_it_stale(run_cli, db_url: str, assessment: int) -> None:
    assert run_cli("--db", db_url, "sign", assessment, "--reviewer", "Cy", "--decision", "approve")[0] == 0
    assert run_cli("--db", db_url, "gate", assessment)[0] == 0
    run_cli("--db", db_url, "owner", assessment, CONCERN, "--owner", "Ana", "--due", "2030-01-01")
    code, out, _ = run_cli("--db", db_url, "gate", assessment)
    assert code == 1 and "1 stale sign-off(s) no longer count" in out


def test_the_markdown_and_html_end_with_the_action_items_table(db_url: str, assessment: int, run_cli) -> None:
    run_cli("--db", db_url, "owner", assessment, BLOCKER, "--owner", "Ben|<b>", "--due", "2026-06-01")
    store = Store.open(db_url)
    try:
        snapshot = load_snapshot(store, bundled_registry(), assessment)
        markdown = render_markdown(snapshot, today=date(2026, 6, 2))
        assert [item.overdue for item in open_items(snapshot, today=date(2026, 6, 1))] == [False, False]
        document = actions_document(snapshot, today=date(2026, 6, 2))
        assert [item["overdue"] for item in document["items"]] == [True, False]
    finally:
        store.close()
    table = markdown.split("## Action items")[1]
    assert "## " not in table, "the document ends with the table"
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Due | Owner | Status | Question | |"
    assert rows[1].startswith("| 2026-06-01 | Ben&#124;&lt;b&gt; | BLOCKER |") and rows[1].endswith("| **OVERDUE** |")
    assert rows[2].startswith("| none | *nobody* | CONCERN |") and rows[2].endswith("|  |")
    html = run_cli("--db", db_url, "export", assessment, "--format", "html", "-o", "-")[1]
    assert "<h2>Action items</h2>" in html and "<td>Ben|&lt;b&gt;</td>" in html
