"""Typed models of a question bank, validated from a TOML file."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fivefold.canonical import bank_content_hash
from fivefold.vocabulary import STATUSES

LensName = Literal["theory", "practice"]
LENS_NAMES: tuple[LensName, ...] = ("theory", "practice")

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
"""What every id (bank, source, phase, question) must match."""
_SLOT = re.compile(r"\{([A-Za-z_]+)\}")


class _Strict(BaseModel):
    """Every bank model refuses unknown keys, so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    """A published text (or the project itself) that lenses, questions, problems and examples cite."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    author: str = ""
    year: int | None = None
    url: str = ""
    note: str = ""
    contents: list[str] = Field(default_factory=list)
    """The headings of the text's table of contents. When given, every locator citing this
    source must be one of them, so a reader can find the passage and a typo is an error."""


class _Cited(_Strict):
    """A text with its own citation: the id of a source and a heading of that source."""

    text: str = Field(min_length=1)
    source: str = ""
    locator: str = ""


class Problem(_Cited):
    """A known difficulty of a lens, shown as context and never asked."""


class Example(_Cited):
    """A worked example of a good answer; it may come from another text than its question, or be
    written by the bank's authors, so it cites its own source."""


def _inherit_citation(item: Any, source: Any, locator: Any) -> Any:
    """A problem or example as a table that cites what its lens or question cites, unless it names
    a source of its own (a locator belongs to its source, so it is inherited only with it).

    Banks written before problems and examples had their own citations give them as plain
    strings; those still load, and cite what their lens or question cites.
    """
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict) or "source" in item:
        return item
    inherited = {"source": source, "locator": locator}
    return {**{key: value for key, value in inherited.items() if isinstance(value, str)}, **item}


QuestionKind = Literal["rationale", "single-choice", "multiple-choice", "scale", "yes-no", "short-text"]
CHOICE_KINDS = ("single-choice", "multiple-choice")
SCALE = range(1, 6)


