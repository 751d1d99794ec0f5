"""Commands on sign-off: sign, accept-blocker, approvals, verify, gate, artifact add and list.

`verify` and `gate` judge either an exported JSON file (or an in-toto statement around one) or an
assessment in the database, through the same `review.rules.evaluate` the app uses. Judging a file
needs the standard library only: the store, SQLAlchemy and pydantic (about 400 ms to import) load
only for an assessment id (tests/test_startup_imports.py, benchmarks/gate_start.py).

Exit 1 means the check failed, exit 2 bad input (a missing file, a malformed export, no ssh-keygen).
Every line that holds user or bank text goes through `fivefold.visible`, so a stored escape
sequence is shown, never sent to the terminal.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from fivefold.cli.context import Context
from fivefold.errors import FivefoldError
from fivefold.json_files import read_json
from fivefold.review.artifacts import artifact_name, hash_file
from fivefold.review.digest import PREVIOUS_RECORD_SCHEMA, RECORD_SCHEMA
from fivefold.review.rules import ReviewedFile, SignatureCheck, Verdict, evaluate
from fivefold.visible import visible
from fivefold.vocabulary import EXIT_CHECK_FAILED, EXIT_OK

if TYPE_CHECKING:
    from fivefold.review import AssessmentSnapshot

JUDGED_SCHEMAS = (RECORD_SCHEMA, PREVIOUS_RECORD_SCHEMA)
"""An export before comments and owners is still judged, with the digest of its time (review/digest.py)."""
OLDER_RECORD_SCHEMAS = ("fivefold-assessment/1",)
IN_TOTO_STATEMENT = "https://in-toto.io/Statement/v1"


def say(text: str) -> None:
    """Print one line that may hold user or bank text: control characters and line breaks shown, not sent."""
    print(visible(text, keep_newlines=False))


def _snapshot(context: Context, assessment_id: int) -> AssessmentSnapshot:
    from fivefold.review import load_snapshot

    return load_snapshot(context.store, context.registry, assessment_id)


# Recording ----------------------------------------------------------------------------------


def sign(context: Context, args: argparse.Namespace) -> int:
    from fivefold.review.signoff import record_signoff

    signoff = record_signoff(
        context.store,
        _snapshot(context, args.assessment_id),
        reviewer=args.reviewer,
        role=args.role,
        decision=args.decision,
        comment=args.comment,
        key=args.key,
        principal=args.principal,
    )
    signed = f", signed as {signoff.signer_principal}" if signoff.signature else ", unsigned"
    say(f"sign-off {signoff.id}: {signoff.decision} by {signoff.reviewer}, digest {signoff.digest}{signed}")
    return EXIT_OK


def accept_blocker(context: Context, args: argparse.Namespace) -> int:
    from fivefold.review.signoff import accept_blocker as accept

    accept(
        context.store,
        _snapshot(context, args.assessment_id),
        args.question_id,
        reviewer=args.reviewer,
        reason=args.reason,
    )
    return EXIT_OK


def set_approvals(context: Context, args: argparse.Namespace) -> int:
    context.store.assessment(args.assessment_id)
    context.store.set_approvals_required(args.assessment_id, args.count)
    return EXIT_OK


def add_artifacts(context: Context, args: argparse.Namespace) -> int:
    """Hash every file first, then record them: a missing file records none."""
    if args.name is not None and len(args.paths) != 1:
        raise FivefoldError(f"--name names one artifact, but {len(args.paths)} files were given; add them one by one")
    context.store.assessment(args.assessment_id)
    hashed = [(hash_file(path, option="the artifact"), artifact_name(args.name or path.name)) for path in args.paths]
    for reviewed, name in hashed:
        context.store.add_artifact(args.assessment_id, name=name, size=reviewed.size, sha256=reviewed.sha256)
        say(f"artifact {name}: {reviewed.size:,} bytes, sha256 {reviewed.sha256}")
    return EXIT_OK


def list_artifacts(context: Context, args: argparse.Namespace) -> int:
    context.store.assessment(args.assessment_id)
    artifacts = context.store.artifacts(args.assessment_id)
    if args.json:
        rows = [{"name": a.name, "size": a.size, "sha256": a.sha256} for a in artifacts]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not artifacts:
        print(f"No artifacts yet: add the files under review with 'fivefold artifact add {args.assessment_id} PATH'.")
    for artifact in artifacts:
        say(f"{artifact.sha256}  {artifact.size:>15,}  {artifact.name}")
    return EXIT_OK


# Judging ------------------------------------------------------------------------------------


class Loaded(NamedTuple):
    """A record to judge, a name to call it by, and what is wrong with its wrapping."""

    name: str
    record: dict[str, Any]
    problems: tuple[str, ...] = ()


def load_record(context: Context, target: str) -> Loaded:
    """The record to judge: an assessment id in the database, an exported JSON file, or an in-toto statement."""
    if target.isdigit() and not Path(target).exists():
        from fivefold.review.record import build_record

        return Loaded(f"assessment {target}", build_record(_snapshot(context, int(target))))
    path = Path(target)
    document = read_json(
        path,
        what=f"a {RECORD_SCHEMA} export",
        hint="give a file written by 'fivefold export ID --format json', or an assessment id",
    )
    record: Any = document
    problems: tuple[str, ...] = ()
    if isinstance(document, dict) and document.get("_type") == IN_TOTO_STATEMENT:
        record, problems = document.get("predicate"), tuple(_subject_problems(document))
    schema = record.get("schema") if isinstance(record, dict) else type(record).__name__
    if schema in OLDER_RECORD_SCHEMAS:
        raise FivefoldError(
            f"{path} is a {schema} export, whose sign-offs were made under an older format and no longer count; "
            "export the assessment again with this Fivefold"
        )
    if schema not in JUDGED_SCHEMAS:
        raise FivefoldError(f"{path} is not a {RECORD_SCHEMA} export (its schema is {schema!r})")
    return Loaded(str(path), record, problems)


def _subject_problems(statement: dict[str, Any]) -> list[str]:
    """An in-toto statement's subjects must be exactly the artifacts its predicate lists (and signs)."""
    predicate = statement.get("predicate")
    artifacts = predicate.get("artifacts") if isinstance(predicate, dict) else None
    if not isinstance(artifacts, list) or not isinstance(statement.get("subject"), list):
        return []  # judging the predicate reports what is missing
    subjects = sorted(
        (str(s.get("name")), str((s.get("digest") or {}).get("sha256")))
        for s in statement["subject"]
        if isinstance(s, dict)
    )
    listed = sorted((str(a.get("name")), str(a.get("sha256"))) for a in artifacts if isinstance(a, dict))
    if subjects != listed:
        return ["the in-toto statement's subjects differ from the artifacts its predicate lists"]
    return []


