"""Importing open cases from a spreadsheet (CSV or XLSX): column mapping and row-by-row validation.
The writing is ``import_services``; reading the file is ``acollida.core.spreadsheets``.

Each row opens one case, held by the organisation chosen at upload, for a person already in the
registry whom the importing user may open. The person is found by their number in acollida, else
by a document number (through its keyed hash, as the registry keeps it), else by exactly the same
name (accents and case aside) with the same date of birth. A row that names nobody the user may
open fails: this import never creates people (import them first with the people import), and it
never says whether someone it may not show exists. A person who already has an open case at the
organisation, or appears twice in the file, fails too.

Other columns: the responsible caseworker (username or e-mail of a caseworker or coordinator of
the organisation; the importer when empty), the status (open or on hold), the sensitivity, the
date the case was opened, its needs (``housing; legal status``) and what it is waiting for. Their
values are recognised in the six languages of the interface, and by their codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acollida.cases.models import Case, Need
from acollida.cases.services import is_responsible_candidate
from acollida.core import spreadsheets
from acollida.core.models import Organisation, User
from acollida.core.spreadsheets import RowError, Table
from acollida.people.import_vocabulary import parse_birth_date
from acollida.people.models import DatePrecision, IdentityDocument, Person
from acollida.people.names import fold
from acollida.people.services import document_hash

# Our fields, in the order the mapping screen shows them.
FIELDS: dict[str, Promise] = {
    "person_id": gettext_lazy("Person number in acollida"),
    "document_number": gettext_lazy("Document number"),
    "given_name": gettext_lazy("Given name(s)"),
    "family_name": gettext_lazy("Family name(s)"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "responsible": gettext_lazy("Responsible caseworker (username or e-mail)"),
    "status": gettext_lazy("Status"),
    "sensitivity": gettext_lazy("Sensitivity"),
    "opened_on": gettext_lazy("Opened on"),
    "needs": gettext_lazy("Needs"),
    "waiting_for": gettext_lazy("Waiting for"),
}
WHO_FIELDS = ("person_id", "document_number", "given_name", "family_name")
WHO_REQUIRED = gettext_lazy(
    "Choose the column that says whom each case is for: the person number, a document number, "
    "or the names (with the date of birth)."
)
MAX_WAITING_FOR = 250

# Header words in Valencian, Spanish, English, French, Arabic and Ukrainian; compared folded
# (``names.fold``: lower-case ASCII, Arabic article dropped), so they are written here as people
# write them.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "person_id": ("id", "person id", "id persona", "persona id", "número de persona", "núm. persona",
                  "person number", "numéro de personne", "identifiant", "id acollida", "رقم الشخص",
                  "معرف الشخص", "ідентифікатор", "номер особи"),
    "document_number": ("nie", "pasaporte", "passaport", "passport", "passeport", "dni", "document",
                        "documento", "número de documento", "núm. document", "número de document",
                        "document number", "numéro de document", "nie/pasaporte", "tie", "رقم الوثيقة",
                        "جواز السفر", "وثيقة", "номер документа", "документ", "паспорт"),
    "given_name": ("nom", "noms", "nombre", "nombres", "first name", "given name", "given names", "name",
                   "prénom", "الاسم", "الاسم الأول", "ім'я", "імʼя"),
    "family_name": ("cognom", "cognoms", "apellido", "apellidos", "surname", "last name", "family name",
                    "nom de famille", "اسم العائلة", "اللقب", "прізвище"),
    "date_of_birth": ("data de naixement", "fecha de nacimiento", "f. nacimiento", "date of birth",
                      "birth date", "dob", "date de naissance", "naixement", "nacimiento", "تاريخ الميلاد",
                      "дата народження"),
    "responsible": ("responsable", "tècnic", "tècnica", "tècnic responsable", "técnico", "técnica",
                    "técnico responsable", "profesional", "professional", "responsible", "caseworker",
                    "case worker", "référent", "référente", "travailleur social", "المسؤول",
                    "الأخصائي الاجتماعي", "відповідальний", "соціальний працівник"),
    "status": ("estat", "estado", "status", "state", "statut", "état", "الحالة", "статус", "стан"),
    "sensitivity": ("sensibilitat", "sensibilidad", "sensitivity", "confidencialitat", "confidencialidad",
                    "sensibilité", "confidentialité", "الحساسية", "السرية", "чутливість",
                    "конфіденційність"),
    "opened_on": ("data d'obertura", "obertura", "fecha de apertura", "apertura", "alta", "fecha alta",
                  "data alta", "opened", "opened on", "date opened", "open date", "date d'ouverture",
                  "ouverture", "تاريخ الفتح", "تاريخ الافتتاح", "дата відкриття", "відкрито"),
    "needs": ("necessitats", "necesidades", "needs", "besoins", "àrees", "áreas", "areas",
              "الاحتياجات", "потреби"),
    "waiting_for": ("a l'espera de", "pendent de", "en espera de", "pendiente de", "waiting for",
                    "en attente de", "بانتظار", "في انتظار", "очікує", "очікування"),
}  # fmt: skip

# Words for values, beyond our codes and the labels in the six languages (added at run time).
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    Case.Status.OPEN: ("obert", "oberta", "abierto", "abierta", "ouvert", "ouverte", "en curs", "en curso",
                       "active", "actiu", "activa", "activo", "مفتوح", "مفتوحة", "відкрита", "відкритий"),
    Case.Status.ON_HOLD: ("en suspens", "en espera", "en pausa", "pausa", "suspès", "suspendido",
                          "suspendida", "suspendu", "hold", "paused", "معلق", "معلقة", "призупинена",
                          "призупинено"),
    Case.Status.CLOSED: ("tancat", "tancada", "cerrado", "cerrada", "fermé", "fermée", "مغلق",
                         "مغلقة", "закрита", "закритий"),
}  # fmt: skip
SENSITIVITY_WORDS: dict[str, tuple[str, ...]] = {
    Case.Sensitivity.NORMAL: ("normal", "normale", "عادي", "عادية", "звичайна", "звичайний"),
    Case.Sensitivity.RESTRICTED: ("restringit", "restringida", "restringido", "restreint", "restreinte",
                                  "مقيد", "مقيدة", "обмежена", "обмежений"),
    Case.Sensitivity.PROTECTED: ("protegit", "protegida", "protegido", "protégé", "protégée", "محمي",
                                 "محمية", "захищена", "захищений"),
}  # fmt: skip
NEED_WORDS: dict[str, tuple[str, ...]] = {
    Need.Area.HOUSING: ("habitatge", "vivienda", "logement", "allotjament", "alojamiento", "سكن",
                        "السكن", "житло"),
    Need.Area.LEGAL_STATUS: ("legal", "situació jurídica", "situación jurídica", "situació legal",
                             "situación legal", "situación administrativa",
                             "papers", "papeles", "statut juridique", "الوضع القانوني", "правовий статус"),
    Need.Area.LANGUAGE: ("idioma", "llengua", "lengua", "langue", "اللغة", "мова"),
    Need.Area.EMPLOYMENT: ("ocupació", "empleo", "treball", "trabajo", "formació", "formación",
                           "employment", "training", "emploi", "formation", "work", "عمل", "العمل",
                           "робота", "працевлаштування"),
    Need.Area.HEALTH: ("salut", "salud", "santé", "الصحة", "صحة", "здоров'я", "здоровʼя"),
    Need.Area.SCHOOLING: ("escolarització", "escolarización", "escola", "escuela", "school",
                          "scolarisation", "école", "التعليم", "المدرسة", "школа", "навчання дітей"),
    Need.Area.DOCUMENTATION: ("documentació", "documentación", "documents", "documentos", "الوثائق",
                              "документи"),
    Need.Area.PSYCHOSOCIAL: ("psicosocial", "psicològic", "psicológico", "psychosocial", "psychologique",
                             "الدعم النفسي", "психосоціальна підтримка"),
    Need.Area.BASIC_NEEDS: ("necessitats bàsiques", "necesidades básicas", "basic", "besoins de base",
                            "alimentació", "alimentación", "الاحتياجات الأساسية", "базові потреби"),
}  # fmt: skip
_LIST_SEPARATORS = re.compile(r"[;,|/\n،]")


def read_table(content: bytes) -> Table:
    """The file's rows (see ``acollida.core.spreadsheets.read_table``); raises ``SpreadsheetError``."""
    return spreadsheets.read_table(
        content,
        too_many_rows=gettext_lazy("The file has more than %(max)s cases. Split it into smaller files."),
        no_rows=gettext_lazy("The file has a header row but no cases in it."),
    )


