"""The argument parser: every command and option, each with its help text."""

from __future__ import annotations

import argparse
from pathlib import Path

from fivefold import __version__
from fivefold.cli import assessment_commands, bank_commands, db_commands
from fivefold.locations import DB_ENV

DESCRIPTION = """\
Fivefold: a keyboard-only pre-deployment self-assessment for ML teams.
Run without a command to open the app."""


def _add_global_options(parser: argparse.ArgumentParser, **defaults: object) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"database URL (default: ${DB_ENV}, else a SQLite file in the user data folder)",
        **defaults,
    )
    parser.add_argument(
        "--bank-dir",
        metavar="DIR",
        type=Path,
        action="append",
        help="also load banks from this folder (repeatable)",
        **defaults,
    )


class _CommandParser(argparse.ArgumentParser):
    """A command's parser: it also takes --db and --bank-dir after the command name
    (`fivefold list --db URL`), as the error messages suggest. SUPPRESS keeps a value
    given before the command when none is given after it."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        _add_global_options(self, default=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fivefold", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"fivefold {__version__}")
    _add_global_options(parser)
    parser.set_defaults(handler=assessment_commands.open_app)
    # Nested commands (banks list, db path) inherit the parser class, so they take the options too.
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_CommandParser)

    tui = commands.add_parser("tui", help="open the app (the same as no command)")
    tui.set_defaults(handler=assessment_commands.open_app)

    new = commands.add_parser("new", help="create an assessment and print its id")
    new.add_argument("--bank", required=True, metavar="BANK_ID", help="the question bank, e.g. five-phase")
    new.add_argument("--title", required=True, help="a title for this review")
    new.add_argument("--system", required=True, help="the system (model) under review")
    new.add_argument("--system-version", default="", help="the system's version, e.g. 2.3.0")
    new.set_defaults(handler=assessment_commands.new)

    answer = commands.add_parser("answer", help="record an answer, exactly as the app would")
    answer.add_argument("assessment_id", type=int, metavar="ID")
    answer.add_argument("question_id", metavar="QUESTION_ID")
    answer.add_argument(
        "--status", required=True, help="addressed, concern, blocker, not-applicable, or draft (text only)"
    )
    text = answer.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the rationale (Markdown)")
    text.add_argument("--text-file", type=Path, metavar="PATH", help="read the rationale from a file ('-' for stdin)")
    answer.add_argument("--evidence", action="append", metavar="REF", help="an evidence reference (repeatable)")
    answer.set_defaults(handler=assessment_commands.answer)

    goal = commands.add_parser("goal", help="set the team's own X and Y for a lens")
    goal.add_argument("assessment_id", type=int, metavar="ID")
    goal.add_argument("phase_id", metavar="PHASE")
    goal.add_argument("lens", choices=("theory", "practice"))
    goal.add_argument("--x", required=True, help="what X means for this system")
    goal.add_argument("--y", required=True, help="what Y means for this system")
    goal.set_defaults(handler=assessment_commands.goal)

    listing = commands.add_parser("list", help="list assessments with their progress")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=assessment_commands.list_assessments)

    export = commands.add_parser("export", help="write the training rationale")
    export.add_argument("assessment_id", type=int, metavar="ID")
    export.add_argument("--format", choices=("md",), default="md", help="the export format (default: md)")
    export.add_argument("-o", "--output", type=Path, metavar="PATH", help="where to write ('-' for stdout)")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    export.set_defaults(handler=assessment_commands.export)

    delete = commands.add_parser("delete", help="delete an assessment and its answers")
    delete.add_argument("assessment_id", type=int, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="confirm; without it nothing is deleted")
    delete.set_defaults(handler=assessment_commands.delete)

    demo = commands.add_parser("demo", help="create a filled-in example assessment and print its id")
    demo.set_defaults(handler=assessment_commands.demo)

    bank_commands.add_parsers(commands)
    db_commands.add_parsers(commands)
    return parser
