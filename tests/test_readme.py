"""The README is the contract: its commands must run as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = next(block.strip() for block in _bash_blocks() if "pytest" in block)
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci_script.splitlines()


def test_readme_has_exactly_two_setup_commands_and_shows_the_screenshots() -> None:
    setup = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"```bash\n", setup)) == 2
    for name in ("home", "assessment", "summary"):
        assert f"(screenshots/{name}.svg)" in README
        assert (ROOT / "screenshots" / f"{name}.svg").is_file()


def test_the_scripting_example_runs_as_written(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    script = next(block for block in _bash_blocks() if "fivefold new" in block)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "halt.md").write_text("No kill switch is wired up yet.\n", encoding="utf-8")
    (tmp_path / "my-bank.toml").write_bytes((ROOT / "questionbanks" / "five-phase.toml").read_bytes())
    bin_dir = Path(sys.executable).parent
    env = {**subprocess_env, "FIVEFOLD_DB": f"sqlite:///{tmp_path}/readme.db"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    rationale = (tmp_path / "rationale.md").read_text(encoding="utf-8")
    assert "Release 2\\.3 review" in rationale or "Release 2.3 review" in rationale
    assert "No kill switch is wired up yet." in rationale
    assert "faster ticket routing" in rationale