def suggest_mapping(headers: list[str]) -> dict[str, int | None]:
    """For each of our fields, the column whose header names it (first match wins), or ``None``."""
    return spreadsheets.suggest_mapping(headers, HEADER_SYNONYMS, fold)


@lru_cache(maxsize=8)
def _vocabulary(kind: str) -> dict[str, str]:
    """Folded word → code, from the codes, their labels in every language and the extra words."""
    choices, extra = {
        "status": (Case.Status.choices, STATUS_WORDS),
        "sensitivity": (Case.Sensitivity.choices, SENSITIVITY_WORDS),
        "need": (Need.Area.choices, NEED_WORDS),
    }[kind]
    words: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                words.setdefault(fold(str(label)), value)
    for value, _label in choices:
        words[fold(value)] = value
        for word in extra.get(value, ()):
            words.setdefault(fold(word), value)
    return words


def value_code(kind: str, text: str) -> str:
    """The code a cell means (``status``, ``sensitivity`` or ``need``), or "" when none."""
    return _vocabulary(kind).get(fold(text), "")


# --- Validation ---------------------------------------------------------------------------------


@dataclass
class CaseRow:
    number: int
    person: Person | None = None
    responsible: User | None = None
    status: str = Case.Status.OPEN
    sensitivity: str = Case.Sensitivity.NORMAL
    opened_on: date | None = None
    needs: list[str] = field(default_factory=list)
    waiting_for: str = ""
    errors: list[RowError] = field(default_factory=list)
    person_column: str = ""  # the column(s) the person was found by

    @property
    def status_label(self) -> str:
        return str(Case.Status(self.status).label)

    @property
    def sensitivity_label(self) -> str:
        return str(Case.Sensitivity(self.sensitivity).label)

    @property
    def need_labels(self) -> list[str]:
        return [str(Need.Area(area).label) for area in self.needs]


