"""Review rules: what counts as answered, progress per phase and lens, recording an answer."""

from fivefold.review.answering import MAX_TEXT_CHARS, parse_status, record_answer, record_goal
from fivefold.review.progress import LensProgress, PhaseProgress, Progress, assessment_progress, is_answered
from fivefold.review.snapshot import AssessmentSnapshot, assessments_with_progress, load_snapshot

__all__ = [
    "MAX_TEXT_CHARS",
    "AssessmentSnapshot",
    "LensProgress",
    "PhaseProgress",
    "Progress",
    "assessment_progress",
    "assessments_with_progress",
    "is_answered",
    "load_snapshot",
    "parse_status",
    "record_answer",
    "record_goal",
]
