"""Sign-off from the command line with real SSH keys: sign, verify, gate, and what breaks them."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from small_disk import fill, small_disk

from fivefold.banks import BankRegistry
from fivefold.review import record_answer
from fivefold.store import AnswerStatus, Store

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs OpenSSH's ssh-keygen")

BLOCKER = "testing.practice.halt-anytime"
PRINCIPAL = "ana@example.com"


def _keygen(path: Path, passphrase: str = "") -> Path:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "test", "-f", str(path)],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "keys"
    folder.mkdir()
    key = _keygen(folder / "ana")
    other = _keygen(folder / "mallory")
    locked = _keygen(folder / "locked", passphrase="correct horse")
    allowed = folder / "allowed_signers"
    allowed.write_text(f"{PRINCIPAL} {(folder / 'ana.pub').read_text()}", encoding="utf-8")
    return {"key": key, "other": other, "locked": locked, "allowed": allowed}


@pytest.fixture
def ready(db_url: str, registry: BankRegistry, run_cli) -> int:
    """An assessment with every question answered and one blocker, accepted by a reviewer."""
    code, out, err = run_cli("--db", db_url, "new", "--bank", "five-phase", "--title", "Release 2.3", "--system", "clf")
    assert code == 0, err
    assessment_id = int(out)
    store = Store.open(db_url)
    bank = registry.get("five-phase")
    for place in bank.questions():
        status = AnswerStatus.BLOCKER if place.question.id == BLOCKER else AnswerStatus.ADDRESSED
        record_answer(
            store, bank, assessment_id, place.question.id, status=status, rationale=f"Done: {place.question.id}"
        )
    store.close()
    code, _, err = run_cli("--db", db_url, "sign", assessment_id, "--reviewer", "Ana", "--decision", "approve")
    assert code == 2 and "not ready" in err and BLOCKER in err, "an approval with an open blocker must be refused"
    code, _, err = run_cli(
        "--db", db_url, "accept-blocker", assessment_id, BLOCKER, "--reviewer", "Ana", "--reason", "Manual kill switch."
    )
    assert code == 0, err
    return assessment_id


def _signoff_count(db_url: str, assessment_id: int) -> int:
    store = Store.open(db_url)
    try:
        return len(store.signoffs(assessment_id))
    finally:
        store.close()


def _signed_export(run_cli, db_url: str, assessment_id: int, keys: dict[str, Path], tmp_path: Path) -> Path:
    code, out, err = run_cli(
        "--db", db_url, "sign", assessment_id, "--reviewer", "Ana", "--role", "ML lead",
        "--decision", "approve", "--key", keys["key"], "--principal", PRINCIPAL,
    )  # fmt: skip
    assert code == 0, err
    assert "signed as ana@example.com" in out
    exported = tmp_path / "signed.json"
    code, _, err = run_cli("--db", db_url, "export", assessment_id, "--format", "json", "-o", exported)
    assert code == 0, err
    return exported


def test_a_signed_approval_verifies_and_passes_the_gate(db_url, ready, keys, tmp_path, run_cli) -> None:
    exported = _signed_export(run_cli, db_url, ready, keys, tmp_path)
    document = json.loads(exported.read_text(encoding="utf-8"))
    (signoff,) = document["signoffs"]
    assert signoff["signature"].startswith("-----BEGIN SSH SIGNATURE-----")
    assert json.loads(signoff["statement"])["digest"] == document["digest"]["value"] == signoff["digest"]
    code, out, err = run_cli("verify", exported, "--allowed-signers", keys["allowed"])
    assert code == 0, out + err
    assert "signature verified" in out
    code, out, _ = run_cli("gate", exported, "--require-signatures", "--allowed-signers", keys["allowed"])
    assert code == 0, out
    assert out.startswith("gate passed")
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 0, out


def test_one_changed_character_fails_verify_and_gate(db_url, ready, keys, tmp_path, run_cli) -> None:
    exported = _signed_export(run_cli, db_url, ready, keys, tmp_path)
    text = exported.read_text(encoding="utf-8")
    marker = f"Done: {BLOCKER}"
    assert text.count(marker) == 1
    exported.write_text(text.replace(marker, marker.replace("Done", "Done!"), 1), encoding="utf-8")
    code, out, _ = run_cli("verify", exported, "--allowed-signers", keys["allowed"])
    assert code == 1
    assert "content changed after the sign-off by Ana" in out and "changed after export" in out
    code, out, _ = run_cli("gate", exported)
    assert code == 1
    assert "changed after export" in out and "0 valid approval(s), 1 needed" in out


def test_a_tampered_signature_or_someone_elses_key_does_not_verify(db_url, ready, keys, tmp_path, run_cli) -> None:
    exported = _signed_export(run_cli, db_url, ready, keys, tmp_path)
    document = json.loads(exported.read_text(encoding="utf-8"))
    lines = document["signoffs"][0]["signature"].splitlines()
    lines[2] = lines[2][:10] + ("A" if lines[2][10] != "A" else "B") + lines[2][11:]
    document["signoffs"][0]["signature"] = "\n".join(lines) + "\n"
    exported.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = run_cli("verify", exported, "--allowed-signers", keys["allowed"])
    assert code == 1 and "signature invalid" in out and "does not verify" in out
    code, out, _ = run_cli("gate", exported, "--require-signatures", "--allowed-signers", keys["allowed"])
    assert code == 1 and "does not verify" in out

    code, _, err = run_cli(
        "--db", db_url, "sign", ready, "--reviewer", "Mallory", "--decision", "approve",
        "--key", keys["other"], "--principal", PRINCIPAL,
    )  # fmt: skip
    assert code == 0, err
    forged = tmp_path / "forged.json"
    run_cli("--db", db_url, "export", ready, "--format", "json", "-o", forged)
    code, out, _ = run_cli("verify", forged, "--allowed-signers", keys["allowed"])
    assert code == 1 and "Mallory" in out


def test_editing_an_answer_makes_the_signoff_stale(db_url, ready, keys, tmp_path, run_cli) -> None:
    _signed_export(run_cli, db_url, ready, keys, tmp_path)
    code, _, err = run_cli(
        "--db", db_url, "answer", ready, "platonic.theory.ethically-virtuous", "--status", "concern", "--text", "Hmm."
    )
    assert code == 0, err
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "1 stale sign-off(s) no longer count" in out
    code, out, _ = run_cli("--db", db_url, "export", ready, "-o", "-")
    assert "| Ana | ML lead | approve |" in out and "stale, signature" in out
    assert _signoff_count(db_url, ready) == 1, "a stale sign-off stays in the record"


def test_more_approvals_needed_fail_the_gate_until_given(db_url, ready, run_cli) -> None:
    assert run_cli("--db", db_url, "approvals", ready, 2)[0] == 0
    assert run_cli("--db", db_url, "sign", ready, "--reviewer", "Ana", "--decision", "approve")[0] == 0
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "1 valid approval(s), 2 needed" in out
    assert run_cli("--db", db_url, "sign", ready, "--reviewer", "Ben", "--decision", "approve-with-conditions")[0] == 0
    assert run_cli("--db", db_url, "gate", ready)[0] == 0
    assert (
        run_cli("--db", db_url, "sign", ready, "--reviewer", "Cy", "--decision", "reject", "--comment", "No.")[0] == 0
    )
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "Cy rejected the assessment" in out


def test_signing_problems_are_one_clear_sentence_and_record_nothing(
    db_url, ready, keys, tmp_path, run_fivefold
) -> None:
    missing = run_fivefold(
        "--db", db_url, "sign", ready, "--reviewer", "Ana", "--decision", "approve", "--key", keys["key"],
        extra_env={"PATH": str(tmp_path / "empty-bin")},
    )  # fmt: skip
    assert missing.returncode == 2 and "ssh-keygen is not installed" in missing.stderr
    locked = run_fivefold(
        "--db", db_url, "sign", ready, "--reviewer", "Ana", "--decision", "approve", "--key", keys["locked"],
        extra_env={"SSH_AUTH_SOCK": ""},
    )  # fmt: skip
    assert locked.returncode == 2 and "passphrase" in locked.stderr
    absent = run_fivefold("--db", db_url, "sign", ready, "--reviewer", "Ana", "--decision", "approve", "--key", "nope")
    assert absent.returncode == 2 and "does not exist" in absent.stderr
    for result in (missing, locked, absent):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _signoff_count(db_url, ready) == 0


def test_verify_checks_the_audit_chain_in_the_database(db_url, ready, run_cli) -> None:
    code, out, _ = run_cli("--db", db_url, "verify", ready)
    assert code == 0, out
    path = Path(db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE answer SET rationale = 'quietly edited' WHERE question_id = ?", (BLOCKER,))
    code, out, _ = run_cli("--db", db_url, "verify", ready)
    assert code == 1 and "audit log" in out and BLOCKER in out
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "audit log" in out


@pytest.mark.parametrize("content", ["not json", '{"schema": "something-else"}', '{"schema": "fivefold-assessment/1"}'])
def test_a_bad_file_is_bad_input(tmp_path: Path, run_cli, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    for command in ("verify", "gate"):
        code, out, err = run_cli(command, bad)
        assert code == 2, (command, out, err)
        assert str(bad) in err and len(err.strip().splitlines()) == 1


def test_a_full_temp_disk_fails_sign_verify_and_gate_closed_in_one_sentence(
    db_url, ready, keys, tmp_path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ssh-keygen reads the statement and the signature from files in a private temporary folder; a full
    disk there raised a traceback (exit 1). Now: one sentence, exit 2, and the gate does not pass."""
    exported = _signed_export(run_cli, db_url, ready, keys, tmp_path)
    with small_disk(tmp_path / "small") as folder:
        monkeypatch.setattr(tempfile, "tempdir", str(folder))
        fill(folder)
        said = (
            f"fivefold: cannot write the files ssh-keygen needs in {folder} (No space left on device); "
            "free some space there, or point TMPDIR at another folder\n"
        )
        for command in (
            ["verify", exported, "--allowed-signers", keys["allowed"]],
            ["gate", exported, "--require-signatures", "--allowed-signers", keys["allowed"]],
            ["--db", db_url, "sign", ready, "--reviewer", "Ana", "--decision", "approve", "--key", keys["key"],
             "--principal", PRINCIPAL],
        ):  # fmt: skip
            assert run_cli(*command) == (2, "", said), command
    assert _signoff_count(db_url, ready) == 1, "the refused signature was not recorded"
