"""Messages the app's workers post back to the screens (workers never touch widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from fivefold.banks import BankRegistry
    from fivefold.review import AssessmentSnapshot
    from fivefold.review.cycles import CycleDiff
    from fivefold.review.rules import Verdict
    from fivefold.store import Store


@dataclass
class StoreOpened(Message, bubble=False):
    """The database is open and current, and the banks are loaded.

    The app forwards it to every screen; it must not bubble back up to the app.
    """

    store: Store
    registry: BankRegistry


@dataclass
class StoreFailed(Message):
    """The database or the banks could not be opened; `error` is one sentence."""

    error: str


@dataclass
class AssessmentRows(Message):
    """The rows of the home screen's table, read in a worker."""

    rows: list[dict[str, Any]]


@dataclass
class SnapshotLoaded(Message):
    """An assessment read in full, ready for the assessment screen."""

    snapshot: AssessmentSnapshot


@dataclass
class ExportWritten(Message):
    """An export finished; `error` is set instead of `path` when it failed."""

    path: str | None
    error: str | None = None


@dataclass
class VerdictLoaded(Message):
    """An assessment read afresh and judged by `fivefold.review.rules.evaluate`, for the summary and sign-off."""

    snapshot: AssessmentSnapshot
    verdict: Verdict


@dataclass
class ReviewSaved(Message):
    """A sign-off, blocker acceptance or approvals count was written; `error` is set instead when it was refused."""

    note: str | None
    error: str | None = None


@dataclass
class TitleRead(Message):
    """The assessment's title, read in a worker so the export dialog can name the file."""

    title: str


@dataclass
class CycleStarted(Message):
    """The next cycle of an assessment was created; `error` is set instead of `assessment_id` when it failed."""

    assessment_id: int | None
    error: str | None = None


@dataclass
class CycleDiffLoaded(Message):
    """Two cycles compared question by question; `error` is set instead of `diff` when they cannot be."""

    diff: CycleDiff | None
    error: str | None = None
