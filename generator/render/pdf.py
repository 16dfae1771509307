"""PDF from the same print-ready HTML, with WeasyPrint (an optional extra).

WeasyPrint needs Pango from the system and a Chinese font; without either it
would fail or, worse, print boxes instead of characters. Both are checked
first, and the message says which Debian packages to install.

WeasyPrint lays out about ten pages a second, so a long handbook is cut at
its chapter marks into two halves laid out on both cores at once, joined
with pypdf (bookmarks kept), and numbered afterwards: page numbers cannot be
laid out before it is known where the second half starts.
"""

from __future__ import annotations

import io
import multiprocessing
import re
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk"
PART = "<!-- pdf-part -->"
SPLIT_ABOVE = 200_000  # characters of HTML below which one process is quicker than two
NUMBERS = "@page { @bottom-center { content: none; } }"  # numbers are stamped after joining


class PdfUnavailable(Exception):
    """PDF output cannot be made on this machine; the message says how to fix it."""


def check() -> None:
    try:
        import weasyprint  # noqa: F401
    except ImportError as error:
        raise PdfUnavailable(f"PDF 需要 WeasyPrint：pip install 'defect-handbook[pdf]'（{error}）") from None
    except OSError as error:  # its system libraries are missing
        raise PdfUnavailable(f"WeasyPrint 缺少系统库（{error}）。在 Debian/Ubuntu 上运行：apt-get install {PACKAGES}") from None
    if not _has_chinese_font():
        raise PdfUnavailable("没有找到中文字体，PDF 中的汉字会显示为方框。在 Debian/Ubuntu 上运行：apt-get install fonts-noto-cjk")


def _has_chinese_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def start(html: str) -> Callable[[], bytes]:
    """Begin the PDF; the returned function finishes it. A long document is laid out by
    two forked processes meanwhile, so the caller can make its other formats."""
    check()
    parts = _halves(html)
    if len(parts) == 1:
        return lambda: _render(html)
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))
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


def _halves(html: str) -> list[str]:
    """The document as one or two complete HTML documents, cut at the chapter mark nearest its middle."""
    if len(html) < SPLIT_ABOVE or PART not in html or "fork" not in multiprocessing.get_all_start_methods():
        return [html]
    head, body = html.split("<body>", 1)
    middle = min(_marks(body), key=lambda i: abs(i - len(body) / 2))
    head = head.replace("</head>", f"<style>{NUMBERS}</style></head>")
    draft = re.search(r'<div class="draft-mark".*?</div>', body[:2000])
    return [f"{head}<body>{body[:middle]}</body></html>",
            f"{head}<body>{draft.group(0) if draft else ''}{body[middle:]}"]


def _marks(body: str) -> list[int]:
    found, start = [], body.find(PART)
    while start >= 0:
        found.append(start)
        start = body.find(PART, start + 1)
    return found


def _joined(pdfs: list[bytes]) -> "object":
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    return writer


def _numbered(writer) -> bytes:  # type: ignore[no-untyped-def]
    """Page numbers (not on the cover), drawn on a blank run of pages and laid over the join."""
    from pypdf import PdfReader

    count = len(writer.pages)
    stamps = PdfReader(io.BytesIO(_render(
        "<style>@page { size: A4; margin: 16mm 15mm 18mm; @bottom-center { content: counter(page); font-size: 9pt; "
        "color: #666; font-family: 'Noto Sans CJK SC', sans-serif; } } div { break-after: page; }</style>"
        + "<div></div>" * count)))
    for number, page in enumerate(writer.pages):
        if number:
            page.merge_page(stamps.pages[number])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
