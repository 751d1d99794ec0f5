"""The bundled banks cite exactly: every lens, question, known problem and worked example names a
source the bank lists and a heading of that source's table of contents.

These read the bank files as TOML, not through the model, because the model fills in a citation
that a file leaves out (a plain-string problem cites its lens): a bundled bank must not rely on
that. Where the source texts themselves are at hand (`FIVEFOLD_SOURCES`, or the team's shared
folder beside the checkout), the headings are checked against them too, and no bank text may
copy a source at length.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fivefold.banks import Bank, load_bank
from fivefold.locations import bundled_bank_dir

BANK_FILES = sorted(bundled_bank_dir().glob("*.toml"))
ROOT = Path(__file__).resolve().parent.parent

# The stored copies of the published texts, by the source id the banks give them.
SOURCE_FILES = {
    "calcagni-2024": "002_9fc4ff74a9ec6192.txt",
    "hubinger-training-stories": "000_a5d80adbe8a1c136.txt",
    "training-stories-matter": "001_c141b0e5ca285099.txt",
    "hubinger-11-proposals": "004_9f948dcf6483df7c.txt",
}
# Contents entries that name no heading in the text, by design: the opening before the first
# heading, and the project's own content (the `fivefold` source is not a text).
UNHEADED = {"Introduction"}
PROJECT = "fivefold"


def _sources_folder() -> Path | None:
    candidates = [os.environ.get("FIVEFOLD_SOURCES", ""), ROOT.parent / "shared" / "sources"]
    candidates.append(ROOT.parent.parent / "shared" / "sources")
    return next((Path(c) for c in candidates if c and (Path(c) / SOURCE_FILES["calcagni-2024"]).is_file()), None)


SOURCES = _sources_folder()
needs_sources = pytest.mark.skipif(SOURCES is None, reason="the source texts are not here (set FIVEFOLD_SOURCES)")


def raw(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def citations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every cited thing of a bank file, as written: (where, table with `source` and `locator`)."""
    for phase in data["phases"]:
        for lens_name in ("theory", "practice"):
            lens = phase.get(lens_name)
            if lens is None:
                continue
            where = f"{phase['id']} {lens_name}"
            yield where, lens
            for number, problem in enumerate(lens.get("problems", []), start=1):
                yield f"{where} problem #{number}", problem
            for question in lens["questions"]:
                yield question["id"], question
                if "example" in question:
                    yield f"{question['id']} example", question["example"]


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda path: path.name)
def test_nothing_in_a_bundled_bank_lacks_its_own_citation(path: Path) -> None:
    data = raw(path)
    for where, cited in citations(data):
        assert isinstance(cited, dict), f"{where} is a bare string: give it a source and a locator"
        assert cited.get("source") and cited.get("locator"), f"{where} lacks a source or a locator"


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda path: path.name)
def test_every_citation_names_a_listed_source_and_a_heading_of_its_contents(path: Path) -> None:
    data = raw(path)
    contents = {source["id"]: source.get("contents", []) for source in data["sources"]}
    assert all(contents.values()), f"every source of {path.name} lists its contents"
    used = set()
    for where, cited in citations(data):
        assert cited["source"] in contents, f"{where} cites the unknown source {cited['source']!r}"
        assert cited["locator"] in contents[cited["source"]], f"{where}: {cited['locator']!r} is not a heading"
        used.add(cited["source"])
    assert used == set(contents), f"{path.name} lists sources it never cites: {set(contents) - used}"


@needs_sources
@pytest.mark.parametrize("path", BANK_FILES, ids=lambda path: path.name)
def test_every_listed_heading_is_in_the_source_text(path: Path) -> None:
    assert SOURCES is not None
    for source in raw(path)["sources"]:
        if source["id"] == PROJECT:
            continue
        text = (SOURCES / SOURCE_FILES[source["id"]]).read_text(encoding="utf-8")
        for heading in source["contents"]:
            section, _, part = heading.partition(" > ")
            if section in UNHEADED:
                continue
            # The stored copy of the eleven-proposals overview lost the "6. " heading line;
            # its list of proposals still names the section.
            at = text.rfind(section) if section in text else text.rfind(re.sub(r"^\d+\. ", "", section))
            assert at >= 0, f"{source['id']}: no heading {section!r}"
            if part:
                assert text.find(f"{part}.", at) >= 0, f"{source['id']}: no {part!r} after {section!r}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


@needs_sources
@pytest.mark.parametrize("path", BANK_FILES, ids=lambda path: path.name)
def test_no_bank_text_copies_a_source_at_length(path: Path) -> None:
    """Paraphrase, never copy: no run of 10 words of a source reappears in a bank."""
    assert SOURCES is not None
    run = 10
    copied = set()
    for name in SOURCE_FILES.values():
        words = _words((SOURCES / name).read_text(encoding="utf-8"))
        copied |= {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}
    data = raw(path)
    for where, cited in citations(data):
        for field in ("text", "help", "headline", "about"):
            words = _words(str(cited.get(field, "")))
            for i in range(len(words) - run + 1):
                if tuple(words[i : i + run]) in copied:
                    pytest.fail(f"{where} {field} copies a source: {' '.join(words[i : i + run])}")


# The five-phase bank's retrospective closes the loop ---------------------------------------------


@pytest.fixture
def five_phase() -> Bank:
    return load_bank(bundled_bank_dir() / "five-phase.toml")


def test_in_every_five_phase_phase_both_lenses_judge_the_same_x_and_y_with_the_same_verb(five_phase: Bank) -> None:
    for phase in five_phase.phases:
        theory, practice = phase.theory, phase.practice
        assert theory is not None and practice is not None
        assert (theory.x, theory.y) == (practice.x, practice.y), phase.id
        verb_done = re.fullmatch(r"I wonder if \{X\} could be (\w+) by means of \{Y\}\.", theory.goal)
        verb = re.fullmatch(r"I wish to (\w+) \{X\} by means of \{Y\}\.", practice.goal)
        assert verb_done and verb, phase.id
        # accomplished/accomplish, delegated/delegate, fulfilled/fulfil, assessed/assess, improved/improve
        assert verb_done.group(1).startswith(verb.group(1).rstrip("e")), phase.id


def test_the_retrospective_asks_whether_the_goal_or_the_task_should_change(five_phase: Bank) -> None:
    place = five_phase.question("retrospective.practice.change-goal-or-task")
    assert place is not None
    question = place.question
    assert question.required and question.steering
    assert "platonic goal (X)" in question.text and "chosen task (Y)" in question.text
    steering = [p.question.id for p in five_phase.questions() if p.question.steering]
    assert steering == ["retrospective.practice.change-goal-or-task", "retrospective.practice.steering-plan"]


def test_the_retrospective_says_it_narrows_mankind_to_the_people_affected(five_phase: Bank) -> None:
    retrospective = five_phase.phases[-1]
    assert "mankind" in retrospective.summary
    assert "the people the model affects" in retrospective.note
