"""Run `fivefold ARGS...` in this process, paused or counted at the database statements, for the fault tests.

    python tests/fault_child.py [--pause-before N] [--count] [--start-when FILE] -- ARGS...

--pause-before N  before the N-th SQL statement any engine sends, print "paused" and sleep: the test
                  kills the process there with SIGKILL, mid-transaction, as a crash or `kill -9` would.
--count           print "statements N" to stderr at exit: how many the command sends in all.
--start-when FILE print "ready", then wait until FILE exists before running, so that several
                  processes (their imports done) start at once.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from fivefold.cli import main


def run() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pause-before", type=int, default=0)
    parser.add_argument("--count", action="store_true")
    parser.add_argument("--start-when", type=Path)
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    sent = 0

    def before(*_args: Any) -> None:
        nonlocal sent
        sent += 1
        if sent == options.pause_before:
            print("paused", flush=True)
            time.sleep(600)

    event.listen(Engine, "before_cursor_execute", before)
    if options.start_when is not None:
        print("ready", flush=True)
        while not options.start_when.exists():
            time.sleep(0.005)
    try:
        return main([arg for arg in options.args if arg != "--"])
    finally:
        if options.count:
            print(f"statements {sent}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(run())
