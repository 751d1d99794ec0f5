"""Question banks: load TOML files, validate them, find the bundled and user banks."""

from fivefold.banks.loader import BankError, BankProblem, load_bank, problems_in
from fivefold.banks.models import LENS_NAMES, Bank, Lens, LensName, Phase, Question, QuestionPlace
from fivefold.banks.registry import BankRegistry, bundled_bank_dir

__all__ = [
    "LENS_NAMES",
    "Bank",
    "BankError",
    "BankProblem",
    "BankRegistry",
    "Lens",
    "LensName",
    "Phase",
    "Question",
    "QuestionPlace",
    "bundled_bank_dir",
    "load_bank",
    "problems_in",
]
