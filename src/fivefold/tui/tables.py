"""A DataTable whose header and rows are always painted at the columns' measured widths."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, cast

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey, Row, RowKey

from fivefold.tui.table_cells import one_line_cell

if TYPE_CHECKING:
    from textual._types import SegmentLines
    from textual.widgets._data_table import CellCacheKey


class MeasuredTable(DataTable[Any]):
    """DataTable (Textual 8.2.8) measures its columns when it next goes idle, but keeps the lines it drew
    before: a frame painted in between kept the header (and plain rows) at the labels' widths, so the
    home table's header stood apart from its rows, or a long title showed as "[red]". When the measured
    widths differ from those the lines were drawn at, every cached line is dropped and the table drawn
    again (pinned Textual: a private hook)."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        if self._widths() != self._drawn_at:
            # Rows added below without widening a column leave every line drawn so far as it was.
            self._clear_caches()
        self.refresh()

    _drawn_at: list[int] | None = None
    """The columns' widths when lines were last drawn: the cached lines are drawn again if they changed."""

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawn_at = self._widths()
        return super().render_lines(crop)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """A body cell of one line of text drawn by `one_line_cell` (tui/table_cells.py: the same segments,
        at a fraction of the cost), any other as DataTable draws it; cached alike (pinned Textual: the cache
        and its key are `DataTable._render_cell`'s)."""
        row_key = self._row_locations.get_key(row_index) if row_index >= 0 and column_index >= 0 else None
        row = self.rows.get(row_key) if row_key is not None else None
        column_key = self._column_locations.get_key(column_index)
        if (
            row_key is None
            or column_key is None
            or row is None
            or row.height != 1
            or row_index < self.fixed_rows
            or column_index < self.fixed_columns
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key: CellCacheKey = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        cell = self._get_row_renderables(row_index).cells[column_index]
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        app = self.app
        lines = one_line_cell(cell, app.console, app.console_options, width, self.cell_padding, pre_style, post_style)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache[key] = lines
        return lines

    def _widths(self) -> list[int]:
        return [self._label_column.content_width, *(column.content_width for column in self.columns.values())]

    def add_rows_at_once(self, rows: Iterable[tuple[str, Sequence[RenderableType]]]) -> None:
        """Add (key, cells) rows one line high at the bottom, as `add_row` does but with one cursor update for all.

        `add_row` sets the cursor again for every row, and the cursor finds its row's offset by listing every
        row: adding 10,000 rows one by one took 10 s (pinned Textual: the private maps `add_row` fills)."""
        ordered = self.ordered_columns
        columns = [column.key for column in ordered]
        locations, data, table_rows, new_rows = self._row_locations, self._data, self.rows, self._new_rows
        was_empty = not table_rows
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            locations[row_key] = len(table_rows)
            data[row_key] = dict(zip_longest(columns, cells))
            table_rows[row_key] = Row(row_key, 1, None, False)
            if all(isinstance(cell, Text) and "\n" not in cell.plain for cell in cells):
                # A line of text is as wide as its cells: what `measure` finds, at 1 us instead of 20.
                for column, cell in zip(ordered, cells, strict=False):
                    column.content_width = max(column.content_width, cast("Text", cell).cell_len)
            else:
                new_rows.add(row_key)  # measured when the table next goes idle, as `add_row` does
        self._require_update_dimensions = True
        # The lines drawn so far stay as they are (their caches are keyed by `_update_count`, which `add_row`
        # moves on, so each added row drew the whole table again: 30 ms a frame at 120x40); only the row
        # order and offsets, which now have more rows, are listed again.
        self._offset_cache.clear()
        self._ordered_row_cache.clear()
        self.cursor_coordinate = self.cursor_coordinate
        self.hover_coordinate = self.hover_coordinate
        if was_empty and table_rows and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as `add_row` does for the first row: a highlighted row now exists
        self.refresh(layout=True)
        self.check_idle()

    def widen_columns(self, widths: Sequence[int]) -> None:
        """Make each column at least as wide as given (in column order), as the cells of rows still to be
        added will: the widths change once, not with each batch of rows (each change draws every line again)."""
        widened = False
        for column, width in zip(self.ordered_columns, widths, strict=False):
            if width > column.content_width:
                column.content_width = width
                widened = True
        if widened:
            self._require_update_dimensions = True  # the scrollable width, measured when the table goes idle
            self.refresh(layout=True)
            self.check_idle()

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
