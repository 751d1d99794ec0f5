"""Typed models of a question bank, validated from a TOML file."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fivefold.canonical import bank_content_hash

LensName = Literal["theory", "practice"]
LENS_NAMES: tuple[LensName, ...] = ("theory", "practice")

_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
_SLOT = re.compile(r"\{([A-Za-z_]+)\}")


class _Strict(BaseModel):
    """Every bank model refuses unknown keys, so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    """A published text (or the project itself) that questions cite."""

    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    author: str = ""
    year: int | None = None
    url: str = ""
    note: str = ""


QuestionKind = Literal["rationale", "single-choice", "multiple-choice", "scale", "yes-no", "short-text"]
CHOICE_KINDS = ("single-choice", "multiple-choice")
SCALE = range(1, 6)


class Condition(_Strict):
    """Show a question only when an earlier answer matches (`when = {question = "...", equals = ...}`).

    Exactly one of `equals` (the earlier answer's value), `any_of` (one of several values)
    or `status` (the earlier answer's status) must be given.
    """

    question: str = Field(pattern=_ID_PATTERN)
    equals: str | int | bool | None = None
    any_of: list[str | int | bool] | None = None
    status: Literal["addressed", "concern", "blocker", "not-applicable"] | None = None

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

    id: str = Field(pattern=_ID_PATTERN)
    text: str = Field(min_length=1)
    summary: str = ""
    help: str = ""
    kind: QuestionKind = "rationale"
    options: list[str] = Field(default_factory=list)
    required: bool = True
    source: str = Field(min_length=1)
    example: str = ""
    when: Condition | None = None

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
    problems: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1)
    questions: list[Question]

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

    id: str = Field(pattern=_ID_PATTERN)
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

    id: str = Field(pattern=_ID_PATTERN)
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


class QuestionPlace(BaseModel):
    """A question together with where it sits in the bank."""

    model_config = ConfigDict(frozen=True)

    phase: Phase
    lens_name: LensName
    lens: Lens
    question: Question
