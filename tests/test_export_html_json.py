"""HTML and JSON exports: hostile answers never become live HTML; JSON carries what a checker needs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.export import render
from fivefold.review import load_snapshot, record_answer, record_goal
from fivefold.review.digest import content_digest
from fivefold.store import AnswerStatus, Store

HOSTILE_ANSWERS = {
    "platonic.theory.ethically-virtuous": "<script>alert('s')</script> after the script",
    "platonic.theory.long-term-happiness": '<img src=x onerror="alert(1)"> and <svg onload=alert(2)></svg>',
    "platonic.theory.correct-mistakes": '[a link](javascript:alert(3)) and <a href="javascript:alert(4)">raw</a>',
    "platonic.practice.good-for-mankind": '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
    "platonic.practice.existential-risks": "# Fake heading\n| a | b |\n|---|---|\n| c | d |\n</td></tr></table><h1>Out</h1>",
    "platonic.practice.rushed-deployment": "<form action=https://evil.example><input name=x></form> <object data=x></object>",
    "platonic.practice.all-opinions": '<div style="position:fixed" onclick="alert(5)">click</div> <meta http-equiv=refresh>',
}
DANGEROUS_TAGS = {"script", "img", "svg", "iframe", "style", "form", "input", "object", "div", "meta", "embed", "link"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def hostile_id(store: Store, registry: BankRegistry) -> int:
    bank = registry.get("five-phase")
    assessment_id = store.create_assessment(
        title='<script>alert("title")</script> Review',
        system_name="<b onmouseover=alert(6)>clf</b>",
        system_version="1",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    ).id
    known = {place.question.id for place in bank.questions()}
    assert set(HOSTILE_ANSWERS) <= known, "a hostile answer names a question the bank does not have"
    for question_id, text in HOSTILE_ANSWERS.items():
        record_answer(store, bank, assessment_id, question_id, status=AnswerStatus.CONCERN, rationale=text)
    record_goal(store, bank, assessment_id, "platonic", "theory", x="<script>x</script>", y='" onclick="alert(7)')
    return assessment_id


def test_no_hostile_answer_survives_as_live_html(store: Store, registry: BankRegistry, hostile_id: int) -> None:
    page = render(load_snapshot(store, registry, hostile_id), "html")
    parser = _Elements()
    parser.feed(page)
    tags = {tag for tag, _ in parser.elements}
    assert not tags & DANGEROUS_TAGS - {"meta", "style"}, tags & DANGEROUS_TAGS
    # The page's own head has exactly its three metas and one style; a user's never gets in.
    assert [tag for tag, _ in parser.elements].count("meta") == 3
    assert [tag for tag, _ in parser.elements].count("style") == 1
    for tag, attributes in parser.elements:
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        assert "javascript:" not in (attributes.get("href") or "").lower(), (tag, attributes)
        assert "style" not in attributes or tag == "style", (tag, attributes)
    headings = [tag for tag, _ in parser.elements if tag == "h1"]
    assert len(headings) == 1, "a user's text opened a top-level heading of its own"
    # Still readable as text.
    text = "".join(parser.text)
    assert "<script>alert('s')</script> after the script" in text
    assert '<img src=x onerror="alert(1)">' in text


def test_html_is_standalone_and_printable(store: Store, registry: BankRegistry) -> None:
    assessment_id = create_demo_assessment(store, registry)
    page = render(load_snapshot(store, registry, assessment_id), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]
    assert "<table>" in page and "Sign-off" in page


def test_json_has_the_record_and_a_digest_another_program_can_recompute(
    store: Store, registry: BankRegistry, tmp_path: Path
) -> None:
    assessment_id = create_demo_assessment(store, registry)
    question = "testing.theory.bias-and-misrepresentation"
    thread = store.add_comment(assessment_id, question_id=question, author="Ana", text="Which slices?")
    store.add_comment(assessment_id, question_id=question, author="Ben", text="Region.", reply_to=thread.uuid)
    store.resolve_comment(assessment_id, thread.uuid, by="Ana")
    store.add_comment(assessment_id, question_id="platonic.theory.ethically-virtuous", author="Cy", text="Open.")
    store.assign_action(assessment_id, question, owner="Ben", due=date(2026, 12, 24))
    document = json.loads(render(load_snapshot(store, registry, assessment_id), "json"))
    assert document["schema"] == "fivefold-assessment/3"
    assert document["bank"]["id"] == "five-phase"
    answers = {a["question_id"]: a for a in document["answers"]}
    assert answers["testing.theory.bias-and-misrepresentation"]["status"] == "blocker"
    assert document["digest"]["format"] == "fivefold-digest/3"
    assert document["digest"]["value"] == content_digest(document)
    # Recompute from the documented recipe (docs/digest.md) alone, without Fivefold's helpers.
    import hashlib

    def canonical(data: object) -> bytes:
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    bank_bytes = json.dumps(document["bank"]["content"], sort_keys=True, separators=(",", ":")).encode("ascii")
    assert hashlib.sha256(bank_bytes).hexdigest() == document["bank"]["hash"]
    assessment = document["assessment"]
    identity = ("uuid", "cycle", "previous_uuid", "title", "approvals_required", "open_comments_block")
    recipe = {
        "format": "fivefold-digest/3",
        "assessment": {**{key: assessment[key] for key in identity}, "system": assessment["system"]},
        "bank": {key: document["bank"][key] for key in ("id", "version", "hash")},
        "goals": sorted(document["goals"], key=lambda g: (g["phase"], g["lens"])),
        "answers": sorted(
            (
                {
                    k: a[k]
                    for k in ("question_id", "status", "rationale", "evidence", "value", "carried_over", "revision")
                }
                for a in document["answers"]
            ),
            key=lambda a: a["question_id"],
        ),
        "blocker_acceptances": sorted(
            (
                {k: a[k] for k in ("question_id", "answer_revision", "reviewer", "reason")}
                for a in document["blocker_acceptances"]
            ),
            key=lambda a: a["question_id"],
        ),
        "artifacts": sorted(
            ({k: a[k] for k in ("name", "size", "sha256")} for a in document["artifacts"]),
            key=lambda a: (a["name"], a["sha256"]),
        ),
        "comments": sorted(
            (
                {
                    **{k: t[k] for k in ("id", "question_id", "author", "text", "state", "resolved_by")},
                    "replies": sorted(
                        ({k: r[k] for k in ("id", "reply_to", "author", "text")} for r in t["replies"]),
                        key=lambda r: r["id"],
                    ),
                }
                for t in document["comments"]
            ),
            key=lambda t: t["id"],
        ),
        "action_items": sorted(
            ({k: a[k] for k in ("question_id", "owner", "due")} for a in document["action_items"]),
            key=lambda a: a["question_id"],
        ),
    }
    assert len(recipe["comments"]) == 3 and len(recipe["action_items"]) == 1, (
        "the recipe is tried on threads and owners"
    )
    assert hashlib.sha256(canonical(recipe)).hexdigest() == document["digest"]["value"]
    assert document["verdict"]["ready"] is False
    assert any("bias-and-misrepresentation" in reason for reason in document["verdict"]["ready_reasons"])
