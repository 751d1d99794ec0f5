"""The bank format's citations: problems and worked examples cite their own source and locator,
banks written before that still load, and a locator must name a heading its source lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from fivefold.banks import Example, Problem, load_bank, problems_in

# A bank as users wrote them before citations: problems as strings, the example as a string.
OLD_FORMAT = """\
id = "old"
version = "1.0.0"
title = "Old format"

[[sources]]
id = "handbook"
title = "Release handbook"

[[phases]]
id = "launch"
title = "Launch"

[phases.practice]
goal = "I wish to ship {X} by means of {Y}."
x = "this model"
y = "our checklist"
problems = ["Deadlines tempt teams to skip the checklist.", "Rollbacks are rarely rehearsed."]
source = "handbook"

[[phases.practice.questions]]
id = "launch.practice.rollback"
text = "Have we rehearsed rolling back?"
source = "handbook"
example = "Rehearsed on 3 March."

[[phases.practice.questions]]
id = "launch.practice.monitored"
text = "Is the model monitored?"
source = "handbook"
example = ""
"""

CITED = """\
id = "cited"
version = "1.0.0"
title = "Cited"

[[sources]]
id = "handbook"
title = "Release handbook"
contents = ["Rollbacks", "Monitoring"]

[[sources]]
id = "postmortems"
title = "Postmortems"

[[phases]]
id = "launch"
title = "Launch"

[phases.practice]
goal = "I wish to ship {X} by means of {Y}."
x = "this model"
y = "our checklist"
source = "handbook"
locator = "Rollbacks"

[[phases.practice.problems]]
text = "Rollbacks are rarely rehearsed."
source = "postmortems"
locator = "2024-07 outage"

[[phases.practice.problems]]
text = "Monitors page nobody at night."
locator = "Monitoring"

[[phases.practice.questions]]
id = "launch.practice.rollback"
text = "Have we rehearsed rolling back?"
source = "handbook"
locator = "Rollbacks"

[phases.practice.questions.example]
text = "Rehearsed on 3 March."
source = "postmortems"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bank.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bank_in_the_old_format_still_loads_and_inherits_its_citations(tmp_path: Path) -> None:
    bank = load_bank(write(tmp_path, OLD_FORMAT))
    lens = bank.phases[0].practice
    assert lens is not None
    assert lens.problems == [
        Problem(text="Deadlines tempt teams to skip the checklist.", source="handbook", locator=""),
        Problem(text="Rollbacks are rarely rehearsed.", source="handbook", locator=""),
    ]
    first, second = (place.question for place in bank.questions())
    assert first.example == Example(text="Rehearsed on 3 March.", source="handbook", locator="")
    assert second.example is None, "an empty example string is no example, as before"


def test_problems_and_examples_cite_their_own_source_or_inherit_the_rest(tmp_path: Path) -> None:
    bank = load_bank(write(tmp_path, CITED))
    lens = bank.phases[0].practice
    assert lens is not None
    assert lens.problems == [
        Problem(text="Rollbacks are rarely rehearsed.", source="postmortems", locator="2024-07 outage"),
        # No source of its own: the lens's source, with its own locator.
        Problem(text="Monitors page nobody at night.", source="handbook", locator="Monitoring"),
    ]
    question = bank.questions()[0].question
    # Its own source, and no locator: a locator belongs to the source it names, so it is not inherited.
    assert question.example == Example(text="Rehearsed on 3 March.", source="postmortems", locator="")
    assert bank.citation("handbook", "Rollbacks") == "Release handbook (Rollbacks)"
    assert bank.citation("postmortems") == "Postmortems"


@pytest.mark.parametrize(
    ("old", "new", "place", "message"),
    [
        (
            'source = "postmortems"\nlocator = "2024-07 outage"',
            'source = "post-mortems"\nlocator = "2024-07 outage"',
            "problem #1 > source",
            "names no [[sources]] entry 'post-mortems'",
        ),
        ('locator = "Monitoring"', 'locator = "Monitorring"', "problem #2 > locator", "'Monitorring' is not a heading"),
        (
            'text = "Rehearsed on 3 March."\nsource = "postmortems"',
            'text = "Rehearsed on 3 March."\nsource = "nobody"',
            "example > source",
            "names no [[sources]] entry 'nobody'",
        ),
        (
            'locator = "Rollbacks"\n\n[phases.practice.questions.example]',
            'locator = "Chapter 9"\n\n[phases.practice.questions.example]',
            "question 'launch.practice.rollback' > locator",
            "'Chapter 9' is not a heading of source 'handbook'",
        ),
    ],
)
def test_a_citation_that_resolves_to_nothing_is_named(
    tmp_path: Path, old: str, new: str, place: str, message: str
) -> None:
    assert CITED.count(old) == 1, old
    problems = problems_in(write(tmp_path, CITED.replace(old, new)))
    assert problems, "the bad citation was accepted"
    assert any(place in problem.place and message in str(problem) for problem in problems), [str(p) for p in problems]


def test_a_problem_with_no_text_is_named(tmp_path: Path) -> None:
    problems = problems_in(write(tmp_path, CITED.replace('text = "Monitors page nobody at night."\n', "")))
    assert [(problem.place, problem.message) for problem in problems] == [
        ("phase 'launch' > practice > problem #2", "missing field 'text'")
    ]


def test_a_condition_status_is_one_of_the_vocabulary_statuses(tmp_path: Path) -> None:
    from fivefold.vocabulary import STATUSES

    condition = '\nwhen = { question = "launch.practice.rollback", status = "%s" }\n'
    second = '\n[[phases.practice.questions]]\nid = "launch.practice.after"\ntext = "Then?"\nsource = "handbook"'
    for status in STATUSES:
        assert problems_in(write(tmp_path, CITED + second + condition % status)) == []
    problems = problems_in(write(tmp_path, CITED + second + condition % "resolved"))
    assert [problem.message for problem in problems] == [f"unknown status 'resolved'; use one of {', '.join(STATUSES)}"]


def test_the_format_documents_complete_example_is_a_valid_cited_bank(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "questionbanks" / "README.md").read_text(encoding="utf-8")
    example = readme.split("## A complete small example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    bank = load_bank(write(tmp_path, example))
    lens = bank.phases[0].practice
    assert lens is not None and lens.problems[0].locator == "Release readiness"
    assert bank.questions()[0].question.example == Example(
        text="Rehearsed on staging on 3 March; traffic was back on the previous version in four minutes.",
        source="team-handbook",
        locator="Rollbacks",
    )


def test_a_condition_on_a_malformed_id_is_one_problem_not_two(tmp_path: Path) -> None:
    second = '\n[[phases.practice.questions]]\nid = "launch.practice.after"\ntext = "Then?"\nsource = "handbook"'
    problems = problems_in(write(tmp_path, CITED + second + '\nwhen = { question = "Bad Id", status = "blocker" }\n'))
    assert len(problems) == 1 and problems[0].place.endswith("when > question"), [str(p) for p in problems]
