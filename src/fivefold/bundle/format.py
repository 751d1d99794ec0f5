"""The bundle file (`fivefold-bundle/2`, or /1 without banks; docs/bundle.md) as typed data, and reading one.

Every field has the type, range and shape the tables need, checked strictly (a `"3"` is not a
3, a time needs its zone): a bundle that does not fit is refused with the first field at fault
before anything is written. What the fields must agree on (the audit chain, the digests, the
threads) is checked by `fivefold.bundle.check`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    model_validator,
)

from fivefold.banks.files import MAX_BANK_BYTES
from fivefold.banks.models import ID_PATTERN
from fivefold.errors import FivefoldError
from fivefold.review.answering import MAX_TEXT_CHARS
from fivefold.visible import visible

BUNDLE_FORMAT = "fivefold-bundle/2"
"""What `build_bundle` writes; /1 (the same without `banks`) is still read."""
MAX_BUNDLE_BYTES = 128 * 1024 * 1024
"""A bundle is refused unread above this size. Reading, checking and importing one takes about three
times its size in memory at its peak (a 7.6 MB bundle of 3,000 answer saves: 21 MB and 1.2 s), so the
limit keeps an import under half a gigabyte; a busy assessment's whole chain is a few MB."""

Uuid = Annotated[str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]
"""What an INTEGER column holds on PostgreSQL."""
Positive = Annotated[int, Field(ge=1, le=2**31 - 1)]
Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
Line = Annotated[str, Field(max_length=10_000)]
"""A name, a title, an id: longer than any a person types, short of what fills a screen."""
Status = Literal["addressed", "concern", "blocker", "not-applicable"]
"""`fivefold.vocabulary.STATUSES`, spelled as a type (a test keeps them in step)."""
Decision = Literal["approve", "approve-with-conditions", "reject"]
"""`fivefold.vocabulary.DECISIONS`, likewise."""


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class BundleAssessment(Model):
    uuid: Uuid
    title: Line
    system_name: Line
    system_version: Line
    bank_id: Line
    bank_version: Line
    bank_hash: Line
    approvals_required: Positive
    open_comments_block: bool
    cycle: Positive
    previous_uuid: Uuid | None
    audit_seq: Count
    audit_head: Sha256 | Literal[""]
    created_at: AwareDatetime
    updated_at: AwareDatetime


class BundleAnswer(Model):
    question_id: Line
    status: Status | None
    rationale: Text
    evidence: list[Text]
    value: JsonValue
    carried_over: bool
    revision: Positive
    updated_at: AwareDatetime


class BundleGoal(Model):
    phase: Line
    lens: Literal["theory", "practice"]
    x: Text
    y: Text
    updated_at: AwareDatetime


class BundleAcceptance(Model):
    question_id: Line
    answer_revision: Positive
    reviewer: Line
    reason: Text
    created_at: AwareDatetime


class BundleSignOff(Model):
    statement: Text
    signature: Text | None
    reviewer: Line
    role: Line
    decision: Decision
    comment: Text
    digest: Line
    signer_principal: Line | None
    created_at: AwareDatetime


class BundleArtifact(Model):
    name: Line
    size: Annotated[int, Field(ge=0, le=2**63 - 1)]
    sha256: Sha256
    added_at: AwareDatetime


class BundleComment(Model):
    id: Uuid
    question_id: Line
    reply_to: Uuid | None
    author: Line
    text: Text
    resolved: bool
    resolved_by: Line
    created_at: AwareDatetime
    resolved_at: AwareDatetime | None


class BundleActionItem(Model):
    question_id: Line
    owner: Line
    due: date
    set_at: AwareDatetime


class BundleEvent(Model):
    seq: Positive
    kind: Line
    at: Line
    data: str
    prev_hash: Sha256
    hash: Sha256


class BundleBank(Model):
    id: Line
    version: Line
    hash: Line


class BundleDigest(Model):
    format: Literal["fivefold-digest/3"]  # review.digest.DIGEST_FORMAT: a new one needs a new bundle format
    value: Sha256
    bank: BundleBank
    """The bank the digest was computed with: the one `fivefold verify` judged the cycle by where it was exported."""


class BundleCycle(Model):
    assessment: BundleAssessment
    answers: list[BundleAnswer]
    goals: list[BundleGoal]
    blocker_acceptances: list[BundleAcceptance]
    signoffs: list[BundleSignOff]
    artifacts: list[BundleArtifact]
    comments: list[BundleComment]
    action_items: list[BundleActionItem]
    audit_events: list[BundleEvent]
    digest: BundleDigest


