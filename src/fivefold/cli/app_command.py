"""`fivefold` and `fivefold tui`: open the app.

Kept apart from the other commands, which import the core at the top: the app opens the
database in a worker, so its first frame waits for neither SQLAlchemy nor pydantic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fivefold.cli.context import Context


def open_app(context: Context, args: argparse.Namespace) -> int:
    from fivefold.locations import allowed_signers_file

    # Checked here so that a mistyped path fails before the first frame, not on the sign-off screen.
    signers = allowed_signers_file(getattr(args, "app_allowed_signers", None))
    if signers is not None:
        readable_allowed_signers(signers)
    from fivefold.tui.app import make_app

    app = make_app(db_url=context.db_url, bank_dirs=context.bank_dirs, allowed_signers=signers)
    app.run()
    if app.failure is not None:
        print(f"fivefold: {app.failure}", file=sys.stderr)
    return app.return_code or 0


def readable_allowed_signers(path: Path) -> None:
    """Refuse, in one sentence, an allowed signers file that is missing, a folder, or cannot be read."""
    from fivefold.errors import FivefoldError
    from fivefold.visible import visible

    shown = visible(str(path))
    if not path.exists():
        raise FivefoldError(f"the allowed signers file {shown} does not exist; give another one")
    if not path.is_file():
        raise FivefoldError(f"the allowed signers file {shown} is not a file; give the path of the file itself")
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise FivefoldError(f"the allowed signers file {shown} cannot be read ({error.strerror or error})") from error