def _judge(loaded: Loaded, **options: Any) -> Verdict:
    try:
        verdict = evaluate(loaded.record, **options)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        raise FivefoldError(
            f"{loaded.name} is not a complete {RECORD_SCHEMA} export (at {error!s}); export it again"
        ) from error
    verdict.integrity_reasons[:0] = loaded.problems
    verdict.gate_reasons[:0] = loaded.problems
    return verdict


def allowed_signers(args: argparse.Namespace) -> Path | None:
    """The command's `--allowed-signers`, or the one given before the command (`fivefold --allowed-signers F
    verify X`). Never the environment or the config folder: what the gate trusts is on its command line."""
    given: Path | None = args.allowed_signers or getattr(args, "app_allowed_signers", None)
    return given


def _check(args: argparse.Namespace) -> SignatureCheck | None:
    signers = allowed_signers(args)
    if signers is None:
        return None
    from fivefold.signing import signature_check

    return signature_check(signers)


def verify(context: Context, args: argparse.Namespace) -> int:
    """Recompute every digest and signature, replay the audit log (for an id), and report every change
    made outside Fivefold or after a sign-off."""
    loaded = load_record(context, args.target)
    verdict = _judge(loaded, check_signature=_check(args))
    say(f"{loaded.name}: content digest {verdict.digest}")
    for view in verdict.signoffs:
        principal = view.fact("principal")
        signer = f", principal {principal}" if principal else ""
        say(f"sign-off by {view.who}: {view.status}{signer}")
    problems = list(verdict.integrity_reasons)
    problems += [
        f"the content changed after the sign-off by {view.who}: it approved digest {view.facts['digest']}"
        for view in verdict.signoffs
        if view.standing == "stale"
    ]
    for problem in problems:
        say(f"FAILED: {problem}")
    if not verdict.signoffs:
        print("no sign-offs recorded")
    return EXIT_CHECK_FAILED if problems else EXIT_OK


def gate(context: Context, args: argparse.Namespace) -> int:
    """Exit 0 only when the assessment may be deployed; otherwise print every reason, one per line."""
    if args.require_signatures and allowed_signers(args) is None:
        raise FivefoldError("--require-signatures needs --allowed-signers FILE to check the signatures against")
    if args.min_approvals < 1:
        raise FivefoldError(f"--min-approvals must be at least 1, not {args.min_approvals}")
    files: list[ReviewedFile] = [hash_file(path, option="--artifact") for path in args.artifact or ()]
    loaded = load_record(context, args.target)
    verdict = _judge(
        loaded,
        check_signature=_check(args),
        require_signatures=args.require_signatures,
        min_approvals=args.min_approvals,
        artifacts=files,
    )
    if not verdict.passes:
        for reason in verdict.gate_reasons:
            say(reason)
        return EXIT_CHECK_FAILED
    approvers = ", ".join(verdict.approvers)
    say(
        f"gate passed: {loaded.name}, {verdict.valid_approvals} valid approval(s) of {verdict.approvals_needed} "
        f"needed ({approvers}), digest {verdict.digest}"
    )
    for reviewed, artifact in verdict.matched_artifacts:
        say(
            f"artifact {reviewed.path} is the reviewed artifact '{artifact['name']}' "
            f"({artifact['size']:,} bytes, sha256 {artifact['sha256']})"
        )
    return EXIT_OK
