"""Question banks: the bundled banks load and keep their promises; bad banks are refused with their place."""

from __future__ import annotations

from pathlib import Path

import pytest

from fivefold.banks import Bank, BankError, BankRegistry, load_bank, problems_in
from fivefold.locations import bundled_bank_dir

DATA = Path(__file__).resolve().parent / "data" / "banks"
FIVE_PHASES = ["platonic", "implementation", "delegation", "testing", "retrospective"]

# The README's small example, cut down: one phase, one lens, one question. Every bad bank below
# is this text with one or two faults put in.
MINIMAL_BANK = """\
id = "example"
version = "0.1.0"
title = "Example bank"

[[sources]]
id = "team-handbook"
title = "Our team's release handbook"

[[phases]]
id = "launch"
title = "Launch phase"

[phases.practice]
goal = "I wish to ship {X} by means of {Y}."
x = "this model"
y = "our release checklist"
source = "team-handbook"

[[phases.practice.questions]]
id = "launch.practice.rollback-tested"
text = "Have we rehearsed rolling this model back?"
source = "team-handbook"
"""

SECOND_QUESTION = """
[[phases.practice.questions]]
id = "launch.practice.monitored"
text = "Is the model monitored?"
source = "team-handbook"
"""


def write_bank(tmp_path: Path, text: str, name: str = "bank.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def changed(old: str, new: str, text: str = MINIMAL_BANK) -> str:
    """The minimal bank with `old` replaced by `new` (exactly once, so a typo here fails loudly)."""
    assert text.count(old) == 1, f"{old!r} must occur once in the bank text"
    return text.replace(old, new)


def load_error(path: Path) -> str:
    with pytest.raises(BankError) as caught:
        load_bank(path)
    return str(caught.value)


@pytest.fixture
def five_phase(registry: BankRegistry) -> Bank:
    return registry.get("five-phase")


# The bundled banks -------------------------------------------------------------------------------


def bundled_bank_files() -> list[Path]:
    return sorted(bundled_bank_dir().glob("*.toml"))


def test_bundled_bank_folder_has_banks() -> None:
    assert "five-phase.toml" in [path.name for path in bundled_bank_files()]


@pytest.mark.parametrize("path", bundled_bank_files(), ids=lambda path: path.name)
def test_bundled_bank_loads_with_unique_question_ids(path: Path) -> None:
    assert problems_in(path) == []
    bank = load_bank(path)
    ids = [place.question.id for place in bank.questions()]
    assert ids, f"{path.name} has no questions"
    assert len(ids) == len(set(ids))


def test_minimal_bank_is_valid(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, MINIMAL_BANK))
    assert [place.question.id for place in bank.questions()] == ["launch.practice.rollback-tested"]


def test_five_phase_has_the_five_phases_in_order(five_phase: Bank) -> None:
    assert [phase.id for phase in five_phase.phases] == FIVE_PHASES


def test_every_five_phase_phase_has_theory_and_practice(five_phase: Bank) -> None:
    for phase in five_phase.phases:
        assert [name for name, _ in phase.lenses()] == ["theory", "practice"], phase.id
        for _, lens in phase.lenses():
            assert lens.questions, phase.id
            assert "{X}" in lens.goal and "{Y}" in lens.goal


def test_five_phase_cites_the_essay_except_in_the_retrospective(five_phase: Bank) -> None:
    assert five_phase.source("calcagni-2024") is not None
    assert five_phase.source("fivefold") is not None
    places = five_phase.questions()
    assert {place.phase.id for place in places} == set(FIVE_PHASES)
    for place in places:
        expected = "fivefold" if place.phase.id == "retrospective" else "calcagni-2024"
        assert place.question.source == expected, place.question.id
        assert place.lens.source == expected, f"{place.phase.id} {place.lens_name}"


def test_question_ids_follow_the_phase_lens_slug_form(five_phase: Bank) -> None:
    for place in five_phase.questions():
        assert place.question.id.startswith(f"{place.phase.id}.{place.lens_name}."), place.question.id


# Bad banks ---------------------------------------------------------------------------------------


def test_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = write_bank(tmp_path, changed('title = "Launch phase"', 'title = "Launch phase'))
    message = load_error(path)
    assert str(path) in message
    assert "not valid TOML" in message
    assert "line 11" in message


def test_missing_text_names_the_question_and_field(tmp_path: Path) -> None:
    path = write_bank(tmp_path, changed('text = "Have we rehearsed rolling this model back?"\n', ""))
    message = load_error(path)
    assert str(path) in message
    assert "question 'launch.practice.rollback-tested'" in message
    assert "missing field 'text'" in message


def test_duplicate_question_id_is_named(tmp_path: Path) -> None:
    duplicate = SECOND_QUESTION.replace("launch.practice.monitored", "launch.practice.rollback-tested")
    path = write_bank(tmp_path, MINIMAL_BANK + duplicate)
    message = load_error(path)
    assert str(path) in message
    assert "duplicate question id" in message
    assert "'launch.practice.rollback-tested'" in message


def test_unknown_lens_is_named(tmp_path: Path) -> None:
    text = MINIMAL_BANK.replace("phases.practice", "phases.theroy")
    path = write_bank(tmp_path, text)
    message = load_error(path)
    assert str(path) in message
    assert "phase 'launch'" in message
    assert "unknown lens 'theroy'" in message


