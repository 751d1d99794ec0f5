"""The `fivefold` commands, in-process and through the real console script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fivefold.store import Store

QUESTION = "platonic.theory.ethically-virtuous"
COMMANDS = [
    ["new"],
    ["answer"],
    ["goal"],
    ["list"],
    ["export"],
    ["delete"],
    ["demo"],
    ["ask"],
    ["banks"],
    ["banks", "list"],
    ["banks", "show"],
    ["banks", "validate"],
    ["banks", "import-deon"],
    ["sign"],
    ["accept-blocker"],
    ["approvals"],
    ["verify"],
    ["gate"],
    ["cycle"],
    ["diff"],
    ["db"],
    ["db", "path"],
    ["db", "upgrade"],
    ["db", "backup"],
]


@pytest.fixture
def assessment_id(run_cli, db_url: str) -> int:
    code, out, err = run_cli("--db", db_url, "new", "--bank", "five-phase", "--title", "Q3", "--system", "triage")
    assert (code, err) == (0, "")
    return int(out)


def answers_in(db_url: str, assessment_id: int) -> dict:
    store = Store.open(db_url)
    try:
        return store.answers(assessment_id)
    finally:
        store.close()


def assert_one_sentence_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("fivefold: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


# new, answer, goal ---------------------------------------------------------------------------------


def test_new_prints_only_the_id(run_cli, db_url: str) -> None:
    args = ("--db", db_url, "new", "--bank", "five-phase", "--title", "Claims", "--system", "triage")
    first, second = run_cli(*args), run_cli(*args, "--system-version", "2.3.0")
    assert first == (0, "1\n", "")
    assert second == (0, "2\n", "")


def test_new_with_an_unknown_bank_names_it(run_cli, db_url: str) -> None:
    code, out, err = run_cli("--db", db_url, "new", "--bank", "six-phase", "--title", "T", "--system", "S")
    assert_one_sentence_error(code, out, err, "'six-phase'", "five-phase")


@pytest.mark.parametrize("status", ["addressed", "concern", "blocker", "not-applicable"])
def test_answer_with_each_status(run_cli, db_url: str, assessment_id: int, status: str) -> None:
    code, out, err = run_cli(
        "--db", db_url, "answer", assessment_id, QUESTION, "--status", status, "--text", f"Rationale for {status}."
    )
    assert (code, out, err) == (0, "", "")
    saved = answers_in(db_url, assessment_id)[QUESTION]
    assert (saved.status, saved.rationale) == (status, f"Rationale for {status}.")


def test_answer_as_a_draft_has_no_status(run_cli, db_url: str, assessment_id: int) -> None:
    code, _, _ = run_cli("--db", db_url, "answer", assessment_id, QUESTION, "--status", "draft", "--text", "WIP")
    assert code == 0
    saved = answers_in(db_url, assessment_id)[QUESTION]
    assert (saved.status, saved.rationale) == (None, "WIP")


def test_answer_from_a_text_file_with_evidence(run_cli, db_url: str, assessment_id: int, tmp_path: Path) -> None:
    text_file = tmp_path / "rationale.md"
    text_file.write_text("# Why\n\nThe ethics board approved it (ETH-112).\n", encoding="utf-8")
    code, _, err = run_cli(
        "--db",
        db_url,
        "answer",
        assessment_id,
        QUESTION,
        "--status",
        "addressed",
        "--text-file",
        text_file,
        "--evidence",
        "ETH-112",
        "--evidence",
        "https://example.org/review",
    )
    assert (code, err) == (0, "")
    saved = answers_in(db_url, assessment_id)[QUESTION]
    assert saved.rationale == text_file.read_text(encoding="utf-8")
    assert saved.evidence == ["ETH-112", "https://example.org/review"]


def test_answer_with_a_missing_text_file_names_it(run_cli, db_url: str, assessment_id: int, tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    code, out, err = run_cli(
        "--db", db_url, "answer", assessment_id, QUESTION, "--status", "addressed", "--text-file", missing
    )
    assert_one_sentence_error(code, out, err, str(missing))


def test_answer_with_an_unknown_question_names_it(run_cli, db_url: str, assessment_id: int) -> None:
    code, out, err = run_cli(
        "--db", db_url, "answer", assessment_id, "platonic.theory.no-such", "--status", "addressed", "--text", "x"
    )
    assert_one_sentence_error(code, out, err, "'platonic.theory.no-such'")
    assert answers_in(db_url, assessment_id) == {}


def test_answer_with_a_bad_status_names_it(run_cli, db_url: str, assessment_id: int) -> None:
    code, out, err = run_cli("--db", db_url, "answer", assessment_id, QUESTION, "--status", "done", "--text", "x")
    assert_one_sentence_error(code, out, err, "'done'", "addressed")
    assert answers_in(db_url, assessment_id) == {}


def test_answer_for_an_unknown_assessment_names_it(run_cli, db_url: str, assessment_id: int) -> None:
    code, out, err = run_cli("--db", db_url, "answer", "99", QUESTION, "--status", "addressed", "--text", "x")
    assert_one_sentence_error(code, out, err, "id 99")


def test_errors_through_the_console_script(run_fivefold, db_url: str) -> None:
    created = run_fivefold("new", "--db", db_url, "--bank", "five-phase", "--title", "T", "--system", "S")
    assert (created.returncode, created.stdout, created.stderr) == (0, "1\n", "")
    result = run_fivefold("answer", "1", "nope", "--db", db_url, "--status", "addressed", "--text", "x")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_goal_sets_x_and_y(run_cli, db_url: str, assessment_id: int) -> None:
    code, _, err = run_cli(
        "--db", db_url, "goal", assessment_id, "platonic", "theory", "--x", "fair claims", "--y", "a reviewed model"
    )
    assert (code, err) == (0, "")
    store = Store.open(db_url)
    try:
        goal = store.goals(assessment_id)[("platonic", "theory")]
    finally:
        store.close()
    assert (goal.x, goal.y) == ("fair claims", "a reviewed model")
    code, out, err = run_cli("--db", db_url, "goal", assessment_id, "launch", "theory", "--x", "a", "--y", "b")
    assert_one_sentence_error(code, out, err, "'launch'")


# list ----------------------------------------------------------------------------------------------


def test_list_shows_progress(run_cli, db_url: str, assessment_id: int) -> None:
    for question in (QUESTION, "platonic.theory.long-term-happiness"):
        run_cli("--db", db_url, "answer", assessment_id, question, "--status", "addressed", "--text", "ok")
    run_cli("--db", db_url, "answer", assessment_id, "testing.practice.halt-anytime", "--status", "draft", "--text", "")
    code, out, err = run_cli("--db", db_url, "list")
    assert (code, err) == (0, "")
    header, row = out.splitlines()
    assert "PROGRESS" in header
    assert row.split()[:4] == [str(assessment_id), "2/40", "five-phase", "triage"]
    assert row.rstrip().endswith("Q3")

    code, out, err = run_cli("--db", db_url, "list", "--json")
    assert (code, err) == (0, "")
    [listed] = json.loads(out)
    assert listed["id"] == assessment_id
    assert (listed["answered"], listed["total"]) == (2, 40)
    assert (listed["title"], listed["system"], listed["bank"], listed["bank_version"]) == (
        "Q3",
        "triage",
        "five-phase",
        "1.1.0",
    )


def test_list_when_empty(run_cli, db_url: str) -> None:
    code, out, _ = run_cli("--db", db_url, "list")
    assert code == 0
    assert "No assessments yet" in out
    assert run_cli("--db", db_url, "list", "--json")[:2] == (0, "[]\n")


# banks ---------------------------------------------------------------------------------------------


def test_banks_list(run_cli) -> None:
    code, out, err = run_cli("banks", "list")
    assert (code, err) == (0, "")
    line = next(line for line in out.splitlines() if line.startswith("five-phase "))
    assert "1.1.0" in line and "40 questions" in line
    code, out, _ = run_cli("banks", "list", "--json")
    assert {"id": "five-phase", "version": "1.1.0", "title": "Five-phase training rationale", "questions": 40} in (
        json.loads(out)
    )


def test_banks_show_json_shape(run_cli) -> None:
    code, out, err = run_cli("banks", "show", "five-phase", "--json")
    assert (code, err) == (0, "")
    bank = json.loads(out)
    assert (bank["id"], bank["version"]) == ("five-phase", "1.1.0")
    assert [phase["id"] for phase in bank["phases"]] == [
        "platonic",
        "implementation",
        "delegation",
        "testing",
        "retrospective",
    ]
    ids = []
    for phase in bank["phases"]:
        assert isinstance(phase["title"], str) and phase["title"]
        assert [lens["lens"] for lens in phase["lenses"]] == ["theory", "practice"]
        for lens in phase["lenses"]:
            assert lens["questions"]
            for question in lens["questions"]:
                assert isinstance(question["id"], str)
                assert isinstance(question["text"], str) and question["text"]
                assert isinstance(question["required"], bool)
                assert question["source"] and question["locator"]
                assert question["example"] is None or set(question["example"]) == {"text", "source", "locator"}
                ids.append(question["id"])
            # Every known problem is an object with its own citation, not a bare string.
            assert lens["problems"] and all(set(p) == {"text", "source", "locator"} for p in lens["problems"])
    assert QUESTION in ids
    assert len(ids) == len(set(ids)) == 40


def test_banks_show_text_and_unknown_bank(run_cli) -> None:
    code, out, _ = run_cli("banks", "show", "five-phase")
    assert code == 0
    assert "Platonic phase [platonic]" in out
    assert QUESTION in out
    code, out, err = run_cli("banks", "show", "no-such-bank")
    assert_one_sentence_error(code, out, err, "'no-such-bank'")


# db ------------------------------------------------------------------------------------------------


def test_db_path_prints_the_file_of_db(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "team" / "shared.db"
    assert run_cli("--db", f"sqlite:///{path}", "db", "path") == (0, f"{path}\n", "")
    assert run_cli("db", "path", "--db", f"sqlite:///{path}") == (0, f"{path}\n", "")
    assert not path.exists()  # printing the path opens nothing


def test_db_path_honours_fivefold_db(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("FIVEFOLD_DB", f"sqlite:///{path}")
    assert run_cli("db", "path") == (0, f"{path}\n", "")
    other = tmp_path / "explicit.db"
    assert run_cli("--db", f"sqlite:///{other}", "db", "path") == (0, f"{other}\n", "")


def test_db_path_defaults_to_the_user_data_folder(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli("db", "path")
    assert code == 0
    assert Path(out.strip()) == tmp_path / "xdg" / "data" / "fivefold" / "fivefold.db"


def test_db_upgrade_creates_a_current_database(run_cli, db_url: str, tmp_path: Path) -> None:
    assert run_cli("--db", db_url, "db", "upgrade") == (0, "the database is up to date\n", "")
    assert (tmp_path / "fivefold.db").exists()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://x/y", "'http://x/y'"),
        ("sqlite+nosuch:///x.db", "'sqlite+nosuch:///x.db'"),
        ("postgresql+psycopg://u@h:port/x", "'postgresql+psycopg://u@h:port/x'"),
        ("mysql://u@h/x", "'mysql://u@h/x'"),
    ],
)
def test_a_bad_db_url_is_one_sentence(run_cli, url: str, shown: str) -> None:
    code, out, err = run_cli("--db", url, "list")
    assert_one_sentence_error(code, out, err, shown)


# --help --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_for_every_command(run_cli, command: list[str]) -> None:
    code, out, err = run_cli(*command, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"usage: fivefold {' '.join(command)}")


def test_help_through_the_console_script(run_fivefold) -> None:
    result = run_fivefold("--help")
    assert result.returncode == 0
    for command in ("new", "answer", "list", "export", "banks", "db"):
        assert command in result.stdout


def test_usage_error_exits_2(run_cli) -> None:
    code, _, err = run_cli("answer", "not-a-number", QUESTION, "--status", "addressed", "--text", "x")
    assert code == 2
    assert "invalid int value" in err


# export and delete ---------------------------------------------------------------------------------


def test_export_writes_then_refuses_then_forces(run_cli, db_url: str, assessment_id: int, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "rationale.md"
    base = ("--db", db_url, "export", assessment_id, "--format", "md", "-o", target)

    code, out, err = run_cli(*base)
    assert (code, out) == (0, "")
    assert str(target) in err
    first = target.read_text(encoding="utf-8")
    assert first.startswith("# Training rationale: Q3\n")

    run_cli("--db", db_url, "answer", assessment_id, QUESTION, "--status", "concern", "--text", "Changed since.")
    code, out, err = run_cli(*base)
    assert_one_sentence_error(code, out, err, str(target), "--force")
    assert target.read_text(encoding="utf-8") == first

    code, _, _ = run_cli(*base, "--force")
    assert code == 0
    second = target.read_text(encoding="utf-8")
    assert second != first
    assert "Changed since." in second
    assert sorted(item.name for item in folder.iterdir()) == ["rationale.md"]


def test_export_is_readable_like_any_new_file(run_cli, db_url: str, assessment_id: int, tmp_path: Path) -> None:
    target = tmp_path / "rationale.md"
    reference = tmp_path / "reference.txt"
    reference.write_text("made with the same umask\n")
    assert run_cli("--db", db_url, "export", assessment_id, "-o", target)[0] == 0
    assert target.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777


def test_export_to_stdout(run_cli, db_url: str, assessment_id: int) -> None:
    code, out, err = run_cli("--db", db_url, "export", assessment_id, "-o", "-")
    assert (code, err) == (0, "")
    assert out.startswith("# Training rationale: Q3\n")


def test_export_default_name_in_the_current_folder(
    run_cli, db_url: str, assessment_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, _ = run_cli("--db", db_url, "export", assessment_id)
    assert code == 0
    assert (tmp_path / f"training-rationale-{assessment_id}-q3.md").is_file()


def test_delete_needs_yes(run_cli, db_url: str, assessment_id: int) -> None:
    code, out, err = run_cli("--db", db_url, "delete", assessment_id)
    assert_one_sentence_error(code, out, err, "--yes")
    assert run_cli("--db", db_url, "list", "--json")[1] != "[]\n"
    assert run_cli("--db", db_url, "delete", assessment_id, "--yes") == (0, "", "")
    assert run_cli("--db", db_url, "list", "--json")[1] == "[]\n"


def test_db_backup_copies_every_answer_and_refuses_to_overwrite(tmp_path, db_url, run_cli) -> None:
    code, out, _ = run_cli("--db", db_url, "demo")
    assert code == 0
    target = tmp_path / "backup.db"
    assert run_cli("--db", db_url, "db", "backup", target)[0] == 0
    code, out, _ = run_cli("--db", f"sqlite:///{target}", "list")
    assert code == 0 and "30/40" in out
    code, _, err = run_cli("--db", db_url, "db", "backup", target)
    assert code == 2 and "--force" in err
