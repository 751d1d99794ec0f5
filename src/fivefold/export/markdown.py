"""Render an assessment as the training rationale in Markdown."""

from __future__ import annotations

from datetime import date

from fivefold.banks import Phase, Question
from fivefold.banks.kinds import describe_value
from fivefold.export.files import default_export_name
from fivefold.export.review_items import action_items_section, other_threads_section, thread_blocks
from fivefold.export.text import inline, quoted_block
from fivefold.review import AssessmentSnapshot
from fivefold.review.comments import threads_by_question
from fivefold.review.digest import DIGEST_FORMAT
from fivefold.review.progress import applicable_questions, needs_justification
from fivefold.review.record import build_record
from fivefold.review.rules import SignatureCheck, Verdict, evaluate
from fivefold.store import Answer, AnswerStatus
from fivefold.visible import visible

STATUS_LABELS = {
    AnswerStatus.ADDRESSED: "addressed",
    AnswerStatus.CONCERN: "CONCERN",
    AnswerStatus.BLOCKER: "BLOCKER",
    AnswerStatus.NOT_APPLICABLE: "not applicable",
}


def status_label(status: str | None) -> str:
    return STATUS_LABELS[AnswerStatus(status)] if status else "unanswered"


def render_markdown(
    snapshot: AssessmentSnapshot,
    *,
    today: date | None = None,
    check_signature: SignatureCheck | None = None,
    link_extension: str = "md",
) -> str:
    """The whole training rationale; user text is escaped so it cannot reshape the document."""
    verdict = evaluate(build_record(snapshot), check_signature=check_signature)
    shown = applicable_questions(snapshot.bank, snapshot.answers)
    today = today or date.today()
    out = _header(snapshot, today, link_extension)
    out += _summary_table(snapshot)
    for phase in snapshot.bank.phases:
        out += _phase_section(snapshot, phase, shown)
    out += signoff_section(snapshot, verdict)
    out += _open_items(snapshot)
    out += _retired_answers(snapshot)
    out += other_threads_section(snapshot, snapshot.bank.question_ids())
    out += _sources(snapshot)
    out += action_items_section(snapshot, today=today)  # the document ends with it
    return visible("\n".join(out).rstrip() + "\n")  # and any bank or stored text not escaped above


def _header(snapshot: AssessmentSnapshot, today: date, link_extension: str) -> list[str]:
    assessment, bank, progress = snapshot.assessment, snapshot.bank, snapshot.progress
    system = assessment.system_name + (f" {assessment.system_version}" if assessment.system_version else "")
    cycle = f"- **Cycle:** {assessment.cycle}"
    if assessment.previous_id is not None:
        previous = default_export_name(assessment.previous_id, assessment.title, link_extension)
        cycle += f", continuing [assessment #{assessment.previous_id}]({previous})"
    out = [
        f"# Training rationale: {inline(assessment.title)}",
        "",
        f"- **System:** {inline(system)}",
        f"- **Bank:** {inline(bank.title)} (`{bank.id}` version {inline(bank.version)})",
        f"- **Assessment:** #{assessment.id}, started {assessment.created_at:%Y-%m-%d}",
        cycle,
        f"- **Exported:** {today.isoformat()}",
        f"- **Progress:** {progress.answered} of {progress.total} questions answered ({progress.percent}%)",
    ]
    if snapshot.bank_changed:
        out.append(f"- **Bank note:** {inline(snapshot.bank_changed)}")
    return out


def _summary_table(snapshot: AssessmentSnapshot) -> list[str]:
    out = [
        "",
        "## Summary",
        "",
        "| Phase | Lens | Answered | Required open | Concerns | Blockers |",
        "|---|---|---|---|---|---|",
    ]
    for phase_progress in snapshot.progress.phases:
        for lens in phase_progress.lenses:
            out.append(
                f"| {inline(phase_progress.title)} | {lens.lens} | {lens.answered}/{lens.total} "
                f"| {len(lens.required_open)} | {len(lens.concerns)} | {len(lens.blockers)} |"
            )
    return out


def _phase_section(snapshot: AssessmentSnapshot, phase: Phase, shown: set[str]) -> list[str]:
    out = ["", f"## {inline(phase.title)}"]
    if phase.summary:
        out += ["", inline(phase.summary)]
    if phase.deliverable:
        out += ["", f"**Delivers:** {inline(phase.deliverable.rstrip('.'))}"]
    if phase is snapshot.bank.phases[0] and snapshot.previous_retrospective:
        out += ["", "**The previous cycle's retrospective, which steers this one (its steering plan first):**", ""]
        for text, answer in snapshot.previous_retrospective:
            out += [f"- *{inline(text)}* ({status_label(answer.status)})", "", quoted_block(answer.rationale), ""]
    threads = threads_by_question(snapshot)
    for lens_name, lens in phase.lenses():
        out += ["", f"### {inline(phase.title)}: {lens_name}", ""]
        if lens.headline:
            out += [f"*{inline(lens.headline)}*", ""]
        out += [f"**Goal:** {inline(snapshot.goal_sentence(phase, lens_name, lens))}", ""]
        if lens.problems:
            out += ["**Known problems:**", ""]
            out += [
                f"- {inline(problem.text)} *({inline(snapshot.bank.citation(problem.source, problem.locator))})*"
                for problem in lens.problems
            ]
            out += [""]
        for question in lens.questions:
            source = snapshot.bank.citation(question.source, question.locator)
            given = snapshot.answers.get(question.id)
            out += _question_block(question, given, skipped=question.id not in shown, source=source)
            out += thread_blocks(threads.get(question.id, ()))
    return out


