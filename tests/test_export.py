"""The Markdown training rationale, rendered from a real store; user text never reshapes it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from fivefold.banks import BankRegistry
from fivefold.export import render_markdown
from fivefold.review import load_snapshot, record_answer, record_goal
from fivefold.store import AnswerStatus, Store

QUESTION = "platonic.theory.ethically-virtuous"
CONCERN_QUESTION = "testing.practice.tamper-proof-logs"
BLOCKER_QUESTION = "delegation.practice.stable-behaviour"
HOSTILE = "We checked it.\n<script>alert(1)</script>\n# Fake heading\n| a | b |\n\x1b[31mred\x1b[0m and [bold]x[/]"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


def new_assessment(store: Store, registry: BankRegistry, title: str = "Q3 release review") -> int:
    bank = registry.get("five-phase")
    return store.create_assessment(
        title=title,
        system_name="claims-triage",
        system_version="2.3.0",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    ).id


def answer(store: Store, registry: BankRegistry, assessment_id: int, question: str, status, text: str) -> None:
    record_answer(store, registry.get("five-phase"), assessment_id, question, status=status, rationale=text)


def export(store: Store, registry: BankRegistry, assessment_id: int) -> str:
    return render_markdown(load_snapshot(store, registry, assessment_id), today=date(2026, 11, 23))


def test_header_names_system_bank_and_progress(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    answer(store, registry, assessment_id, QUESTION, AnswerStatus.ADDRESSED, "Approved by the ethics board.")
    lines = export(store, registry, assessment_id).splitlines()
    assert lines[0] == "# Training rationale: Q3 release review"
    assert "- **System:** claims-triage 2.3.0" in lines
    version = registry.get("five-phase").version
    assert f"- **Bank:** Five-phase training rationale (`five-phase` version {version})" in lines
    assert "- **Exported:** 2026-11-23" in lines
    assert "- **Progress:** 1 of 40 questions answered (2%)" in lines


def test_summary_has_a_row_per_phase_and_lens(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    answer(store, registry, assessment_id, QUESTION, AnswerStatus.ADDRESSED, "Yes.")
    answer(store, registry, assessment_id, CONCERN_QUESTION, AnswerStatus.CONCERN, "Logs are mutable.")
    text = export(store, registry, assessment_id)
    summary = text.split("## Summary\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in summary.splitlines() if line.startswith("|")][2:]
    bank = registry.get("five-phase")
    expected = [(phase.title, lens_name) for phase in bank.phases for lens_name, _ in phase.lenses()]
    assert [tuple(cell.strip() for cell in row.strip("|").split("|")[:2]) for row in rows] == expected
    assert rows[0] == "| Platonic phase | theory | 1/3 | 2 | 0 | 0 |"
    assert rows[7] == "| Testing phase | practice | 1/5 | 4 | 1 | 0 |"


def test_team_goal_fills_the_goal_sentence(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    bank = registry.get("five-phase")
    record_goal(store, bank, assessment_id, "platonic", "theory", x="fairer claim payouts", y="a reviewed triage model")
    text = export(store, registry, assessment_id)
    assert (
        "**Goal:** I wonder if fairer claim payouts could be accomplished by means of a reviewed triage model." in text
    )
    # Lenses without the team's own X and Y show the source's defaults; no slot is left unfilled.
    assert "{X}" not in text and "{Y}" not in text
    practice = bank.phases[0].practice
    assert practice is not None
    assert f"**Goal:** {practice.goal_sentence()}" in text


def test_answer_status_and_rationale_appear_under_the_question(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    answer(store, registry, assessment_id, QUESTION, AnswerStatus.ADDRESSED, "Ethics board review ETH-112.")
    answer(store, registry, assessment_id, "platonic.theory.correct-mistakes", AnswerStatus.NOT_APPLICABLE, "")
    text = export(store, registry, assessment_id)
    block = text.split(f"`{QUESTION}`", 1)[1].split("####", 1)[0]
    assert "**Status:** addressed" in block
    assert "> Ethics board review ETH-112." in block
    assert "`platonic.theory.correct-mistakes` · **Status:** not applicable (needs a justification)" in text
    assert "`platonic.theory.long-term-happiness` · **Status:** unanswered" in text


def test_open_concerns_and_blockers_are_listed_at_the_end(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    answer(store, registry, assessment_id, CONCERN_QUESTION, AnswerStatus.CONCERN, "Logs can be edited.")
    answer(store, registry, assessment_id, BLOCKER_QUESTION, AnswerStatus.BLOCKER, "Unstable under load.")
    text = export(store, registry, assessment_id)
    tail = text.split("## Open concerns and blockers\n", 1)[1].split("\n## ", 1)[0]
    bank = registry.get("five-phase")
    texts = {place.question.id: place.question.text for place in bank.questions()}
    items = [line for line in tail.splitlines() if line.startswith("- **")]
    assert items == [
        f"- **BLOCKER** (Delegation phase, practice): {texts[BLOCKER_QUESTION]}",
        f"- **CONCERN** (Testing phase, practice): {texts[CONCERN_QUESTION]}",
    ]
    assert "**Required questions still unanswered:** 36" in tail
    assert f"(`{QUESTION}`)" in tail


def test_nothing_open_says_none(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    tail = export(store, registry, assessment_id).split("## Open concerns and blockers\n", 1)[1]
    assert tail.lstrip().startswith("None.")


def test_hostile_rationale_is_shown_as_text(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    answer(store, registry, assessment_id, QUESTION, AnswerStatus.CONCERN, HOSTILE)
    record_answer(
        store,
        registry.get("five-phase"),
        assessment_id,
        CONCERN_QUESTION,
        status=AnswerStatus.ADDRESSED,
        rationale="See logs.",
        evidence=["<img src=x onerror=alert(1)>", "\x1b[2Jclear"],
    )
    text = export(store, registry, assessment_id)
    assert "<script" not in text
    # Inline text and rationales both carry "<" as an entity: never a bare tag.
    assert "<" not in text
    assert "\x1b" not in text
    assert not any(line.startswith("# Fake") for line in text.splitlines())
    assert not any(line.startswith("| a |") for line in text.splitlines())
    # Still there for a reader, in escaped form.
    assert "&lt;script>alert(1)&lt;/script>" in text
    assert "> \\# Fake heading" in text
    assert "> | a | b |" in text
    assert "\\x1b[31mred\\x1b[0m and [bold]x[/]" in text
    assert "Evidence: &lt;img src=x onerror=alert\\(1\\)&gt;, \\\\x1b\\[2Jclear" in text


def test_hostile_title_and_system_are_escaped_in_the_header(store: Store, registry: BankRegistry) -> None:
    bank = registry.get("five-phase")
    assessment_id = store.create_assessment(
        title="[bold]Ship it[/] | now\n# Injected",
        system_name="model|x",
        system_version="<b>1</b>",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    ).id
    lines = export(store, registry, assessment_id).splitlines()
    assert lines[0] == "# Training rationale: \\[bold\\]Ship it\\[/\\] &#124; now \\# Injected"
    assert "- **System:** model&#124;x &lt;b&gt;1&lt;/b&gt;" in lines
    assert not any(line.startswith("# Injected") for line in lines)


def test_hostile_team_goal_is_escaped(store: Store, registry: BankRegistry) -> None:
    assessment_id = new_assessment(store, registry)
    bank = registry.get("five-phase")
    record_goal(store, bank, assessment_id, "platonic", "theory", x="*all* users", y="`rm -rf` | [link](x)")
    text = export(store, registry, assessment_id)
    assert (
        "I wonder if \\*all\\* users could be accomplished by means of \\`rm -rf\\` &#124; \\[link\\]\\(x\\)." in text
    )


def test_an_accepted_blocker_is_not_listed_as_blocking(store: Store, registry: BankRegistry) -> None:
    """Regression: a blocker a reviewer accepted was still listed as BLOCKER in the open items."""
    from fivefold.review.signoff import accept_blocker

    assessment_id = new_assessment(store, registry)
    answer(store, registry, assessment_id, BLOCKER_QUESTION, AnswerStatus.BLOCKER, "No kill switch yet.")
    accept_blocker(
        store, load_snapshot(store, registry, assessment_id), BLOCKER_QUESTION, reviewer="Ana", reason="Manual stop"
    )
    items = export(store, registry, assessment_id).split("## Open concerns and blockers")[1].split("\n## ")[0]
    assert "**BLOCKER**" not in items
    assert "**ACCEPTED BLOCKER**" in items and "accepted by Ana: Manual stop" in items

    # Changed after the acceptance: blocking again until a reviewer accepts it anew.
    answer(store, registry, assessment_id, BLOCKER_QUESTION, AnswerStatus.BLOCKER, "Still no kill switch.")
    items = export(store, registry, assessment_id).split("## Open concerns and blockers")[1].split("\n## ")[0]
    assert "**BLOCKER**" in items and "ACCEPTED" not in items
