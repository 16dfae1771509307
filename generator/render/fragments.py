"""Generated pages split into the Markdown a site engine needs and the HTML it need not read.

A generated page is front matter, Markdown headings (they make the page's table of
contents and anchors) and, between them, HTML already rendered and escaped. Passing
that HTML through Markdown costs most of a large build (Python-Markdown feeds every
raw HTML block through `html.parser`) and changes nothing, so the engine gets a
*skeleton*: the front matter, the headings and one placeholder comment per HTML
block. The blocks are kept beside the docs folder and put back into the built page
(`fill`), after the engine, by the build or, in a live preview, by its page hook.

Any Markdown engine that passes an HTML comment through unchanged builds the same
pages: nothing here depends on MkDocs. Each placeholder names its block's digest, so
a skeleton and a stale set of blocks can never be joined by mistake, and a block
that changes changes its page's Markdown (a preview that rebuilds only changed pages
then rebuilds that one).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

OPEN, CLOSE = "\x02", "\x03"  # around a Markdown line; never in record text (control-character)
_HEADING = re.compile(r"^#{1,6} .*$", re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MARKED = re.compile(f"{OPEN}(.*?){CLOSE}", re.S)
_PLACEHOLDER = re.compile(r"<!--hb-html (\d+) ([0-9a-f]{12})-->")
STORE = "fragments"  # folder beside the docs folder


class StaleFragments(Exception):
    """A built page's placeholders do not match the blocks kept for it."""


def mark_headings(source: str) -> str:
    """Template source with each Markdown heading line marked (a Jinja preprocessor: in a
    site template, a line starting with `#` is a heading and every other line is HTML)."""
    return _HEADING.sub(lambda match: OPEN + match[0] + CLOSE, source)


def split(page: str) -> tuple[str, list[str]]:
    """(skeleton, HTML blocks) of a rendered page; a page with no marked line is all
    Markdown and is returned whole."""
    if OPEN not in page:
        return page, []
    front = _FRONT_MATTER.match(page)
    head, body = (page[:front.end()], page[front.end():]) if front else ("", page)
    parts = _MARKED.split(body)  # HTML, Markdown, HTML, Markdown, ..., HTML
    skeleton, blocks = [head], list[str]()
    for number, part in enumerate(parts):
        if number % 2:
            skeleton.append(f"\n{part}\n")
        elif part.strip():
            skeleton.append(f"\n<!--hb-html {len(blocks)} {_digest(part)}-->\n")
            blocks.append(part)
    return "".join(skeleton), blocks


def fill(html: str, blocks: list[str]) -> str:
    """A built page with its placeholders replaced by the HTML blocks they stand for."""
    def block(match: re.Match[str]) -> str:
        number = int(match[1])
        if number >= len(blocks) or _digest(blocks[number]) != match[2]:
            raise StaleFragments(match[0])
        return blocks[number]
    return _PLACEHOLDER.sub(block, html)


def stored(page: str) -> str:
    """The name a docs page's blocks are kept under, in the STORE folder beside the docs
    folder (the engine copies the docs folder whole)."""
    return f"{page}.json"


def page_of(name: str) -> str:
    """The docs page whose blocks are kept under `name`."""
    return name.removesuffix(".json")


def dump(blocks: list[str]) -> bytes:
    return json.dumps(blocks, ensure_ascii=False).encode("utf-8")


def load(path: Path) -> list[str]:
    blocks: list[str] = json.loads(path.read_text(encoding="utf-8"))
    return blocks


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()