class _Rows:
    """The checks of one file, with what they look up in the database kept for the other rows."""

    def __init__(self, table: Table, mapping: dict[str, int | None], user: Any, organisation: Organisation):
        self.table = table
        self.mapping = mapping
        self.user = user
        self.organisation = organisation
        self.persons = Person.objects.visible_to(user).select_related("organisation")
        self.responsibles: dict[str, User | None] = {}
        self.seen: dict[int, int] = {}  # person id → the first row naming them

    def column(self, name: str) -> str:
        return self.table.column(self.mapping, name)

    def _error(self, row: CaseRow, name: str, message: str) -> None:
        row.errors.append(RowError(row.number, self.column(name), message))

    def validate(self, cells: list[str], number: int) -> CaseRow:
        values = {name: cells[index].strip() for name, index in self.mapping.items() if index is not None}
        row = CaseRow(number=number)

        row.person = self._person(values, row)
        if row.person is not None:
            self._person_check(row)
        row.responsible = self._responsible(values.get("responsible", ""), row)
        if values.get("status"):
            status = value_code("status", values["status"])
            if status == Case.Status.CLOSED:
                self._error(row, "status", _("only open cases (or cases on hold) can be imported."))
            elif status:
                row.status = status
            else:
                self._error(
                    row,
                    "status",
                    _("“%(value)s” is not a status we know. Write open or on hold.")
                    % {"value": values["status"]},
                )
        if values.get("sensitivity"):
            sensitivity = value_code("sensitivity", values["sensitivity"])
            if sensitivity:
                row.sensitivity = sensitivity
            else:
                self._error(
                    row,
                    "sensitivity",
                    _("“%(value)s” is not a sensitivity we know. Write normal, restricted or protected.")
                    % {"value": values["sensitivity"]},
                )
        if row.person is not None and row.person.is_protected:
            row.sensitivity = Case.Sensitivity.PROTECTED
        row.opened_on = self._opened_on(values.get("opened_on", ""), row)
        for text in (part.strip() for part in _LIST_SEPARATORS.split(values.get("needs", ""))):
            area = value_code("need", text) if text else ""
            if area and area not in row.needs:
                row.needs.append(area)
            elif text and not area:
                self._error(
                    row,
                    "needs",
                    _(
                        "“%(value)s” is not a need we know (e.g. housing, legal status, language, "
                        "employment, health)."
                    )
                    % {"value": text},
                )
        row.waiting_for = values.get("waiting_for", "")
        if len(row.waiting_for) > MAX_WAITING_FOR:
            self._error(
                row, "waiting_for", _("too long (at most %(max)s characters).") % {"max": MAX_WAITING_FOR}
            )
        return row

    def _person(self, values: dict[str, str], row: CaseRow) -> Person | None:
        person_id = values.get("person_id", "")
        document = values.get("document_number", "")
        given, family = values.get("given_name", ""), values.get("family_name", "")
        if person_id:
            digits = person_id.lstrip("#").strip()
            found = (
                self.persons.filter(pk=int(digits)).first() if digits.isdigit() and len(digits) < 12 else None
            )
            row.person_column = self.column("person_id")
            if found is None:
                self._error(
                    row,
                    "person_id",
                    _("nobody with number %(value)s that you may open. Register or import the person first.")
                    % {"value": person_id},
                )
            elif found.merged_into_id is not None:
                self._error(
                    row,
                    "person_id",
                    _("this record was merged into number %(number)s. Use that one.")
                    % {"number": found.merged_into_id},
                )
                return None
            return found
        if document:
            holders = IdentityDocument.objects.filter(
                number_hash=document_hash(document), person__in=self.persons.active()
            )
            matches = list(self.persons.filter(pk__in=holders.values("person_id"))[:2])
            row.person_column = self.column("document_number")
            if not matches:
                self._error(
                    row,
                    "document_number",
                    _("nobody you may open has this document. Register or import the person first."),
                )
            elif len(matches) > 1:
                self._error(
                    row,
                    "document_number",
                    _("more than one person you may open has this document. Use the person number."),
                )
            return matches[0] if len(matches) == 1 else None
        if not (given or family):
            columns = [self.column(name) for name in WHO_FIELDS if self.mapping.get(name) is not None]
            message = _(
                "say whom the case is for: the person number, a document number, or the name with "
                "the date of birth."
            )
            row.errors.append(RowError(row.number, ", ".join(columns), message))
            return None
        return self._person_by_name(values, row)

    def _person_by_name(self, values: dict[str, str], row: CaseRow) -> Person | None:
        given, family = values.get("given_name", ""), values.get("family_name", "")
        born_text = values.get("date_of_birth", "")
        if not born_text:
            self._error(
                row,
                "date_of_birth",
                _("give the date of birth with the name (or the person number, or a document number)."),
            )
            return None
        try:
            born, precision = parse_birth_date(born_text)
        except ValueError:
            born, precision = None, DatePrecision.EXACT
        if born is None:
            self._error(
                row,
                "date_of_birth",
                _("“%(value)s” is not a possible date of birth. Write it as DD/MM/YYYY or YYYY-MM-DD.")
                % {"value": born_text},
            )
            return None
        same_date = self.persons.active().filter(date_of_birth=born, date_of_birth_precision=precision)
        # Few people share a date of birth: compare their names folded (accents and case aside).
        matches = [
            person
            for person in same_date[:5000]
            if fold(person.given_name) == fold(given) and fold(person.family_name) == fold(family)
        ]
        columns = ", ".join(
            self.column(name)
            for name in ("given_name", "family_name", "date_of_birth")
            if self.mapping.get(name) is not None
        )
        row.person_column = columns
        if not matches:
            message = _(
                "nobody you may open has this name and date of birth. Register or import the person "
                "first, or use the person number."
            )
            row.errors.append(RowError(row.number, columns, message))
            return None
        if len(matches) > 1:
            message = _(
                "more than one person you may open has this name and date of birth. Use the person number."
            )
            row.errors.append(RowError(row.number, columns, message))
            return None
        return matches[0]

    def _person_check(self, row: CaseRow) -> None:
        assert row.person is not None
        first = self.seen.get(row.person.pk)
        if first is not None:
            message = _("the same person as row %(row)s.") % {"row": first}
            row.errors.append(RowError(row.number, row.person_column, message))
            return
        self.seen[row.person.pk] = row.number
        existing = (
            Case.objects.open()
            .filter(organisation=self.organisation, person=row.person)
            .values_list("reference", flat=True)
            .first()
        )
        if existing:
            row.errors.append(
                RowError(
                    row.number,
                    row.person_column,
                    _("%(name)s already has an open case here: %(reference)s.")
                    % {"name": row.person.full_name or row.person.native_name, "reference": existing},
                )
            )

    def _responsible(self, text: str, row: CaseRow) -> User | None:
        key = text.casefold()
        if key not in self.responsibles:
            if not text:
                user = self.user if is_responsible_candidate(self.user, self.organisation.pk) else None
            else:
                user = (
                    User.objects.filter(is_active=True)
                    .filter(Q(username__iexact=text) | Q(email__iexact=text))
                    .order_by("pk")
                    .first()
                )
                if user is not None and not is_responsible_candidate(user, self.organisation.pk):
                    user = None
            self.responsibles[key] = user
        user = self.responsibles[key]
        if user is None and text:
            self._error(
                row,
                "responsible",
                _(
                    "“%(value)s” is not a caseworker or coordinator of %(organisation)s. Give "
                    "their username or e-mail."
                )
                % {"value": text, "organisation": self.organisation.display_name},
            )
        elif user is None:
            self._error(
                row,
                "responsible",
                _("you are not a caseworker or coordinator here: name the responsible caseworker."),
            )
        return user

    def _opened_on(self, text: str, row: CaseRow) -> date:
        today = timezone.localdate()
        if not text:
            return today
        try:
            opened, precision = parse_birth_date(text)
        except ValueError:
            opened, precision = None, ""
        if opened is None or precision != DatePrecision.EXACT or opened > today:
            self._error(
                row,
                "opened_on",
                _(
                    "“%(value)s” is not a possible opening date. Write it as DD/MM/YYYY or "
                    "YYYY-MM-DD, not later than today."
                )
                % {"value": text},
            )
            return today
        return opened


def rows_validate(
    table: Table, mapping: dict[str, int | None], *, user: Any, organisation: Organisation
) -> list[CaseRow]:
    """Every row as the case it would open, or with the errors that stop it."""
    checks = _Rows(table, mapping, user, organisation)
    return [checks.validate(cells, number) for cells, number in zip(table.rows, table.numbers, strict=True)]
