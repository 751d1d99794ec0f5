"""One bad bank file never breaks a command: only regular files under a size limit are read, a bank
that fails to load is reported and skipped, and no folder can silently replace a bundled bank.

The hostile files that can live in a repository are in `tests/data/banks/`; a FIFO, a symlink to
a device and an oversized file are made here, in `tmp_path`.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry, load_bank, problems_in
from fivefold.banks.files import MAX_BANK_BYTES
from fivefold.locations import bundled_bank_dir, user_bank_dir

DATA = Path(__file__).resolve().parent / "data" / "banks"
FIVE_PHASE = bundled_bank_dir() / "five-phase.toml"


def run_limited(
    env: dict[str, str], cwd: Path, *argv: object, memory: int = 1 << 30
) -> subprocess.CompletedProcess[str]:
    """`python -m fivefold ARGS` with at most `memory` bytes of address space, so a file that
    would exhaust memory fails the test instead of the machine (it is shared)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "fivefold", *(str(arg) for arg in argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,  # a guard against a hang (the FIFO did hang for ever), not a speed target
        preexec_fn=limit,
    )


def bank_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def test_a_deeply_nested_bank_is_a_problem_not_a_recursion_error(tmp_path: Path) -> None:
    problems = problems_in(DATA / "bank-deeply-nested.toml")
    assert [problem.message for problem in problems] == [
        "nests arrays or tables too deeply to be read; a bank needs only a few levels"
    ]


