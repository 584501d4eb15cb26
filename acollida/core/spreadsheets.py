"""What every spreadsheet import shares (people, open cases): reading the file, the column mapping,
errors that name the row and the column, and an upload kept in memory under a size limit.

A file becomes a ``Table`` of strings (``read_table``): the first sheet of an XLSX workbook
(openpyxl, which parses its XML with defusedxml) or the records of a CSV file in UTF-8, with or
without BOM, separated by ``;``, ``,`` or tabs (whichever the header row uses most). A file in
another encoding is refused with a message that says how to save it as UTF-8, rather than read
with guessed letters: a misread name would be imported as if it were right. Rows keep their number
as the spreadsheet shows it (the header is row 1), so a report can send the user to the very row.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 100

TOO_LARGE = gettext_lazy("The file is larger than 5 MB. Split it into smaller files.")
TOO_MANY_ROWS = gettext_lazy("The file has more than %(max)s rows. Split it into smaller files.")
NO_ROWS = gettext_lazy("The file has a header row but no rows under it.")


class SpreadsheetError(ValueError):
    """The file cannot be read as a table; the message says why, in the user's language."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numbers: list[int]  # each row's number as the spreadsheet shows it (the header is row 1)

    def to_json(self) -> dict[str, Any]:
        return {"headers": self.headers, "rows": self.rows, "numbers": self.numbers}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        return cls(headers=data["headers"], rows=data["rows"], numbers=data["numbers"])

    def column_label(self, index: int) -> str:
        return self.headers[index] or _("column %(number)s") % {"number": index + 1}

    def column(self, mapping: Mapping[str, int | None], name: str) -> str:
        """The header of the column mapped to our field ``name`` ("" when it is not mapped)."""
        index = mapping.get(name)
        return "" if index is None else self.column_label(index)


# --- Reading ------------------------------------------------------------------------------------


def read_table(
    content: bytes, *, too_many_rows: str | Promise = TOO_MANY_ROWS, no_rows: str | Promise = NO_ROWS
) -> Table:
    """The file's first sheet (XLSX) or its records (CSV) as strings. ``too_many_rows`` (with
    ``%(max)s``) and ``no_rows`` say what the rows are, e.g. people. Raises ``SpreadsheetError``."""
    if not content.strip():
        raise SpreadsheetError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise SpreadsheetError(str(TOO_LARGE))
    if content.startswith(b"PK\x03\x04"):
        raw = _read_xlsx(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV (UTF-8) and try again.")
        )
    else:
        raw = _read_csv(content)
    return _table(raw, too_many_rows=str(too_many_rows), no_rows=str(no_rows))


def _read_csv(content: bytes) -> Iterable[list[str]]:
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(not_a_spreadsheet())
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The file is not in UTF-8. In your spreadsheet, save it as “CSV UTF-8” and try again.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        raise SpreadsheetError(not_a_spreadsheet())
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _read_xlsx(content: bytes) -> Iterable[list[str]]:
    from openpyxl import load_workbook  # uses defusedxml when installed, as it is here

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise SpreadsheetError(not_a_spreadsheet()) from None
    try:
        rows: list[list[str]] = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([cell_text(value) for value in values[: MAX_COLUMNS + 1]])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception:  # any failure inside a corrupt workbook is the same to the user
        raise SpreadsheetError(not_a_spreadsheet()) from None
    finally:
        workbook.close()


def not_a_spreadsheet() -> str:
    return _("This is not a CSV or XLSX file. Save the spreadsheet as .xlsx or as CSV (UTF-8) and try again.")


def cell_text(value: object) -> str:
    """A cell as text; dates as ISO dates, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(raw: Iterable[list[str]], *, too_many_rows: str, no_rows: str) -> Table:
    headers: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    for index, record in enumerate(raw, start=1):
        cells = [cell.strip() for cell in record]
        if headers is None:
            if len(cells) > MAX_COLUMNS:
                raise SpreadsheetError(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
            headers = [unicodedata.normalize("NFC", cell) for cell in cells]
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise SpreadsheetError(too_many_rows % {"max": MAX_ROWS})
        rows.append([unicodedata.normalize("NFC", cell) for cell in cells[: len(headers)]])
        rows[-1] += [""] * (len(headers) - len(rows[-1]))
        numbers.append(index)
    if headers is None or not any(headers):
        raise SpreadsheetError(_("The file is empty."))
    if not rows:
        raise SpreadsheetError(no_rows)
    return Table(headers=headers, rows=rows, numbers=numbers)


# --- Mapping ------------------------------------------------------------------------------------


def suggest_mapping(
    headers: list[str], synonyms: Mapping[str, Iterable[str]], normalise: Callable[[str], str]
) -> dict[str, int | None]:
    """For each of our fields, the column whose header names it (first match wins), or ``None``.
    Headers and ``synonyms`` are compared as ``normalise`` gives them."""
    folded = [normalise(header) for header in headers]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for name, words in synonyms.items():
        wanted = {normalise(word) for word in words}
        found = next((i for i, h in enumerate(folded) if h in wanted and i not in taken), None)
        mapping[name] = found
        if found is not None:
            taken.add(found)
    return mapping


class ColumnMappingForm(forms.Form):
    """One choice per field of ours (``fields``: name → label): which column of the file holds it.

    ``required`` lists groups of fields of which at least one must be mapped, each with the message
    shown when none is."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        fields: Mapping[str, str | Promise],
        required: Iterable[tuple[tuple[str, ...], str | Promise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.labels = dict(fields)
        self.required_groups = list(required)
        columns = [("", _("— not in the file —"))]
        columns += [
            (str(i), header or _("column %(number)s") % {"number": i + 1}) for i, header in enumerate(headers)
        ]
        for name, label in fields.items():
            self.fields[name] = forms.ChoiceField(label=str(label), choices=columns, required=False)

    def mapping(self) -> dict[str, int | None]:
        return {name: int(value) if value else None for name, value in self.cleaned_data.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        for name, value in data.items():
            if value and value in used:
                self.add_error(
                    name,
                    _("This column is already used for “%(field)s”.") % {"field": self.labels[used[value]]},
                )
            elif value:
                used[value] = name
        for names, message in self.required_groups:
            if not any(data.get(name) for name in names):
                raise forms.ValidationError(str(message))
        return data


# --- Report -------------------------------------------------------------------------------------


@dataclass
class RowError:
    """What stops one row, naming the row as the spreadsheet shows it and the column by its header."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


# --- Upload -------------------------------------------------------------------------------------


class CappedMemoryUpload(MemoryFileUploadHandler):
    """Keeps the upload in memory (never in a temporary file) and stops it past ``MAX_BYTES``.

    Install it before the request body is read: in a ``csrf_exempt`` view that then calls a
    ``csrf_protect`` one (the CSRF check reads the body)."""

    too_large = False

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        super().handle_raw_input(*args, **kwargs)
        self.activated = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > MAX_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)
