"""Exports of an assessment: the training rationale as Markdown, written atomically."""

from fivefold.export.files import ExportError, write_atomic
from fivefold.export.markdown import render_markdown

FORMATS = ("md",)

__all__ = ["FORMATS", "ExportError", "render_markdown", "write_atomic"]
