"""The fault corpus: every database Fivefold must refuse gets one sentence, exit 2, and stays byte for byte.

Files that are faults in themselves live in tests/data/faults (faults.toml lists them); the rest
are made here: read-only files and folders, paths and URLs that name no usable database, kills at
every point of a first run or an upgrade, several processes starting on a new database at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import tomllib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from root_powers import without_root_powers
from small_disk import fill, small_disk

from fivefold.store import Store
from fivefold.store.schema import SCHEMA_HEAD

FAULTS = Path(__file__).parent / "data" / "faults"
CORPUS = tomllib.loads((FAULTS / "faults.toml").read_text(encoding="utf-8"))["fault"]
CHILD = Path(__file__).parent / "fault_child.py"
QUESTION = "platonic.theory.ethically-virtuous"
OLD_ANSWERS = {
    "platonic.theory.ethically-virtuous": ("addressed", "Kept through the upgrade.\r\nWith CRLF, a tab\there."),
    "platonic.theory.long-term-happiness": ("concern", "ESC \x1b[2J and RTL \u202e and NUL-free."),
    "testing.practice.halt-anytime": (None, "A draft, no status."),
}


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in `folder` with the SHA-256 of its bytes: a refused database must leave it as it was."""
    return {item.name: hashlib.sha256(item.read_bytes()).hexdigest() for item in sorted(folder.iterdir())}


