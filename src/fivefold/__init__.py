"""Fivefold: a keyboard-only pre-deployment self-assessment for ML teams."""

__version__ = "0.1.0"
