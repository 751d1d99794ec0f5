"""Typed models of a question bank, validated from a TOML file."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


class Question(_Strict):
    """What is asked. The `id` keys answers forever: never rename one."""

    id: str = Field(pattern=_ID_PATTERN)
    text: str = Field(min_length=1)
    help: str = ""
    kind: Literal["rationale"] = "rationale"
    required: bool = True
    source: str = Field(min_length=1)
    example: str = ""


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
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def questions(self) -> list[QuestionPlace]:
        """Every question in bank order, with the phase and lens it sits in."""
        return [
            QuestionPlace(phase=phase, lens_name=lens_name, lens=lens, question=question)
            for phase in self.phases
            for lens_name, lens in phase.lenses()
            for question in lens.questions
        ]

    def question_ids(self) -> frozenset[str]:
        """Every question id, as a set built once per bank (autosave checks it on every save)."""
        return self._question_ids

    # A frozen model still lets cached_property write the instance __dict__; pydantic
    # compares and dumps fields only, so the cache changes neither equality nor content_hash.
    @cached_property
    def _question_ids(self) -> frozenset[str]:
        return frozenset(place.question.id for place in self.questions())

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


class QuestionPlace(BaseModel):
    """A question together with where it sits in the bank."""

    model_config = ConfigDict(frozen=True)

    phase: Phase
    lens_name: LensName
    lens: Lens
    question: Question
