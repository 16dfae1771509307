"""PDF from the same print-ready HTML, with WeasyPrint (an optional extra).

WeasyPrint needs Pango from the system and a Chinese font; without either it
would fail or, worse, print boxes instead of characters. Both are checked
first, and the message says which Debian packages to install.
"""

from __future__ import annotations

import shutil
import subprocess

PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk"


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
        raise PdfUnavailable(f"没有找到中文字体，PDF 中的汉字会显示为方框。在 Debian/Ubuntu 上运行：apt-get install fonts-noto-cjk")


def _has_chinese_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def from_html(html: str) -> bytes:
    check()
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
