"""The path to the app's first frame imports none of the heavy libraries: the app opens the store in a worker.

Each check runs in a fresh interpreter, so what this test process has already imported does not count.
To see which import pulled a library in: `python -X importtime -c "import fivefold.tui.app" 2>&1 | less`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

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
    # no command, tui, 9 assessment commands (edit among them), 5 review, artifact + 2, 6 comment and owner commands,
    # bundle + 2, 2 cycle, banks + 5, db + 3
    assert len(handlers) == 41
    for words, handler in handlers:
        assert handler is not None, f"`fivefold {' '.join(words)}` has no handler"
        assert callable(load_handler(handler)), f"`fivefold {' '.join(words)}`: {handler!r} is not a function"


# What judging a file must not import: the store and its libraries, the bank models, the app.
NOT_FOR_A_FILE = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "pydantic_core", "textual", "markdown", "nh3")

JUDGE_FILE = """
import sys
from fivefold.cli.main import main

code = main(sys.argv[1:])
assert code in (0, 1), code
"""


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["gate", "{export}"], id="gate"),
        pytest.param(["gate", "{export}", "--min-approvals", "2", "--artifact", "{export}"], id="gate-artifact"),
        pytest.param(["verify", "{export}"], id="verify"),
        pytest.param(["verify", "{export}", "--allowed-signers", "{signers}"], id="verify-signers"),
    ],
)
def test_judging_a_file_imports_no_store_pydantic_or_textual(
    argv: list[str], tmp_path: Path, db_url: str, subprocess_env: dict[str, str]
) -> None:
    """`gate FILE` and `verify FILE` are plain Python over the exported dicts (benchmarks/gate_start.py)."""
    from fivefold.banks import BankRegistry
    from fivefold.demo import create_demo_assessment
    from fivefold.export import render
    from fivefold.review import load_snapshot
    from fivefold.store import Store

    store = Store.open(db_url)
    registry = BankRegistry.default()
    try:
        export = tmp_path / "export.json"
        export.write_text(render(load_snapshot(store, registry, create_demo_assessment(store, registry)), "json"))
    finally:
        store.close()
    signers = tmp_path / "allowed_signers"
    signers.write_text("", encoding="utf-8")
    args = [arg.format(export=export, signers=signers) for arg in argv]
    code = f"import sys\nsys.argv[1:] = {args!r}\n" + JUDGE_FILE
    heavy = sorted(set(NOT_FOR_A_FILE) & imported_packages(code, subprocess_env))
    assert heavy == [], f"judging a file imported {heavy}"
