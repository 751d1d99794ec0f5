"""Package names that load their module on first use (PEP 562).

`fivefold gate FILE` needs `fivefold.review.rules` alone and `fivefold list` needs `fivefold.banks.files`
alone; a package `__init__` that imported every module would make them pay for pydantic, SQLModel
and the store (about 400 ms) all the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: each name in `homes` is read from its module when first asked for."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home}"), name)

    return __getattr__
