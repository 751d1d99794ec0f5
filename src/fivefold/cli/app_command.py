"""`fivefold` and `fivefold tui`: open the app.

Kept apart from the other commands, which import the core at the top: the app opens the
database in a worker, so its first frame waits for neither SQLAlchemy nor pydantic.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fivefold.cli.context import Context


def open_app(context: Context, args: argparse.Namespace) -> int:
    from fivefold.locations import allowed_signers_file

    signers = allowed_signers_file(getattr(args, "app_allowed_signers", None))
    if signers is not None and not signers.is_file():
        from fivefold.errors import FivefoldError
        from fivefold.visible import visible

        raise FivefoldError(f"the allowed signers file {visible(str(signers))} does not exist; give another one")
    # Checked here so a mistyped path fails before the first frame. `make_app` does not take it yet:
    # the app's screens that show verdicts (`review.signatures.signoff_verdicts`) come with issue 11's TUI.
    from fivefold.tui.app import make_app

    app = make_app(db_url=context.db_url, bank_dirs=context.bank_dirs)
    app.run()
    if app.failure is not None:
        print(f"fivefold: {app.failure}", file=sys.stderr)
    return app.return_code or 0
