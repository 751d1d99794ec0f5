"""Helpers for the benchmarks that time fresh processes: the console script, a clean environment, time and memory.

Not a benchmark itself (`run_all.py` skips names starting with `_`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


def benchmark_data_module() -> ModuleType:
    """`scripts/make_benchmark_data.py`, which builds (or finds) the benchmark databases and banks."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_benchmark_data

    return make_benchmark_data


def fivefold() -> list[str]:
    """The console script installed beside this Python, as a user runs it; else `python -m fivefold`."""
    script = Path(sys.executable).with_name("fivefold")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "fivefold"]


def child_env(folder: Path) -> dict[str, str]:
    """This environment without FIVEFOLD_*, PYTHON* (PYTHONDONTWRITEBYTECODE would recompile every module
    on every start, which no installed Fivefold does) or XDG_* variables, the XDG folders in `folder`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIVEFOLD_", "PYTHON", "XDG_"))}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(folder / name.lower())
    return env


class Run(NamedTuple):
    ms: float
    """Wall-clock time from starting the process to its exit."""
    peak_mib: float
    """The process's peak resident memory (its own, from wait4: not its parent's nor its siblings')."""
    stdout: str


def run(command: list[str], env: dict[str, str], *, stdin: bytes | None = None) -> Run:
    """Run `command` to its end; its output goes to a file (a pipe would make the parent's reading part of it)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as given:
        if stdin is not None:
            given.write(stdin)
            given.seek(0)
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=given, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = (time.perf_counter() - started) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"`{' '.join(command)}` exited with {process.returncode}: {stderr.strip()[-400:]}")
    return Run(elapsed, usage.ru_maxrss / 1024, stdout)


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "over target"
