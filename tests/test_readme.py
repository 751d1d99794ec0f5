"""The README is the contract: its commands must run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert "Fewer misrouted tickets." in rationale and "The launch date is fixed." in rationale, "the --batch line"
    assert "faster ticket routing" in rationale


def _signoff_blocks() -> tuple[str, str]:
    """The sign-off section's two examples: what reviewers run, and the CI step."""
    section = README.split("## Sign-off, and gating a deployment in CI", 1)[1].split("\n## ", 1)[0]
    reviewers, ci = re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    return reviewers, ci


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs OpenSSH's ssh-keygen")
def test_the_ci_example_runs_as_written_with_two_reviewers(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    """Each reviewer's line runs with their own home (their own ~/.ssh/id_ed25519); the CI step runs in the
    checkout, with the allowed signers file committed there. A byte flipped in the model then fails it."""
    from fivefold.banks import BankRegistry
    from fivefold.review import record_answer
    from fivefold.store import AnswerStatus, Store

    reviewers, ci = _signoff_blocks()
    assert "--principal ana@example.com" in reviewers and "--principal ben@example.com" in reviewers
    (tmp_path / "model").mkdir()
    weights = tmp_path / "model" / "weights.safetensors"
    weights.write_bytes(b"\x01weights\x00" * 10_000)
    (tmp_path / "model" / "eval-report.json").write_text('{"f1": 0.91}\n', encoding="utf-8")
    (tmp_path / ".fivefold").mkdir()
    homes, signers = {}, []
    for name in ("ana", "ben"):
        home = tmp_path / "homes" / name
        (home / ".ssh").mkdir(parents=True)
        key = home / ".ssh" / "id_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, capture_output=True)
        signers.append(f"{name}@example.com {key.with_suffix('.pub').read_text(encoding='utf-8')}")
        homes[name] = home
    (tmp_path / ".fivefold" / "allowed_signers").write_text("".join(signers), encoding="utf-8")

    db_url = f"sqlite:///{tmp_path}/readme.db"
    registry, store = BankRegistry.default(), Store.open(db_url)
    try:
        bank = registry.get("five-phase")
        assessment = store.create_assessment(
            title="Release 2.3 review", system_name="triage-clf", system_version="2.3.0",
            bank_id=bank.id, bank_version=bank.version, bank_hash=bank.content_hash(),
        )  # fmt: skip
        assert assessment.id is not None
        for place in bank.questions():
            blocker = place.question.id == "testing.practice.halt-anytime"
            status = AnswerStatus.BLOCKER if blocker else AnswerStatus.ADDRESSED
            record_answer(store, bank, assessment.id, place.question.id, status=status, rationale="Reviewed.")
    finally:
        store.close()

    bin_dir = Path(sys.executable).parent
    env = {**subprocess_env, "FIVEFOLD_DB": db_url, "id": str(assessment.id)}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    def run(line: str, home: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-euo", "pipefail", "-c", line],
            cwd=tmp_path,
            env={**env, "HOME": str(home)},
            capture_output=True,
            text=True,
            timeout=120,
        )

    for line in reviewers.strip().splitlines():
        reviewer = next((name for name in homes if f"--principal {name}@" in line), "ana")
        result = run(line, homes[reviewer])
        assert result.returncode == 0, (line, result.stderr)
    passed = run(ci.strip(), tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "gate passed" in passed.stdout and "ana@example.com, ben@example.com" in passed.stdout
    assert "is the reviewed artifact 'weights.safetensors'" in passed.stdout

    data = bytearray(weights.read_bytes())
    data[5] ^= 0x80
    weights.write_bytes(bytes(data))
    failed = run(ci.strip(), tmp_path)
    assert failed.returncode == 1 and "is none of the 2 reviewed artifact(s)" in failed.stdout
