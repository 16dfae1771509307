"""The three forms laid out: Word (editable, real tables) and HTML (printed to PDF by WeasyPrint).

Both only lay out `documents.forms`; a blank field stays an empty cell to write in,
never the word None.
"""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from ..catalog import Catalog
from ..documents.forms import Form, FormBatch
from ..i18n import w
from ..problems import Lang
from .docx import _bytes, _new, _paragraph, _plain
from .renderer import Renderer

BLANK_LINES = {False: 1, True: 4}  # empty lines in a blank cell: a short field, a paragraph


def docx(batch: FormBatch, lang: Lang) -> bytes:
    """One Word file, each form on its own page."""
    doc = _new(False, lang)
    for index, form in enumerate(batch.forms):
        if index:
            doc.add_page_break()
        _form(doc, form, lang)
    return _bytes(doc)


def _form(doc: DocumentType, form: Form, lang: Lang) -> None:
    _paragraph(doc, f"《{form.title}》", "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{form.case.id} · {form.case.title}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=len(form.entries), cols=2)
    table._tbl.tblStyle_val = "TableGrid"
    for row, entry in zip(table.rows, form.entries):
        label, value = row.cells
        label.width, value.width = Cm(4), Cm(13)
        label.text = entry.label
        label.paragraphs[0].runs[0].bold = True
        paragraphs = _plain(entry.text) if entry.long else [entry.text] if entry.text else []
        value.text = "\n" * (BLANK_LINES[entry.long] - 1) if not paragraphs else paragraphs[0]
        for more in paragraphs[1:]:
            value.add_paragraph(more)
    if form.table_title:
        doc.add_paragraph().add_run(form.table_title).bold = True
        plan = doc.add_table(rows=1 + len(form.table_rows), cols=len(form.table_headers))
        plan._tbl.tblStyle_val = "TableGrid"
        for cell, header in zip(plan.rows[0].cells, form.table_headers):
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
        for row, values in zip(plan.rows[1:], form.table_rows):
            for cell, value in zip(row.cells, values):
                cell.text = value or ""
    doc.add_paragraph()
    signatures = doc.add_table(rows=len(form.signatures), cols=4)
    signatures._tbl.tblStyle_val = "TableGrid"
    for row, signer in zip(signatures.rows, form.signatures):
        row.cells[0].text, row.cells[2].text = signer, w("sign_date", lang)
        row.height = Cm(1.2)


def html(catalog: Catalog, batch: FormBatch, lang: Lang) -> str:
    renderer = Renderer(lang, catalog.taxonomy)
    return renderer.render("handbook/forms.html.j2", batch=batch, title=f"{batch.title} {batch.stem}", draft=False)
