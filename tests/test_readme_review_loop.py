"""The README's review-loop examples run as written: comments and owners, the tracker push with `jq`
(against a stand-in `curl` that records what it would send), and a bundle moved to a second database."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Reviewing together", 1)[1].split("\n## ", 1)[0]
COMMENTS, TRACKER, BUNDLE = re.findall(r"```bash\n(.*?)```", SECTION, flags=re.DOTALL)

# Stands in for curl: appends the --data it was given, and the URL, as one JSON line.
FAKE_CURL = """#!/usr/bin/env python3
import json, sys
args = sys.argv[1:]
with open(sys.argv[0] + ".log", "a", encoding="utf-8") as log:
    log.write(json.dumps({"data": json.loads(args[args.index("--data") + 1]), "url": args[-1]}) + "\\n")
"""


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.mark.skipif(shutil.which("jq") is None, reason="needs jq (.ci/run installs it)")
def test_the_review_loop_examples_run_as_written(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    curl = bin_dir / "curl"
    curl.write_text(FAKE_CURL, encoding="utf-8")
    curl.chmod(0o755)
    env = {**subprocess_env, "FIVEFOLD_DB": f"sqlite:///{tmp_path}/readme.db"}
    env["PATH"] = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), env.get("PATH", "")])
    setup = bash(
        'id=$(fivefold new --bank five-phase --title "Release 2.3 review" --system triage-clf)\n'
        'fivefold answer "$id" testing.practice.halt-anytime --status blocker --text "No kill switch yet."\n'
        'echo "$id"',
        tmp_path,
        env,
    )
    assert setup.returncode == 0, setup.stderr
    env["id"] = setup.stdout.strip()

    comments = bash(COMMENTS, tmp_path, env)
    assert comments.returncode == 0, comments.stderr
    assert "resolved thread" in comments.stdout and "owner Ana, due 2026-12-24" in comments.stdout
    assert "testing.practice.halt-anytime" in comments.stdout.splitlines()[-1]

    tracker = bash(TRACKER, tmp_path, {**env, "TRACKER_URL": "https://tracker.example", "TRACKER_TOKEN": "t"})
    assert tracker.returncode == 0, tracker.stderr
    [sent] = [json.loads(line) for line in (bin_dir / "curl.log").read_text(encoding="utf-8").splitlines()]
    assert sent["url"] == "https://tracker.example/issues"
    assert sent["data"]["assignee"] == "Ana" and sent["data"]["due_on"] == "2026-12-24"
    assert sent["data"]["title"] == "Fivefold: Can we stop our models successfully, whenever we choose?"
    assert sent["data"]["external_id"].endswith("/testing.practice.halt-anytime")

    # The bundle example, with the team's server replaced by a second SQLite file.
    target = f"sqlite:///{tmp_path}/team.db"
    moved = bash(BUNDLE.replace("postgresql+psycopg://team@db.example.com/fivefold", target), tmp_path, env)
    assert moved.returncode == 0, moved.stderr
    assert "imported as assessment 1" in moved.stdout and (tmp_path / "triage-clf.fivefold.json").is_file()