def test_phase_without_a_lens_is_refused(tmp_path: Path) -> None:
    empty_phase = '\n[[phases]]\nid = "aftercare"\ntitle = "Aftercare phase"\n'
    path = write_bank(tmp_path, MINIMAL_BANK + empty_phase)
    message = load_error(path)
    assert str(path) in message
    assert "phase 'aftercare'" in message
    assert "needs a theory or a practice lens" in message


def test_lens_without_questions_is_refused(tmp_path: Path) -> None:
    questions_table = MINIMAL_BANK[MINIMAL_BANK.index("[[phases.practice.questions]]") :]
    text = changed(questions_table, "questions = []\n")
    path = write_bank(tmp_path, text)
    message = load_error(path)
    assert str(path) in message
    assert "phase 'launch' > practice > questions" in message
    assert "at least one question" in message


def test_unknown_source_is_named(tmp_path: Path) -> None:
    text = MINIMAL_BANK + SECOND_QUESTION.replace('source = "team-handbook"', 'source = "team-handbok"')
    path = write_bank(tmp_path, text)
    message = load_error(path)
    assert str(path) in message
    assert "question 'launch.practice.monitored' > source" in message
    assert "'team-handbok'" in message


def test_validate_reports_faults_of_every_kind_in_one_run_with_their_lines(run_cli) -> None:
    # A goal slot in the wrong case, a misspelt key and an unknown source (a cross-reference):
    # before, the first two hid the third until they were fixed.
    path = DATA / "bank-three-faults.toml"
    code, out, err = run_cli("banks", "validate", path)
    assert code == 2
    assert out.splitlines() == [
        f"{path}:19: phase 'launch' > practice > goal: the goal must contain exactly the slots {{X}} and {{Y}}",
        f"{path}:26: phase 'launch' > practice > question 'launch.practice.rollback-tested': "
        "unknown field 'requried'; remove it or fix its spelling",
        f"{path}:27: phase 'launch' > practice > question 'launch.practice.rollback-tested' > example > source: "
        "names no [[sources]] entry 'team-handbok'; add it or fix the id",
    ]
    assert err == "fivefold: 3 problem(s) found in 1 bank file(s)\n"


def test_every_problem_names_the_line_it_is_on(tmp_path: Path) -> None:
    text = changed('title = "Launch phase"\n', 'title = "Launch phase"\nowner = "ops"\n')
    text += SECOND_QUESTION.replace('source = "team-handbook"', 'source = "nobody"')
    text += '\n[[phases]]\nid = "launch"\ntitle = "Again"\n'
    path = write_bank(tmp_path, text)
    lines = text.splitlines()
    problems = problems_in(path)
    assert [problem.line for problem in problems] == sorted(problem.line for problem in problems)
    expected = ["owner = ", 'source = "nobody"', "[[phases]]", "[[phases]]"]
    for problem, start in zip(problems, expected, strict=True):
        assert problem.line is not None and lines[problem.line - 1].startswith(start), str(problem)
        assert str(problem).startswith(f"{path}:{problem.line}: ")
    assert {"duplicate phase id", "needs a theory or a practice lens"} <= {
        phrase
        for problem in problems[2:]
        for phrase in ("duplicate phase id", "needs a theory or a practice lens")
        if phrase in problem.message
    }


def test_problems_in_reports_every_fault_at_once(tmp_path: Path) -> None:
    text = changed('text = "Have we rehearsed rolling this model back?"\n', "")
    text = changed('title = "Launch phase"\n', 'title = "Launch phase"\nowner = "ops"\n', text)
    path = write_bank(tmp_path, text)
    problems = problems_in(path)
    assert len(problems) == 2
    assert all(problem.path == path for problem in problems)
    messages = sorted(str(problem) for problem in problems)
    assert any("missing field 'text'" in message for message in messages)
    assert any("phase 'launch'" in message and "unknown field 'owner'" in message for message in messages)
    assert "and 1 more problem" in load_error(path)


def test_registry_skips_a_bad_bank_but_keeps_the_good_ones(tmp_path: Path) -> None:
    write_bank(tmp_path, MINIMAL_BANK, "good.toml")
    bad = write_bank(tmp_path, MINIMAL_BANK.replace("phases.practice", "phases.theroy"), "bad.toml")
    registry = BankRegistry([tmp_path])
    assert [bank.id for bank in registry.banks()] == ["example"]
    assert [problem.path for problem in registry.problems] == [bad]


def test_validate_command_reports_the_place_and_exits_2(tmp_path: Path, run_fivefold) -> None:
    path = write_bank(tmp_path, changed('text = "Have we rehearsed rolling this model back?"\n', ""), "BAD.toml")
    result = run_fivefold("banks", "validate", path)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert f"{path}:19: phase 'launch' > practice > question 'launch.practice.rollback-tested'" in output
    assert "missing field 'text'" in output
    assert "Traceback" not in result.stderr


def test_validate_command_accepts_a_good_bank(tmp_path: Path, run_cli) -> None:
    path = write_bank(tmp_path, MINIMAL_BANK)
    code, out, err = run_cli("banks", "validate", path)
    assert (code, err) == (0, "")
    assert "1 bank file(s) valid" in out
