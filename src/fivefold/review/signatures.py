"""Each sign-off's signature judged for a front end: the verdict `fivefold verify` gives, from the same rules.

Plain and blocking (every signature is an `ssh-keygen` run, about 5 ms): the app calls
`signoff_verdicts` from a thread worker. Where the allowed signers file comes from is
`fivefold.locations.allowed_signers_file`; with none, every signed sign-off is "unchecked".
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from fivefold.review.record import build_record
from fivefold.review.rules import SignatureState, SignOffView, Verdict, evaluate
from fivefold.review.snapshot import AssessmentSnapshot


class SignatureVerdict(NamedTuple):
    """One sign-off with its standing and what its signature says."""

    view: SignOffView
    state: SignatureState
    """verified, invalid, unchecked (no allowed signers file to check it against) or unsigned."""
    why: str
    """For an invalid signature, why; for an unchecked one, that no file was given; else ""."""

    @property
    def line(self) -> str:
        """The verdict in a few words, as `fivefold verify` prints it after the reviewer."""
        principal = self.view.fact("principal")
        if self.state == "verified":
            return f"signature verified ({principal})"
        if self.state == "invalid":
            return f"signature invalid: {self.why}"
        if self.state == "unchecked":
            return f"signature unchecked: {self.why}"
        return "unsigned"


def signoff_verdicts(snapshot: AssessmentSnapshot, *, allowed_signers: Path | None) -> list[SignatureVerdict]:
    """Every sign-off of `snapshot`, in order, with its signature checked against `allowed_signers`.

    The same `evaluate` as `fivefold verify ID --allowed-signers FILE`, so both say the same.
    A named file that does not exist raises `SigningError`, one sentence naming it.
    """
    return checked_verdict(snapshot, allowed_signers=allowed_signers)[1]


def checked_verdict(
    snapshot: AssessmentSnapshot, *, allowed_signers: Path | None
) -> tuple[Verdict, list[SignatureVerdict]]:
    """The whole verdict with signatures checked (what `fivefold gate ID --allowed-signers FILE` judges:
    an invalid signature is a reason and its approval does not count), and each sign-off's signature verdict."""
    check = None
    if allowed_signers is not None:
        from fivefold.signing import signature_check

        check = signature_check(allowed_signers)
    verdict = evaluate(build_record(snapshot), check_signature=check)
    signatures = [
        SignatureVerdict(view, view.signature, _why(view, checked=check is not None)) for view in verdict.signoffs
    ]
    return verdict, signatures


def _why(view: SignOffView, *, checked: bool) -> str:
    if view.signature == "invalid":
        return view.signature_problem or "it does not verify"
    if view.signature == "unchecked":
        if view.standing == "older format":
            return "signed under an older format, which is never checked"
        if view.standing == "unreadable":
            return "its statement cannot be read"
        return "no allowed signers file" if not checked else "not checked"
    return ""
