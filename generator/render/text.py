"""Record text made safe to publish.

Record fields are Markdown written by many hands. They are rendered to HTML
here, once, and cleaned with nh3 (an allow-list HTML sanitizer): no script,
no event handler, no `javascript:` link survives. Short text that goes into
Markdown headings or links is escaped for both HTML and Markdown, so that a
title cannot open a link or an emphasis in the page around it.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup, escape

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote", "table", "thead",
        "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "hr", "a", "del", "sup", "sub"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
# Anything that could make Markdown differ from plain paragraphs with line breaks.
# (& < > are escaped on the plain path; # and > matter only at the start of a line.)
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<|\\]|^\s*(?:[-+>#]|\d+[.)])\s|^ {4}|^\s*[-=]{3,}\s*$", re.M)
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists", "nl2br"], output_format="html")


def to_html(text: str | None) -> Markup:
    """A Markdown field as sanitized HTML on one logical block (no blank lines), so that
    the page's Markdown treats it as one raw HTML block and never reparses it."""
    if not text:
        return Markup("")
    if _MARKDOWN_SYNTAX.search(text):
        html = _MARKDOWN.reset().convert(text)
    else:  # most records are plain prose: the same HTML without the Markdown engine
        html = "\n".join(f"<p>{'<br />'.join(str(escape(line)) for line in block.splitlines())}</p>"
                         for block in re.split(r"\n\s*\n", text.strip()))
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel="noopener noreferrer")
    return Markup(re.sub(r"\n\s*\n", "\n", clean).strip())


def inline(text: object) -> Markup:
    """Plain text for a Markdown context (a heading, a table cell): HTML-escaped, then
    Markdown punctuation backslash-escaped, line breaks folded."""
    escaped = str(escape(" ".join(str(text).split())))
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped))
