"""The review rules, in one place: what blocks sign-off, which sign-offs count, what the gate needs.

Every front end (TUI summary and sign-off screen, `fivefold sign`, `fivefold gate`,
the exports) calls `evaluate` on an assessment record and shows the reasons it returns.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from fivefold.review.answered import applicable_ids, counts_as_answered
from fivefold.review.record import content_digest
from fivefold.vocabulary import APPROVING

SignatureState = Literal["verified", "invalid", "unchecked", "unsigned"]
# Checks one sign-off's signature over its statement; returns None when valid, else the reason.
SignatureCheck = Callable[[dict[str, Any]], str | None]


@dataclass(frozen=True)
class SignOffView:
    """A sign-off as the rules see it."""

    signoff: dict[str, Any]
    stale: bool
    signature: SignatureState
    signature_problem: str | None = None

    @property
    def status(self) -> str:
        freshness = "stale" if self.stale else "valid"
        return f"{freshness}, signature {self.signature}"


@dataclass
class Verdict:
    ready_reasons: list[str] = field(default_factory=list)
    """Why the assessment is not ready for sign-off (empty: it is)."""
    gate_reasons: list[str] = field(default_factory=list)
    """Why a deployment gate must fail (empty: it may pass)."""
    signoffs: list[SignOffView] = field(default_factory=list)
    digest: str = ""

    @property
    def ready(self) -> bool:
        return not self.ready_reasons

    @property
    def passes(self) -> bool:
        return not self.gate_reasons

    @property
    def valid_approvals(self) -> int:
        return len({view.signoff["reviewer"] for view in self.signoffs if _counts(view)})


def _counts(view: SignOffView) -> bool:
    return not view.stale and view.signoff["decision"] in APPROVING and view.signature != "invalid"


def readiness_reasons(record: dict[str, Any]) -> list[str]:
    """Every required question answered, every not-applicable justified, every blocker resolved or accepted."""
    answers = {answer["question_id"]: answer for answer in record["answers"]}
    accepted = {a["question_id"]: a for a in record["blocker_acceptances"]}
    shown = applicable_ids(record["questions"], answers)
    reasons: list[str] = []
    for question in record["questions"]:
        if question["id"] not in shown:
            continue
        answer = answers.get(question["id"])
        status = answer["status"] if answer else None
        where = f"'{question['id']}' ({question['phase']}, {question['lens']})"
        answered = answer is not None and counts_as_answered(
            kind=question.get("kind", "rationale"),
            status=status,
            value=answer.get("value"),
            carried_over=bool(answer.get("carried_over")),
        )
        if answer is not None and answer.get("carried_over"):
            reasons.append(f"question {where} was carried over from the previous cycle and is not yet confirmed")
        elif not answered and question["required"]:
            reasons.append(f"required question {where} is unanswered")
        elif status == "not-applicable" and answer is not None and not answer["rationale"].strip():
            reasons.append(f"question {where} is marked not applicable without a justification")
        elif status == "blocker":
            acceptance = accepted.get(question["id"])
            if acceptance is None:
                reasons.append(f"blocker {where} is neither resolved nor accepted by a reviewer")
            elif answer is not None and acceptance["answer_revision"] != answer["revision"]:
                reasons.append(f"blocker {where} changed after it was accepted; a reviewer must accept it again")
    return reasons


def evaluate(
    record: dict[str, Any],
    *,
    check_signature: SignatureCheck | None = None,
    require_signatures: bool = False,
) -> Verdict:
    """Judge a record: readiness, each sign-off's standing, and every reason a gate must fail."""
    digest = content_digest(record)
    verdict = Verdict(ready_reasons=readiness_reasons(record), digest=digest)
    for signoff in record["signoffs"]:
        verdict.signoffs.append(_view(signoff, digest, check_signature))
    gate = verdict.gate_reasons
    stated = record.get("digest", {}).get("value")
    if stated is not None and stated != digest:
        gate.append(f"the content does not match its recorded digest {stated[:12]}… (it was changed after export)")
    gate.extend(verdict.ready_reasons)
    for problem in record.get("audit", {}).get("problems", []):
        gate.append(f"audit log: {problem}")
    for view in verdict.signoffs:
        who = f"{view.signoff['reviewer']} ({view.signoff['decision']})"
        if view.signature == "invalid":
            gate.append(f"the signature of the sign-off by {who} does not verify: {view.signature_problem}")
        if not view.stale and view.signoff["decision"] == "reject":
            gate.append(f"{view.signoff['reviewer']} rejected the assessment")
        if require_signatures and _counts(view) and view.signature != "verified":
            gate.append(f"the approval by {who} is not signed with a key in the allowed signers")
    needed = int(record["assessment"].get("approvals_required", 1))
    if verdict.valid_approvals < needed:
        stale = sum(1 for view in verdict.signoffs if view.stale)
        note = f" ({stale} stale sign-off(s) no longer count)" if stale else ""
        gate.append(f"{verdict.valid_approvals} valid approval(s), {needed} needed{note}")
    return verdict


def _view(signoff: dict[str, Any], digest: str, check_signature: SignatureCheck | None) -> SignOffView:
    stale = signoff["digest"] != digest or _statement_digest(signoff) != signoff["digest"]
    if not signoff.get("signature"):
        return SignOffView(signoff, stale, "unsigned")
    if check_signature is None:
        return SignOffView(signoff, stale, "unchecked")
    problem = check_signature(signoff)
    return SignOffView(signoff, stale, "invalid" if problem else "verified", problem)


def _statement_digest(signoff: dict[str, Any]) -> str | None:
    """The digest the signed statement names: a sign-off whose row was edited no longer matches it."""
    try:
        return json.loads(signoff["statement"]).get("digest")
    except (ValueError, AttributeError):
        return None
