"""The rules' one definition of complete, and every line `sign`, `verify`, `gate` and `artifact` print kept inert."""

from __future__ import annotations

from pathlib import Path

from signing_helpers import bundled_registry, ready_assessment

from fivefold.review import load_snapshot, record_answer
from fivefold.review.record import build_record
from fivefold.review.rules import evaluate
from fivefold.store import AnswerStatus, Store

QUESTION = "platonic.theory.ethically-virtuous"


def test_addressed_or_concern_without_a_rationale_is_not_complete(db_url: str, run_cli) -> None:
    store = Store.open(db_url)
    registry = bundled_registry()
    bank = registry.get("five-phase")
    try:
        assessment_id = ready_assessment(store, registry)
        assert evaluate(build_record(load_snapshot(store, registry, assessment_id))).ready
        for status in (AnswerStatus.ADDRESSED, AnswerStatus.CONCERN):
            record_answer(store, bank, assessment_id, QUESTION, status=status, rationale="  \n ")
            snapshot = load_snapshot(store, registry, assessment_id)
            verdict = evaluate(build_record(snapshot))
            (reason,) = verdict.ready_reasons
            assert f"({QUESTION}) is marked {status} without a rationale" in reason
            assert reason.startswith('question "'), "named by its text, as the summary shows it"
            progress = snapshot.progress
            assert progress.answered == progress.total - 1
            assert [place.question.id for place in progress.unjustified] == [QUESTION]
    finally:
        store.close()
    code, _, err = run_cli("--db", db_url, "sign", assessment_id, "--reviewer", "Ana", "--decision", "approve")
    assert code == 2 and "without a rationale" in err
    code, out, _ = run_cli("--db", db_url, "gate", assessment_id)
    assert code == 1 and "without a rationale" in out


def test_what_sign_verify_gate_and_artifact_print_shows_control_characters(
    db_url: str, tmp_path: Path, run_cli
) -> None:
    hostile = "Ana\x1b[2J\x1b]0;pwned\x07\u202e"
    store = Store.open(db_url)
    try:
        assessment_id = ready_assessment(store, bundled_registry())
    finally:
        store.close()
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"w")
    outputs = [
        run_cli("--db", db_url, "artifact", "add", assessment_id, weights, "--name", hostile),
        run_cli("--db", db_url, "artifact", "list", assessment_id),
        run_cli("--db", db_url, "sign", assessment_id, "--reviewer", hostile, "--decision", "reject"),
        run_cli("--db", db_url, "verify", assessment_id),
        run_cli("--db", db_url, "gate", assessment_id),
    ]
    for code, out, err in outputs:
        assert code in (0, 1), err
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "Ana\\x1b[2J\\x1b]0;pwned\\x07\\u202e" in out
    assert "rejected the assessment" in outputs[-1][1]
