"""The path to the app's first frame imports none of the heavy libraries: the app opens the store in a worker.

Each check runs in a fresh interpreter, so what this test process has already imported does not count.
To see which import pulled a library in: `python -X importtime -c "import fivefold.tui.app" 2>&1 | less`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from fivefold.cli.main import load_handler
from fivefold.cli.parser import build_parser

# Top-level packages that take tens to hundreds of milliseconds to import; only a command or a worker may load them.
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "pydantic_core", "markdown", "questionary")

REPORT_MODULES = """
import json, sys
print(json.dumps(sorted({name.partition(".")[0] for name in sys.modules})))
"""

# The console script's path up to `app.run()`: the CLI package, the parser, the handler of no command, the app.
CONSOLE_SCRIPT_PATH = """
import fivefold.cli
from fivefold.cli.context import Context
from fivefold.cli.main import load_handler
from fivefold.cli.parser import build_parser

args = build_parser().parse_args(["--db", "sqlite:///never-opened.db"])
load_handler(args.handler)
context = Context(db=args.db, bank_dirs=list(args.bank_dir or []))

from fivefold.tui.app import make_app

make_app(db_url=context.db_url, bank_dirs=context.bank_dirs)
"""


def imported_packages(code: str, env: dict[str, str]) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    result = subprocess.run(
        [sys.executable, "-c", code + REPORT_MODULES],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("from fivefold.cli.parser import build_parser\nbuild_parser()\n", id="parser"),
        pytest.param("import fivefold.tui.app\n", id="tui-app"),
        pytest.param(CONSOLE_SCRIPT_PATH, id="console-script-to-app"),
    ],
)
def test_no_heavy_import_before_the_first_frame(code: str, subprocess_env: dict[str, str]) -> None:
    heavy = sorted(set(HEAVY) & imported_packages(code, subprocess_env))
    assert heavy == [], f"imported {heavy}; import them where they are used (a command module, a worker)"


def test_the_parser_alone_imports_no_textual(subprocess_env: dict[str, str]) -> None:
    """`fivefold list` and the other commands must not pay for Textual either."""
    packages = imported_packages("from fivefold.cli.parser import build_parser\nbuild_parser()\n", subprocess_env)
    assert "textual" not in packages


def _handlers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command words, handler) for the parser and every command and nested command under it."""
    yield path, parser.get_default("handler")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _handlers(child, (*path, name))


def test_every_handler_named_by_the_parser_exists() -> None:
    """A typo in a "module:function" string would otherwise only show when that command runs."""
    handlers = list(_handlers(build_parser()))
    # no command, tui, 9 assessment commands (edit among them), 5 review, 2 cycle, banks + 4, db + 3
    assert len(handlers) == 27
    for words, handler in handlers:
        assert handler is not None, f"`fivefold {' '.join(words)}` has no handler"
        assert callable(load_handler(handler)), f"`fivefold {' '.join(words)}`: {handler!r} is not a function"
