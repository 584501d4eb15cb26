"""Importing people from the spreadsheets cities hold them in (CSV or XLSX): reading, column
mapping, row-by-row validation and the duplicate check. The writing is ``import_services``.

A file becomes a ``Table`` of strings (``read_table``); the caseworker maps its columns to our
fields (``suggest_mapping`` preselects what the headers say, in Valencian, Spanish, English or
French); ``rows_validate`` turns every row into ``PersonData`` or a list of errors naming the row
as the spreadsheet shows it (the header is row 1) and the column by its header.

Duplicates: every valid row is searched in the registry as a caseworker would search it by hand
(name, birth date, document). A row whose top candidate has the same document, the same name and
full date of birth, or scores at the linkage ``match`` threshold, is a *possible duplicate*: it is
left out unless the caseworker ticks "import anyway" for that row in the preview and gives one
reason for the rows they tick (kept on each record, as registration keeps its reason). Skipping by
default is what a caseworker expects of a bulk load: registering someone twice by accident is the
harm the registry exists to prevent, and a per-row choice keeps the decision with the person who
knows the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acollida.core import spreadsheets
from acollida.core.spreadsheets import RowError, SpreadsheetError, Table
from acollida.people.import_vocabulary import (
    DOCUMENT_KINDS,
    HEADER_SYNONYMS,
    NIE,
    RELATIONSHIPS,
    SEX_VALUES,
    R,
    country_code,
    language_code,
    nie_is_valid,
    parse_birth_date,
)
from acollida.people.linkage import Thresholds
from acollida.people.models import DatePrecision, IdentityDocument, Sex
from acollida.people.names import fold
from acollida.people.reference import parse_phone
from acollida.people.services import PersonData

# Our fields, in the order the mapping screen shows them.
FIELDS: dict[str, Promise] = {
    "given_name": gettext_lazy("Given name(s)"),
    "family_name": gettext_lazy("Family name(s)"),
    "native_name": gettext_lazy("Name in own script"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "nationality": gettext_lazy("Nationality"),
    "language": gettext_lazy("Language"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "address": gettext_lazy("Address"),
    "district": gettext_lazy("District"),
    "document_kind": gettext_lazy("Identity document type"),
    "document_number": gettext_lazy("Document number"),
    "household": gettext_lazy("Household"),
    "relationship": gettext_lazy("Relationship in the household"),
}
NAME_FIELDS = ("given_name", "family_name", "native_name")

MAX_LENGTHS = {"given_name": 150, "family_name": 150, "native_name": 200, "phone": 30, "address": 250,
               "district": 100, "document_number": 40, "household": 100, "email": 254}  # fmt: skip


# The file is read as every import reads it (``acollida.core.spreadsheets``); only the words for
# what the rows are differ.
ImportFileError = SpreadsheetError
_TOO_MANY_PEOPLE = gettext_lazy("The file has more than %(max)s people. Split it into smaller files.")
_NO_PEOPLE = gettext_lazy("The file has a header row but no people in it.")


def read_table(content: bytes) -> Table:
    """The file's rows as strings (see ``acollida.core.spreadsheets.read_table``). Raises
    ``ImportFileError`` with a message for the user."""
    return spreadsheets.read_table(content, too_many_rows=_TOO_MANY_PEOPLE, no_rows=_NO_PEOPLE)


# --- Mapping ------------------------------------------------------------------------------------


def suggest_mapping(headers: list[str]) -> dict[str, int | None]:
    """For each of our fields, the column whose header names it (first match wins), or ``None``."""
    return spreadsheets.suggest_mapping(headers, HEADER_SYNONYMS, fold)


# --- Validation ---------------------------------------------------------------------------------


@dataclass
class ImportRow:
    number: int
    data: PersonData
    household: str = ""
    relationship: str = ""
    errors: list[RowError] = field(default_factory=list)

    @property
    def born_display(self) -> str:
        """The birth date as precisely as the file gave it: 1985-03-07, 1985-03 or 1985."""
        born = self.data.date_of_birth
        if born is None:
            return ""
        if self.data.date_of_birth_precision == DatePrecision.EXACT:
            return born.isoformat()
        return (
            born.isoformat()[:7]
            if self.data.date_of_birth_precision == DatePrecision.MONTH
            else str(born.year)
        )

    @property
    def relationship_label(self) -> str:
        return str(R(self.relationship).label) if self.relationship in R.values else ""

    @property
    def document_number(self) -> str:
        return self.data.documents[0][1] if self.data.documents else ""


def rows_validate(table: Table, mapping: dict[str, int | None]) -> list[ImportRow]:
    """Every row as ``PersonData`` plus its household, or with the errors that stop it. Checks that
    span rows too: one document twice in the file, a household without or with two reference people."""
    sex_convention = _sex_convention(table, mapping.get("sex"))
    result: list[ImportRow] = []
    seen_documents: dict[str, int] = {}
    for cells, number in zip(table.rows, table.numbers, strict=True):
        row = _row_validate(table, mapping, cells, number, sex_convention)
        document = "".join(ch for ch in row.document_number.upper() if ch.isalnum())
        if document and document in seen_documents:
            row.errors.append(
                RowError(
                    number,
                    _column(table, mapping, "document_number"),
                    _("the same document as row %(row)s.") % {"row": seen_documents[document]},
                )
            )
        elif document:
            seen_documents[document] = number
        result.append(row)
    _households_check(table, mapping, result)
    return result


def _column(table: Table, mapping: dict[str, int | None], name: str) -> str:
    return table.column(mapping, name)


def _sex_convention(table: Table, index: int | None) -> str:
    """What a bare "M" means in this file: "male" when the file also uses F, "mujer" when it uses H
    (hombre), unknown when neither appears and an M could be either."""
    if index is None:
        return ""
    values = {fold(cells[index]) for cells in table.rows}
    if "h" in values and "f" not in values:
        return Sex.FEMALE
    if "f" in values and "h" not in values:
        return Sex.MALE
    return ""


def _row_validate(
    table: Table, mapping: dict[str, int | None], cells: list[str], number: int, sex_convention: str
) -> ImportRow:
    values = {name: (cells[index] if index is not None else "") for name, index in mapping.items()}
    values = {name: value.strip() for name, value in values.items()}
    data = PersonData(
        given_name=values.get("given_name", ""),
        family_name=values.get("family_name", ""),
        native_name=values.get("native_name", ""),
        address=values.get("address", ""),
        district=values.get("district", ""),
    )
    row = ImportRow(number=number, data=data, household=values.get("household", ""))

    def error(name: str, message: str) -> None:
        row.errors.append(RowError(number, _column(table, mapping, name), message))

    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            error(name, _("too long (at most %(max)s characters).") % {"max": limit})
    if not any(values.get(name) for name in NAME_FIELDS):
        columns = [_column(table, mapping, name) for name in NAME_FIELDS if mapping.get(name) is not None]
        row.errors.append(RowError(number, ", ".join(columns), _("enter at least one name.")))
    if values.get("date_of_birth"):
        try:
            data.date_of_birth, data.date_of_birth_precision = parse_birth_date(values["date_of_birth"])
        except ValueError:
            error(
                "date_of_birth",
                _("“%(value)s” is not a possible date of birth. Write it as DD/MM/YYYY, YYYY-MM-DD, "
                  "YYYY-MM or YYYY.") % {"value": values["date_of_birth"]},
            )  # fmt: skip
    if values.get("sex"):
        sex = fold(values["sex"])
        code = sex_convention if sex == "m" else SEX_VALUES.get(sex)
        if code:
            data.sex = code
        elif sex == "m":
            error(
                "sex",
                _("“M” could mean male or mujer in this file. Write F/M, or Dona/Home, or Mujer/Hombre."),
            )
        else:
            error(
                "sex",
                _("“%(value)s” is not a sex we know. Write F, M, X or leave it blank.")
                % {"value": values["sex"]},
            )
    for text in _split(values.get("nationality", ""), "/;"):
        country = country_code(text)
        if country:
            data.nationalities.append(country)
        else:
            message = _("“%(value)s” is not a country we recognise. Use its ISO code (e.g. SY) or its name.")
            error("nationality", message % {"value": text})
    for text in _split(values.get("language", ""), "/;,"):
        language = language_code(text)
        if language:
            data.languages.append((language, "native", False))
        else:
            message = _(
                "“%(value)s” is not a language we recognise. Use its ISO 639 code (e.g. ar) or its name."
            )
            error("language", message % {"value": text})
    if values.get("phone"):
        try:
            data.phone = parse_phone(values["phone"])
        except ValueError:
            error(
                "phone", _("this phone number is not valid. Include the country code if it is not Spanish.")
            )
    if values.get("email"):
        try:
            validate_email(values["email"])
            data.email = values["email"]
        except ValidationError:
            error("email", _("this e-mail address is not valid."))
    _document_validate(values, data, error)
    relationship = values.get("relationship", "")
    if relationship:
        row.relationship = RELATIONSHIPS.get(fold(relationship), "")
        if not row.relationship:
            message = _("“%(value)s” is not a relationship we know (e.g. head, partner, child, parent).")
            error("relationship", message % {"value": relationship})
        elif not row.household:
            error("relationship", _("a relationship needs a household: fill in the household column."))
    return row


def _document_validate(values: dict[str, str], data: PersonData, error: Any) -> None:
    number = values.get("document_number", "")
    kind_text = values.get("document_kind", "")
    kind = DOCUMENT_KINDS.get(fold(kind_text), "") if kind_text else ""
    if kind_text and not kind:
        message = _("“%(value)s” is not a document type we know (passport, NIE, TIE, DNI, other).")
        error("document_kind", message % {"value": kind_text})
        return
    if kind and not number:
        error("document_number", _("enter the document number."))
        return
    if not number:
        return
    compact = "".join(ch for ch in number.upper() if ch.isalnum())
    if not kind:
        kind = IdentityDocument.Kind.NIE if NIE.match(compact) else IdentityDocument.Kind.OTHER
    if kind == IdentityDocument.Kind.NIE and not nie_is_valid(compact):
        error("document_number", _("“%(value)s” is not a valid NIE (a letter X, Y or Z, seven digits and the "
                                   "control letter).") % {"value": number})  # fmt: skip
        return
    data.documents.append((kind, number, "", None))


def _split(text: str, separators: str) -> list[str]:
    parts = re.split("[" + re.escape(separators) + "]", text)
    return [part.strip() for part in parts if part.strip()]


def _households_check(table: Table, mapping: dict[str, int | None], rows: list[ImportRow]) -> None:
    members: dict[str, list[ImportRow]] = {}
    for row in rows:
        if row.household:
            members.setdefault(row.household, []).append(row)
    column = _column(table, mapping, "relationship") or _column(table, mapping, "household")
    for key, group in members.items():
        if len(group) == 1 and not group[0].relationship:
            group[0].relationship = R.HEAD
            continue
        heads = [row for row in group if row.relationship == R.HEAD]
        for row in group:
            if not row.relationship and not any(e.column == column for e in row.errors):
                row.errors.append(
                    RowError(row.number, column, _("say how this person is related to household “%(key)s”.")
                             % {"key": key})
                )  # fmt: skip
        if not heads:
            group[0].errors.append(
                RowError(group[0].number, column,
                         _("household “%(key)s” has no reference person (head).") % {"key": key})
            )  # fmt: skip
        for row in heads[1:]:
            row.errors.append(
                RowError(row.number, column,
                         _("household “%(key)s” already has a reference person in row %(row)s.")
                         % {"key": key, "row": heads[0].number})
            )  # fmt: skip


# --- Duplicates ---------------------------------------------------------------------------------


def search_text(row: ImportRow) -> str:
    """What a caseworker would type to look this person up: name, birth date (the year when that is
    all that is known), document."""
    parts = [row.data.given_name, row.data.family_name]
    if not (row.data.given_name or row.data.family_name):
        parts.append(row.data.native_name)
    born = row.data.date_of_birth
    if born and row.data.date_of_birth_precision == DatePrecision.EXACT:
        parts.append(born.isoformat())
    elif born:
        parts.append(str(born.year))
    if row.document_number:
        parts.append("".join(ch for ch in row.document_number if ch.isalnum()))
    return " ".join(part for part in parts if part)


def duplicates_find(*, user: Any, rows: list[ImportRow]) -> dict[int, Any]:
    """For each valid row whose top candidate in the registry is strong, that candidate (row number →
    a ``selectors.Candidate``): the same document, the same name with the same full date of birth
    (what a caseworker checks first, even where the name is too common for the model to be sure),
    or a match probability at the linkage ``match`` threshold.

    A strong candidate always shares a selective search key with the row (its document, two name
    words, or a name word with the birth year), so the rows are first checked against the key index
    in a few queries, and only the rows with a hit are searched and scored.
    """
    from acollida.people.models import PersonKey
    from acollida.people.selectors import parse_query, person_search, query_keys

    threshold = Thresholds().match
    texts = {row.number: search_text(row) for row in rows if not row.errors}
    keys = {number: query_keys(parse_query(text)) for number, text in texts.items()}
    wanted = sorted(set().union(*keys.values())) if keys else []
    present: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        present |= set(PersonKey.objects.filter(key__in=chunk).values_list("key", flat=True).distinct())
    found: dict[int, Any] = {}
    for number, text in texts.items():
        if not keys[number] & present:
            continue
        for candidate in person_search(user=user, text=text, limit=1):
            levels = candidate.explanation.levels
            same_name_and_date = levels.get("name") in {"exact", "skeleton"} and levels.get("date") == "exact"
            if (
                levels.get("document") == "same"
                or same_name_and_date
                or candidate.explanation.probability >= threshold
            ):
                found[number] = candidate
    return found
