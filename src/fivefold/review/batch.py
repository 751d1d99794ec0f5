"""Many answers from one JSON Lines text (`fivefold answer ID --batch FILE`): all checked, then saved in one go.

One JSON object per line, with the fields `question` (the question id, required), `status`
(addressed, concern, blocker, not-applicable, or draft / null), `text` (the rationale, Markdown),
`value` (for a choice, scale, yes/no or short-text question, as JSON: a list for several choices)
and `evidence` (a list of references). A line gives `text`, `value` or both, as `fivefold answer`
needs `--text` or `--value`. Every line passes the same check as `record_answer`
(`answering.answer_problems`), every bad line is reported with its number and field, and only a
batch without a single problem is saved, in one transaction (`Store.save_answers`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from fivefold.banks import Bank
from fivefold.errors import FivefoldError
from fivefold.review.answering import answer_problems, parse_status
from fivefold.store import Answer, Store
from fivefold.store.database import AnswerDraft

FIELDS = ("question", "status", "text", "value", "evidence")


class BatchProblem(NamedTuple):
    """What is wrong with one line, and in which field (None: the line as a whole)."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        field = f" field '{self.field}':" if self.field else ""
        return f"line {self.line}:{field} {self.message}"


class BatchError(FivefoldError):
    """A batch with bad lines, none of it saved; `problems` has every one."""

    def __init__(self, problems: Sequence[BatchProblem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the batch; nothing was saved")


class _Refused(Exception):
    """Why a line cannot be an answer: (field or None, message) pairs."""

    def __init__(self, *problems: tuple[str | None, str]) -> None:
        self.problems = problems


def parse_batch(text: str, bank: Bank) -> tuple[list[AnswerDraft], list[BatchProblem]]:
    """The answers of a batch, each checked against `bank`, and every problem found (blank lines are skipped).

    Lines are split at "\\n" only: a JSON string may hold a raw U+2028 or form feed, at which
    `str.splitlines` would cut it.
    """
    drafts: list[AnswerDraft] = []
    problems: list[BatchProblem] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            draft = _draft(line, bank)
        except _Refused as refused:
            problems.extend(BatchProblem(number, field, message) for field, message in refused.problems)
            continue
        if draft.question_id in first_line:
            message = (
                f"'{draft.question_id}' is answered on line {first_line[draft.question_id]} already; answer it once"
            )
            problems.append(BatchProblem(number, "question", message))
            continue
        first_line[draft.question_id] = number
        drafts.append(draft)
    if not drafts and not problems:
        problems.append(BatchProblem(1, None, "the batch has no answers (one JSON object per line)"))
    return drafts, problems


def record_batch(store: Store, bank: Bank, assessment_id: int, text: str) -> list[Answer]:
    """Check every line, then save them all in one transaction; `BatchError` (nothing saved) on any problem."""
    drafts, problems = parse_batch(text, bank)
    if problems:
        raise BatchError(problems)
    return store.save_answers(assessment_id, drafts)


def _draft(line: str, bank: Bank) -> AnswerDraft:
    data = _object(line)
    unknown = [name for name in data if name not in FIELDS]
    if unknown:
        raise _Refused((unknown[0], f"is not a field of an answer; the fields are {', '.join(FIELDS)}"))
    question = data.get("question")
    if not isinstance(question, str) or not question:
        raise _Refused(("question", "is missing; give the id of the question this line answers"))
    if "text" not in data and "value" not in data:
        raise _Refused((None, "gives neither text nor value; give the rationale as text, or the value, or both"))
    rationale = data.get("text", "")
    if not isinstance(rationale, str):
        raise _Refused(("text", "must be a string (the rationale, in Markdown)"))
    evidence = data.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(item, str) for item in evidence):
        raise _Refused(("evidence", "must be a list of strings (references)"))
    status = data.get("status")
    if status is not None and not isinstance(status, str):
        raise _Refused(("status", "must be a status name or null (a draft)"))
    try:
        parsed = parse_status(status)
    except FivefoldError as error:
        raise _Refused(("status", str(error))) from None
    value = data.get("value")
    problems = answer_problems(bank, question, rationale=rationale, evidence=evidence, value=value)
    if problems:
        raise _Refused(*problems)
    return AnswerDraft(question_id=question, status=parsed, rationale=rationale, evidence=tuple(evidence), value=value)


def _object(line: str) -> dict[str, Any]:
    try:
        data = json.loads(line, object_pairs_hook=_without_repeats, parse_constant=_refuse_constant)
    except RecursionError:
        raise _Refused((None, "is nested too deeply to be an answer")) from None
    except _Refused:
        raise
    except ValueError as error:  # JSONDecodeError, and an integer too long to convert
        raise _Refused((None, f"is not JSON ({error})")) from None
    if not isinstance(data, dict):
        raise _Refused((None, 'is not a JSON object; give one answer per line, as {"question": "…", …}'))
    return data


def _without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: `{"status": "addressed", "status": "blocker"}` says two things."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _Refused((key, "is given twice in one object; give it once"))
        data[key] = value
    return data


def _refuse_constant(name: str) -> Any:
    raise _Refused((None, f"holds {name}, which is not JSON (no database stores it as JSON either)"))
