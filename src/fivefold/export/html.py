"""The HTML export: the Markdown training rationale rendered to one standalone, sanitised page."""

from __future__ import annotations

import html as html_escape
from functools import cache
from typing import TYPE_CHECKING

from fivefold.export.markdown import render_markdown
from fivefold.review import AssessmentSnapshot
from fivefold.review.rules import SignatureCheck
from fivefold.visible import visible

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

# Only what the Markdown export produces: no script, style, iframe, form or event attribute
# can survive, whatever a user typed.
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# markdown-it's nesting limits. Blocks nested deeper than BLOCK_NESTING are dropped, text and all,
# so it sits far above what an answer can open (fivefold.export.text.MAX_NESTING). Inline, the
# limit bounds the work on runs of brackets: each '[' rescans up to INLINE_NESTING positions, so
# 200,000 '[' take 1.9 s at markdown-it's default of 20 and 1.2 s at 8 (benchmarks/html_export.py);
# past it, the rest of a paragraph stays text, and links or emphasis never nest 8 deep in prose.
BLOCK_NESTING = 100
INLINE_NESTING = 8

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
blockquote { margin: .4rem 0 1rem; padding: .2rem .9rem; border-left: 4px solid var(--rule); background: #fafbfc;
             overflow-wrap: anywhere; }
code { font: .88em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f2f5f8; padding: 0 .2em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: avoid; }
  h4, tr { break-inside: avoid; }  /* not blockquote: a long answer must break, not be cut off */
  a { color: inherit; }
}
"""


def render_html(snapshot: AssessmentSnapshot, *, check_signature: SignatureCheck | None = None) -> str:
    import nh3

    body = markdown_to_html(render_markdown(snapshot, check_signature=check_signature, link_extension="html"))
    clean = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    title = html_escape.escape(" ".join(visible(f"Training rationale: {snapshot.assessment.title}").split()))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{clean}\n</body>\n</html>\n"
    )


def markdown_to_html(document: str) -> str:
    """CommonMark with GFM tables, as the Markdown export is written.

    markdown-it-py, not Python-Markdown: Python-Markdown's link pattern rescans the rest of the
    paragraph for every '[', so an answer of "![" * 20,000 took 82 s and the 200,000-character
    limit would take hours; markdown-it-py stays linear on it (and on CommonMark's other
    pathological inputs), and is no slower on ordinary text (benchmarks/html_export.py).
    """
    return _renderer().render(document)


@cache
def _renderer() -> MarkdownIt:
    """The renderer, built once: raw HTML in an answer stays text (nh3 is the second wall), and
    "![alt](url)" reads as "!" and a link, since no image could load under the page's policy."""
    blocks = _commonmark(BLOCK_NESTING)
    inlines = _commonmark(INLINE_NESTING)

    def inline_with_its_own_limit(state: StateCore) -> None:
        # markdown-it's own core "inline" rule, run by a parser whose only difference is its limit.
        for token in state.tokens:
            if token.type == "inline":
                token.children = token.children or []
                inlines.inline.parse(token.content, inlines, state.env, token.children)

    blocks.core.ruler.at("inline", inline_with_its_own_limit)
    return blocks


def _commonmark(max_nesting: int) -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Rules that could only find nothing are off, as each costs a call per block or per markup
    # character (9% of the time on ordinary text): raw HTML is off, and no '<' reaches the
    # renderer unescaped, so there are no autolinks either.
    parser = MarkdownIt("commonmark", {"html": False, "maxNesting": max_nesting})
    return parser.enable("table").disable(["image", "html_block", "html_inline", "autolink"])
