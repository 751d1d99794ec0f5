"""Artifacts: the sign-off bound to the files it approves, the gate checking the file being deployed,
and the in-toto statement that carries the review with the model."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from google.protobuf import json_format
from in_toto_attestation.v1 import statement as in_toto
from signing_helpers import bundled_registry, make_keys, needs_ssh_keygen, ready_assessment, sign

from fivefold.store import Store

WEIGHTS = bytes(range(256)) * 4096  # 1 MiB
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture
def model(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "weights.safetensors").write_bytes(WEIGHTS)
    (folder / "eval.json").write_text('{"accuracy": 0.93}\n', encoding="utf-8")
    return folder


@pytest.fixture
def ready(db_url: str) -> int:
    store = Store.open(db_url)
    try:
        return ready_assessment(store, bundled_registry())
    finally:
        store.close()


def test_add_records_name_size_and_sha256_and_list_shows_them(db_url, ready, model, run_cli) -> None:
    weights, report = model / "weights.safetensors", model / "eval.json"
    code, out, err = run_cli("--db", db_url, "artifact", "add", ready, weights, report)
    assert code == 0, err
    assert f"artifact weights.safetensors: {len(WEIGHTS):,} bytes, sha256 {hashlib.sha256(WEIGHTS).hexdigest()}" in out
    code, out, _ = run_cli("--db", db_url, "artifact", "list", ready, "--json")
    listed = json.loads(out)
    assert listed == [
        {"name": "eval.json", "size": report.stat().st_size, "sha256": hashlib.sha256(report.read_bytes()).hexdigest()},
        {"name": "weights.safetensors", "size": len(WEIGHTS), "sha256": hashlib.sha256(WEIGHTS).hexdigest()},
    ]
    code, _, _ = run_cli("--db", db_url, "artifact", "add", ready, weights, "--name", "model-2.3")
    assert code == 0
    code, out, _ = run_cli("--db", db_url, "artifact", "list", ready)
    assert "model-2.3" in out and "weights.safetensors" in out


def test_bad_artifact_input_is_one_sentence_and_records_nothing(db_url, ready, model, run_cli) -> None:
    for argv, expected in [
        (("artifact", "add", ready, model / "missing.bin"), "cannot read the artifact"),
        (("artifact", "add", ready, model), "is not a regular file"),
        (("artifact", "add", ready, model / "eval.json", model / "missing.bin"), "cannot read the artifact"),
        (("artifact", "add", ready, model / "eval.json", model / "eval.json", "--name", "x"), "--name names one"),
        (("artifact", "add", ready, model / "eval.json", "--name", " "), "needs a name"),
        (("artifact", "add", 999, model / "eval.json"), "no assessment with id 999"),
    ]:
        code, _, err = run_cli("--db", db_url, *argv)
        assert code == 2 and expected in err and len(err.strip().splitlines()) == 1, (argv, err)
    code, out, _ = run_cli("--db", db_url, "artifact", "list", ready, "--json")
    assert json.loads(out) == []


def test_adding_an_artifact_after_a_signoff_makes_it_stale(db_url, ready, model, run_cli) -> None:
    assert run_cli("--db", db_url, "sign", ready, "--reviewer", "Ana", "--decision", "approve")[0] == 0
    assert run_cli("--db", db_url, "gate", ready)[0] == 0
    assert run_cli("--db", db_url, "artifact", "add", ready, model / "eval.json")[0] == 0
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "1 stale sign-off(s) no longer count" in out


@needs_ssh_keygen
def test_gate_artifact_passes_the_reviewed_file_only(db_url, ready, model, tmp_path, run_cli) -> None:
    keys = make_keys(tmp_path / "keys", ["ana"])
    weights = model / "weights.safetensors"
    assert run_cli("--db", db_url, "artifact", "add", ready, weights)[0] == 0
    store = Store.open(db_url)
    try:
        sign(store, bundled_registry(), ready, keys, "ana")
    finally:
        store.close()
    exported = tmp_path / "rationale.json"
    assert run_cli("--db", db_url, "export", ready, "--format", "json", "-o", exported)[0] == 0
    gate = ("gate", exported, "--require-signatures", "--allowed-signers", keys.allowed_signers)

    code, out, _ = run_cli(*gate, "--artifact", weights)
    assert code == 0, out
    assert f"artifact {weights} is the reviewed artifact 'weights.safetensors'" in out

    flipped = tmp_path / "flipped.safetensors"
    data = bytearray(WEIGHTS)
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    code, out, _ = run_cli(*gate, "--artifact", flipped)
    assert code == 1 and f"the file {flipped}" in out and "is none of the 1 reviewed artifact(s)" in out

    code, out, _ = run_cli(*gate, "--artifact", model / "eval.json")
    assert code == 1 and "is none of the 1 reviewed artifact(s)" in out

    code, _, err = run_cli(*gate, "--artifact", model / "absent.bin")
    assert code == 2 and "cannot read --artifact" in err


@needs_ssh_keygen
def test_the_in_toto_export_is_a_statement_v1_the_gate_judges(db_url, ready, model, tmp_path, run_cli) -> None:
    keys = make_keys(tmp_path / "keys", ["ana"])
    code, _, err = run_cli("--db", db_url, "export", ready, "--format", "in-toto", "-o", tmp_path / "none.json")
    assert code == 2 and "has no artifacts" in err and not (tmp_path / "none.json").exists()
    assert run_cli("--db", db_url, "artifact", "add", ready, model / "weights.safetensors", model / "eval.json")[0] == 0
    store = Store.open(db_url)
    try:
        sign(store, bundled_registry(), ready, keys, "ana")
    finally:
        store.close()
    out_path = tmp_path / "review.intoto.json"
    assert run_cli("--db", db_url, "export", ready, "--format", "in-toto", "-o", out_path)[0] == 0
    statement = json.loads(out_path.read_text(encoding="utf-8"))

    # The in-toto Statement v1 layout, as the attestation framework's own bindings parse (unknown fields
    # refused) and validate it; then the same, spelled out.
    parsed = json_format.Parse(out_path.read_text(encoding="utf-8"), in_toto.spb.Statement())
    in_toto.Statement.copy_from_pb(parsed).validate()
    assert set(statement) == {"_type", "subject", "predicateType", "predicate"}
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    assert re.match(r"^[a-z][a-z0-9+.-]*:", statement["predicateType"]), "a URI"
    assert isinstance(statement["subject"], list) and statement["subject"]
    for subject in statement["subject"]:
        assert set(subject) == {"name", "digest"} and isinstance(subject["name"], str)
        assert set(subject["digest"]) == {"sha256"} and HEX64.match(subject["digest"]["sha256"])
    assert sorted(s["name"] for s in statement["subject"]) == ["eval.json", "weights.safetensors"]
    predicate = statement["predicate"]
    assert predicate["schema"] == "fivefold-assessment/3"
    assert {a["sha256"] for a in predicate["artifacts"]} == {s["digest"]["sha256"] for s in statement["subject"]}

    gate = ("gate", out_path, "--require-signatures", "--allowed-signers", keys.allowed_signers)
    code, out, _ = run_cli(*gate, "--artifact", model / "weights.safetensors")
    assert code == 0, out

    statement["subject"].append({"name": "other.bin", "digest": {"sha256": "0" * 64}})
    out_path.write_text(json.dumps(statement), encoding="utf-8")
    code, out, _ = run_cli(*gate)
    assert code == 1 and "subjects differ from the artifacts" in out