class Condition(_Strict):
    """Show a question only when an earlier answer matches (`when = {question = "...", equals = ...}`).

    Exactly one of `equals` (the earlier answer's value), `any_of` (one of several values)
    or `status` (the earlier answer's status) must be given.
    """

    question: str = Field(pattern=ID_PATTERN)
    equals: str | int | bool | None = None
    any_of: list[str | int | bool] | None = None
    status: str | None = None

    @field_validator("status")
    @classmethod
    def _known_status(cls, status: str | None) -> str | None:
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        return status

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        given = [name for name in ("equals", "any_of", "status") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("a condition needs exactly one of equals, any_of or status")
        return self


class Question(_Strict):
    """What is asked. The `id` keys answers forever: never rename one.

    Every kind keeps a status and a Markdown rationale; the other kinds also take a
    value (a choice, choices, 1-5, yes/no or a short text) that `when` conditions test.
    """

    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1)
    summary: str = ""
    help: str = ""
    kind: QuestionKind = "rationale"
    options: list[str] = Field(default_factory=list)
    required: bool = True
    source: str = Field(min_length=1)
    locator: str = ""
    example: Example | None = None
    when: Condition | None = None
    steering: bool = False
    """Its answer is part of the steering plan: the next cycle shows it first, leading the help
    of the bank's first phase (the retrospective's answer steers the next platonic phase)."""

    @model_validator(mode="before")
    @classmethod
    def _example_cites(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "example" not in data:
            return data
        if data["example"] == "":  # how the old format said "no example"
            return {key: value for key, value in data.items() if key != "example"}
        return {**data, "example": _inherit_citation(data["example"], data.get("source"), data.get("locator", ""))}

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        if self.kind in CHOICE_KINDS and len(self.options) < 2:
            raise ValueError(f"a {self.kind} question needs at least two options")
        if self.kind not in CHOICE_KINDS and self.options:
            raise ValueError(f"a {self.kind} question takes no options")
        if len(set(self.options)) != len(self.options):
            raise ValueError("the options must be different from each other")
        return self


class Lens(_Strict):
    """One side of a phase: its goal sentence, known problems and questions."""

    headline: str = ""
    problem_of: str = ""
    goal: str = Field(min_length=1)
    x: str = Field(min_length=1)
    y: str = Field(min_length=1)
    about: str = ""
    problems: list[Problem] = Field(default_factory=list)
    source: str = Field(min_length=1)
    locator: str = ""
    questions: list[Question]

    @model_validator(mode="before")
    @classmethod
    def _problems_cite(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("problems"), list):
            source, locator = data.get("source"), data.get("locator", "")
            return {**data, "problems": [_inherit_citation(item, source, locator) for item in data["problems"]]}
        return data

    @field_validator("goal")
    @classmethod
    def _goal_has_both_slots(cls, goal: str) -> str:
        slots = set(_SLOT.findall(goal))
        if slots != {"X", "Y"}:
            raise ValueError("the goal must contain exactly the slots {X} and {Y}")
        return goal

    @field_validator("questions")
    @classmethod
    def _not_empty(cls, questions: list[Question]) -> list[Question]:
        if not questions:
            raise ValueError("a lens needs at least one question")
        return questions

    def goal_sentence(self, x: str | None = None, y: str | None = None) -> str:
        """The goal with the team's X and Y, or the source's defaults where not given."""
        return self.goal.replace("{X}", x or self.x).replace("{Y}", y or self.y)


class Phase(_Strict):
    """An ordered stage of the bank; each has a theory and/or a practice lens."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    summary: str = ""
    deliverable: str = ""
    note: str = ""
    theory: Lens | None = None
    practice: Lens | None = None

    @model_validator(mode="after")
    def _has_a_lens(self) -> Phase:
        if self.theory is None and self.practice is None:
            raise ValueError("a phase needs a theory or a practice lens (it is empty)")
        return self

    def lenses(self) -> list[tuple[LensName, Lens]]:
        """The phase's lenses in their fixed order, theory first."""
        found = ((name, getattr(self, name)) for name in LENS_NAMES)
        return [(name, lens) for name, lens in found if lens is not None]


class Bank(_Strict):
    """A versioned question set."""

    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    sources: list[Source] = Field(default_factory=list)
    phases: list[Phase]

    @field_validator("phases")
    @classmethod
    def _has_phases(cls, phases: list[Phase]) -> list[Phase]:
        if not phases:
            raise ValueError("a bank needs at least one phase")
        return phases

    def content_hash(self) -> str:
        """SHA-256 of the bank's canonical JSON: formatting and comments do not change it."""
        return bank_content_hash(self.model_dump(mode="json"))

    def questions(self) -> list[QuestionPlace]:
        """Every question in bank order, with the phase and lens it sits in."""
        return list(self._places.values())

    def question_ids(self) -> frozenset[str]:
        return frozenset(self._places)

    def question(self, question_id: str) -> QuestionPlace | None:
        return self._places.get(question_id)

    # Built once per bank: autosave looks a question up on every save. A frozen model still
    # lets cached_property write the instance __dict__, and pydantic compares and dumps
    # fields only, so the cache changes neither equality nor content_hash.
    @cached_property
    def _places(self) -> dict[str, QuestionPlace]:
        return {place.question.id: place for place in self.every_place()}

    def every_place(self) -> list[QuestionPlace]:
        """Every question as written, duplicates included (the loader reports those)."""
        return [
            QuestionPlace(phase=phase, lens_name=lens_name, lens=lens, question=question)
            for phase in self.phases
            for lens_name, lens in phase.lenses()
            for question in lens.questions
        ]

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def citation(self, source_id: str, locator: str = "") -> str:
        """A citation as a reader sees it: the source's title, then the section it names."""
        source = self.source(source_id)
        title = source.title if source else source_id
        return f"{title} ({locator})" if locator else title


class QuestionPlace(BaseModel):
    """A question together with where it sits in the bank."""

    model_config = ConfigDict(frozen=True)

    phase: Phase
    lens_name: LensName
    lens: Lens
    question: Question