def assert_refused(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2, (code, out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("fivefold: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_of(name: str, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / name
    shutil.copyfile(FAULTS / name, target)
    return target


# The corpus of faulty files --------------------------------------------------------------------------

COMMANDS = {
    "list": ["list"],
    "answer": ["answer", "1", QUESTION, "--status", "addressed", "--text", "written?"],
    "export": ["export", "1", "--format", "md", "-o", "-"],
    "upgrade": ["db", "upgrade"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fault", CORPUS, ids=[fault["file"] for fault in CORPUS])
def test_a_faulty_file_is_refused_untouched(run_cli, tmp_path: Path, fault: dict[str, str], command: str) -> None:
    path = copy_of(fault["file"], tmp_path / "db")
    before = folder_state(path.parent)
    code, out, err = run_cli("--db", url(path), *COMMANDS[command])
    assert_refused(code, out, err, fault["says"], str(path))
    assert folder_state(path.parent) == before  # same bytes, and no -wal, -shm or journal beside it


def test_through_the_console_script(run_fivefold, tmp_path: Path) -> None:
    path = copy_of("corrupt-index-page.db", tmp_path / "db")
    before = folder_state(path.parent)
    result = run_fivefold("--db", url(path), *COMMANDS["answer"])
    assert_refused(result.returncode, result.stdout, result.stderr, "is damaged", "quick_check")
    assert folder_state(path.parent) == before


def test_a_file_damaged_after_it_was_found_sound_is_refused(run_cli, tmp_path: Path) -> None:
    from fivefold.store.integrity import needs_check

    path = copy_of("current.db", tmp_path / "db")
    assert run_cli("--db", url(path), "list")[0] == 0
    assert not needs_check(path)  # remembered as sound: the next command skips quick_check
    index_page = sqlite3.connect(path).execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_assessment_bank_id'"
    )
    page = index_page.fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(page - 1) * 1024 : (page - 1) * 1024 + 12] = b"\xa5" * 12
    path.write_bytes(bytes(data))
    assert needs_check(path)
    before = folder_state(path.parent)
    assert_refused(*run_cli("--db", url(path), *COMMANDS["answer"]), "is damaged")
    assert folder_state(path.parent) == before


def stored_answers(path: Path) -> dict[str, tuple[str | None, str]]:
    store = Store.open(f"sqlite:///{path}")
    try:
        answers = store.answers(1)
    finally:
        store.close()
    assert all(answer.evidence == ["old-evidence"] for answer in answers.values())
    return {key: (answer.status, answer.rationale) for key, answer in answers.items()}


def test_an_older_database_is_upgraded_with_every_answer_kept(run_cli, tmp_path: Path) -> None:
    path = copy_of("revision-0001.db", tmp_path / "db")
    assert run_cli("--db", url(path), "db", "upgrade") == (0, "the database is up to date\n", "")
    assert stored_answers(path) == OLD_ANSWERS


def test_the_front_end_is_told_before_an_older_database_is_upgraded_and_only_then(tmp_path: Path) -> None:
    """At 10,000 assessments an upgrade takes seconds: the CLI and the app say so while it runs."""
    told: list[tuple[str, str]] = []
    older = copy_of("revision-0001.db", tmp_path / "db")

    def upgrading(revision: str) -> None:
        told.append((revision, schema_revision(older)))  # read beside the upgrade's write lock

    Store.open(url(older), upgrading=upgrading).close()
    assert told == [("0001", "0001")], "told once, before anything changed"
    assert schema_revision(older) == SCHEMA_HEAD
    Store.open(url(older), upgrading=upgrading).close()  # current now
    Store.open(url(tmp_path / "new.db"), upgrading=upgrading).close()  # created, not upgraded
    assert told == [("0001", "0001")]


def test_a_full_disk_is_said_as_full_by_every_command_and_loses_nothing(run_cli, tmp_path: Path) -> None:
    """SQLite says "disk I/O error" when it cannot grow the -wal and -shm files, which was shown as it is
    or, once a failed write had left a short -shm file, as a damaged database to restore from a backup."""
    with small_disk(tmp_path / "small") as folder:
        db = url(folder / "full.db")
        assert run_cli("--db", db, "new", "--bank", "five-phase", "--title", "T", "--system", "S")[0] == 0
        assert run_cli("--db", db, "answer", 1, QUESTION, "--status", "concern", "--text", "Before.")[0] == 0
        filler = fill(folder)
        full = f"fivefold: the disk holding the database {folder / 'full.db'} is full; free some space and try again\n"
        second = "testing.practice.halt-anytime"
        assert run_cli("--db", db, "answer", 1, second, "--status", "addressed", "--text", "x" * 100_000) == (
            2, "", full
        )  # fmt: skip
        for command in (["list"], ["export", 1, "--format", "md", "-o", "-"], ["verify", 1], ["answer", 1, second,
                        "--status", "addressed", "--text", "Again."]):  # fmt: skip
            code, _, err = run_cli("--db", db, *command)
            assert (code, err) in ((0, ""), (2, full)), (command, err)
        filler.unlink()
        assert run_cli("--db", db, "answer", 1, second, "--status", "addressed", "--text", "After.")[0] == 0
        assert run_cli("--db", db, "verify", 1)[0] == 0
        store = Store.open(db)
        answers = store.answers(1)
        store.close()
        assert (answers[QUESTION].rationale, answers[second].rationale) == ("Before.", "After.")


def test_an_upgrade_on_a_full_disk_is_one_sentence_and_the_older_database_stays_as_it_was(
    run_cli, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "small") as folder:
        path = folder / "older.db"
        shutil.copyfile(FAULTS / "revision-0001.db", path)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        filler = fill(folder)
        code, out, err = run_cli("--db", url(path), "db", "upgrade")
        assert (code, out) == (2, ""), err
        assert err == f"fivefold: the disk holding the database {path} is full; free some space and try again\n"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        filler.unlink()
        assert schema_revision(path) == "0001"
        assert run_cli("--db", url(path), "db", "upgrade")[0] == 0
        assert stored_answers(path) == OLD_ANSWERS


@pytest.mark.parametrize(
    "command",
    [["export", 1, "--format", "html"], ["export", 1, "--format", "json"], ["bundle", "export", 1]],
    ids=["html", "json", "bundle"],
)
def test_an_export_to_a_full_disk_is_one_sentence_and_leaves_the_file_as_it_was(
    run_cli, db_url: str, tmp_path: Path, command: list[object]
) -> None:
    assert run_cli("--db", db_url, "demo")[0] == 0
    with small_disk(tmp_path / "small") as folder:
        target = folder / "out"
        target.write_text("the export before\n", encoding="utf-8")
        fill(folder)
        code, out, err = run_cli("--db", db_url, *command, "-o", target, "--force")
        assert (code, out) == (2, "")
        assert err == f"fivefold: cannot write {target} (No space left on device); it is left as it was\n"
        assert target.read_text(encoding="utf-8") == "the export before\n"
        assert sorted(path.name for path in folder.iterdir()) == ["filler", "out"], "no temporary file is left"


def test_an_unfinished_first_run_of_an_older_fivefold_is_created_again(run_cli, tmp_path: Path) -> None:
    path = copy_of("unfinished-first-run.db", tmp_path / "db")
    assert run_cli("--db", url(path), "new", "--bank", "five-phase", "--title", "T", "--system", "S") == (0, "1\n", "")
    assert schema_revision(path) == SCHEMA_HEAD


def test_an_empty_file_becomes_a_database_and_says_so_once(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    code, _, err = run_cli("--db", url(path), "list")
    assert code == 0
    assert err == f"fivefold: {path} was an empty file; it is now a new Fivefold database\n"
    assert run_cli("--db", url(path), "list")[2] == ""


# Paths and URLs --------------------------------------------------------------------------------------


def test_a_plain_path_is_a_sqlite_file(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("--db", "team.db", "new", "--bank", "five-phase", "--title", "T", "--system", "S")[0] == 0
    assert (tmp_path / "team.db").is_file()
    odd = tmp_path / "a?b%20#c.db"  # characters a URL would read as a query, an escape and a fragment
    monkeypatch.setenv("FIVEFOLD_DB", str(odd))
    assert run_cli("new", "--bank", "five-phase", "--title", "T", "--system", "S")[0] == 0
    assert run_cli("db", "path") == (0, f"{odd}\n", "")
    assert odd.is_file()
    assert not (tmp_path / "a").exists()  # not cut short at the '?'


def test_a_path_in_a_missing_folder_is_refused_and_not_created(run_cli, tmp_path: Path, monkeypatch) -> None:
    typo = tmp_path / "tema" / "fivefold.db"
    assert_refused(*run_cli("--db", typo, "list"), "does not exist", str(typo.parent))
    monkeypatch.setenv("FIVEFOLD_DB", f"sqlite:///{typo}")
    assert_refused(*run_cli("list"), "does not exist")
    assert not typo.parent.exists()


def test_the_default_folder_is_created(run_cli, tmp_path: Path) -> None:
    assert run_cli("list")[0] == 0
    assert (tmp_path / "xdg" / "data" / "fivefold" / "fivefold.db").is_file()


def test_an_empty_db_is_refused(run_cli, tmp_path: Path) -> None:
    assert_refused(*run_cli("--db", "", "list"), "--db is empty")
    assert_refused(*run_cli("--db", "  ", "list"), "--db is empty")
    assert not (tmp_path / "xdg" / "data").exists()  # no silent fall back to the default database


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda folder: folder, "is not a file"),
        (lambda folder: Path("/dev/zero"), "is not a file"),
        (lambda folder: (os.mkfifo(folder / "fifo.db"), folder / "fifo.db")[1], "is not a file"),
    ],
    ids=["folder", "device", "fifo"],
)
def test_a_db_that_is_not_a_file_is_refused(
    run_cli, tmp_path: Path, make: Callable[[Path], Path], fragment: str
) -> None:
    assert_refused(*run_cli("--db", make(tmp_path), "list"), fragment)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://x/y", "is not a database Fivefold can use"),
        ("ftp://files.example/fivefold.db", "is not a database Fivefold can use"),
        ("mysql+pymysql://u@h/x", "is not a database Fivefold can use"),
        ("sqlite+nosuch:///x.db", "names a database driver"),
        ("postgresql+psycopg://u@h:port/x", "is not a database URL"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "postgresql+psycopg://nobody@127.0.0.1:1/none"),
        ("postgresql+psycopg://ana:s3cret@127.0.0.1:1/none", "ana:***@"),
    ],
)
def test_a_url_that_names_no_usable_database_is_one_sentence(run_cli, url: str, fragment: str) -> None:
    code, out, err = run_cli("--db", url, "list")
    assert_refused(code, out, err, fragment)
    assert "s3cret" not in err


