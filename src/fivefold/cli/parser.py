"""The argument parser: every command and option, each with its help text.

Building it imports nothing but the standard library and `fivefold.locations`: a command's
handler is named as a "module:function" string, which `fivefold.cli.main` imports only for the
command that runs. The command modules import the core (SQLAlchemy, SQLModel, pydantic: about
400 ms), and `fivefold` with no command must reach the app's first frame without them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fivefold import __version__
from fivefold.cli.text_input import utf8_argument
from fivefold.locations import ALLOWED_SIGNERS_ENV, DB_ENV
from fivefold.vocabulary import DECISIONS

if TYPE_CHECKING:
    from fivefold.cli.context import Context

Handler = Callable[["Context", argparse.Namespace], "int | None"]
"""What a command runs; the parser stores it, or a "module:function" string naming it, as `args.handler`."""

DESCRIPTION = """\
Fivefold: a keyboard-only pre-deployment self-assessment for ML teams.
Run without a command to open the app."""

_APP = "fivefold.cli.app_command"
_ASSESSMENTS = "fivefold.cli.assessment_commands"
_BANKS = "fivefold.cli.bank_commands"
_DB = "fivefold.cli.db_commands"
_REVIEW = "fivefold.cli.review_commands"
_CYCLES = "fivefold.cli.cycle_commands"
_COMMENTS = "fivefold.cli.comment_commands"
_BUNDLES = "fivefold.cli.bundle_commands"
_LIST = "fivefold.cli.list_command"


def _add_global_options(parser: argparse.ArgumentParser, **defaults: Any) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"a SQLite file's path, or a database URL (default: ${DB_ENV}, else a file in the user data folder)",
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


def _add_app_options(parser: argparse.ArgumentParser, **defaults: Any) -> None:
    parser.add_argument(
        "--allowed-signers",
        dest="app_allowed_signers",
        type=Path,
        metavar="FILE",
        help=f"the app checks sign-off signatures against this file (default: ${ALLOWED_SIGNERS_ENV}, "
        "else allowed_signers in the user config folder)",
        **defaults,
    )


class _Parser(argparse.ArgumentParser):
    """Every parser of the CLI: an argument given as text (no `type=`) must be valid UTF-8,
    refused by argparse with the argument's name otherwise."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.register("type", None, utf8_argument)

    def add_subparsers(self, **kwargs: Any) -> Any:
        commands = super().add_subparsers(**kwargs)
        # The command's words are checked by its own parser; here they pass through untouched,
        # else a bad --title would be reported as a bad COMMAND.
        commands.type = str
        return commands


