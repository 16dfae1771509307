"""defect-handbook: YAML defect records to a searchable handbook, project handbooks and checklists."""

from __future__ import annotations

__version__ = "0.1.0"

GENERATOR = f"defect-handbook {__version__}"


def made_by(lang: str = "zh") -> str:
    """The line every generated document and the site footer carry, so that a handbook can be
    traced to the version (and so the rules) it was checked and made with."""
    return f"由 {GENERATOR} 生成" if lang == "zh" else f"Made by {GENERATOR}"
