"""`fivefold edit` and `Store.edit_assessment`: rename an assessment or change its system, audited."""

from __future__ import annotations

import json

import pytest

from fivefold.store import Store


@pytest.fixture
def assessment_id(run_cli, db_url: str) -> int:
    code, out, err = run_cli(
        "--db", db_url, "new", "--bank", "five-phase", "--title", "Q3", "--system", "triage", "--system-version", "1.0"
    )
    assert (code, err) == (0, "")
    return int(out)


def test_edit_changes_what_is_given_and_logs_it(run_cli, db_url: str, assessment_id: int) -> None:
    code, out, err = run_cli("--db", db_url, "edit", assessment_id, "--title", "Q3 review", "--system-version", "1.1")
    assert (code, out, err) == (0, "", "")
    store = Store.open(db_url)
    try:
        assessment = store.assessment(assessment_id)
        assert (assessment.title, assessment.system_name, assessment.system_version) == ("Q3 review", "triage", "1.1")
        event = store.audit_events(assessment_id)[-1]
        assert event.kind == "assessment.edited"
        assert json.loads(event.data) == {"title": "Q3 review", "system_name": "triage", "system_version": "1.1"}
        assert store.audit_problems(assessment_id) == []
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "give at least one of --title"),
        (("--title", "  "), "--title is empty"),
        (("--system", ""), "--system is empty"),
    ],
)
def test_edit_refuses_nothing_to_change_or_an_empty_name(
    run_cli, db_url: str, assessment_id: int, args: tuple[str, ...], fragment: str
) -> None:
    code, out, err = run_cli("--db", db_url, "edit", assessment_id, *args)
    assert (code, out) == (2, "")
    assert err.startswith("fivefold: ") and fragment in err and len(err.strip().splitlines()) == 1


def test_edit_of_an_unknown_assessment_names_it(run_cli, db_url: str, assessment_id: int) -> None:
    code, _out, err = run_cli("--db", db_url, "edit", assessment_id + 1, "--title", "x")
    assert code == 2 and f"no assessment with id {assessment_id + 1}" in err
