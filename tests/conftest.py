"""Fixtures every test shares: an isolated environment, a database URL, the bank registry and the CLI."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# Before anything of the project is imported: the test run writes nothing into the source tree (no
# __pycache__ beside the modules), whether or not PYTHONDONTWRITEBYTECODE is set around it.
sys.dont_write_bytecode = True

import tempfile  # noqa: E402

import pytest  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

# Hypothesis keeps its example database and caches in ./.hypothesis: outside the checkout instead.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="fivefold-hypothesis-"))

from source_tree import source_tree_state  # noqa: E402

from fivefold.banks import BankRegistry  # noqa: E402
from fivefold.cli import main  # noqa: E402

XDG_DIRS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.fixture(scope="session", autouse=True)
def _source_tree_untouched() -> Iterator[None]:
    """The whole run writes nothing into the checkout: not a byte-code cache, not a report, not an export."""
    before = source_tree_state()
    yield
    # New files only: a developer saving a file while the tests run is not the tests writing.
    written = sorted(set(source_tree_state()) - set(before))
    if written:
        pytest.fail(f"the test run wrote into the source tree: {', '.join(written[:20])}", pytrace=False)


def isolated_env(base: Path) -> dict[str, str]:
    """The XDG folders (which platformdirs honours on Linux) under `base`, so nothing reads the user's own."""
    return {name: str(base / name.removeprefix("XDG_").removesuffix("_HOME").lower()) for name in XDG_DIRS}


@pytest.fixture(autouse=True)
def _isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's database, banks, FIVEFOLD_DB or FIVEFOLD_ALLOWED_SIGNERS."""
    for name, value in isolated_env(tmp_path / "xdg").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("FIVEFOLD_DB", raising=False)
    monkeypatch.delenv("FIVEFOLD_ALLOWED_SIGNERS", raising=False)


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """The app freezes what it loads out of the collector's sight and makes full collections rarer
    (`tui.collector`), right for the one app a process runs; a test run starts hundreds, and each test's
    garbage must stay collectable."""
    thresholds = gc.get_threshold()
    yield
    if gc.get_freeze_count():
        gc.unfreeze()
    gc.set_threshold(*thresholds)  # and collects as often as Python does by default


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/fivefold.db"


@pytest.fixture
def registry() -> BankRegistry:
    return BankRegistry.default()


CliResult = tuple[int, str, str]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `fivefold ARGS...` in-process; returns (exit code, stdout, stderr)."""

    def run(*argv: object) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in argv])
        except SystemExit as exit_:  # --help and argparse usage errors
            code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 2
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def subprocess_env(tmp_path: Path) -> dict[str, str]:
    """An environment for a child process: no FIVEFOLD_* or PYTHON* variables, XDG folders in tmp_path,
    and no byte-code written (a child importing the project would put __pycache__ into src/)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FIVEFOLD_", "XDG_", "PYTHON"))}
    return {**env, **isolated_env(tmp_path / "xdg"), "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture
def run_fivefold(tmp_path: Path, subprocess_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real `python -m fivefold ARGS...` in a subprocess with a clean environment."""

    def run(*argv: object, cwd: Path | None = None, extra_env: dict[str, str] | None = None):
        return subprocess.run(
            [sys.executable, "-m", "fivefold", *(str(arg) for arg in argv)],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env={**subprocess_env, **(extra_env or {})},
            timeout=120,
        )

    return run


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[str]:
    """A real ssh-agent on a socket of its own, stopped afterwards; yields SSH_AUTH_SOCK.

    `signing_helpers.add_to_agent` adds a key to it."""
    socket = tmp_path / "agent.sock"
    process = subprocess.Popen(
        ["ssh-agent", "-D", "-a", str(socket)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(500):  # it binds the socket at once; wait for it, not for a time
            if socket.exists() or process.poll() is not None:
                break
            time.sleep(0.01)
        assert socket.exists(), "ssh-agent did not start"
        yield str(socket)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the PostgreSQL test server (FIVEFOLD_TEST_POSTGRES), dropped afterwards;
    the test is skipped, with the reason, where no server runs (.ci/run starts one)."""
    server = os.environ.get("FIVEFOLD_TEST_POSTGRES")
    if not server:
        pytest.skip("no PostgreSQL server: .ci/run starts one (FIVEFOLD_TEST_POSTGRES)")
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fivefold_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def pytest_configure(config: pytest.Config) -> None:
    # pytest-textual-snapshot writes its report of failed snapshots to the working folder by default.
    if getattr(config.option, "snapshot_report", None) == "snapshot_report.html":
        config.option.snapshot_report = os.path.join(tempfile.gettempdir(), "fivefold-snapshot-report.html")
