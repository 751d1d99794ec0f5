"""Review rules: what counts as answered, progress per phase and lens, recording an answer.

The names below load on first use (PEP 562): `fivefold gate FILE` imports `fivefold.review.rules`,
which needs only the standard library, and must not pay for the store and pydantic (about 400 ms)
that `record_answer` and `load_snapshot` bring in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fivefold.lazy import lazy_attributes

if TYPE_CHECKING:
    from fivefold.review.answering import MAX_TEXT_CHARS, parse_status, record_answer, record_goal
    from fivefold.review.listing import ListingRow, listing_rows
    from fivefold.review.progress import LensProgress, PhaseProgress, Progress, assessment_progress, is_answered
    from fivefold.review.snapshot import AssessmentSnapshot, assessments_with_progress, load_snapshot

_HOMES = {
    "MAX_TEXT_CHARS": "answering",
    "parse_status": "answering",
    "record_answer": "answering",
    "record_goal": "answering",
    "ListingRow": "listing",
    "listing_rows": "listing",
    "LensProgress": "progress",
    "PhaseProgress": "progress",
    "Progress": "progress",
    "assessment_progress": "progress",
    "is_answered": "progress",
    "AssessmentSnapshot": "snapshot",
    "assessments_with_progress": "snapshot",
    "load_snapshot": "snapshot",
}


__getattr__ = lazy_attributes(__name__, _HOMES)


__all__ = [
    "MAX_TEXT_CHARS",
    "AssessmentSnapshot",
    "LensProgress",
    "ListingRow",
    "PhaseProgress",
    "Progress",
    "assessment_progress",
    "assessments_with_progress",
    "is_answered",
    "listing_rows",
    "load_snapshot",
    "parse_status",
    "record_answer",
    "record_goal",
]
