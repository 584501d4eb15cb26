"""PDF documents: six languages, Arabic shaped and right-aligned, text extractable."""

from __future__ import annotations

import io

import pypdf
import pytest

from acollida.core.pdf import PdfDocument


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("language", "name"),
    [("ar", "محمد الحسن"), ("uk", "Олександр Шевченко"), ("ca", "Josep Martí"), ("fr", "Aïssatou Diallo")],
)
def test_names_in_any_script_come_out_readable(language: str, name: str) -> None:
    doc = PdfDocument(title="Expedient", language=language)
    doc.heading("Identitat")
    doc.facts([("Nom", name), ("Data", "1990-03-07"), ("Telèfon", "")])
    doc.table(["Data", "Servei"], [["2026-01-02", "Assessorament jurídic"], ["2026-02-03", name]])
    data = doc.output()
    assert data.startswith(b"%PDF-")
    text = _text(data)
    assert name in text
    assert "Telèfon: —" in text


def test_right_to_left_documents_are_right_aligned() -> None:
    assert PdfDocument(title="ملف", language="ar").rtl
    assert not PdfDocument(title="Expedient", language="ca").rtl
    assert not PdfDocument(title="x", language="xx").rtl


def test_long_text_flows_onto_more_pages() -> None:
    doc = PdfDocument(title="Expedient", language="es")
    for index in range(120):
        doc.paragraph(f"Entrada {index}: " + "texto " * 40)
    reader = pypdf.PdfReader(io.BytesIO(doc.output()))
    assert len(reader.pages) > 3
    assert "Entrada 119" in _text(doc.output())


def test_an_empty_table_writes_nothing() -> None:
    doc = PdfDocument(title="Expedient", language="en")
    doc.table(["Date", "Service"], [])
    assert "Date" not in _text(doc.output())
