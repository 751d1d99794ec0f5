"""The wheel ships the banks and migrations: a non-editable install works from outside the repo."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(command: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the built wheel installed (dependencies from the system site-packages, no network)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    # --no-isolation: hatchling is installed here, and an isolated build would need the network.
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO], cwd=base)
    [wheel] = dist.glob("fivefold-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False, symlinks=os.name != "nt").create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    # pip comes from the system site-packages too, and installs into the venv it runs in.
    run([python, "-m", "pip", "install", "--no-deps", "--force-reinstall", "--no-index", wheel], cwd=base)
    return bin_dir


@pytest.mark.slow
def test_wheel_lists_the_bundled_bank(installed: Path, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    out = run([installed / "fivefold", "banks", "list"], cwd=tmp_path, env=subprocess_env)
    assert any(line.split()[:2] == ["five-phase", "1.1.0"] for line in out.splitlines()), out


@pytest.mark.slow
def test_wheel_ships_banks_and_migrations_inside_the_install(
    installed: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    script = "import fivefold.locations as l; print(l.bundled_bank_dir()); print(l.migrations_dir()); print(l.__file__)"
    out = run([installed / "python", "-c", script], cwd=tmp_path, env=subprocess_env)
    banks, migrations, module = (Path(line) for line in out.splitlines())
    venv_dir = installed.parent.resolve()
    for path in (banks, migrations, module):
        assert path.resolve().is_relative_to(venv_dir), path
        assert not path.resolve().is_relative_to(REPO), path
    assert (banks / "five-phase.toml").is_file()
    assert (migrations / "env.py").is_file()
    assert list((migrations / "versions").glob("0001_*.py"))


@pytest.mark.slow
def test_wheel_creates_a_database_with_the_shipped_migrations(
    installed: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    db = tmp_path / "fresh" / "fivefold.db"
    db.parent.mkdir()  # only the default database's folder is created; an explicit path's must exist
    env = subprocess_env
    args = ["--db", f"sqlite:///{db}"]
    out = run(
        [installed / "fivefold", *args, "new", "--bank", "five-phase", "--title", "T", "--system", "S"],
        cwd=tmp_path,
        env=env,
    )
    assert out == "1\n"
    listed = run([installed / "fivefold", *args, "list"], cwd=tmp_path, env=env)
    assert "0/40" in listed
