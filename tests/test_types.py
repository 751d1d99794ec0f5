"""The type checker over src/, as part of the test run (configured in pyproject.toml's [tool.mypy])."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_src_type_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mypy import api

    monkeypatch.chdir(ROOT)  # where pyproject.toml's [tool.mypy] is read from
    # Its cache goes to tmp_path: the test run writes nothing into the source tree.
    out, err, status = api.run(["--cache-dir", str(tmp_path / "mypy-cache"), "--no-error-summary"])
    assert status == 0, f"mypy found type errors in src/:\n{out}{err}"
