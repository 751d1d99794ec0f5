"""Render an assessment as the training rationale in Markdown."""

from __future__ import annotations

from datetime import date

from fivefold.export.text import inline, quoted_block
from fivefold.review import AssessmentSnapshot
from fivefold.review.progress import needs_justification
from fivefold.review.record import build_record
from fivefold.review.rules import SignatureCheck, Verdict, evaluate
from fivefold.store import AnswerStatus

STATUS_LABELS = {
    AnswerStatus.ADDRESSED: "addressed",
    AnswerStatus.CONCERN: "CONCERN",
    AnswerStatus.BLOCKER: "BLOCKER",
    AnswerStatus.NOT_APPLICABLE: "not applicable",
}


def status_label(status: str | None) -> str:
    return STATUS_LABELS[AnswerStatus(status)] if status else "unanswered"


def render_markdown(
    snapshot: AssessmentSnapshot, *, today: date | None = None, check_signature: SignatureCheck | None = None
) -> str:
    """The whole training rationale; user text is escaped so it cannot reshape the document."""
    assessment, bank = snapshot.assessment, snapshot.bank
    verdict = evaluate(build_record(snapshot), check_signature=check_signature)
    progress = snapshot.progress
    system = assessment.system_name + (f" {assessment.system_version}" if assessment.system_version else "")
    out: list[str] = [
        f"# Training rationale: {inline(assessment.title)}",
        "",
        f"- **System:** {inline(system)}",
        f"- **Bank:** {inline(bank.title)} (`{bank.id}` version {inline(bank.version)})",
        f"- **Assessment:** #{assessment.id}, started {assessment.created_at:%Y-%m-%d}",
        f"- **Exported:** {(today or date.today()).isoformat()}",
        f"- **Progress:** {progress.answered} of {progress.total} questions answered ({progress.percent}%)",
        "",
        "## Summary",
        "",
        "| Phase | Lens | Answered | Required open | Concerns | Blockers |",
        "|---|---|---|---|---|---|",
    ]
    for phase_progress in progress.phases:
        for lens in phase_progress.lenses:
            out.append(
                f"| {inline(phase_progress.title)} | {lens.lens} | {lens.answered}/{lens.total} "
                f"| {len(lens.required_open)} | {len(lens.concerns)} | {len(lens.blockers)} |"
            )
    for phase in bank.phases:
        out += ["", f"## {inline(phase.title)}"]
        if phase.summary:
            out += ["", inline(phase.summary)]
        if phase.deliverable:
            out += ["", f"**Delivers:** {inline(phase.deliverable.rstrip('.'))}"]
        for lens_name, lens in phase.lenses():
            out += ["", f"### {inline(phase.title)}: {lens_name}", ""]
            if lens.headline:
                out += [f"*{inline(lens.headline)}*", ""]
            out += [f"**Goal:** {inline(snapshot.goal_sentence(phase, lens_name, lens))}", ""]
            if lens.problems:
                out += ["**Known problems:**", ""] + [f"- {inline(problem)}" for problem in lens.problems] + [""]
            for question in lens.questions:
                answer = snapshot.answers.get(question.id)
                label = status_label(answer.status if answer else None)
                flag = " (needs a justification)" if needs_justification(answer) else ""
                required = "" if question.required else " (optional)"
                out += [
                    f"#### {inline(question.text)}{required}",
                    "",
                    f"`{question.id}` · **Status:** {label}{flag}",
                    "",
                ]
                if answer is not None and answer.rationale.strip():
                    out += [quoted_block(answer.rationale), ""]
                if answer is not None and answer.evidence:
                    out += ["Evidence: " + ", ".join(inline(ref) for ref in answer.evidence), ""]
    out += signoff_section(snapshot, verdict)
    out += ["", "## Open concerns and blockers", ""]
    open_items = [("BLOCKER", place) for place in progress.blockers] + [
        ("CONCERN", place) for place in progress.concerns
    ]
    if not open_items:
        out.append("None.")
    for label, place in open_items:
        out.append(f"- **{label}** ({inline(place.phase.title)}, {place.lens_name}): {inline(place.question.text)}")
    if progress.required_open:
        out += ["", f"**Required questions still unanswered:** {len(progress.required_open)}", ""]
        out += [f"- {inline(place.question.text)} (`{place.question.id}`)" for place in progress.required_open]
    return "\n".join(out).rstrip() + "\n"


def signoff_section(snapshot: AssessmentSnapshot, verdict: Verdict) -> list[str]:
    """Readiness, the digest, blocker acceptances and every sign-off with its standing."""
    needed = snapshot.assessment.approvals_required
    out = [
        "",
        "## Sign-off",
        "",
        f"- **Digest:** `{verdict.digest}` (SHA-256, fivefold-digest/1)",
        f"- **Approvals:** {verdict.valid_approvals} valid of {needed} needed",
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
        for view in verdict.signoffs:
            signoff = view.signoff
            out.append(
                f"| {inline(signoff['reviewer'])} | {inline(signoff['role'])} | {signoff['decision']} "
                f"| {signoff['at']} | {view.status} | {inline(signoff['comment'])} |"
            )
    else:
        out += ["", "No sign-offs yet."]
    return out
