"""Adding DataTable rows so their columns are always painted at their measured width."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from textual.widgets import DataTable


def add_row(table: DataTable[Any], *cells: RenderableType, key: str | None = None) -> None:
    """`table.add_row` with an auto height.

    DataTable (Textual 8.2.8) measures column widths when it next goes idle, but clears its
    line cache then only for auto-height rows: a frame painted in between kept the columns
    as wide as their headers (a long title showed as "[red]") until something else changed.
    """
    table.add_row(*cells, key=key, height=None)