def _question_block(question: Question, answer: Answer | None, *, skipped: bool, source: str) -> list[str]:
    required = "" if question.required else " (optional)"
    heading = [f"#### {inline(question.text)}{required}", "", f"*Source: {inline(source)}*", ""]
    if skipped:
        return [*heading, f"`{question.id}` · skipped: its condition does not hold", ""]
    label = status_label(answer.status if answer else None)
    flags = " (needs a justification)" if needs_justification(answer) else ""
    if answer is not None and answer.carried_over:
        flags += " (carried over, re-confirm)"
    out = [*heading, f"`{question.id}` · **Status:** {label}{flags}", ""]
    if answer is not None and answer.value is not None:
        out += [f"**Answer:** {inline(describe_value(question, answer.value))}", ""]
    if answer is not None and answer.rationale.strip():
        out += [quoted_block(answer.rationale), ""]
    if answer is not None and answer.evidence:
        out += ["Evidence: " + ", ".join(inline(ref) for ref in answer.evidence), ""]
    return out


def _open_items(snapshot: AssessmentSnapshot) -> list[str]:
    progress = snapshot.progress
    out = ["", "## Open concerns and blockers", ""]
    open_items = [("BLOCKER", p) for p in progress.blockers] + [("CONCERN", p) for p in progress.concerns]
    if not open_items:
        out.append("None.")
    for label, place in open_items:
        line = f"- **{label}** ({inline(place.phase.title)}, {place.lens_name}): {inline(place.question.text)}"
        acceptance = snapshot.acceptances.get(place.question.id) if label == "BLOCKER" else None
        answer = snapshot.answers.get(place.question.id)
        # Accepted for the answer as it stands: a reviewer let it ship, so it is not listed as blocking.
        if acceptance is not None and answer is not None and acceptance.answer_revision == answer.revision:
            line = (
                f"- **ACCEPTED BLOCKER** ({inline(place.phase.title)}, {place.lens_name}): "
                f"{inline(place.question.text)} (accepted by {inline(acceptance.reviewer)}: {inline(acceptance.reason)})"
            )
        out.append(line)
    if progress.required_open:
        out += ["", f"**Required questions still unanswered:** {len(progress.required_open)}", ""]
        out += [f"- {inline(place.question.text)} (`{place.question.id}`)" for place in progress.required_open]
    return out


def _retired_answers(snapshot: AssessmentSnapshot) -> list[str]:
    retired = snapshot.retired_answers
    if not retired:
        return []
    out = [
        "",
        "## Answers to retired questions",
        "",
        "The current bank no longer asks these; their answers are kept.",
        "",
    ]
    for question_id, answer in sorted(retired.items()):
        out += [
            f"- `{question_id}` · **Status:** {status_label(answer.status)}",
            "",
            quoted_block(answer.rationale),
            "",
        ]
    return out


def _sources(snapshot: AssessmentSnapshot) -> list[str]:
    """The texts the bank's questions and known problems cite, so a reader can look them up."""
    out = ["", "## Sources", ""]
    for source in snapshot.bank.sources:
        by = ", ".join(part for part in (source.author, str(source.year or "")) if part)
        line = f"- **{inline(source.title)}**" + (f", {inline(by)}" if by else "")
        out.append(line + (f": {inline(source.url)}" if source.url else ""))
    return out


def signoff_section(snapshot: AssessmentSnapshot, verdict: Verdict) -> list[str]:
    """Readiness, the digest, blocker acceptances and every sign-off with its standing."""
    needed = snapshot.assessment.approvals_required
    out = [
        "",
        "## Sign-off",
        "",
        f"- **Digest:** `{verdict.digest}` (SHA-256, {DIGEST_FORMAT})",
        f"- **Approvals:** {verdict.valid_approvals} valid of {needed} needed",
        f"- **Open comments:** {'block sign-off' if snapshot.assessment.open_comments_block else 'allowed at sign-off'}",
        f"- **Ready for sign-off:** {'yes' if verdict.ready else 'no'}",
    ]
    out += [f"  - {inline(reason)}" for reason in verdict.ready_reasons]
    out.append(f"- **Deployment gate:** {'passes' if verdict.passes else 'fails'}")
    if snapshot.acceptances:
        out += ["", "**Accepted blockers:**", ""]
        for acceptance in snapshot.acceptances.values():
            out.append(
                f"- `{acceptance.question_id}`, accepted by {inline(acceptance.reviewer)}: {inline(acceptance.reason)}"
            )
    if verdict.signoffs:
        out += ["", "| Reviewer | Role | Decision | When | Status | Comment |", "|---|---|---|---|---|---|"]
        for view in verdict.signoffs:  # every fact from the signed statement
            out.append(
                f"| {inline(view.reviewer)} | {inline(view.fact('role'))} | {inline(view.decision)} "
                f"| {inline(view.fact('at'))} | {view.status} | {inline(view.fact('comment'))} |"
            )
    else:
        out += ["", "No sign-offs yet."]
    return out
