"""Question banks: load TOML files, validate them, find the bundled and user banks."""

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