def test_a_bad_bank_in_the_user_folder_does_not_break_list(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    # Before: `fivefold list` died with a RecursionError traceback.
    folder = user_bank_dir()
    folder.mkdir(parents=True)
    (folder / "deep.toml").write_bytes((DATA / "bank-deeply-nested.toml").read_bytes())
    db = f"sqlite:///{tmp_path}/fivefold.db"
    new = ("new", "--bank", "five-phase", "--title", "t", "--system", "s")
    for argv in (new, ("list",)):
        result = run_limited(subprocess_env, tmp_path, "--db", db, *argv)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert f"fivefold: skipped bad question bank {folder / 'deep.toml'}: nests arrays" in result.stderr
    assert "five-phase" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_fifo_named_like_a_bank_is_skipped_without_waiting(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    folder = bank_folder(tmp_path, "banks")
    os.mkfifo(folder / "pipe.toml")
    result = run_limited(subprocess_env, tmp_path, "--bank-dir", folder, "banks", "list")
    assert result.returncode == 0, result.stderr
    assert "five-phase" in result.stdout
    assert "pipe.toml: is not a regular file (it is a named pipe)" in result.stderr


def test_a_symlink_to_dev_zero_is_skipped_without_reading_it(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    folder = bank_folder(tmp_path, "banks")
    (folder / "zero.toml").symlink_to("/dev/zero")
    result = run_limited(subprocess_env, tmp_path, "--bank-dir", folder, "banks", "list")
    assert result.returncode == 0, result.stderr
    assert "zero.toml: is not a regular file (it is a character device)" in result.stderr


def test_a_folder_and_an_oversized_file_are_skipped(tmp_path: Path) -> None:
    folder = bank_folder(tmp_path, "banks")
    (folder / "folder.toml").mkdir()
    with (folder / "huge.toml").open("wb") as huge:
        huge.truncate(MAX_BANK_BYTES + 1)  # sparse: no disk is spent on it
    (folder / "good.toml").write_bytes(FIVE_PHASE.read_bytes().replace(b'id = "five-phase"', b'id = "copy"', 1))
    registry = BankRegistry([folder])
    assert [bank.id for bank in registry.banks()] == ["copy"]
    messages = {problem.path.name: problem.message for problem in registry.problems}
    assert messages["folder.toml"] == "is not a regular file (it is a folder); only regular files are read"
    assert messages["huge.toml"].startswith("is larger than 8 MiB")


def test_a_bank_dir_cannot_silently_replace_a_bundled_bank(tmp_path: Path, run_cli) -> None:
    folder = bank_folder(tmp_path, "banks")
    bundled = load_bank(FIVE_PHASE)
    text = FIVE_PHASE.read_text(encoding="utf-8")
    question = bundled.questions()[0].question.text
    (folder / "five-phase.toml").write_text(text.replace(question, "Is this fine?", 1), encoding="utf-8")
    code, out, err = run_cli("--bank-dir", folder, "banks", "show", "five-phase")
    assert code == 0
    assert question in out and "Is this fine?" not in out
    assert f"skipped bad question bank {folder / 'five-phase.toml'}: defines bank 'five-phase' version" in err
    assert f"which {FIVE_PHASE} already defines with other content" in err


def test_an_identical_copy_of_a_bundled_bank_is_quietly_the_same_bank(tmp_path: Path) -> None:
    folder = bank_folder(tmp_path, "banks")
    (folder / "five-phase.toml").write_bytes(FIVE_PHASE.read_bytes())
    registry = BankRegistry.default([folder])
    assert registry.get("five-phase") == load_bank(FIVE_PHASE)
    assert registry.problems == []


def test_the_newest_version_is_the_highest_not_the_last_found(tmp_path: Path) -> None:
    folder = bank_folder(tmp_path, "banks")
    text = FIVE_PHASE.read_text(encoding="utf-8")
    version = load_bank(FIVE_PHASE).version
    for name, older in (("a.toml", "0.9.0"), ("b.toml", "0.10.0")):
        (folder / name).write_text(text.replace(f'version = "{version}"', f'version = "{older}"', 1), encoding="utf-8")
    registry = BankRegistry.default([folder])
    assert registry.get("five-phase").version == version
    assert [bank.version for bank in registry._load()["five-phase"]] == ["0.9.0", "0.10.0", version]


# What the bank commands print -------------------------------------------------------------------


def test_bank_text_is_printed_with_control_characters_visible(run_cli) -> None:
    for argv in (("banks", "list"), ("banks", "show", "hostile-text")):
        code, out, err = run_cli("--bank-dir", DATA, *argv)
        assert code == 0, err
        assert "\x1b" not in out + err and "\x07" not in out + err and "\x9b" not in out + err
    assert "Hostile \\x1b]0;pwned\\x07 title" in out
    assert "Ready \\x1b]8;;https://evil.example\\x07link" in out


def test_validate_prints_control_characters_visible(tmp_path: Path, run_cli) -> None:
    bad = tmp_path / "bad\x1b[2J.toml"
    bad.write_text('id = "x"\nversion = "1"\ntitle = "t"\nphases = []\nkind = "\\u001b]0;x\\u0007"\n', encoding="utf-8")
    code, out, err = run_cli("banks", "validate", bad)
    assert code == 2
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "bad\\x1b[2J.toml:5: unknown field 'kind'" in out
    assert "bad\\x1b[2J.toml:4: phases: a bank needs at least one phase" in out
    # A value the file gives is echoed in the message: visible too.
    hostile = (DATA / "bank-control-characters.toml").read_text(encoding="utf-8")
    bad.write_text(hostile.replace('id = "launch.practice.ready"', 'id = "launch.practice.ready"\nkind = "\\u001b[2J"'))
    code, out, err = run_cli("banks", "validate", bad)
    assert code == 2 and "\x1b" not in out + err
    assert "question 'launch.practice.ready' > kind: unknown kind '\\x1b[2J'" in out


def test_banks_show_json_keeps_bank_text_exact(run_cli) -> None:
    import json

    code, out, _ = run_cli("--bank-dir", DATA, "banks", "show", "hostile-text", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["title"] == "Hostile \x1b]0;pwned\x07 title"
    problem = shown["phases"][0]["lenses"][0]["problems"][0]
    assert problem == {"text": "A problem \x1b[5mblinking\x1b[0m.", "source": "team", "locator": ""}
    assert shown["sources"][0]["title"] == "Team \u202enotes \x9b1m"


def test_banks_path_prints_the_user_folder_and_whether_it_exists(run_cli) -> None:
    code, out, err = run_cli("banks", "path")
    assert (code, out) == (0, f"{user_bank_dir()}\n")
    assert "does not exist yet" in err
    user_bank_dir().mkdir(parents=True)
    (user_bank_dir() / "mine.toml").write_text("", encoding="utf-8")
    code, out, err = run_cli("banks", "path")
    assert (code, out) == (0, f"{user_bank_dir()}\n")
    assert "exists and holds 1 bank file(s)" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("odd", ["fifo", "dev-zero"])
def test_list_on_a_current_database_reads_no_odd_bank_file(
    tmp_path: Path, subprocess_env: dict[str, str], odd: str
) -> None:
    """`fivefold list` on a current SQLite file reads bank facts from a cache keyed by the bank files'
    bytes, without the registry: that key is read as the registry reads a bank, so a FIFO named *.toml
    does not hang it and a link to /dev/zero does not exhaust it (both did, once)."""
    folder = bank_folder(tmp_path, "banks")
    db = f"sqlite:///{tmp_path}/fivefold.db"
    created = run_limited(
        subprocess_env, tmp_path, "--db", db, "new", "--bank", "five-phase", "--title", "t", "--system", "s"
    )
    assert created.returncode == 0, created.stderr
    if odd == "fifo":
        os.mkfifo(folder / "pipe.toml")
    else:
        (folder / "pipe.toml").symlink_to("/dev/zero")
    result = run_limited(subprocess_env, tmp_path, "--db", db, "--bank-dir", folder, "list")
    assert result.returncode == 0, result.stderr
    assert "five-phase" in result.stdout
    assert "pipe.toml: is not a regular file" in result.stderr
