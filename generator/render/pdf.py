"""PDF from the same print-ready HTML, with WeasyPrint (an optional extra).

WeasyPrint needs Pango from the system and a Chinese font; without either it
would fail or, worse, print boxes instead of characters. Both are checked
first, and the message says which Debian packages to install.

WeasyPrint lays out about ten pages a second, so a long handbook is cut at
its chapter marks into pieces laid out on both cores at once, joined with
pypdf (bookmarks kept), and numbered afterwards: page numbers cannot be laid
out before it is known where each piece starts.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PdfWriter

PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk"
PART = "<!-- pdf-part -->"
SPLIT_ABOVE = 200_000  # characters of HTML below which one process is quicker than several
PARTS = 2
ROW_COST = 500  # measured: a ledger row takes about as long to lay out as 500 characters of prose
NUMBERS = "@page { @bottom-center { content: none; } }"  # numbers are stamped after joining


class PdfUnavailable(Exception):
    """PDF output cannot be made on this machine; the message says how to fix it."""


def check() -> None:
    try:
        import weasyprint  # noqa: F401
    except ImportError as error:
        raise PdfUnavailable(f"PDF 需要 WeasyPrint：pip install 'defect-handbook[pdf]'（{error}）") from None
    except OSError as error:  # its system libraries are missing
        raise PdfUnavailable(f"WeasyPrint 缺少系统库（{error}）。"
                             f"在 Debian/Ubuntu 上运行：apt-get install {PACKAGES}") from None
    if not _has_chinese_font():
        raise PdfUnavailable("没有找到中文字体，PDF 中的汉字会显示为方框。"
                             "在 Debian/Ubuntu 上运行：apt-get install fonts-noto-cjk")


def _has_chinese_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def start(html: str) -> Callable[[], bytes]:
    """Begin the PDF; the returned function finishes it. A long document is laid out by
    two forked processes meanwhile, so the caller can make its other formats."""
    check()
    parts = _parts(html)
    if len(parts) == 1:
        return lambda: _render(html)
    pool = ProcessPoolExecutor(min(2, os.cpu_count() or 1), mp_context=multiprocessing.get_context("fork"))
    futures = [pool.submit(_render, part) for part in parts]

    def finish() -> bytes:
        try:
            return _numbered(_joined([future.result() for future in futures]))
        finally:
            pool.shutdown()
    return finish


def from_html(html: str) -> bytes:
    return start(html)()


def _render(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _parts(html: str) -> list[str]:
    """The document as complete HTML documents cut at chapter marks into PARTS pieces of
    about equal length (more pieces than cores, so that a slow one does not hold up the rest)."""
    if len(html) < SPLIT_ABOVE or PART not in html or "fork" not in multiprocessing.get_all_start_methods():
        return [html]
    head, body = html.split("<body>", 1)
    marks, total = _marks(body), _cost(body)
    cuts = sorted({min(marks, key=lambda i: abs(_cost(body[:i]) - total * k / PARTS)) for k in range(1, PARTS)})
    head = head.replace("</head>", f"<style>{NUMBERS}</style></head>")
    draft = re.search(r'<div class="draft-mark".*?</div>', body[:2000])
    pieces = [body[a:b] for a, b in zip([0] + cuts, cuts + [len(body)])]
    prefix = draft.group(0) if draft else ""
    return [f"{head}<body>{pieces[0]}</body></html>"] + [f"{head}<body>{prefix}{p}</body></html>" for p in pieces[1:]]


def _cost(html: str) -> int:
    """Layout time, roughly: table rows cost far more than their characters suggest."""
    return len(html) + ROW_COST * html.count("<tr")


def _marks(body: str) -> list[int]:
    found, start = [], body.find(PART)
    while start >= 0:
        found.append(start)
        start = body.find(PART, start + 1)
    return found


def _joined(pdfs: list[bytes]) -> PdfWriter:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    return writer


def _numbered(writer: PdfWriter) -> bytes:
    """Page numbers (not on the cover) at the foot of every page, laid over the joined
    pages: digits in the standard Helvetica font, which every PDF reader has."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/HbNo"): font})})
    for number, page in enumerate(writer.pages, 1):
        if number == 1:
            continue
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        digits = str(number).encode("ascii")
        stream = DecodedStreamObject()
        stream.set_data(b"q 0.4 g BT /HbNo 9 Tf %.1f 28 Td (%s) Tj ET Q" % (width / 2 - len(digits) * 2.5, digits))
        stamp = PageObject.create_blank_page(width=width, height=height)
        stamp[NameObject("/Contents")] = stream
        stamp[NameObject("/Resources")] = resources
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
