"""Exports of an assessment: the training rationale as Markdown, HTML, JSON or an in-toto statement, written atomically."""

from __future__ import annotations

from collections.abc import Callable

from fivefold.export.files import ExportError, write_atomic
from fivefold.export.markdown import render_markdown
from fivefold.review import AssessmentSnapshot
from fivefold.review.rules import SignatureCheck


def _html(snapshot: AssessmentSnapshot, check_signature: SignatureCheck | None) -> str:
    from fivefold.export.html import render_html  # markdown and nh3 load only when asked for

    return render_html(snapshot, check_signature=check_signature)


def _json(snapshot: AssessmentSnapshot, check_signature: SignatureCheck | None) -> str:
    from fivefold.export.json_export import render_json

    return render_json(snapshot, check_signature=check_signature)


def _in_toto(snapshot: AssessmentSnapshot, check_signature: SignatureCheck | None) -> str:
    from fivefold.export.in_toto import render_in_toto

    return render_in_toto(snapshot, check_signature=check_signature)


def _markdown(snapshot: AssessmentSnapshot, check_signature: SignatureCheck | None) -> str:
    return render_markdown(snapshot, check_signature=check_signature)


RENDERERS: dict[str, Callable[[AssessmentSnapshot, SignatureCheck | None], str]] = {
    "md": _markdown,
    "html": _html,
    "json": _json,
    "in-toto": _in_toto,
}
FORMATS = tuple(RENDERERS)
EXTENSIONS = {"md": "md", "html": "html", "json": "json", "in-toto": "intoto.json"}
"""The file name extension each format's export gets by default."""


def render(snapshot: AssessmentSnapshot, export_format: str, *, check_signature: SignatureCheck | None = None) -> str:
    """The export in `export_format` (md, html, json or in-toto)."""
    try:
        renderer = RENDERERS[export_format]
    except KeyError:
        raise ExportError(f"'{export_format}' is not an export format; use one of {', '.join(FORMATS)}") from None
    return renderer(snapshot, check_signature)


__all__ = ["EXTENSIONS", "FORMATS", "ExportError", "render", "render_markdown", "write_atomic"]
