"""The HTML export: the Markdown training rationale rendered to one standalone, sanitised page."""

from __future__ import annotations

import html as html_escape

from fivefold.export.markdown import render_markdown
from fivefold.review import AssessmentSnapshot
from fivefold.review.rules import SignatureCheck

# Only what the Markdown export produces: no script, style, iframe, form or event attribute
# can survive, whatever a user typed.
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

STYLE = """
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6673; --rule: #d5dbe1; --accent: #2457a6; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.7rem; border-bottom: 2px solid var(--accent); padding-bottom: .3rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { margin-top: 1.6rem; color: var(--accent); }
h4 { margin: 1.3rem 0 .3rem; }
table { border-collapse: collapse; margin: .8rem 0; width: 100%; font-size: .92rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f5f8; }
blockquote { margin: .4rem 0 1rem; padding: .2rem .9rem; border-left: 4px solid var(--rule); background: #fafbfc; }
code { font: .88em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f2f5f8; padding: 0 .2em; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: avoid; }
  h4, blockquote, tr { break-inside: avoid; }
  a { color: inherit; }
}
"""


def render_html(snapshot: AssessmentSnapshot, *, check_signature: SignatureCheck | None = None) -> str:
    import markdown
    import nh3

    body = markdown.markdown(
        render_markdown(snapshot, check_signature=check_signature, link_extension="html"),
        extensions=["tables", "sane_lists"],
        output_format="html",
    )
    clean = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    title = html_escape.escape(f"Training rationale: {snapshot.assessment.title}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{clean}\n</body>\n</html>\n"
    )
