"""`python -m fivefold`."""

from fivefold.cli import run

run()
