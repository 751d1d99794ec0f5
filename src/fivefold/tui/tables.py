"""A DataTable whose header and rows are always painted at the columns' measured widths."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import RenderableType
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class MeasuredTable(DataTable[Any]):
    """DataTable (Textual 8.2.8) measures its columns when it next goes idle, but keeps the lines it drew
    before: a frame painted in between kept the header (and plain rows) at the labels' widths, so the
    home table's header stood apart from its rows, or a long title showed as "[red]". Once measured,
    every cached line is dropped and the table drawn again (pinned Textual: a private hook)."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()


def add_row(table: DataTable[Any], *cells: RenderableType, key: str | None = None) -> None:
    """`table.add_row` with an auto height (a cell that wraps gets its lines)."""
    table.add_row(*cells, key=key, height=None)
