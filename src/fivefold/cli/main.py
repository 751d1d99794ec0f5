"""The `fivefold` command: parse, dispatch, and turn every known error into one sentence."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import sys
from collections.abc import Sequence

from fivefold.cli.context import Context
from fivefold.cli.parser import Handler, build_parser
from fivefold.errors import FivefoldError
from fivefold.visible import visible
from fivefold.vocabulary import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    context = Context(db=args.db, bank_dirs=list(args.bank_dir or []))
    finished = False
    try:
        handler = load_handler(args.handler)
        code = int(handler(context, args) or EXIT_OK)
        finished = True
        return code
    except FivefoldError as error:
        say(str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        sentence = database_fault(error, context)
        if sentence is None:
            raise
        say(sentence)
        return EXIT_BAD_INPUT
    finally:
        # A bad bank file is skipped, never fatal: say so once, whatever the command.
        for problem in context.skipped_banks():
            say(f"skipped bad question bank {problem}")
        context.close(clean=finished)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed arguments; argparse's own messages ("invalid choice: '…'") echo what was typed,
    so they reach the terminal with control characters shown as escapes, like every other line."""
    messages = io.StringIO()
    try:
        with contextlib.redirect_stderr(messages):
            return build_parser().parse_args(argv)
    finally:
        sys.stderr.write(visible(messages.getvalue()))


def say(sentence: str) -> None:
    """An error as the one line on stderr that scripts and people read: nothing in it can drive
    the terminal or break it into several lines (a typed id may hold ESC or a newline)."""
    print(f"fivefold: {visible(sentence, keep_newlines=False)}", file=sys.stderr)


def database_fault(error: Exception, context: Context) -> str | None:
    """The sentence for an error the database raised while a command ran, or None for any other."""
    if "sqlalchemy" not in sys.modules and "sqlite3" not in sys.modules:
        return None  # nothing has touched a database
    from fivefold.store.faults import describe

    try:
        url = context.db_url
    except FivefoldError:
        return None
    return describe(error, url)


def load_handler(handler: Handler | str) -> Handler:
    """The handler itself, importing its module first when the parser named it as "module:function".

    Only the command that runs imports its module: the assessment, bank and database commands
    import the core (SQLAlchemy, SQLModel, pydantic: about 400 ms), which `fivefold` with no
    command must not pay before the app's first frame (benchmarks/cold_start.py).
    """
    if not isinstance(handler, str):
        return handler
    module_name, _, name = handler.partition(":")
    function: Handler = getattr(importlib.import_module(module_name), name)
    return function


def run() -> None:
    sys.exit(main())
