"""Real, throwaway ed25519 keys and assessments ready for sign-off, for the sign-off and gate tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fivefold.banks import BankRegistry
from fivefold.banks.registry import bundled_bank_dir
from fivefold.cli.review_commands import Loaded, _judge
from fivefold.errors import FivefoldError
from fivefold.review import load_snapshot, record_answer
from fivefold.review.rules import ReviewedFile, Verdict
from fivefold.review.signoff import accept_blocker, record_signoff
from fivefold.signing import signature_check
from fivefold.store import AnswerStatus, Store

needs_ssh_keygen = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs OpenSSH's ssh-keygen")

BLOCKER = "testing.practice.halt-anytime"
PASSPHRASE = "correct horse battery staple"


def bundled_registry() -> BankRegistry:
    """The bundled banks only: a module-scoped fixture runs outside the per-test isolation of the user's folders."""
    return BankRegistry([bundled_bank_dir()])


@dataclass
class Keys:
    folder: Path
    allowed_signers: Path

    def key(self, name: str) -> Path:
        return self.folder / name

    @staticmethod
    def principal(name: str) -> str:
        return f"{name}@example.com"


def make_keys(folder: Path, names: list[str], *, allowed: list[str] | None = None) -> Keys:
    """An ed25519 key per name (no passphrase) and an allowed_signers file listing `allowed` (default: all)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for name in names:
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)],
            check=True,
            capture_output=True,
        )
        if allowed is None or name in allowed:
            lines.append(f"{Keys.principal(name)} {(folder / f'{name}.pub').read_text(encoding='utf-8')}")
    signers = folder / "allowed_signers"
    signers.write_text("".join(lines), encoding="utf-8")
    return Keys(folder, signers)


def ready_assessment(store: Store, registry: BankRegistry, *, approvals: int = 1, title: str = "Release 2.3") -> int:
    """Every question answered with a rationale, one blocker accepted by a reviewer: ready for sign-off."""
    bank = registry.get("five-phase")
    assessment = store.create_assessment(
        title=title,
        system_name="triage-clf",
        system_version="2.3.0",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    assert assessment.id is not None
    for place in bank.questions():
        status = AnswerStatus.BLOCKER if place.question.id == BLOCKER else AnswerStatus.ADDRESSED
        record_answer(
            store, bank, assessment.id, place.question.id, status=status, rationale=f"Done: {place.question.id}"
        )
    snapshot = load_snapshot(store, registry, assessment.id)
    accept_blocker(store, snapshot, BLOCKER, reviewer="Ana", reason="Manual kill switch until 2.4.")
    if approvals != 1:
        store.set_approvals_required(assessment.id, approvals)
    return assessment.id


def sign(
    store: Store, registry: BankRegistry, assessment_id: int, keys: Keys | None, name: str, decision: str = "approve"
) -> None:
    """`name` records `decision`, signed with their key (unsigned when `keys` is None)."""
    record_signoff(
        store,
        load_snapshot(store, registry, assessment_id),
        reviewer=name.capitalize(),
        role="reviewer",
        decision=decision,
        comment=f"{decision} by {name}",
        key=keys.key(name) if keys else None,
        principal=Keys.principal(name) if keys else None,
    )


def exported(store: Store, registry: BankRegistry, assessment_id: int) -> dict[str, Any]:
    from fivefold.export import render

    document: dict[str, Any] = json.loads(render(load_snapshot(store, registry, assessment_id), "json"))
    return document


def judge(
    document: Any,
    keys: Keys,
    *,
    min_approvals: int = 1,
    artifacts: tuple[ReviewedFile, ...] = (),
    check: Any = None,
) -> Verdict:
    """What `fivefold gate FILE --require-signatures --allowed-signers F` decides, in process.

    A record too broken to judge raises FivefoldError, which the CLI turns into exit 2.
    """
    if not isinstance(document, dict) or document.get("schema") != "fivefold-assessment/3":
        raise FivefoldError("not a fivefold-assessment/3 export")
    return _judge(
        Loaded("export.json", document),
        check_signature=check or signature_check(keys.allowed_signers),
        require_signatures=True,
        min_approvals=min_approvals,
        artifacts=artifacts,
    )


def facts(verdict: Verdict) -> tuple[Any, ...]:
    """Everything the gate decides and reports, to compare two verdicts by."""
    return (
        verdict.passes,
        tuple(verdict.gate_reasons),
        verdict.digest,
        verdict.approvals_needed,
        tuple(verdict.approvers),
        tuple(
            (view.id, view.standing, view.signature, json.dumps(view.facts, sort_keys=True))
            for view in verdict.signoffs
        ),
        tuple((reviewed, json.dumps(artifact, sort_keys=True)) for reviewed, artifact in verdict.matched_artifacts),
    )


# A real ssh-agent -------------------------------------------------------------------------

needs_agent = pytest.mark.skipif(
    not (shutil.which("ssh-agent") and shutil.which("ssh-add") and shutil.which("ssh-keygen")),
    reason="needs OpenSSH's ssh-agent, ssh-add and ssh-keygen",
)


def locked_key(folder: Path) -> Path:
    """An ed25519 key with a passphrase, and an askpass program that gives it (for ssh-add only)."""
    key = folder / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "dana", "-f", str(key)], check=True)
    return key


def add_to_agent(key: Path, socket: str) -> None:
    askpass = key.with_name("askpass.sh")
    askpass.write_text(f"#!/bin/sh\necho '{PASSPHRASE}'\n", encoding="utf-8")
    askpass.chmod(0o700)
    env = {**os.environ, "SSH_AUTH_SOCK": socket, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force"}
    env.setdefault("DISPLAY", ":0")
    added = subprocess.run(
        ["ssh-add", str(key)], env=env, stdin=subprocess.DEVNULL, capture_output=True, start_new_session=True
    )
    assert added.returncode == 0, added.stderr
