"""One Jinja environment for every generated page and document.

Templates are looked up by name, escape every value they print (record text
is data, never template source) and fail on any undefined name instead of
printing nothing. A value is escaped for HTML and Markdown at once
(`text.inline`), because the site's pages are Markdown holding raw HTML and
a template cannot tell which of the two a line will be read as: a title in a
heading and the same title in a table cell are then both right, and no
template can forget a filter.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup, escape

from .. import GENERATOR, made_by
from ..i18n import w
from ..problems import Lang
from ..taxonomy import Taxonomy
from .fragments import mark_headings
from .text import inline, page_title, to_html


@lru_cache(maxsize=65536)
def _relative_path(path: str, folder: str) -> str:
    return quote(posixpath.relpath(path, folder))


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a docs file: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        stem = stem[:-5]
    return stem if not stem or stem.endswith("/") else stem + "/"


def href(page: str, target: str) -> str:
    """A link for raw HTML, which MkDocs leaves alone: final URL to final URL.

    Most generated content is HTML rather than Markdown because Python-Markdown's
    inline processing of large tables dominated the build; these links are checked
    by the test suite instead of by MkDocs."""
    path, _, anchor = target.partition("#")
    link = _relative_url(page_url(path), page_url(page)) if path.endswith(".md") else _relative_path(
        path, page_url(page).rstrip("/") or ".")
    return link + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=65536)
def _relative_url(target: str, base: str) -> str:
    """Between two directory URLs from the site root (`a/b/`, `a/c/d/`, `` for the root)."""
    to, at = target.split("/")[:-1], base.split("/")[:-1]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    rest = "/".join(to[common:])
    return quote("../" * (len(at) - common) + (rest + "/" if rest else "")) or "./"


def number(value: float | int | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _escaped(value: object) -> Markup:
    """Every printed value, unless it is already markup (a macro, sanitized HTML, a chart)."""
    if isinstance(value, Markup):
        return value
    try:
        return _inline(value)
    except TypeError:  # unhashable
        return inline(value)


_inline = lru_cache(maxsize=1 << 16, typed=True)(inline)  # labels, names, dates and titles repeat on every page


def _url(link: str) -> Markup:
    """A link made by `href`: percent-encoded, so HTML-escaping is all an attribute needs."""
    return escape(link)


def _join(items: Iterable[object], separator: str = "") -> Markup:
    """Jinja's `join`, escaping its items as every other value is."""
    return Markup(_escaped(separator).join(_escaped(item) for item in items))


class _SiteHeadings(Extension):
    """Marks the Markdown heading lines of the site's templates, so that a rendered page splits
    into the Markdown the site engine reads and the HTML it need not (see fragments)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return mark_headings(source) if name and name.startswith("site/") else source


class Renderer:
    """Renders named templates in one language against one taxonomy."""

    def __init__(self, lang: Lang, taxonomy: Taxonomy) -> None:
        self.lang = lang
        self.env = Environment(loader=PackageLoader("generator.render", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True, finalize=_escaped,
                               extensions=[_SiteHeadings])
        self.env.filters.update(html=to_html, num=number, day=day, page_title=page_title, join=_join)
        self.env.globals.update(
            lang=lang,
            t=lambda key, **args: w(key, lang, **args),
            label=lambda axis, key: taxonomy.label(axis, key, lang) if key else "—",
            generator=GENERATOR, made_by=made_by(lang),
        )

    def render(self, name: str, page: str = "", **context: Any) -> str:
        """Render template `name` for the docs file `page` (links are made relative to it)."""
        template = self.env.get_template(name)
        return template.render(href=lambda target: _url(href(page, target)), page=page, **context)