def _bank_file_text(text: str) -> str:
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate (the JSON reader refuses one; a bundle made in Python may not)
        raise ValueError("it is not UTF-8 text (it holds a lone surrogate)") from None
    if size > MAX_BANK_BYTES:
        raise ValueError(f"it holds {size:,} bytes, over the {MAX_BANK_BYTES:,} a bank file may have")
    return text


class BundleBankFile(Model):
    """A bank file the bundle carries: what it declares, and the file's text as it was installed."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=10_000)]
    version: Line
    hash: Sha256
    toml: Annotated[str, AfterValidator(_bank_file_text)]


class Bundle(Model):
    format: Literal["fivefold-bundle/1", "fivefold-bundle/2"]
    exported_at: AwareDatetime
    cycles: Annotated[list[BundleCycle], Field(min_length=1)]
    banks: list[BundleBankFile] = []
    """Every bank its cycles use that was installed where it was exported (/2 only)."""

    @model_validator(mode="after")
    def _banks_in_their_format(self) -> Bundle:
        given = "banks" in self.model_fields_set
        if self.format == "fivefold-bundle/2" and not given:
            raise ValueError('a fivefold-bundle/2 bundle lists its "banks" (an empty list if none)')
        if self.format == "fivefold-bundle/1" and given:
            raise ValueError('a fivefold-bundle/1 bundle has no "banks"; a /2 bundle carries them')
        return self


def utc(moment: datetime) -> datetime:
    """A stored time in UTC (SQLite hands back naive UTC times; a bundle may carry any zone)."""
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)


def bundle_time(moment: datetime) -> str:
    """A time as a bundle writes it: UTC, to the microsecond, so it comes back exactly."""
    return utc(moment).isoformat(timespec="microseconds")


def read_bundle(path: Path) -> Bundle:
    """The bundle in `path`, or a FivefoldError naming the file and its first fault."""
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise FivefoldError(
                f"{path} holds {size:,} bytes, over the {MAX_BUNDLE_BYTES:,} a bundle may have; "
                "it is not a bundle Fivefold wrote"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_BUNDLE_BYTES + 1)
    except OSError as error:
        raise FivefoldError(f"cannot read the bundle {path} ({error.strerror})") from error
    if len(data) > MAX_BUNDLE_BYTES:  # a pipe or a file that grew: stat said less
        raise FivefoldError(f"{path} holds over {MAX_BUNDLE_BYTES:,} bytes, more than a bundle may have")
    return parse_bundle(data, name=str(path))


def parse_bundle(data: bytes, *, name: str) -> Bundle:
    try:
        return Bundle.model_validate_json(data)
    except ValidationError as error:
        # The location can hold a key from the file: shown, never sent to the terminal.
        raise FivefoldError(visible(_first_fault(error, name), keep_newlines=False)) from None


def _first_fault(error: ValidationError, name: str) -> str:
    faults = error.errors(include_url=False)
    # A file that is not a bundle at all says so first, whatever order pydantic lists its faults
    # in (2.13 puts an unknown key before a missing "format", 2.14 after).
    fault = next((f for f in faults if _place(f["loc"]) in ("", "format")), faults[0])
    kind, place = fault["type"], _place(fault["loc"])
    if kind == "json_invalid":
        reason = fault["msg"].removeprefix("Invalid JSON: ")
        if reason.startswith("EOF"):
            return f"{name} is not complete JSON ({reason}); it may be truncated"
        return f"{name} is not valid JSON ({reason}); it is not a bundle Fivefold wrote"
    message = fault["msg"].removeprefix("Value error, ")
    message = message[0].lower() + message[1:]
    if kind == "value_error" and place == "":  # the bundle as a whole (its banks and its format)
        return f"{name} is not a valid bundle: {message}"
    if place == "" or place == "format":
        stated = fault.get("input") if place == "format" else None
        if isinstance(stated, str) and stated.startswith("fivefold-bundle/"):
            return f"{name} is a {stated} bundle, written by a newer Fivefold; upgrade Fivefold to import it"
        return f'{name} is not a Fivefold bundle (no "format": "{BUNDLE_FORMAT}"); make one with \'fivefold bundle export\''
    return f"{name} is not a valid bundle: field {place}: {message}"


def _place(location: tuple[Any, ...]) -> str:
    """A pydantic location as a path a person can follow: `cycles[0].answers[3].revision`."""
    out = ""
    for step in location:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