# Read-only files and folders ---------------------------------------------------------------------------


@pytest.fixture
def as_user(tmp_path: Path, subprocess_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `fivefold ARGS...` in a child process that file permissions apply to."""
    prefix = without_root_powers()

    def run(*argv: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "fivefold", *(str(arg) for arg in argv)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=subprocess_env,
            timeout=120,
        )

    return run


def current_copy(folder: Path) -> Path:
    """A copy of the corpus's current database, brought to this Fivefold's schema head: the corpus file
    stays as it was written, and a revision added since must not make a read-only test an upgrade test."""
    path = copy_of("current.db", folder)
    Store.open(url(path)).close()
    return path


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Path:
    path = current_copy(tmp_path / "db")
    path.chmod(0o444)
    return path


def test_a_read_only_file_can_be_read_and_is_left_alone(as_user, read_only_copy: Path) -> None:
    before = folder_state(read_only_copy.parent)
    listed = as_user("--db", url(read_only_copy), "list")
    assert (listed.returncode, listed.stderr) == (0, ""), listed.stderr
    assert "Corpus review" in listed.stdout
    exported = as_user("--db", url(read_only_copy), "export", "1", "-o", "-")
    assert exported.returncode == 0
    assert folder_state(read_only_copy.parent) == before  # no -wal or -shm left beside it


def test_a_read_only_file_can_be_backed_up(as_user, read_only_copy: Path, tmp_path: Path) -> None:
    before = folder_state(read_only_copy.parent)
    backup = tmp_path / "backup.db"
    result = as_user("--db", url(read_only_copy), "db", "backup", backup)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert folder_state(read_only_copy.parent) == before
    assert sqlite3.connect(backup).execute("SELECT title FROM assessment").fetchall() == [("Corpus review",)]


def test_writing_to_a_read_only_file_is_one_sentence(as_user, read_only_copy: Path) -> None:
    before = folder_state(read_only_copy.parent)
    result = as_user("--db", url(read_only_copy), *COMMANDS["answer"])
    assert_refused(result.returncode, result.stdout, result.stderr, "cannot be changed", "is read-only")
    result = as_user("--db", url(read_only_copy), "new", "--bank", "five-phase", "--title", "T", "--system", "S")
    assert_refused(result.returncode, result.stdout, result.stderr, "cannot be changed")
    assert folder_state(read_only_copy.parent) == before


def test_a_read_only_older_database_is_refused_not_upgraded(as_user, tmp_path: Path) -> None:
    path = copy_of("revision-0001.db", tmp_path / "db")
    path.chmod(0o444)
    before = folder_state(path.parent)
    result = as_user("--db", url(path), "list")
    assert_refused(result.returncode, result.stdout, result.stderr, "needs an upgrade", "is read-only")
    assert folder_state(path.parent) == before


def test_a_read_only_folder(as_user, tmp_path: Path) -> None:
    path = current_copy(tmp_path / "db")
    path.parent.chmod(0o555)
    try:
        before = folder_state(path.parent)
        listed = as_user("--db", url(path), "list")
        assert listed.returncode == 0, listed.stderr
        result = as_user("--db", url(path), *COMMANDS["answer"])
        assert_refused(result.returncode, result.stdout, result.stderr, "its folder", "is read-only")
        new = as_user("--db", url(path.parent / "new.db"), "list")
        assert_refused(new.returncode, new.stdout, new.stderr, "cannot create the database", "is read-only")
        assert folder_state(path.parent) == before
    finally:
        path.parent.chmod(0o755)


# Kills and races -------------------------------------------------------------------------------------


def statements_sent(subprocess_env: dict[str, str], *argv: object) -> int:
    result = subprocess.run(
        [sys.executable, str(CHILD), "--count", "--", *(str(arg) for arg in argv)],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stderr.split("statements ")[-1])


def kill_before_statement(subprocess_env: dict[str, str], statement: int, *argv: object) -> None:
    """Start `fivefold ARGS` and kill -9 it just before it sends its `statement`-th SQL statement."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "--pause-before", str(statement), "--", *(str(arg) for arg in argv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "paused\n", child.communicate()[1]
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()


KILL_POINTS = 20


def kill_points(total: int) -> list[int]:
    """`KILL_POINTS` statements spread over 1..total (every one when there are fewer)."""
    return sorted({1 + (total - 1) * point // (KILL_POINTS - 1) for point in range(KILL_POINTS)})


def schema_revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.slow
def test_a_first_run_killed_at_any_statement_never_leaves_a_refused_database(
    tmp_path: Path, subprocess_env: dict[str, str], run_fivefold
) -> None:
    path = tmp_path / "new.db"
    total = statements_sent(subprocess_env, "--db", url(path), "list")
    assert total >= KILL_POINTS  # the schema's creation is many statements; each is a place to die
    for statement in kill_points(total):
        for leftover in tmp_path.glob("new.db*"):
            leftover.unlink()
        kill_before_statement(subprocess_env, statement, "--db", url(path), "list")
        result = run_fivefold("--db", url(path), "new", "--bank", "five-phase", "--title", "After", "--system", "S")
        assert (result.returncode, result.stderr) == (0, ""), f"killed before statement {statement}: {result.stderr}"
        assert schema_revision(path) == SCHEMA_HEAD


@pytest.mark.slow
def test_an_upgrade_killed_at_any_statement_keeps_every_answer(
    tmp_path: Path, subprocess_env: dict[str, str], run_fivefold
) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FAULTS / "revision-0001.db", path)
    total = statements_sent(subprocess_env, "--db", url(path), "db", "upgrade")
    assert total >= KILL_POINTS
    for statement in kill_points(total):
        for leftover in tmp_path.glob("old.db*"):
            leftover.unlink()
        shutil.copyfile(FAULTS / "revision-0001.db", path)
        kill_before_statement(subprocess_env, statement, "--db", url(path), "db", "upgrade")
        result = run_fivefold("--db", url(path), "list")
        assert result.returncode == 0, f"killed before statement {statement}: {result.stderr}"
        assert stored_answers(path) == OLD_ANSWERS
        assert schema_revision(path) == SCHEMA_HEAD


def test_a_new_database_being_created_by_another_process_is_waited_for(tmp_path: Path) -> None:
    """Turning a new file into a WAL database upgrades a read lock to a write lock, which SQLite
    refuses at once, without its busy handler, while another process holds the write lock: two
    processes creating the same database at once made one fail with "database is locked"."""
    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the write lock on the new file, as another first run takes it
    release = threading.Timer(0.3, other.execute, args=("COMMIT",))
    release.start()
    try:
        store = Store.open(url(path))
    finally:
        release.join()
        other.close()
    store.close()
    assert schema_revision(path) == SCHEMA_HEAD
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.slow
def test_processes_starting_on_a_new_database_at_once_all_succeed(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    for attempt in range(5):
        path = tmp_path / f"shared-{attempt}.db"
        go = tmp_path / f"go-{attempt}"
        children = [
            subprocess.Popen(
                [sys.executable, str(CHILD), "--start-when", str(go), "--", "--db", url(path), "new",
                 "--bank", "five-phase", "--title", f"Review {number}", "--system", "S"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=subprocess_env,
            )
            for number in range(4)
        ]  # fmt: skip
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
        go.touch()
        results = [(child.wait(timeout=120), *child.communicate()) for child in children]
        assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]
        assert sorted(int(out) for _, out, _ in results) == [1, 2, 3, 4]
        assert schema_revision(path) == SCHEMA_HEAD


# PostgreSQL ----------------------------------------------------------------------------------------------

POSTGRES = os.environ.get("FIVEFOLD_TEST_POSTGRES")
needs_postgres = pytest.mark.skipif(not POSTGRES, reason="no PostgreSQL server: .ci/run starts one")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert POSTGRES is not None
    name = f"fivefold_faults_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@needs_postgres
@pytest.mark.slow
def test_processes_starting_on_a_new_postgres_database_at_once_all_succeed(
    postgres_url: str, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), "--start-when", str(go), "--", "--db", postgres_url, "new",
             "--bank", "five-phase", "--title", f"Review {number}", "--system", "S"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env,
        )
        for number in range(4)
    ]  # fmt: skip
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
    go.touch()
    results = [(child.wait(timeout=120), *child.communicate()) for child in children]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]
    assert sorted(int(out) for _, out, _ in results) == [1, 2, 3, 4]


@needs_postgres
def test_postgres_refuses_nul_in_one_sentence(run_cli, postgres_url: str, tmp_path: Path) -> None:
    code, out, _ = run_cli("--db", postgres_url, "new", "--bank", "five-phase", "--title", "T", "--system", "S")
    assert code == 0
    source = tmp_path / "nul.md"
    source.write_bytes(b"before\x00after")
    result = run_cli(
        "--db", postgres_url, "answer", out.strip(), QUESTION, "--status", "concern", "--text-file", source
    )
    assert_refused(*result, "holds a NUL character (\\x00)")
