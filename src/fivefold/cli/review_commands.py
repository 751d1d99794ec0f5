"""Commands on sign-off: sign, accept-blocker, approvals, verify and gate.

`verify` and `gate` judge either an exported JSON file or an assessment in the database,
through the same `review.rules.evaluate` the app uses. Exit 1 means the check failed,
exit 2 bad input (a missing file, a malformed export, no ssh-keygen).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from fivefold.cli.context import Context
from fivefold.errors import FivefoldError
from fivefold.review import load_snapshot
from fivefold.review.record import RECORD_SCHEMA, build_record
from fivefold.review.rules import SignatureCheck, Verdict, evaluate
from fivefold.review.signoff import accept_blocker as accept
from fivefold.review.signoff import record_signoff
from fivefold.signing import signature_check
from fivefold.vocabulary import EXIT_CHECK_FAILED, EXIT_OK


def sign(context: Context, args: argparse.Namespace) -> int:
    snapshot = load_snapshot(context.store, context.registry, args.assessment_id)
    signoff = record_signoff(
        context.store,
        snapshot,
        reviewer=args.reviewer,
        role=args.role,
        decision=args.decision,
        comment=args.comment,
        key=args.key,
        principal=args.principal,
    )
    signed = f", signed as {signoff.signer_principal}" if signoff.signature else ""
    print(f"sign-off {signoff.id}: {signoff.decision} by {signoff.reviewer}, digest {signoff.digest}{signed}")
    return EXIT_OK


def accept_blocker(context: Context, args: argparse.Namespace) -> int:
    snapshot = load_snapshot(context.store, context.registry, args.assessment_id)
    accept(context.store, snapshot, args.question_id, reviewer=args.reviewer, reason=args.reason)
    return EXIT_OK


def set_approvals(context: Context, args: argparse.Namespace) -> int:
    context.store.assessment(args.assessment_id)
    context.store.set_approvals_required(args.assessment_id, args.count)
    return EXIT_OK


def load_record(context: Context, target: str) -> tuple[str, dict[str, Any]]:
    """The record to judge and a name for it: an exported JSON file, or an assessment id in the database."""
    if target.isdigit() and not Path(target).exists():
        snapshot = load_snapshot(context.store, context.registry, int(target))
        return f"assessment {target}", build_record(snapshot)
    path = Path(target)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FivefoldError(
            f"cannot read {path} ({error.strerror}); give an exported .json file or an assessment id"
        ) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FivefoldError(
            f"{path} is not JSON ({error}); export it with 'fivefold export ID --format json'"
        ) from error
    if not isinstance(document, dict) or document.get("schema") != RECORD_SCHEMA:
        found = document.get("schema") if isinstance(document, dict) else type(document).__name__
        raise FivefoldError(f"{path} is not a {RECORD_SCHEMA} export (its schema is {found!r})")
    return str(path), document


def _judge(name: str, record: dict[str, Any], **options: Any) -> Verdict:
    try:
        return evaluate(record, **options)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise FivefoldError(
            f"{name} is not a complete {RECORD_SCHEMA} export (at {error!s}); export it again"
        ) from error


def _check(args: argparse.Namespace) -> SignatureCheck | None:
    return signature_check(args.allowed_signers) if args.allowed_signers else None


def verify(context: Context, args: argparse.Namespace) -> int:
    """Recompute the digest and report any change to the content after export or after a sign-off."""
    name, record = load_record(context, args.target)
    verdict = _judge(name, record, check_signature=_check(args))
    problems: list[str] = []
    stated = record.get("digest", {}).get("value")
    print(f"{name}: content digest {verdict.digest}")
    if stated is not None and stated != verdict.digest:
        problems.append(f"the content was changed after export: the export recorded digest {stated}")
    for view in verdict.signoffs:
        signoff = view.signoff
        who = f"sign-off {signoff['id']} by {signoff['reviewer']} ({signoff['decision']}, {signoff['at']})"
        found = []
        if signoff["digest"] != verdict.digest:
            found.append(f"{who}: the content changed after this sign-off (it signed digest {signoff['digest']})")
        elif view.stale:
            found.append(f"{who}: its statement does not match its recorded digest (edited)")
        if view.signature == "invalid":
            found.append(f"{who}: the signature does not verify: {view.signature_problem}")
        if not found:
            print(f"ok: {who}: content unchanged since signing, signature {view.signature}")
        problems += found
    for problem in record.get("audit", {}).get("problems", []):
        problems.append(f"audit log: {problem}")
    for problem in problems:
        print(f"FAILED: {problem}")
    if not verdict.signoffs:
        print("no sign-offs recorded")
    return EXIT_CHECK_FAILED if problems else EXIT_OK


def gate(context: Context, args: argparse.Namespace) -> int:
    """Exit 0 only when the assessment may be deployed; otherwise print every reason, one per line."""
    if args.require_signatures and not args.allowed_signers:
        raise FivefoldError("--require-signatures needs --allowed-signers FILE to check the signatures against")
    name, record = load_record(context, args.target)
    verdict = _judge(name, record, check_signature=_check(args), require_signatures=args.require_signatures)
    if verdict.passes:
        print(f"gate passed: {name}, {verdict.valid_approvals} valid approval(s), digest {verdict.digest}")
        return EXIT_OK
    for reason in verdict.gate_reasons:
        print(reason)
    return EXIT_CHECK_FAILED
