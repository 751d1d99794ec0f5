"""Reading a JSON file someone else wrote (an export to gate, a bundle to import) as untrusted input.

`json.loads` recurses once per nested array or object: a few hundred kilobytes of `[` raise
RecursionError, which is not a JSONDecodeError. Every way such a file can be unreadable becomes
one sentence naming the file. Standard library only: `fivefold gate FILE` reads through it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fivefold.errors import FivefoldError
from fivefold.visible import visible


def read_json(path: Path, *, what: str, hint: str) -> Any:
    """The JSON document in `path`, or a FivefoldError saying why it cannot be read as `what`.

    `hint` ends the sentence with what to do (e.g. "export it with 'fivefold export ID --format json'").
    """
    shown = visible(str(path), keep_newlines=False)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FivefoldError(f"cannot read {shown} ({error.strerror}); {hint}") from error
    except UnicodeDecodeError as error:
        raise FivefoldError(f"{shown} is not UTF-8 text, so not {what}; {hint}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FivefoldError(f"{shown} is not JSON ({error}), so not {what}; {hint}") from error
    except RecursionError as error:
        raise FivefoldError(f"{shown} nests its JSON too deeply to be {what}; {hint}") from error
