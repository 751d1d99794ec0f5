"""A table cell of one line of text drawn without Rich's general layout machinery, to the same segments.

`DataTable._render_cell` (Textual 8.2.8) draws every cell as `Styled(Padding(cell, (0, padding)))` through
`console.render_lines`: two nested renders, each splitting, cropping and padding lines it could have known
were one. That was 50 to 90 us a cell, and the first frame of the home table's 40 visible rows (240 cells)
held the event loop for 17 ms with nothing else running, 40 to 50 ms while the store opened beside it
(benchmarks/README.md, home_scale.py). `one_line_cell` takes the same steps for a `Text` of one line, with
no tab, that neither justifies nor ends with an ellipsis, and says None for anything else (the caller then
draws it Textual's way); tests/tui/test_table_cells.py checks it against Textual's own drawing.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_NEWLINE = Text("\n")
"""What Rich's `Text.__rich_console__` joins a text's lines with: the one line is copied through it."""
_NULL = Style.null()
"""Padding's style ("none"), as `console.get_style` gives it."""


def one_line_cell(
    cell: object,
    console: Console,
    options: ConsoleOptions,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[list[Segment]] | None:
    """The lines `console.render_lines(Styled(Padding(cell, (0, padding)), pre_style, post_style),
    options.update_dimensions(width, 1).update(no_wrap=True))` gives, or None when `cell` is not a plain
    one-line `Text` (or the cell too narrow for its padding): then they must be rendered that way."""
    if type(cell) is not Text:
        return None
    plain = cell.plain
    inner = width - 2 * padding
    if inner < 1 or "\n" in plain or "\t" in plain or cell.end not in ("\n", ""):
        return None
    if (cell.justify or options.justify or "default") != "default":
        return None  # "left" and the others pad or move the text in its own style
    overflow = cell.overflow or options.overflow or "fold"
    if overflow not in ("fold", "crop"):
        return None  # "ellipsis" ends a cut text with "…", "ignore" does not cut it
    line = cell.copy()
    line.truncate(inner, overflow=overflow)  # as `Text.wrap` does with `no_wrap`: cut at the cell's width
    segments = list(_NEWLINE.join([line]).render(console, end=""))
    segments = Segment.adjust_line_length(segments, inner, style=_NULL, pad=True)
    if padding:
        side = Segment(" " * padding, _NULL)
        segments = [side, *segments, side]
    return [list(Segment.apply_style(segments, style=pre_style, post_style=post_style))]
