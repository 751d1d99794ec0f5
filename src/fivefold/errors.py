"""The one base error the CLI turns into a sentence on stderr and exit code 2."""


class FivefoldError(Exception):
    """A problem the user can act on; its text is one sentence naming what is at fault."""
