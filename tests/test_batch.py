"""`fivefold answer ID --batch FILE`: every line checked as `record_answer` checks one, every bad line
reported with its number and field, and nothing saved unless every line is good, in one transaction."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from progress_banks import write_banks

from fivefold.banks import BankRegistry
from fivefold.review import record_answer
from fivefold.review.answering import MAX_TEXT_CHARS
from fivefold.store import Answer, AnswerStatus, Store

HOSTILE = Path(__file__).parent / "data" / "batches" / "hostile.jsonl"
SERVER = os.environ.get("FIVEFOLD_TEST_POSTGRES")

# Line number -> (field or None, a fragment of the message), for every bad line of the hostile batch.
HOSTILE_PROBLEMS = {
    2: (None, "is not JSON"),
    3: (None, "is not a JSON object"),
    4: ("rationale", "is not a field of an answer"),
    5: ("question", "is missing"),
    6: ("question", "has no question 'no-such-question'"),
    7: ("status", "'done' is not a status"),
    8: ("status", "must be a status name"),
    9: ("text", "must be a string"),
    10: ("evidence", "must be a list of strings"),
    11: ("value", "takes a whole number from 1 to 5"),
    12: (None, "holds NaN"),
    13: ("value", "is given twice"),
    14: ("question", "'purpose' is answered on line 1 already"),
    15: (None, "nested too deeply"),
    16: (None, "is not JSON"),
    17: ("text", "NUL"),
    18: ("value", "not UTF-8"),
    19: ("question", "has no question '\\x1b[31mred\\x1b[0m\\u202e'"),
    20: (None, "neither text nor value"),
    21: ("value", "takes yes or no"),
    22: ("value", "takes a list of its options"),
    26: ("evidence", "must be a list of strings"),
}


@pytest.fixture
def bank_folder(tmp_path: Path) -> Path:
    return write_banks(tmp_path / "banks")


@pytest.fixture
def kinds(run_cli, db_url: str, bank_folder: Path) -> int:
    code, out, err = run_cli(
        "--db", db_url, "--bank-dir", bank_folder, "new", "--bank", "kinds", "--title", "T", "--system", "s"
    )
    assert (code, err) == (0, "")
    return int(out)


def state(db_url: str, assessment_id: int) -> tuple[dict[str, Any], int, str]:
    """Every answer as stored, and the assessment's audit position: what 'nothing saved' must leave alone."""
    store = Store.open(db_url)
    try:
        assessment = store.assessment(assessment_id)
        answers = {
            q: (a.status, a.rationale, a.evidence, a.value, a.revision) for q, a in store.answers(assessment_id).items()
        }
        return answers, assessment.audit_seq, assessment.audit_head
    finally:
        store.close()