class _CommandParser(_Parser):
    """A command's parser: it also takes --db and --bank-dir after the command name
    (`fivefold list --db URL`), as the error messages suggest. SUPPRESS keeps a value
    given before the command when none is given after it."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        _add_global_options(self, default=argparse.SUPPRESS)


def _print_help(parser: argparse.ArgumentParser) -> Handler:
    """The handler of a command group given without its verb (`fivefold banks`): its help, exit code 2."""

    def print_help(_context: Context, _args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return print_help


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fivefold", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"fivefold {__version__}")
    _add_global_options(parser)
    _add_app_options(parser)
    parser.set_defaults(handler=f"{_APP}:open_app")
    # Nested commands (banks list, db path) inherit the parser class, so they take the options too.
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_CommandParser)

    tui = commands.add_parser("tui", aliases=["app"], help="open the app (the same as no command)")
    _add_app_options(tui, default=argparse.SUPPRESS)
    tui.set_defaults(handler=f"{_APP}:open_app")

    new = commands.add_parser("new", help="create an assessment and print its id")
    new.add_argument("--bank", required=True, metavar="BANK_ID", help="the question bank, e.g. five-phase")
    new.add_argument("--title", required=True, help="a title for this review")
    new.add_argument("--system", required=True, help="the system (model) under review")
    new.add_argument("--system-version", default="", help="the system's version, e.g. 2.3.0")
    new.set_defaults(handler=f"{_ASSESSMENTS}:new")

    edit = commands.add_parser("edit", help="change an assessment's title, system or system version")
    edit.add_argument("assessment_id", type=int, metavar="ID")
    edit.add_argument("--title", help="a new title")
    edit.add_argument("--system", help="the system (model) under review")
    edit.add_argument("--system-version", help="the system's version")
    edit.set_defaults(handler=f"{_ASSESSMENTS}:edit")

    answer = commands.add_parser(
        "answer",
        help="record an answer (or many, with --batch), exactly as the app would",
        usage="%(prog)s [-h] ID QUESTION_ID --status STATUS [--text TEXT | --text-file PATH] [--evidence REF] "
        "[--value VALUE]\n       %(prog)s [-h] ID --batch FILE",
    )
    answer.add_argument("assessment_id", type=int, metavar="ID")
    answer.add_argument("question_id", metavar="QUESTION_ID", nargs="?", help="the question to answer")
    answer.add_argument("--status", help="addressed, concern, blocker, not-applicable, or draft (text only)")
    text = answer.add_mutually_exclusive_group()
    text.add_argument("--text", help="the rationale (Markdown)")
    text.add_argument("--text-file", type=Path, metavar="PATH", help="read the rationale from a file ('-' for stdin)")
    answer.add_argument("--evidence", action="append", metavar="REF", help="an evidence reference (repeatable)")
    answer.add_argument(
        "--value",
        metavar="VALUE",
        help="the answer of a choice, scale, yes/no or short-text question (several choices: a,b)",
    )
    answer.add_argument(
        "--batch",
        type=Path,
        metavar="FILE",
        help="answer many questions from a JSON Lines file ('-' for stdin), one object per line with "
        "question, status, text, value, evidence; all saved in one go, or none if any line is bad",
    )
    answer.set_defaults(handler=f"{_ASSESSMENTS}:answer")

    goal = commands.add_parser("goal", help="set the team's own X and Y for a lens")
    goal.add_argument("assessment_id", type=int, metavar="ID")
    goal.add_argument("phase_id", metavar="PHASE")
    goal.add_argument("lens", choices=("theory", "practice"))
    goal.add_argument("--x", required=True, help="what X means for this system")
    goal.add_argument("--y", required=True, help="what Y means for this system")
    goal.set_defaults(handler=f"{_ASSESSMENTS}:goal")

    listing = commands.add_parser("list", help="list assessments with their progress")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=f"{_LIST}:list_assessments")

    export = commands.add_parser("export", help="write the training rationale")
    export.add_argument("assessment_id", type=int, metavar="ID")
    export.add_argument(
        "--format",
        choices=("md", "html", "json", "in-toto"),
        default="md",
        help="the export format (default: md); in-toto: a Statement v1 whose subjects are the artifacts",
    )
    export.add_argument("-o", "--output", type=Path, metavar="PATH", help="where to write ('-' for stdout)")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    export.add_argument(
        "--allowed-signers", type=Path, metavar="FILE", help="verify sign-off signatures against this file"
    )
    export.set_defaults(handler=f"{_ASSESSMENTS}:export")

    delete = commands.add_parser("delete", help="delete an assessment and its answers")
    delete.add_argument("assessment_id", type=int, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="confirm; without it nothing is deleted")
    delete.set_defaults(handler=f"{_ASSESSMENTS}:delete")

    ask = commands.add_parser("ask", help="answer the open questions one prompt at a time (no full-screen app)")
    ask.add_argument("assessment_id", type=int, metavar="ID")
    ask.add_argument("--plain", action="store_true", help="plain prompts (the only mode: kept for clarity in scripts)")
    ask.add_argument("--all", action="store_true", help="ask every question that applies, answered or not")
    ask.set_defaults(handler=f"{_ASSESSMENTS}:ask")

    demo = commands.add_parser("demo", help="create a filled-in example assessment and print its id")
    demo.set_defaults(handler=f"{_ASSESSMENTS}:demo")

    _add_review_parsers(commands)
    _add_comment_parsers(commands)
    _add_bundle_parsers(commands)
    _add_cycle_parsers(commands)
    _add_bank_parsers(commands)
    _add_db_parsers(commands)
    return parser


def _add_review_parsers(commands: Any) -> None:
    sign = commands.add_parser("sign", help="record a reviewer's sign-off, optionally signed with an SSH key")
    sign.add_argument("assessment_id", type=int, metavar="ID")
    sign.add_argument("--reviewer", required=True, help="the reviewer's name")
    sign.add_argument("--role", default="", help="the reviewer's role, e.g. 'ML lead'")
    sign.add_argument(
        "--decision",
        required=True,
        choices=DECISIONS,
        help="the decision (an approval needs the assessment to be ready)",
    )
    sign.add_argument("--comment", default="", help="conditions or reasons")
    sign.add_argument("--key", type=Path, metavar="PATH", help="sign with this SSH private key (ssh-keygen -Y sign)")
    sign.add_argument("--principal", help="the signer's identity in allowed_signers (default: the reviewer)")
    sign.set_defaults(handler=f"{_REVIEW}:sign")

    accept = commands.add_parser("accept-blocker", help="accept a blocker with a written reason, as a reviewer")
    accept.add_argument("assessment_id", type=int, metavar="ID")
    accept.add_argument("question_id", metavar="QUESTION_ID")
    accept.add_argument("--reviewer", required=True, help="the reviewer's name")
    accept.add_argument("--reason", required=True, help="why the blocker may ship")
    accept.set_defaults(handler=f"{_REVIEW}:accept_blocker")

    approvals = commands.add_parser("approvals", help="set how many approvals an assessment needs")
    approvals.add_argument("assessment_id", type=int, metavar="ID")
    approvals.add_argument("count", type=int, metavar="N")
    approvals.set_defaults(handler=f"{_REVIEW}:set_approvals")

    verify = commands.add_parser(
        "verify", help="check an exported JSON (or an assessment in the database) for changes after signing"
    )
    verify.add_argument("target", metavar="FILE|ID", help="an exported .json file, or an assessment id")
    verify.add_argument("--allowed-signers", type=Path, metavar="FILE", help="also verify SSH signatures")
    verify.set_defaults(handler=f"{_REVIEW}:verify")

    gate = commands.add_parser("gate", help="exit 0 only if the assessment may be deployed (for CI)")
    gate.add_argument("target", metavar="FILE|ID", help="an exported .json file, or an assessment id")
    gate.add_argument(
        "--require-signatures", action="store_true", help="count only approvals signed by a key in --allowed-signers"
    )
    gate.add_argument("--allowed-signers", type=Path, metavar="FILE", help="the SSH allowed signers file")
    gate.add_argument(
        "--min-approvals",
        type=int,
        default=1,
        metavar="N",
        help="need at least N approvals, even if the assessment asks for fewer (it can only raise the number)",
    )
    gate.add_argument(
        "--artifact",
        type=Path,
        action="append",
        metavar="PATH",
        help="pass only if this file is one of the reviewed artifacts, by SHA-256 (repeatable)",
    )
    gate.set_defaults(handler=f"{_REVIEW}:gate")

    artifact = commands.add_parser("artifact", help="record and list the files a review is about (model weights…)")
    artifact.set_defaults(handler=_print_help(artifact))
    verbs = artifact.add_subparsers(title="artifact commands", metavar="COMMAND")
    add = verbs.add_parser("add", help="record each file's name, size and SHA-256 into the assessment")
    add.add_argument("assessment_id", type=int, metavar="ID")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument("--name", help="the artifact's name (default: the file's name); one file only")
    add.set_defaults(handler=f"{_REVIEW}:add_artifacts")
    listing = verbs.add_parser("list", help="list an assessment's artifacts")
    listing.add_argument("assessment_id", type=int, metavar="ID")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=f"{_REVIEW}:list_artifacts")


def _add_comment_parsers(commands: Any) -> None:
    comment = commands.add_parser("comment", help="comment on a question, or reply in a thread; prints its id")
    comment.add_argument("assessment_id", type=int, metavar="ID")
    comment.add_argument("question_id", metavar="QUESTION_ID")
    comment.add_argument("--author", required=True, help="who is commenting")
    text = comment.add_mutually_exclusive_group()
    text.add_argument("--text", help="the comment (Markdown)")
    text.add_argument("--text-file", type=Path, metavar="PATH", help="read the comment from a file ('-' for stdin)")
    comment.add_argument("--reply-to", metavar="COMMENT_ID", help="reply in the thread of this comment")
    comment.set_defaults(handler=f"{_COMMENTS}:comment")

    comments = commands.add_parser("comments", help="list an assessment's comment threads")
    comments.add_argument("assessment_id", type=int, metavar="ID")
    comments.add_argument("--open", action="store_true", help="only the threads not yet resolved")
    comments.add_argument("--json", action="store_true", help="print JSON (docs/actions.md)")
    comments.set_defaults(handler=f"{_COMMENTS}:list_comments")

    resolve = commands.add_parser("resolve", help="resolve a comment thread (a reply's id names its thread)")
    resolve.add_argument("assessment_id", type=int, metavar="ID")
    resolve.add_argument("comment_id", metavar="COMMENT_ID", help="the id 'fivefold comments' shows (or its start)")
    resolve.add_argument("--by", metavar="NAME", help="who resolves it")
    resolve.add_argument("--reopen", action="store_true", help="reopen a resolved thread instead")
    resolve.set_defaults(handler=f"{_COMMENTS}:resolve")

    owner = commands.add_parser(
        "owner", help="give a concern or blocker an owner and a due date (--owner and --due), or take them away"
    )
    owner.add_argument("assessment_id", type=int, metavar="ID")
    owner.add_argument("question_id", metavar="QUESTION_ID")
    owner.add_argument("--owner", metavar="NAME", help="who sees to it")
    owner.add_argument("--due", metavar="YYYY-MM-DD", help="by when")
    owner.add_argument("--clear", action="store_true", help="take the owner and due date away instead")
    owner.set_defaults(handler=f"{_COMMENTS}:owner")

    actions = commands.add_parser("actions", help="list open concerns and blockers with owner and due date")
    actions.add_argument("assessment_id", type=int, metavar="ID")
    actions.add_argument("--json", action="store_true", help="print JSON for a tracker (docs/actions.md)")
    actions.add_argument("--overdue", action="store_true", help="only the items past their due date")
    actions.set_defaults(handler=f"{_COMMENTS}:actions")

    settings = commands.add_parser("settings", help="show or change an assessment's review settings")
    settings.add_argument("assessment_id", type=int, metavar="ID")
    settings.add_argument(
        "--open-comments",
        choices=("block", "allow"),
        help="whether an open comment blocks sign-off (default for a new assessment: block)",
    )
    settings.set_defaults(handler=f"{_COMMENTS}:settings")


def _add_bundle_parsers(commands: Any) -> None:
    bundle = commands.add_parser("bundle", help="move an assessment between databases in one file")
    bundle.set_defaults(handler=_print_help(bundle))
    verbs = bundle.add_subparsers(title="bundle commands", metavar="COMMAND")
    export = verbs.add_parser("export", help="write an assessment, its history and signatures to a bundle")
    export.add_argument("assessment_id", type=int, metavar="ID")
    export.add_argument("--all-cycles", action="store_true", help="every cycle of its system, not this one alone")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the bundle to write (FILE.fivefold.json)"
    )
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    export.set_defaults(handler=f"{_BUNDLES}:export_bundle")
    load = verbs.add_parser("import", help="check a bundle and bring its assessments into this database")
    load.add_argument("path", type=Path, metavar="FILE")
    load.add_argument(
        "--install-banks",
        action="store_true",
        help="install into your bank folder each bank the bundle carries that is not installed here",
    )
    load.set_defaults(handler=f"{_BUNDLES}:import_bundle_file")


def _add_cycle_parsers(commands: Any) -> None:
    cycle = commands.add_parser("cycle", help="start the next cycle of an assessment and print its id")
    cycle.add_argument("assessment_id", type=int, metavar="ID")
    cycle.set_defaults(handler=f"{_CYCLES}:start_cycle")

    diff = commands.add_parser("diff", help="what changed between two cycles, question by question")
    diff.add_argument("before_id", type=int, metavar="A")
    diff.add_argument("after_id", type=int, metavar="B")
    diff.add_argument("--all", action="store_true", help="list unchanged questions too")
    diff.add_argument("--json", action="store_true", help="print JSON")
    diff.set_defaults(handler=f"{_CYCLES}:diff")


def _add_bank_parsers(commands: Any) -> None:
    banks = commands.add_parser("banks", help="list, show, validate and import question banks; find your bank folder")
    banks.set_defaults(handler=_print_help(banks))
    verbs = banks.add_subparsers(title="bank commands", metavar="COMMAND")

    listing = verbs.add_parser("list", help="list the installed banks")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=f"{_BANKS}:list_banks")

    show = verbs.add_parser("show", help="show a bank's phases, lenses and questions")
    show.add_argument("bank_id", metavar="BANK_ID")
    show.add_argument("--json", action="store_true", help="print the bank as JSON")
    show.set_defaults(handler=f"{_BANKS}:show_bank")

    validate = verbs.add_parser("validate", help="check bank files and report every problem with its place")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.set_defaults(handler=f"{_BANKS}:validate_banks")

    path = verbs.add_parser("path", help="print your own bank folder (and say whether it exists)")
    path.set_defaults(handler=f"{_BANKS}:bank_path")

    deon = verbs.add_parser("import-deon", help="import a deon checklist.yml as a bank")
    deon.add_argument("path", type=Path, metavar="FILE", help="the deon checklist.yml")
    deon.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="a folder or .toml file (default: your bank folder)"
    )
    deon.add_argument("--force", action="store_true", help="overwrite an existing bank file")
    deon.set_defaults(handler=f"{_BANKS}:import_deon")


def _add_db_parsers(commands: Any) -> None:
    db = commands.add_parser("db", help="where the database is, upgrading and backing it up")
    db.set_defaults(handler=_print_help(db))
    verbs = db.add_subparsers(title="database commands", metavar="COMMAND")
    path = verbs.add_parser("path", help="print the database file (or URL) in use")
    path.set_defaults(handler=f"{_DB}:print_path")
    upgrade = verbs.add_parser("upgrade", help="upgrade the database to this Fivefold's schema")
    upgrade.set_defaults(handler=f"{_DB}:upgrade_db")
    backup = verbs.add_parser("backup", help="copy the SQLite database, consistently, while it may be in use")
    backup.add_argument("path", type=Path, metavar="PATH", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="overwrite an existing file")
    backup.set_defaults(handler=f"{_DB}:backup_db")
