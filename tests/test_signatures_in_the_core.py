"""What the app will call: each sign-off's signature verdict (the one `fivefold verify` gives), where the
allowed signers file comes from, and signing without a prompt, through a real ssh-agent."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from root_powers import without_root_powers
from signing_helpers import (
    Keys,
    add_to_agent,
    bundled_registry,
    locked_key,
    make_keys,
    needs_agent,
    needs_ssh_keygen,
    ready_assessment,
)

from fivefold.errors import FivefoldError
from fivefold.locations import ALLOWED_SIGNERS_ENV, allowed_signers_file, user_allowed_signers
from fivefold.review import load_snapshot
from fivefold.review.signatures import signoff_verdicts
from fivefold.review.signoff import record_signoff
from fivefold.signing import SigningError
from fivefold.store import Store

# Where the allowed signers file comes from ---------------------------------------------------


def test_the_option_then_the_variable_then_the_config_folder(tmp_path: Path, monkeypatch) -> None:
    assert allowed_signers_file() is None, "no file anywhere: signatures unchecked"
    own = user_allowed_signers()
    own.parent.mkdir(parents=True)
    own.write_text("", encoding="utf-8")
    assert allowed_signers_file() == own
    monkeypatch.setenv(ALLOWED_SIGNERS_ENV, str(tmp_path / "from-env"))
    assert allowed_signers_file() == tmp_path / "from-env", "named, so returned even if missing: the check says so"
    assert allowed_signers_file(tmp_path / "given") == tmp_path / "given"


def test_the_app_refuses_an_allowed_signers_file_that_is_not_there(run_cli, tmp_path: Path, monkeypatch) -> None:
    code, out, err = run_cli("--allowed-signers", tmp_path / "missing", "--db", f"sqlite:///{tmp_path}/a.db")
    assert (code, out) == (2, "") and f"the allowed signers file {tmp_path / 'missing'} does not exist" in err
    monkeypatch.setenv(ALLOWED_SIGNERS_ENV, str(tmp_path / "also-missing"))
    code, _, err = run_cli("tui", "--db", f"sqlite:///{tmp_path}/a.db")
    assert code == 2 and "also-missing does not exist" in err


def test_the_app_command_refuses_a_folder_an_unreadable_file_or_a_hostile_name_in_one_sentence(
    run_cli, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    db = f"sqlite:///{tmp_path}/a.db"
    code, out, err = run_cli("app", "--allowed-signers", tmp_path, "--db", db)
    assert (code, out) == (2, "")
    assert err == f"fivefold: the allowed signers file {tmp_path} is not a file; give the path of the file itself\n"
    hostile = tmp_path / "\x1b[31mred\x1b[0m"
    code, _, err = run_cli("app", "--allowed-signers", hostile, "--db", db)
    assert code == 2 and "\x1b" not in err and err.count("\n") == 1 and "does not exist" in err
    unreadable = tmp_path / "allowed_signers"
    unreadable.write_text("", encoding="utf-8")
    unreadable.chmod(0)
    # Root reads any file: the child runs without root's powers over file permissions (as CI's root too).
    command = ["app", "--allowed-signers", str(unreadable), "--db", db]
    child = subprocess.run(
        [*without_root_powers(), sys.executable, "-m", "fivefold", *command],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=120,
        check=False,
    )
    assert (child.returncode, child.stdout) == (2, "")
    assert child.stderr == f"fivefold: the allowed signers file {unreadable} cannot be read (Permission denied)\n"


# Verdicts -------------------------------------------------------------------------------------


@pytest.fixture
def signed(tmp_path: Path, db_url: str) -> tuple[Keys, int]:
    """Ana signs with a listed key, Ben with a key nobody listed, Cy does not sign."""
    keys = make_keys(tmp_path / "keys", ["ana", "ben"], allowed=["ana"])
    registry = bundled_registry()
    store = Store.open(db_url)
    try:
        assessment_id = ready_assessment(store, registry, approvals=2)
        for name, key in (("ana", keys.key("ana")), ("ben", keys.key("ben")), ("cy", None)):
            record_signoff(
                store, load_snapshot(store, registry, assessment_id), reviewer=name.capitalize(), role="",
                decision="approve", key=key, principal=Keys.principal(name) if key else None,
            )  # fmt: skip
    finally:
        store.close()
    return keys, assessment_id


@needs_ssh_keygen
def test_each_signoff_gets_the_verdict_verify_gives(signed, db_url: str, run_cli) -> None:
    keys, assessment_id = signed
    store = Store.open(db_url)
    try:
        snapshot = load_snapshot(store, bundled_registry(), assessment_id)
        checked = signoff_verdicts(snapshot, allowed_signers=keys.allowed_signers)
        unchecked = signoff_verdicts(snapshot, allowed_signers=None)
    finally:
        store.close()
    assert [(v.view.reviewer, v.state) for v in checked] == [
        ("Ana", "verified"),
        ("Ben", "invalid"),
        ("Cy", "unsigned"),
    ]
    assert checked[0].line == "signature verified (ana@example.com)"
    assert checked[1].why and checked[1].line.startswith("signature invalid: ")
    assert [(v.state, v.why) for v in unchecked] == [
        ("unchecked", "no allowed signers file"),
        ("unchecked", "no allowed signers file"),
        ("unsigned", ""),
    ]
    for verdicts, options in ((checked, ("--allowed-signers", keys.allowed_signers)), (unchecked, ())):
        _, out, _ = run_cli("--db", db_url, "verify", assessment_id, *options)
        said = re.findall(r"sign-off by (\w+) \(.*\): valid, (?:signature )?(\w+)", out)
        assert said == [(v.view.reviewer, v.state) for v in verdicts]


def test_a_named_file_that_is_not_there_is_one_sentence(signed, db_url: str, tmp_path: Path) -> None:
    store = Store.open(db_url)
    try:
        snapshot = load_snapshot(store, bundled_registry(), signed[1])
        with pytest.raises(SigningError, match=r"allowed signers file .* does not exist"):
            signoff_verdicts(snapshot, allowed_signers=tmp_path / "missing")
    finally:
        store.close()


# Signing through ssh-agent, never a prompt ---------------------------------------------------


def sign_with(db_url: str, assessment_id: int, key: Path) -> None:
    registry = bundled_registry()
    store = Store.open(db_url)
    try:
        record_signoff(
            store, load_snapshot(store, registry, assessment_id), reviewer="Dana", role="Safety",
            decision="approve", key=key, principal="dana@example.com",
        )  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def ready(db_url: str) -> int:
    store = Store.open(db_url)
    try:
        return ready_assessment(store, bundled_registry())
    finally:
        store.close()


def signoffs(db_url: str, assessment_id: int) -> int:
    store = Store.open(db_url)
    try:
        return len(store.signoffs(assessment_id))
    finally:
        store.close()


@needs_agent
def test_a_passphrase_key_in_ssh_agent_signs_without_a_prompt(
    tmp_path: Path, db_url: str, ready: int, agent: str, monkeypatch, run_fivefold
) -> None:
    key = locked_key(tmp_path)
    add_to_agent(key, agent)
    monkeypatch.setenv("SSH_AUTH_SOCK", agent)
    sign_with(db_url, ready, key)
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"dana@example.com {key.with_suffix('.pub').read_text(encoding='utf-8')}", encoding="utf-8")
    store = Store.open(db_url)
    try:
        [verdict] = signoff_verdicts(load_snapshot(store, bundled_registry(), ready), allowed_signers=signers)
    finally:
        store.close()
    assert (verdict.state, verdict.line) == ("verified", "signature verified (dana@example.com)")
    # The same from a process with no terminal at all, as the app's worker or a CI job has.
    signed = run_fivefold(
        "--db", db_url, "sign", ready, "--reviewer", "Eve", "--decision", "approve", "--key", key,
        "--principal", "dana@example.com", extra_env={"SSH_AUTH_SOCK": agent},
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    assert (
        run_fivefold("--db", db_url, "gate", ready, "--require-signatures", "--allowed-signers", signers).returncode
        == 0
    )


@needs_agent
def test_a_passphrase_key_the_agent_does_not_hold_is_refused_and_records_nothing(
    tmp_path: Path, db_url: str, ready: int, agent: str, monkeypatch
) -> None:
    key = locked_key(tmp_path)
    monkeypatch.setenv("SSH_AUTH_SOCK", agent)
    with pytest.raises(FivefoldError, match=r"is not in the running ssh-agent; add it with 'ssh-add .*locked'"):
        sign_with(db_url, ready, key)
    monkeypatch.delenv("SSH_AUTH_SOCK")
    with pytest.raises(FivefoldError, match="has a passphrase, which Fivefold does not prompt for"):
        sign_with(db_url, ready, key)
    monkeypatch.setenv("SSH_AUTH_SOCK", agent)
    add_to_agent(key, agent)
    key.with_suffix(".pub").unlink()
    with pytest.raises(FivefoldError, match="needs its public half"):
        sign_with(db_url, ready, key)
    assert signoffs(db_url, ready) == 0


@needs_ssh_keygen
def test_a_key_without_a_passphrase_needs_no_agent(tmp_path: Path, db_url: str, ready: int, monkeypatch) -> None:
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    keys = make_keys(tmp_path / "keys", ["dana"])
    sign_with(db_url, ready, keys.key("dana"))
    assert signoffs(db_url, ready) == 1


@needs_agent
def test_a_public_key_signs_through_the_agent_or_is_refused_as_its_private_half_would_be(
    tmp_path: Path, db_url: str, ready: int, agent: str, monkeypatch
) -> None:
    """Given `locked.pub` the agent does not hold, ssh-keygen would load `locked` and ask for its passphrase
    (with no terminal: "incorrect passphrase supplied to decrypt private key"): refused first instead."""
    key = locked_key(tmp_path)
    public = key.with_name("locked.pub")
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    with pytest.raises(FivefoldError, match=rf"^the key {key} has a passphrase, which Fivefold does not prompt for"):
        sign_with(db_url, ready, public)
    monkeypatch.setenv("SSH_AUTH_SOCK", agent)
    with pytest.raises(FivefoldError, match=r"is not in the running ssh-agent; add it with 'ssh-add .*locked'"):
        sign_with(db_url, ready, public)
    assert signoffs(db_url, ready) == 0
    # Its private half gone (a key that lives only in the agent, or on a token): the agent or nothing.
    moved = key.rename(tmp_path / "elsewhere")
    with pytest.raises(FivefoldError, match="is a public key that the running ssh-agent does not hold"):
        sign_with(db_url, ready, public)
    monkeypatch.delenv("SSH_AUTH_SOCK")
    with pytest.raises(FivefoldError, match="is a public key, which Fivefold signs with only through ssh-agent"):
        sign_with(db_url, ready, public)
    assert signoffs(db_url, ready) == 0
    moved.rename(key)
    add_to_agent(key, agent)
    key.unlink()
    monkeypatch.setenv("SSH_AUTH_SOCK", agent)
    sign_with(db_url, ready, public)
    assert signoffs(db_url, ready) == 1


@needs_ssh_keygen
def test_a_public_key_beside_a_private_key_without_a_passphrase_signs_without_an_agent(
    tmp_path: Path, db_url: str, ready: int, monkeypatch
) -> None:
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    keys = make_keys(tmp_path / "keys", ["dana"])
    sign_with(db_url, ready, keys.key("dana.pub"))
    assert signoffs(db_url, ready) == 1
