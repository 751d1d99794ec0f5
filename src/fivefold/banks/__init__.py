"""Question banks: load TOML files, validate them, find the bundled and user banks.

The names below load on first use (`fivefold.lazy`): `fivefold list` reads bank files through
`fivefold.banks.files` alone and must not pay for pydantic through this package's own import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fivefold.lazy import lazy_attributes

if TYPE_CHECKING:
    from fivefold.banks.loader import BankError, BankProblem, bank_from_text, load_bank, problems_in
    from fivefold.banks.models import (
        LENS_NAMES,
        Bank,
        Example,
        Lens,
        LensName,
        Phase,
        Problem,
        Question,
        QuestionPlace,
        Source,
    )
    from fivefold.banks.registry import BankRegistry, bundled_bank_dir

_HOMES = {
    **dict.fromkeys(("BankError", "BankProblem", "bank_from_text", "load_bank", "problems_in"), "loader"),
    **dict.fromkeys(
        (
            "LENS_NAMES",
            "Bank",
            "Example",
            "Lens",
            "LensName",
            "Phase",
            "Problem",
            "Question",
            "QuestionPlace",
            "Source",
        ),
        "models",
    ),
    **dict.fromkeys(("BankRegistry", "bundled_bank_dir"), "registry"),
}

__getattr__ = lazy_attributes(__name__, _HOMES)

__all__ = [
    "LENS_NAMES",
    "Bank",
    "BankError",
    "BankProblem",
    "BankRegistry",
    "Example",
    "Lens",
    "LensName",
    "Phase",
    "Problem",
    "Question",
    "QuestionPlace",
    "Source",
    "bank_from_text",
    "bundled_bank_dir",
    "load_bank",
    "problems_in",
]
