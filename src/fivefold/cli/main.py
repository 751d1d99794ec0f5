"""The `fivefold` command: parse, dispatch, and turn every known error into one sentence."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from fivefold.cli.context import Context
from fivefold.cli.parser import Handler, build_parser
from fivefold.errors import FivefoldError
from fivefold.vocabulary import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(db=args.db, bank_dirs=list(args.bank_dir or []))
    try:
        handler = load_handler(args.handler)
        return int(handler(context, args) or EXIT_OK)
    except FivefoldError as error:
        print(f"fivefold: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    finally:
        # A bad bank file is skipped, never fatal: say so once, whatever the command.
        for problem in context.skipped_banks():
            print(f"fivefold: skipped bad question bank {problem}", file=sys.stderr)
        context.close()


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
