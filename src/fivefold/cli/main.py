"""The `fivefold` command: parse, dispatch, and turn every known error into one sentence."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from fivefold.cli.context import Context
from fivefold.cli.parser import build_parser
from fivefold.errors import FivefoldError

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(db=args.db, bank_dirs=list(args.bank_dir or []))
    try:
        return int(args.handler(context, args) or EXIT_OK)
    except FivefoldError as error:
        print(f"fivefold: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        context.close()


def run() -> None:
    sys.exit(main())
