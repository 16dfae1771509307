"""Script payloads in record text, and an HTML parser that finds any that survived.

The payloads are the browser test's own (tests/test_browser.py), so the guarantee is
checked in plain HTML with the same input as in Chromium."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from test_browser import PAYLOADS

CASE = Path("cases") / "LAHF" / "phase-1" / "LAHF-001.yaml"


def with_payloads(root: Path) -> Path:
    """The root's LAHF-001 with every payload field written as a literal block."""
    case = root / CASE
    kept: list[str] = []
    skipping = False
    for line in case.read_text(encoding="utf-8").splitlines():
        if line[:1] not in (" ", ""):  # a top-level key
            skipping = line.split(":", 1)[0] in PAYLOADS
        if not skipping:
            kept.append(line)
    for field, payload in PAYLOADS.items():
        kept.append(f"{field}: |")
        kept += ["  " + line if line else "" for line in payload.splitlines()]
    case.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return root


class Unsafe(HTMLParser):
    """What a browser would run or follow: script elements (with the text they hold),
    frames, event-handler attributes and javascript: URLs; and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.frames: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.js_urls: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag in ("iframe", "frame", "object", "embed"):
            self.frames.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if value and "".join(value.split()).lower().startswith(("javascript:", "vbscript:")):
                self.js_urls.append((tag, value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def unsafe(html: str) -> Unsafe:
    parser = Unsafe()
    parser.feed(html)
    parser.close()
    return parser
