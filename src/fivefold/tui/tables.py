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

    def move_row_to_top(self, key: str) -> None:
        """Put the row with `key` first and the rows above it one down, as `DataTable.sort` reorders rows but
        touching only those rows (pinned Textual: a private map of row keys to positions)."""
        locations = self._row_locations
        row_key = RowKey(key)
        moved = locations.get(row_key)
        if moved is None or moved == 0:
            return
        for index in range(moved - 1, -1, -1):  # downwards, so each position is written before it is read
            above = locations.get_key(index)
            assert above is not None
            locations[above] = index + 1
        locations[row_key] = 0
        self._update_count += 1
        self.refresh()


def add_row(table: DataTable[Any], *cells: RenderableType, key: str | None = None, height: int | None = None) -> None:
    """`table.add_row`, by default with an auto height (a cell that wraps gets its lines). A table of
    thousands of rows gives a fixed height: an auto one renders every cell of every new row to measure it."""
    table.add_row(*cells, key=key, height=height)
