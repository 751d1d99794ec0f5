"""The HTML export of the hostile corpus in a real browser: no script runs, and it prints with every answer.

Reviewers open the page and print it. Headless Chromium (Debian's `chromium`, which .ci/run
installs) loads it with JavaScript on: the DOM after load must be exactly the page as written
and a canary that any of the corpus's scripts would set must stay unset. A page that does run a
script is loaded the same way first, so the check is shown able to fail. Then the page is
printed to PDF, and `pdftotext` must find every answer in it, in the bank's order.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry
from fivefold.export import render
from fivefold.export.html import markdown_to_html
from fivefold.export.text import quoted_block
from fivefold.review import load_snapshot, record_answer
from fivefold.store import AnswerStatus, Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
]
CORPUS = json.loads((Path(__file__).parent / "data" / "hostile" / "texts.json").read_text(encoding="utf-8"))
CANARY = "document.documentElement.dataset.canary"
# The corpus's scripts set the canary; so does the title, the one place outside the answers.
TITLE = f"<script>{CANARY} = 'ran'</script> \x1b]0;retitled\x07 review"


class _Page(HTMLParser):
    """A page as a list of its elements and texts, the same however it was serialized."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, *sorted(f"{name}={value}" for name, value in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if data.strip():  # where the parser keeps whitespace between elements differs, nothing else
            self.events.append(("text", data))


def parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def chromium(profile: Path, *arguments: str) -> str:
    """Headless Chromium as the sandbox allows it: as root, no sandbox, no network, a new empty profile."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture
def exported(tmp_path: Path, db_url: str, registry: BankRegistry) -> tuple[Path, list[str]]:
    """The HTML export of an assessment whose answers are the hostile corpus, each marked with its place."""
    store = Store.open(db_url)
    try:
        bank = registry.get("five-phase")
        assessment = store.create_assessment(
            title=TITLE, system_name="S", system_version="1", bank_id=bank.id, bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )  # fmt: skip
        assert assessment.id is not None
        answers = [f"ANSWER-{number:02d} {entry['text']}" for number, entry in enumerate(CORPUS["texts"])]
        questions = [place.question.id for place in bank.questions()]
        for question, text in zip(questions, answers, strict=False):
            record_answer(store, bank, assessment.id, question, status=AnswerStatus.CONCERN, rationale=text)
        page = tmp_path / "rationale.html"
        page.write_text(render(load_snapshot(store, registry, assessment.id), "html"), encoding="utf-8")
    finally:
        store.close()
    return page, answers


def test_a_script_that_runs_is_seen(tmp_path: Path) -> None:
    """The harness itself: a page whose script runs changes its DOM and sets the canary."""
    page = tmp_path / "scripted.html"
    written = f"<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p><script>{CANARY} = 'ran'</script></body></html>"
    page.write_text(written, encoding="utf-8")
    dom = chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert 'data-canary="ran"' in dom
    assert parsed(dom).events != parsed(written).events


def test_no_script_runs_and_the_dom_is_the_page_as_written(tmp_path: Path, exported: tuple[Path, list[str]]) -> None:
    page, _ = exported
    written = page.read_text(encoding="utf-8")
    assert written.count(CANARY) >= 3  # the corpus's scripts are on the page, as text
    dom = chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert "data-canary" not in dom
    assert parsed(dom).events == parsed(written).events
    assert not [event for event in parsed(dom).events if event[:2] == ("start", "script")]


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) is not installed (.ci/run installs it)")
def test_printed_to_pdf_it_holds_every_answer_in_order(tmp_path: Path, exported: tuple[Path, list[str]]) -> None:
    page, answers = exported
    pdf = tmp_path / "rationale.pdf"
    chromium(tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert PDFTOTEXT is not None
    printed = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    def letters_and_digits(text: str) -> str:
        # What survives any font, line break and hyphenation; an answer's text as the page shows it.
        return re.sub("[^A-Za-z0-9]", "", text)

    rest = letters_and_digits(printed)
    for answer in answers:
        shown = letters_and_digits("".join(parsed(markdown_to_html(quoted_block(answer))).text))
        assert shown.startswith(letters_and_digits(answer[:9]))  # "ANSWER07": each answer told from the others
        found = rest.find(shown)
        assert found >= 0, f"{answer[:40]!r} is missing from the PDF, or out of order"
        rest = rest[found + len(shown) :]
