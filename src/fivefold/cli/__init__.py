"""Command-line front end: scriptable commands over the core, and the entry point of the TUI."""

from fivefold.cli.main import main, run

__all__ = ["main", "run"]