def write_batch(path: Path, *rows: dict[str, Any] | str) -> Path:
    path.write_text("\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows), encoding="utf-8")
    return path


GOOD = [
    {
        "question": "purpose",
        "status": "addressed",
        "text": "Routing tickets faster.",
        "evidence": ["evals/report.html"],
    },
    {"question": "uses-pii", "status": None, "value": True},
    {"question": "pii-controls", "status": "concern", "text": "Only some.", "value": ["encryption", "access logs"]},
    {"question": "confidence", "status": "draft", "text": "", "value": 4},
    {"question": "owner", "value": "Ana"},
    {"question": "tier", "status": "not-applicable", "text": "No tiers here.", "value": "low"},
    {"question": "optional-note", "status": "blocker", "text": "Line\u2028separator, form\x0cfeed, \x85 and é kept."},
]


def test_a_good_batch_saves_each_answer_as_one_answer_command_would(run_cli, db_url, bank_folder, kinds, tmp_path):
    batch = write_batch(tmp_path / "answers.jsonl", *GOOD, "", "  ")
    code, out, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", batch)
    assert (code, out, err) == (0, "", "")
    answers, seq, _ = state(db_url, kinds)
    # The same answers through record_answer, one by one, on a second assessment.
    registry = BankRegistry.default([bank_folder])
    bank = registry.get("kinds")
    store = Store.open(db_url)
    try:
        other = store.create_assessment(
            title="T", system_name="s", system_version="", bank_id="kinds", bank_version=bank.version, bank_hash="x"
        )
        for row in GOOD:
            status = row.get("status")
            record_answer(
                store,
                bank,
                other.id,
                row["question"],
                status=AnswerStatus(status) if status not in (None, "draft") else None,
                rationale=row.get("text", ""),
                evidence=row.get("evidence", ()),
                value=row.get("value"),
            )
        assert answers == {
            q: (a.status, a.rationale, a.evidence, a.value, a.revision) for q, a in store.answers(other.id).items()
        }
        assert store.audit_problems(kinds) == []
    finally:
        store.close()
    assert seq == 1 + len(GOOD), "one audit event per answer, after the creation"
    # Saving again updates every answer: the next revision of each.
    assert run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", batch)[0] == 0
    assert {row[4] for row in state(db_url, kinds)[0].values()} == {2}


def test_every_bad_line_is_reported_with_its_number_and_field_and_nothing_is_saved(run_cli, db_url, bank_folder, kinds):
    before = state(db_url, kinds)
    code, out, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", HOSTILE)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[-1] == f"fivefold: {len(HOSTILE_PROBLEMS)} problem(s) in {HOSTILE}; nothing was saved"
    reported = lines[:-1]
    assert len(reported) == len(HOSTILE_PROBLEMS), err
    for line, (number, (field, fragment)) in zip(reported, sorted(HOSTILE_PROBLEMS.items()), strict=True):
        where = f"fivefold: {HOSTILE}: line {number}:" + (f" field '{field}':" if field else "")
        assert line.startswith(where), (line, where)
        assert fragment in line, (line, fragment)
        assert len(line) < 500 and "\x1b" not in line and "\u202e" not in line
    assert state(db_url, kinds) == before


def test_one_bad_line_among_good_ones_saves_none(run_cli, db_url, bank_folder, kinds, tmp_path):
    before = state(db_url, kinds)
    too_long = {"question": "purpose", "status": "addressed", "text": "x" * (MAX_TEXT_CHARS + 1)}
    batch = write_batch(tmp_path / "answers.jsonl", *GOOD[1:], too_long)
    code, _, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", batch)
    assert code == 2 and f"line {len(GOOD)}: field 'text': the rationale for 'purpose' has 200,001 characters" in err
    assert state(db_url, kinds) == before


def test_a_failure_half_way_through_the_transaction_saves_none(run_cli, db_url, bank_folder, kinds, tmp_path):
    """The database refuses the fifth answer after four were written: all four are rolled back."""
    path = Path(db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TRIGGER refuse_owner BEFORE INSERT ON answer WHEN NEW.question_id = 'owner' "
            "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
        )
    before = state(db_url, kinds)
    batch = write_batch(tmp_path / "answers.jsonl", *GOOD)
    code, _, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", batch)
    assert code == 2 and len(err.splitlines()) == 1, err
    assert state(db_url, kinds) == before


def fivefold_with_stdin(env: dict[str, str], stdin: bytes, *argv: object) -> subprocess.CompletedProcess[str]:
    """The real `python -m fivefold ARGS...` reading `stdin`."""
    result = subprocess.run(
        [sys.executable, "-m", "fivefold", *(str(arg) for arg in argv)],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


def test_the_batch_reads_stdin_with_a_byte_order_mark_and_crlf(subprocess_env, db_url, bank_folder, kinds):
    content = "\ufeff" + "\r\n".join(json.dumps(row, ensure_ascii=False) for row in GOOD) + "\r\n"
    result = fivefold_with_stdin(
        subprocess_env,
        content.encode("utf-8"),
        "--db",
        db_url,
        "--bank-dir",
        bank_folder,
        "answer",
        kinds,
        "--batch",
        "-",
    )
    assert (result.returncode, result.stderr) == (0, "")
    answers, seq, _ = state(db_url, kinds)
    assert answers["optional-note"][1] == GOOD[-1]["text"] and seq == 1 + len(GOOD)


def test_input_that_is_not_text_is_one_sentence(subprocess_env, run_cli, db_url, bank_folder, kinds, tmp_path):
    before = state(db_url, kinds)
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(b'{"question": "purpose", "text": "caf\xe9"}')
    code, out, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", latin1)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "not UTF-8" in err and str(latin1) in err
    code, _, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", tmp_path / "none")
    assert code == 2 and len(err.splitlines()) == 1 and "cannot read --batch" in err
    code, _, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", tmp_path)
    assert code == 2 and len(err.splitlines()) == 1 and "cannot read --batch" in err
    result = fivefold_with_stdin(
        subprocess_env, b"\xff\xfe", "--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", "-"
    )
    assert result.returncode == 2 and "stdin is not UTF-8" in result.stderr and "Traceback" not in result.stderr
    empty = write_batch(tmp_path / "empty.jsonl", "", "   ")
    code, _, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "--batch", empty)
    assert code == 2 and "no answers" in err
    assert state(db_url, kinds) == before


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["purpose"], "QUESTION_ID"),
        (["--status", "addressed"], "--status"),
        (["--text", "x"], "--text"),
        (["--value", "3", "--evidence", "r"], "--value, --evidence"),
    ],
)
def test_batch_and_one_answer_options_do_not_mix(run_cli, db_url, bank_folder, kinds, tmp_path, extra, named):
    batch = write_batch(tmp_path / "answers.jsonl", *GOOD)
    code, out, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, *extra, "--batch", batch)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and f"leave out {named}" in err


