"""Record text made safe to publish, escaped once for the context it lands in.

Record fields are Markdown written by many hands. They are rendered to HTML
here, once, and cleaned with nh3 (an allow-list HTML sanitizer): no script,
no event handler, no `javascript:` link survives, and an `&` is always an
ampersand (`&lt;b&gt;` stays those eight characters, as the author typed them).

Short text (titles, names, labels, list items) goes into generated pages that
are Markdown with raw HTML in them. `inline` escapes it for both at once: the
HTML specials as entities, and every character Markdown or one of its
extensions gives a meaning to as a numeric character reference. Markdown leaves
a character reference alone and the browser decodes it, so the same escaped
text is right in a heading, a table cell or an attribute value, and is never
escaped twice (a backslash escape in front of `&#34;` would be).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import ClassVar

import markdown
import nh3
from markupsafe import Markup

from .fragments import CLOSE, OPEN

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote", "table", "thead",
        "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "hr", "a", "del", "sup", "sub"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

# HTML's specials, and ASCII punctuation that Markdown (links, emphasis, code, headings'
# closing #, attribute lists `{: }`, tables) or a common extension (~~, ==, ^, $, :emoji:,
# ++keys++) reads as syntax. `-`, `.`, `/`, `,` are left: they only matter at a line start,
# and a value never starts a line because its whitespace is folded.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "!#$()*+:=[\\]^_`{|}~"} | {
    ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&#34;", ord("'"): "&#39;",
    ord(OPEN): "\ufffd", ord(CLOSE): "\ufffd"}  # the marks of a generated page's Markdown lines
_TEXT = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", 0xA0: "&nbsp;"}  # as nh3 writes text
_BRACES = {ord("{"): "&#123;", ord("}"): "&#125;"}
# Anything that could make Markdown differ from plain paragraphs with line breaks.
# (& < > are escaped on the plain path; # and > matter only at the start of a line.)
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<|\\]|^\s*(?:[-+>#]|\d+[.)])\s|^ {4}|^\s*[-=]{3,}\s*$", re.M)
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists", "nl2br"], output_format="html")
_SPACES = re.compile(r"\s+")  # a line break would end a heading or a raw HTML block
_AMPERSAND = "\x01"  # stands for `&` while Markdown runs, so that it reads no entity in the text


def inline(text: object) -> Markup:
    """Plain text for generated Markdown or HTML (a heading, a table cell, an attribute):
    whitespace folded to single spaces, every special character a character reference."""
    return Markup(_SPACES.sub(" ", str(text)).translate(_ENTITIES))


def page_title(text: object) -> Markup:
    """A page title for the Markdown front matter (`title: "..."`). mkdocs-material writes
    `page.title` into the navigation, the header and `<title>` as HTML, so it gets the
    HTML of the text, as a JSON string (which YAML reads as a double-quoted string)."""
    return Markup(json.dumps(str(inline(str(text).strip())), ensure_ascii=False))


def to_html(text: str | None) -> Markup:
    """A Markdown field as sanitized HTML on one logical block (no blank lines), so that
    the page's Markdown treats it as one raw HTML block and never reparses it."""
    if not text:
        return Markup("")
    if _MARKDOWN_SYNTAX.search(text):
        source = text.replace(_AMPERSAND, "\ufffd").replace("&", _AMPERSAND)
        html_text = _MARKDOWN.reset().convert(source).replace(_AMPERSAND, "&amp;")
        clean = nh3.clean(html_text, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                          link_rel="noopener noreferrer")
    else:  # most records are plain prose: the same HTML without the Markdown engine, and
        # nothing to sanitize (every character of the text is escaped; the tags are ours)
        clean = "\n".join(f"<p>{'<br>'.join(line.translate(_TEXT) for line in block.splitlines())}</p>"
                           for block in re.split(r"\n\s*\n", text.strip()))
    # Braces as references too: a Markdown preprocessor a root may enable (mkdocs-macros) reads
    # the page source, and must find no `{{ }}` or `{% %}` of a record's to evaluate.
    return Markup(re.sub(r"\n\s*\n", "\n", clean).strip().translate(_BRACES))


def to_paragraphs(text: str | None) -> list[str]:
    """A Markdown field as the plain text of its blocks, for formats without HTML (Word):
    the words a reader sees on the site, with the Markdown syntax and the sanitized markup gone."""
    reader = _Blocks()
    reader.feed(to_html(text))
    reader.close()
    return [block for block in reader.blocks if block]


class _Blocks(HTMLParser):
    """Block elements become paragraphs, `<br>` a line break, other whitespace one space, as a browser shows it."""

    BREAKS: ClassVar[set[str]] = {"p", "li", "pre", "blockquote", "tr", "h3", "h4", "h5", "h6", "hr", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self._new()
        if tag == "pre":
            self.pre += 1
        elif tag == "br":
            self.blocks[-1] = self.blocks[-1].rstrip(" ") + "\n"
        elif tag in ("td", "th") and self.blocks[-1]:
            self.blocks[-1] += " | "

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre -= 1
        if tag in self.BREAKS:
            self._new()

    def handle_data(self, data: str) -> None:
        if not self.pre:
            data = _SPACES.sub(" ", data)
            if self.blocks[-1].endswith(("\n", " ")) or not self.blocks[-1]:
                data = data.lstrip(" ")
        self.blocks[-1] += data

    def _new(self) -> None:
        self.blocks[-1] = self.blocks[-1].strip()
        if self.blocks[-1]:
            self.blocks.append("")
