"""PDF documents in any of the six languages, Arabic included (fpdf2 with HarfBuzz shaping).

A small builder for the documents the product issues: the export of everything held about a
person, certificates and reports filled from a case. The shipped DejaVu Sans (Latin, Cyrillic,
Arabic; Bitstream Vera licence in ``fonts/``) is embedded, so a PDF reads the same on any phone.
Right-to-left languages are laid out right-aligned with the Unicode bidi algorithm.

    doc = PdfDocument(title=_("Your file"), language="ar")
    doc.heading(_("Identity"))
    doc.facts([(_("Name"), "محمد الحسن"), (_("Born"), "1990")])
    doc.paragraph(text)
    doc.table([_("Date"), _("Service")], rows)
    data = doc.output()
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from django.utils import translation
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"


class PdfDocument:
    """One A4 document: a title, then headings, paragraphs, label/value facts and tables."""

    def __init__(self, *, title: str, language: str, author: str = "acollida") -> None:
        self.language = language
        try:
            self.rtl = bool(translation.get_language_info(language)["bidi"])
        except KeyError:
            self.rtl = False
        self.pdf = FPDF(format="A4")
        self.pdf.set_title(str(title))
        self.pdf.set_author(author)
        self.pdf.set_lang(language)
        self.pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.pdf.set_text_shaping(use_shaping_engine=True)
        self.pdf.set_margins(18, 18, 18)
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.pdf.add_page()
        self._write(str(title), size=16, style="B", gap=4)

    @property
    def _align(self) -> str:
        return "R" if self.rtl else "L"

    def _write(self, text: str, *, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        self.pdf.set_font(FAMILY, style, size)
        self.pdf.multi_cell(
            0, size * 0.5, text or "—", align=self._align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.pdf.ln(gap)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self._write(str(text), size=13, style="B", gap=2)

    def paragraph(self, text: str) -> None:
        self._write(str(text))

    def facts(self, pairs: Iterable[tuple[str, object]]) -> None:
        """Label and value lines ("Date of birth: 1990-03-07")."""
        for label, value in pairs:
            self._write(f"{label}: {value if value not in (None, '') else '—'}", gap=0.5)
        self.pdf.ln(1.5)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        cells = [[str(cell) if cell not in (None, "") else "—" for cell in row] for row in rows]
        if not cells:
            return
        self.pdf.set_font(FAMILY, "", 9)
        ordered_headers = list(reversed(headers)) if self.rtl else list(headers)
        with self.pdf.table(text_align=self._align, first_row_as_headings=True) as table:
            heading = table.row()
            for header in ordered_headers:
                heading.cell(str(header))
            for values in cells:
                row = table.row()
                for value in reversed(values) if self.rtl else values:
                    row.cell(value)
        self.pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
