"""The plain front end: `fivefold ask ID --plain` asks the open questions one prompt at a time.

For a terminal where a full-screen app is unwelcome (a screen reader, a slow SSH link, a
notebook's terminal). It calls the same `record_answer` as the app, so every answer is
committed as soon as it is given, and quitting half-way keeps what was answered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fivefold.banks import QuestionPlace
from fivefold.banks.kinds import describe_value
from fivefold.banks.models import SCALE
from fivefold.review import AssessmentSnapshot, parse_status, record_answer
from fivefold.review.progress import applicable_questions, is_answered
from fivefold.store import Store
from fivefold.visible import visible
from fivefold.vocabulary import STATUS_MEANINGS

SKIP, QUIT = "skip", "quit"
STATUS_CHOICES = [
    *STATUS_MEANINGS.items(),
    (SKIP, "Skip this question for now"),
    (QUIT, "Stop here (everything answered so far is saved)"),
]


def safe(text: str) -> str:
    """Bank and user text for a terminal: control codes (ANSI escapes) shown, never sent."""
    return visible(text)


def open_questions(snapshot: AssessmentSnapshot, *, everything: bool = False) -> list[QuestionPlace]:
    """The questions to ask, in bank order: those that apply and are not answered (or all that apply)."""
    shown = applicable_questions(snapshot.bank, snapshot.answers)
    places = []
    for place in snapshot.bank.questions():
        if place.question.id not in shown:
            continue
        answer = snapshot.answers.get(place.question.id)
        if everything or not is_answered(answer, place.question.kind):
            places.append(place)
    return places


def ask_all(
    store: Store,
    snapshot: AssessmentSnapshot,
    *,
    everything: bool = False,
    prompt_options: dict[str, Any] | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Ask every open question; returns how many answers were saved. Ctrl+C stops like "quit"."""
    import questionary

    options = prompt_options or {}
    saved = 0
    places = open_questions(snapshot, everything=everything)
    assessment_id = snapshot.assessment.id
    assert assessment_id is not None
    say(f"{len(places)} question(s) to answer in '{safe(snapshot.assessment.title)}'.")
    for number, place in enumerate(places, start=1):
        question = place.question
        answer = snapshot.answers.get(question.id)
        say("")
        say(f"[{number}/{len(places)}] {safe(place.phase.title)} / {place.lens_name}")
        say(f"Goal: {safe(snapshot.goal_sentence(place.phase, place.lens_name, place.lens))}")
        if question.help:
            say(f"Help: {safe(question.help)}")
        if answer is not None and answer.carried_over:
            say("Carried over from the previous cycle: confirm it or change it.")
        value = _ask_value(questionary, place, answer.value if answer else None, options)
        if value is QUIT:
            break
        default_status = answer.status if answer and answer.status else None
        status = questionary.select(
            safe(question.text),
            choices=[questionary.Choice(label, value=name) for name, label in STATUS_CHOICES],
            default=default_status,  # questionary takes the choice's value here, not its title
            **options,
        ).ask()
        if status in (None, QUIT):
            break
        if status == SKIP:
            continue
        rationale = questionary.text(
            "Rationale (one paragraph; the app or `fivefold answer --text-file` takes longer Markdown):",
            default=answer.rationale if answer else "",
            **options,
        ).ask()
        if rationale is None:
            break
        record_answer(
            store,
            snapshot.bank,
            assessment_id,
            question.id,
            status=parse_status(status),
            rationale=rationale,
            evidence=answer.evidence if answer else (),
            value=value,
            expected_revision=answer.revision if answer else 0,
        )
        saved += 1
        say(f"Saved: {status}" + (f" · {safe(describe_value(question, value))}" if value is not None else ""))
    say(f"{saved} answer(s) saved.")
    return saved


def _ask_value(questionary: Any, place: QuestionPlace, current: Any, options: dict[str, Any]) -> Any:
    """The value of a choice, scale, yes/no or short-text question (None for a rationale question)."""
    question = place.question
    title = safe(question.text)
    if question.kind == "rationale":
        return None
    if question.kind == "single-choice":
        picked = questionary.select(title, choices=[safe(o) for o in question.options], **options).ask()
        return QUIT if picked is None else question.options[[safe(o) for o in question.options].index(picked)]
    if question.kind == "multiple-choice":
        choices = [questionary.Choice(safe(o), value=o, checked=o in (current or [])) for o in question.options]
        picked = questionary.checkbox(title, choices=choices, **options).ask()
        return QUIT if picked is None else picked
    if question.kind == "scale":
        picked = questionary.select(f"{title} (1-5)", choices=[str(n) for n in SCALE], **options).ask()
        return QUIT if picked is None else int(picked)
    if question.kind == "yes-no":
        picked = questionary.confirm(title, default=bool(current), **options).ask()
        return QUIT if picked is None else picked
    picked = questionary.text(title, default=current or "", **options).ask()
    return QUIT if picked is None else picked
