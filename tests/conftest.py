"""Fixtures every test shares: an isolated environment, a database URL, the bank registry and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry
from fivefold.cli import main

XDG_DIRS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def isolated_env(base: Path) -> dict[str, str]:
    """The XDG folders (which platformdirs honours on Linux) under `base`, so nothing reads the user's own."""
    return {name: str(base / name.removeprefix("XDG_").removesuffix("_HOME").lower()) for name in XDG_DIRS}


@pytest.fixture(autouse=True)
def _isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's database, banks or FIVEFOLD_DB."""
    for name, value in isolated_env(tmp_path / "xdg").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("FIVEFOLD_DB", raising=False)


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
    """An environment for a child process: no FIVEFOLD_* or PYTHON* variables, XDG folders in tmp_path."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FIVEFOLD_", "XDG_", "PYTHON"))}
    return {**env, **isolated_env(tmp_path / "xdg")}


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
