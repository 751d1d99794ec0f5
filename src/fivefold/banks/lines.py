"""Where each table, key and array item of a TOML file starts, so a problem can name its line.

`tomllib` gives values without positions, and the bank's validation speaks in paths such as
`("phases", 2, "theory", "questions", 0, "source")`. This scanner walks the text once and maps
every such path to the line it starts on. It is only run on a file that `tomllib` has already
parsed, and only when there is a problem to report, so it may assume well-formed TOML; on
anything it does not follow it stops and returns what it has found (a line number is a help,
never a reason to fail).
"""

from __future__ import annotations

import contextlib

TomlPath = tuple[str | int, ...]

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}\n#")


def key_lines(text: str) -> dict[TomlPath, int]:
    """Every table, key and array item of `text` as a path, with the 1-based line it starts on."""
    scanner = _Scanner(text)
    # Past anything this scanner does not follow, keep the lines found so far.
    with contextlib.suppress(IndexError, RecursionError):
        scanner.scan()
    return scanner.lines


def line_of(lines: dict[TomlPath, int], path: TomlPath) -> int | None:
    """The line of `path`, or of its nearest ancestor that is in the file (a missing key: its table)."""
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[TomlPath, int] = {}
        self.table: TomlPath = ()
        # How many [[x]] tables each array of tables has had so far, keyed by its resolved path.
        self.array_counts: dict[TomlPath, int] = {}

    def scan(self) -> None:
        while True:
            self._skip_blank()
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self.text[self.pos] == "[":
                self._header()
            else:
                self._key_value(self.table)
            if self.pos == start:  # defensive: never loop on a character this scanner does not know
                self.pos += 1

    # -- tables and keys -----------------------------------------------------------------------

    def _header(self) -> None:
        line = self.line
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        keys = self._keys()
        self._skip_spaces()
        self.pos += 2 if is_array else 1
        resolved: TomlPath = ()
        for key in keys[:-1]:
            resolved = self._resolve((*resolved, key))
            self.lines.setdefault(resolved, line)  # `[a.b]` alone defines `a` too
        path = (*resolved, keys[-1])
        if is_array:
            index = self.array_counts.get(path, 0)
            self.array_counts[path] = index + 1
            self.lines.setdefault(path, line)
            path = (*path, index)
        self.lines[path] = line
        self.table = path

    def _resolve(self, path: TomlPath) -> TomlPath:
        """A dotted prefix naming an array of tables means its latest table."""
        count = self.array_counts.get(path)
        return (*path, count - 1) if count else path

    def _key_value(self, base: TomlPath) -> None:
        line = self.line
        keys = self._keys()
        self._skip_spaces()
        if not keys or self.text[self.pos] != "=":
            return
        self.pos += 1
        self._skip_spaces()
        path = base
        for key in keys:
            path = (*path, key)
            self.lines.setdefault(path, line)
        self._value(path)

    def _keys(self) -> list[str]:
        keys: list[str] = []
        while True:
            self._skip_spaces()
            char = self.text[self.pos]
            if char in "\"'":
                start = self.pos
                self._string()
                keys.append(self.text[start + 1 : self.pos - 1])
            else:
                start = self.pos
                while self.text[self.pos] in _BARE_KEY:
                    self.pos += 1
                if self.pos == start:
                    return keys
                keys.append(self.text[start : self.pos])
            self._skip_spaces()
            if self.text[self.pos] != ".":
                return keys
            self.pos += 1

    # -- values ----------------------------------------------------------------------------------

    def _value(self, path: TomlPath) -> None:
        char = self.text[self.pos]
        if char in "\"'":
            self._string()
        elif char == "[":
            self._array(path)
        elif char == "{":
            self._inline_table(path)
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in _SCALAR_END:
                self.pos += 1

    def _array(self, path: TomlPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self._skip_blank()
            if self.text[self.pos] == "]":
                self.pos += 1
                return
            self.lines.setdefault((*path, index), self.line)
            self._value((*path, index))
            self._skip_blank()
            if self.text[self.pos] == ",":
                self.pos += 1
                index += 1

    def _inline_table(self, path: TomlPath) -> None:
        self.pos += 1
        while True:
            self._skip_blank()
            if self.text[self.pos] == "}":
                self.pos += 1
                return
            start = self.pos
            self._key_value(path)
            self._skip_blank()
            if self.text[self.pos] == ",":
                self.pos += 1
            elif self.pos == start:
                raise IndexError("not an inline table this scanner follows")

    def _string(self) -> None:
        quote = self.text[self.pos]
        escapes = quote == '"'
        if self.text.startswith(quote * 3, self.pos):
            end = self.pos + 3
            while not self.text.startswith(quote * 3, end):
                end += 2 if escapes and self.text[end] == "\\" else 1
            end += 3
            for _ in range(2):  # up to two quotes may sit right before the closing three
                if end < len(self.text) and self.text[end] == quote:
                    end += 1
        else:
            end = self.pos + 1
            while self.text[end] != quote:
                end += 2 if escapes and self.text[end] == "\\" else 1
            end += 1
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    # -- blanks ----------------------------------------------------------------------------------

    def _skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def _skip_blank(self) -> None:
        """Spaces, line breaks and comments."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\n":
                self.line += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
                continue
            elif char not in " \t\r":
                return
            self.pos += 1
