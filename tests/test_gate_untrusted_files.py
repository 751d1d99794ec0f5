"""`gate` and `verify` read a file an attacker may have written: any unreadable file is one sentence and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("command", ["gate", "verify"])
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[" * 200_000 + "]" * 200_000, "nests its JSON too deeply"),
        ('{"schema": "fivefold-assessment/2", "a": ' * 50_000 + "1" + "}" * 50_000, "nests its JSON too deeply"),
        ('{"schema": ', "is not JSON"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
    ],
    ids=["deep-array", "deep-object", "truncated", "not-utf8"],
)
def test_unreadable_export_is_one_sentence(run_fivefold, tmp_path: Path, command: str, content, expected: str) -> None:
    export = tmp_path / "rationale.json"
    if isinstance(content, bytes):
        export.write_bytes(content)
    else:
        export.write_text(content, encoding="utf-8")
    result = run_fivefold(command, export)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "rationale.json" in lines[0]
