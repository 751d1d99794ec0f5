"""A filled-in example assessment on the five-phase bank, for `fivefold demo`, screenshots and benchmarks."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from fivefold.banks import BankRegistry, LensName
from fivefold.review import record_answer, record_goal
from fivefold.store import AnswerStatus, Store


class DemoAnswer(NamedTuple):
    """One example answer: its status, Markdown rationale and evidence references."""

    status: AnswerStatus
    rationale: str
    evidence: tuple[str, ...] = ()


ADDRESSED, CONCERN, BLOCKER, NOT_APPLICABLE = (
    AnswerStatus.ADDRESSED,
    AnswerStatus.CONCERN,
    AnswerStatus.BLOCKER,
    AnswerStatus.NOT_APPLICABLE,
)

DEMO_BANK_ID = "five-phase"

DEMO_ASSESSMENT = {
    "title": "Pre-release review: support-ticket triage",
    "system_name": "ticket-triage-classifier",
    "system_version": "2.3.0",
}

# The team's own X and Y for a few lenses; the others keep the bank's defaults.
DEMO_GOALS: dict[tuple[str, LensName], tuple[str, str]] = {
    ("platonic", "theory"): (
        "faster, fairer routing of customer support tickets",
        "shipping the 2.3 triage classifier",
    ),
    ("platonic", "practice"): (
        "faster, fairer routing of customer support tickets",
        "a release the support team can overrule and roll back in minutes",
    ),
    ("delegation", "theory"): (
        "the routing rules of taxonomy v4",
        "entrusting the multilingual ticket-triage-classifier 2.3.0",
    ),
    ("testing", "practice"): (
        "every routing decision 2.3.0 makes",
        "the held-out set, the per-language bias report and two weeks of shadow traffic",
    ),
    ("retrospective", "theory"): (
        "the wait of customers who write to support",
        "release 2.2 and what its first months taught us",
    ),
}

# 30 of the bank's 40 questions, keyed by question id; the rest stay unanswered so progress shows.
DEMO_ANSWERS: dict[str, DemoAnswer] = {
    # Platonic ---------------------------------------------------------------------
    "platonic.theory.ethically-virtuous": DemoAnswer(
        ADDRESSED,
        "The classifier sends each incoming ticket to one of nine queues with a priority from P1 to P4, so "
        "customers reach the agent who can help them sooner, whatever language they write in. It never "
        "answers, closes or refuses a ticket: the worst it can do is make someone wait in the wrong queue. "
        "The people who could be harmed are customers with urgent problems (account takeover, unsafe "
        "products) and customers writing in languages the model handles worse; the ethics review ETH-231 "
        "approved this scope on the condition that P1 keyword rules run before the model and cannot be "
        "overridden by it.",
        ("ETH-231",),
    ),
    "platonic.theory.long-term-happiness": DemoAnswer(
        CONCERN,
        "Customers and most agents gain: faster first responses and fewer tickets bounced between queues. "
        "Two effects worry us over the longer run:\n\n"
        "- the six agents who triaged by hand on night shifts move to the chat team; they agreed, but it "
        "is a real change to their work\n"
        "- nobody reads every ticket any more, so early signs of a product defect, which the triage agents "
        "used to spot, could go unnoticed\n\n"
        "A weekly digest of low-confidence and unusual tickets for the support leads is planned "
        "(owner: support ops) but not built yet.",
    ),
    "platonic.theory.correct-mistakes": DemoAnswer(
        ADDRESSED,
        "Every routing decision can be undone: agents re-route a ticket with one key, and the flag "
        "`triage.routing_mode` takes the whole desk back to 2.2.4 or to the keyword rules in under a minute "
        "(`runbooks/rollback.md`). Each ticket records the model version, predicted queue and confidence, so "
        "after a bad release we can list every ticket it touched and re-check them. Nothing the model does "
        "is permanent; the only lasting cost of a mistake is the time a customer waited.",
        ("runbooks/rollback.md",),
    ),
    "platonic.practice.good-for-mankind": DemoAnswer(
        ADDRESSED,
        "The business incentive is lower handling cost and a better satisfaction score; the benefit we claim "
        "is faster help for every customer. They agree as long as routing quality goes up, and conflict in "
        "one place: finance would like fewer tickets to fall back to manual triage. That is why the "
        "confidence threshold belongs to support operations, not finance, and changing it needs a new "
        "assessment rather than a config change.",
    ),
    "platonic.practice.existential-risks": DemoAnswer(
        ADDRESSED,
        "No. The model is a classifier with nine queue labels and four priorities: it generates no text, "
        "calls no tools and acts only by setting two fields on a ticket. It does not advance any frontier "
        "capability. We checked it against the company AI policy (`AI-POL-3`), which rates it low risk.",
        ("AI-POL-3",),
    ),
    "platonic.practice.rushed-deployment": DemoAnswer(
        CONCERN,
        "The target date comes from the November peak, when ticket volume doubles and manual triage falls "
        "hours behind. The Portuguese evaluation slipped two weeks and its fix (see the blocker under "
        "testing) now competes with that date. Product and support ops agreed in writing that 2.3.0 does not "
        "ship with an open blocker; if the fix is late we run the peak on 2.2.4 instead.",
        ("decisions/2024-10-triage-launch.md",),
    ),
    "platonic.practice.all-opinions": DemoAnswer(
        ADDRESSED,
        "We surveyed 46 agents and interviewed the team leads in Lisbon and Berlin, the privacy office and "
        "the works council. The strongest objection came from the works council: re-route logs could be "
        "used to judge agents. We agreed they feed training only, never performance reviews, and wrote that "
        "into the data protection impact assessment. We did not hear from customers directly; the "
        "satisfaction survey comments on routing are the closest we have.",
        ("privacy/dpia-triage-2.3.pdf",),
    ),
    # Implementation ---------------------------------------------------------------
    "implementation.theory.understand-what-we-want": DemoAnswer(
        ADDRESSED,
        "The task, as written in `docs/triage-taxonomy-v4.md`:\n\n"
        "- **input**: subject, body, channel, detected language and customer tier of a new ticket\n"
        "- **output**: one of nine queues, a priority P1 to P4 and a confidence\n"
        "- **success**: queue accuracy of at least 90% overall and 88% in every language above 2% of volume, "
        "and P1 recall of at least 0.95\n\n"
        "Not pinned down: tickets that raise two issues at once. The taxonomy says to route by the first "
        "actionable request, but annotators disagree on which one that is.",
        ("docs/triage-taxonomy-v4.md",),
    ),
    "implementation.theory.side-effects": DemoAnswer(
        ADDRESSED,
        "The pre-mortem (`docs/premortem-2.3.md`) found two side effects worth acting on. Customers may learn "
        "that words like *urgent* or *legal* raise the priority, so P1 is decided by the keyword rules and "
        "account signals, never by the model alone. And a model tuned for accuracy tends to over-route to "
        "the large technical queue; we cap any queue's predicted share at its historical share plus five "
        "points and alert when the cap is hit.",
        ("docs/premortem-2.3.md",),
    ),
    "implementation.practice.training-method-effective": DemoAnswer(
        ADDRESSED,
        "A multilingual encoder (XLM-R base) fine-tuned on 148,000 tickets, labelled with the queue each "
        "ticket was finally resolved in. On the held-out set it reaches 91.2% queue accuracy against 86.7% "
        "for 2.2.4 (translation followed by logistic regression) and 84.0% for a zero-shot prompt to a "
        "hosted LLM, which was also ten times slower. Dropping the labels taken from agent re-routes costs "
        "1.7 points, so they earn their place.",
        ("evals/2.3/heldout-report.html",),
    ),
    "implementation.practice.misspecification": DemoAnswer(
        ADDRESSED,
        "The final queue is a noisy label: agents sometimes move tickets to balance workload, not because "
        "the first queue was wrong. We drop re-routes made while queue balancing was switched on, and an "
        "audit of 1,000 labels found 6.2% still wrong. Three senior agents labelled 500 tickets blind "
        "(Fleiss' kappa 0.82), and the train and test sets are split by customer and by date so the same "
        "thread never sits in both.",
        ("evals/2.3/label-audit.md",),
    ),
    # Delegation -------------------------------------------------------------------
    "delegation.theory.understands-requests": DemoAnswer(
        ADDRESSED,
        "Queue accuracy on the 12,400-ticket held-out set (January to March, labelled by senior agents):\n\n"
        "- English 92.4%, Spanish 90.8%, German 90.1%\n"
        "- Portuguese 85.2%, below the bar: see the blocker under testing\n\n"
        "Most errors are tickets with two issues, very short tickets (*help*, *???*) and tickets that are "
        "only a screenshot; the last two already fall below the confidence threshold and go to manual triage.",
        ("evals/2.3/heldout-report.html",),
    ),
    "delegation.practice.capable-model-exists": DemoAnswer(
        ADDRESSED,
        "We compared five options on the same held-out set:\n\n"
        "- keyword rules alone: 71.0%\n"
        "- the helpdesk vendor's built-in auto-triage: 83.5%, with no say over languages or thresholds\n"
        "- zero-shot hosted LLM: 84.0%, 900 ms per ticket\n"
        "- 2.2.4, translation and logistic regression: 86.7%\n"
        "- fine-tuned XLM-R base (2.3.0): 91.2%, 40 ms per ticket on CPU\n\n"
        "Only the fine-tuned model clears the 90% bar.",
        ("evals/2.3/heldout-report.html",),
    ),
    "delegation.practice.safe-vs-unsafe-performance": DemoAnswer(
        ADDRESSED,
        "The safeguards are the P1 keyword rules ahead of the model and the confidence threshold that sends "
        "about 9% of tickets to manual triage. With them, the tickets the model routes are 93.8% correct; "
        "routing everything would drop accuracy to 91.2% and, in shadow traffic, save only about four "
        "minutes of median time to first response. That gap is too small to tempt anyone into removing the "
        "safeguards, and the vendor's unconstrained auto-triage scores lower anyway.",
        ("evals/2.3/shadow-traffic.html",),
    ),
    "delegation.practice.stable-behaviour": DemoAnswer(
        CONCERN,
        "On the paraphrase and typo suites accuracy drops by 1.1 and 0.8 points, and two weeks of shadow "
        "traffic matched the held-out figures. The weak spot is new product names: in November three "
        "products launch whose names the model has never seen, and on a synthetic set of such tickets its "
        "confidence is badly calibrated. The weekly drift report would flag it, but we retrain only monthly; "
        "an out-of-cycle retrain after the launches is proposed, not yet scheduled.",
        ("dashboards/triage-drift",),
    ),
    "delegation.practice.cost-within-budget": DemoAnswer(
        ADDRESSED,
        "Inference for about 22,000 tickets a day runs on two CPU pods; a monthly retrain takes three hours "
        "on one GPU. With monitoring, 2.3.0 costs about $1,900 a month against $600 for 2.2.4, inside the "
        "$3,000 budget. The manual-triage queue (two agents per shift) is the safety measure most at risk of "
        "being cut to save money; its staffing is written into the support ops plan for the year.",
    ),
    # Testing ----------------------------------------------------------------------
    "testing.theory.bias-and-misrepresentation": DemoAnswer(
        BLOCKER,
        "The launch deck reported 91.2% overall accuracy, and that figure hid a gap: the per-language bias "
        "report shows Portuguese tickets misrouted 14.8% of the time against 7.6% for English, and P1 recall "
        "of 0.78 against 0.96. Both miss the launch criteria in the specification. Until Portuguese meets "
        "them, either after relabelling 3,000 Portuguese tickets or by routing Portuguese through 2.2.4, "
        "2.3.0 must not ship. From now on every report leads with the per-language table, produced from the "
        "raw evaluation logs by the same script.",
        ("evals/2.3/bias-report.html", "evals/2.3/heldout-report.html"),
    ),
    "testing.theory.alterable-behaviour": DemoAnswer(
        ADDRESSED,
        "We change the model on purpose only through the monthly training pipeline: each version is signed "
        "in the model registry and serving loads nothing unsigned. It has no memory and does not learn "
        "online, so nothing changes it between releases. The way someone could change it unnoticed is "
        "through its labels: a person re-routing many tickets could skew the next training set, so labels "
        "are capped per agent per week and the training-data diff is reviewed before each retrain.",
        ("pipelines/triage/train.md",),
    ),
    "testing.theory.harmless-after-maintenance": DemoAnswer(
        ADDRESSED,
        "If the model service stops answering, the router falls back to the keyword rules and manual triage "
        "on its own after three failed health checks. The service's helpdesk token can only set the queue "
        "and priority fields, and it expires after 30 days unless the pipeline renews it, so an abandoned "
        "model loses its only way of acting within a month. Retiring it follows `runbooks/end-of-life.md`.",
        ("runbooks/end-of-life.md", "runbooks/rollback.md"),
    ),
    "testing.practice.adequate-tools": DemoAnswer(
        CONCERN,
        "What we have:\n\n"
        "- the held-out evaluation and the per-language bias report, both offline and run by hand\n"
        "- the *triage overview* dashboard: re-route rate per queue, hourly\n"
        "- the weekly drift report on a fixed canary set\n\n"
        "Nothing live breaks results down by language or customer tier, and a missed P1 shows up only when "
        "the customer escalates. OBS-214 adds a per-language re-route rate to the live dashboard; it is due "
        "before launch but not started.",
        ("dashboards/triage-overview", "OBS-214"),
    ),
    "testing.practice.tamper-proof-logs": DemoAnswer(
        ADDRESSED,
        "Every decision is written to the helpdesk audit log (append-only, kept two years) and to the "
        "decision table in the warehouse: ticket id, model version, predicted queue and priority, confidence "
        "and the queue the ticket ended in. Ticket text is not copied into the logs; it stays in the "
        "helpdesk under its own retention rules. The serving account may insert log entries but not change "
        "or delete them, and the model has no access to the logs at all.",
    ),
    "testing.practice.external-attacks": DemoAnswer(
        ADDRESSED,
        "Anyone on the internet can write a ticket, so ticket text is the attack surface (threat model "
        "SEC-77). A red team wrote 300 tickets crafted to jump the queue: 7% gained one priority level and "
        "none reached P1, which needs the keyword rules and an account signal. There is no generated text or "
        "tool for a prompt injection to hijack, and the weights stay in the internal registry with exports "
        "disabled.",
        ("security/SEC-77-threat-model.md", "evals/2.3/red-team.md"),
    ),
    "testing.practice.halt-anytime": DemoAnswer(
        ADDRESSED,
        "The flag `triage.routing_mode` (rules, 2.2.4 or 2.3.0) can be switched from the admin console by "
        "the support ops on-call or the ML on-call. The change reaches every router within 30 seconds; "
        "tickets already routed stay where they are and agents re-route them by hand if needed. We last "
        "used it at the September game day: 41 seconds to full effect.",
        ("runbooks/kill-switch.md",),
    ),
    "testing.practice.secret-cooperation": DemoAnswer(
        NOT_APPLICABLE,
        "Only one model is involved: 2.3.0 does not talk to other models, is not graded by a model (the "
        "evaluation labels come from senior agents) and is not monitored by one (the monitors are rules and "
        "dashboards). There is no channel over which models could cooperate. If we add an LLM to summarise "
        "tickets next year, this question applies again.",
    ),
    # Retrospective: release 2.2, the previous turn of the loop -------------------
    "retrospective.theory.better-off": DemoAnswer(
        ADDRESSED,
        "Release 2.2 aimed to cut the time to first response. Against the region that kept manual triage for "
        "six weeks, median time to first response fell from 3.1 to 2.2 hours, while the holdout region went "
        "from 3.0 to 2.9. Customers writing in Portuguese and German gained much less (3.6 to 3.2 hours), "
        "because translation errors sent their tickets to the wrong queue. Better off overall, though not "
        "evenly, which is why 2.3 exists.",
        ("reports/2.2-retrospective.md",),
    ),
    "retrospective.practice.feedback-received": DemoAnswer(
        ADDRESSED,
        "Negative findings first:\n\n"
        "- **incidents**: INC-5812, billing-outage tickets routed to the technical queue for three hours\n"
        "- **agents**: 11% of tickets re-routed by hand, most of them Portuguese or German\n"
        "- **customers**: 38 satisfaction-survey comments about being passed between teams\n"
        "- **monitoring**: two drift alerts, both after product launches\n\n"
        "We never heard from customers who gave up before anyone answered; next cycle we will sample "
        "abandoned tickets.",
        ("INC-5812", "reports/2.2-retrospective.md"),
    ),
    "retrospective.practice.open-issues": DemoAnswer(
        ADDRESSED,
        "Open, each with an owner:\n\n"
        "- Portuguese misroutes and P1 recall (the blocker under testing): ML team, before launch\n"
        "- live per-language dashboard, OBS-214: observability, before launch\n"
        "- retrain after the November product launches: ML team, first week of December\n"
        "- weekly digest of unusual tickets for support leads: support ops, end of Q4\n\n"
        "INC-5812 is closed: billing-outage keywords now go straight to the billing queue.",
        ("OBS-214", "INC-5812"),
    ),
    "retrospective.practice.keep-or-roll-back": DemoAnswer(
        ADDRESSED,
        "Keep 2.2.4 deployed as it is until 2.3.0 clears its blocker; it is better than manual triage for "
        "every language we measure. Roll back to the keyword rules and manual triage if 2.2.4's weekly "
        "re-route rate goes above 15% or it misses more than two P1 tickets in a week.",
        ("runbooks/rollback.md",),
    ),
    "retrospective.practice.change-goal-or-task": DemoAnswer(
        ADDRESSED,
        "**The goal (X) stays**: faster, fairer routing of support tickets still serves customers, and 2.2 "
        "showed it can be reached. **The task (Y) changes**: 2.2 made routing faster but not fairer, so 2.3 "
        "is judged per language, not on the average, and ships only if Portuguese and German tickets gain "
        "as much as English ones.",
        ("reports/2.2-retrospective.md",),
    ),
    "retrospective.practice.steering-plan": DemoAnswer(
        ADDRESSED,
        "- **platonic**: state fairness across languages in the goal itself (ML lead)\n"
        "- **implementation**: relabel 6,000 Portuguese and German tickets with native speakers (data team)\n"
        "- **testing**: a per-language bias report as a release gate, and a live per-language dashboard, "
        "OBS-214 (ML team, observability)\n"
        "- **retrospective**: sample abandoned tickets, the customers we never heard from (support ops)",
        ("OBS-214", "reports/2.2-retrospective.md"),
    ),
}


def create_demo_assessment(store: Store, registry: BankRegistry) -> int:
    """Create the example assessment through the app's own validated paths; returns its id."""
    bank = registry.get(DEMO_BANK_ID)
    assessment = store.create_assessment(
        **DEMO_ASSESSMENT, bank_id=bank.id, bank_version=bank.version, bank_hash=bank.content_hash()
    )
    assert assessment.id is not None
    # A later bank version may drop a lens or a question: skip that piece rather than fail the demo.
    assert assessment.id is not None
    lenses = {(phase.id, name) for phase in bank.phases for name, _lens in phase.lenses()}
    for (phase_id, lens), (x, y) in DEMO_GOALS.items():
        if (phase_id, lens) in lenses:
            record_goal(store, bank, assessment.id, phase_id, lens, x=x, y=y)
    question_ids = bank.question_ids()
    for question_id, answer in DEMO_ANSWERS.items():
        if question_id in question_ids:
            record_answer(
                store,
                bank,
                assessment.id,
                question_id,
                status=answer.status,
                rationale=answer.rationale,
                evidence=answer.evidence,
            )
    if DEMO_BLOCKER in question_ids:
        _review_conversation(store, assessment.id)
    return assessment.id


DEMO_BLOCKER = "testing.theory.bias-and-misrepresentation"


def _review_conversation(store: Store, assessment_id: int) -> None:
    """A reviewer's question on the blocker, answered and resolved, and the blocker's owner and due date."""
    asked = store.add_comment(
        assessment_id,
        question_id=DEMO_BLOCKER,
        author="Ines (safety)",
        text="Is the Portuguese gap in the labels or in the model? The fix differs.",
    )
    store.add_comment(
        assessment_id,
        question_id=DEMO_BLOCKER,
        author="Sam (ML lead)",
        text="Mostly the labels: the relabelled sample closes two thirds of it. See reports/2.3-bias.md.",
        reply_to=asked.uuid,
    )
    store.resolve_comment(assessment_id, asked.uuid, by="Ines (safety)")
    store.assign_action(assessment_id, DEMO_BLOCKER, owner="Sam (ML lead)", due=date(2026, 12, 15))