def test_one_answer_still_needs_its_question_and_status(run_cli, db_url, bank_folder, kinds):
    code, _, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds)
    assert code == 2 and "QUESTION_ID" in err and "--batch" in err and len(err.splitlines()) == 1
    code, _, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "answer", kinds, "purpose", "--text", "x")
    assert code == 2 and "--status" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("option", ["--text", "--evidence"])
def test_bytes_that_are_not_utf8_in_argv_are_refused_not_a_traceback(
    subprocess_env, db_url, bank_folder, kinds, option: str
) -> None:
    """A shell passes any bytes; Python hands the ones that are not UTF-8 over as lone surrogates."""
    before = state(db_url, kinds)
    argv = [
        os.fsencode(arg) for arg in ("--db", db_url, "--bank-dir", str(bank_folder), "answer", str(kinds), "purpose")
    ]
    argv += [b"--status", b"addressed", option.encode(), b"caf\xe9"]
    if option != "--text":
        argv += [b"--text", b"fine"]
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"fivefold", *argv], capture_output=True, env=subprocess_env, check=False
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    # argparse's own refusal: its usage line, then one sentence naming the option.
    assert f"argument {option}: is not valid UTF-8" in stderr.splitlines()[-1] and "Traceback" not in stderr
    assert state(db_url, kinds) == before


def test_a_nul_in_a_rationale_is_refused_alike_on_every_database(run_cli, db_url, bank_folder, kinds, tmp_path):
    text = tmp_path / "nul.md"
    text.write_text("before\x00after", encoding="utf-8")
    code, out, err = run_cli(
        "--db",
        db_url,
        "--bank-dir",
        bank_folder,
        "answer",
        kinds,
        "purpose",
        "--status",
        "addressed",
        "--text-file",
        text,
    )
    assert code == 2 and out == "" and "NUL" in err and len(err.splitlines()) == 1


@pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: .ci/run starts one (FIVEFOLD_TEST_POSTGRES)")
def test_a_batch_on_postgresql_is_one_transaction(run_cli, bank_folder, tmp_path) -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert SERVER is not None
    name = f"fivefold_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
        code, out, _ = run_cli(
            "--db", url, "--bank-dir", bank_folder, "new", "--bank", "kinds", "--title", "T", "--system", "s"
        )
        assert code == 0
        assessment_id = int(out)
        bad = write_batch(tmp_path / "bad.jsonl", *GOOD, {"question": "owner", "text": "again"})
        assert run_cli("--db", url, "--bank-dir", bank_folder, "answer", assessment_id, "--batch", bad)[0] == 2
        assert state(url, assessment_id)[0] == {}
        good = write_batch(tmp_path / "good.jsonl", *GOOD)
        assert run_cli("--db", url, "--bank-dir", bank_folder, "answer", assessment_id, "--batch", good)[0] == 0
        answers, seq, _ = state(url, assessment_id)
        assert len(answers) == len(GOOD) and seq == 1 + len(GOOD)
        store = Store.open(url)
        try:
            assert store.audit_problems(assessment_id) == []
        finally:
            store.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_record_answer_returns_the_answer_as_saved(db_url: str, bank_folder: Path) -> None:
    registry = BankRegistry.default([bank_folder])
    bank = registry.get("kinds")
    store = Store.open(db_url)
    try:
        assessment = store.create_assessment(
            title="T", system_name="s", system_version="", bank_id="kinds", bank_version=bank.version, bank_hash="x"
        )
        saved = record_answer(store, bank, assessment.id, "confidence", status=None, rationale="", value=3)
        again = record_answer(
            store,
            bank,
            assessment.id,
            "confidence",
            status=AnswerStatus.CONCERN,
            rationale="Low.",
            value=2,
            expected_revision=saved.revision,
        )
        assert isinstance(saved, Answer) and (saved.revision, again.revision) == (1, 2)
        stored = store.answers(assessment.id)["confidence"]
        assert again.model_dump() == stored.model_dump() | {"updated_at": again.updated_at}
        assert again.updated_at.replace(tzinfo=None) == stored.updated_at.replace(tzinfo=None)
    finally:
        store.close()
