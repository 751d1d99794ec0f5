"""A one-line cell drawn by `one_line_cell` gives exactly the segments Textual's DataTable draws for it."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from fivefold.tui.labels import literal
from fivefold.tui.table_cells import one_line_cell
from fivefold.tui.tables import MeasuredTable


def styled(text: str) -> Text:
    cell = Text(text, style="italic")
    cell.stylize("bold red", 2, 5)
    return cell


CELLS: list[Text] = [
    literal("Quarterly review 1.0"),
    literal("[red]not markup[/] [@click=app.quit]x[/]"),
    literal("\x1b[31mESC and \u202e bidi\u200b"),  # shown as visible escapes
    literal("漢字と絵文字 🎉 wide"),
    literal("a title far longer than any column it could be given, cut at the cell's width"),
    literal(""),
    literal("emoji at the cut 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉"),
    Text("1/30 3%"),
    styled("styled spans over the text, cut somewhere in the middle of them"),
    Text("dim", style="dim"),
    Text("ellipsis when cut short here", overflow="ellipsis"),  # drawn Textual's way
    Text("right", justify="right"),  # drawn Textual's way
    Text("crop overflow that is cut", overflow="crop"),
]
WIDTHS = [1, 2, 3, 4, 7, 12, 30, 80]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MeasuredTable(cursor_type="row", zebra_stripes=True)


async def test_every_cell_is_drawn_as_textual_draws_it() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 40)) as pilot:
        measured = app.query_one(MeasuredTable)
        measured.add_columns("A", "B")
        measured.add_rows_at_once((str(index), (cell, Text("x"))) for index, cell in enumerate(CELLS))
        await pilot.pause()
        base = Style(color="red", bgcolor="black")
        compared = 0
        for row in range(len(CELLS)):
            for width in WIDTHS:
                for column, cursor, hover in ((0, False, False), (0, True, False), (0, False, True), (1, True, False)):
                    measured._cell_render_cache.clear()
                    expected = DataTable._render_cell(measured, row, column, base, width, cursor, hover)
                    measured._cell_render_cache.clear()
                    drawn = measured._render_cell(row, column, base, width, cursor, hover)
                    assert drawn == expected, (row, column, width, cursor, hover)
                    compared += 1
        assert compared == len(CELLS) * len(WIDTHS) * 4


def test_only_plain_one_line_text_is_drawn_here() -> None:
    from rich.console import Console

    console = Console(width=80)
    options = console.options
    style = Style()
    for cell in (Text("two\nlines"), Text("a\ttab"), Text("x", overflow="ellipsis"), Text("x", justify="left")):
        assert one_line_cell(cell, console, options, 20, 1, style, style) is None
    assert one_line_cell("a string", console, options, 20, 1, style, style) is None
    assert one_line_cell(Text("x"), console, options, 2, 1, style, style) is None  # no room beside the padding
    lines = one_line_cell(Text("abc"), console, options, 7, 1, style, style)
    assert lines is not None
    assert "".join(segment.text for segment in lines[0]) == " abc   "
    assert all(isinstance(segment, Segment) for segment in lines[0])


@pytest.mark.parametrize("width", [5, 9])
def test_a_cut_wide_character_leaves_the_cell_its_width(width: int) -> None:
    from rich.console import Console
    from rich.segment import Segment as RichSegment

    console = Console(width=80)
    lines = one_line_cell(Text("漢字漢字漢字"), console, console.options, width, 1, Style(), Style())
    assert lines is not None
    assert RichSegment.get_line_length(lines[0]) == width
