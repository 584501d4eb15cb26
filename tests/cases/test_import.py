"""Importing open cases from spreadsheets: matching people, the row-by-row report, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from acollida.cases.imports import suggest_mapping, value_code
from acollida.cases.models import Case, CaseImport, Need
from acollida.core.models import ReadLog
from acollida.people.models import Person
from tests.cases.conftest import open_case, register
from tests.conftest import Network, login

HEADER = ["Núm. persona", "NIE", "Nom", "Cognoms", "Data de naixement", "Responsable", "Estat",
          "Sensibilitat", "Data d'obertura", "Necessitats", "A l'espera de"]  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are checked in English: URLs reversed here carry the /en/ prefix."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(network: Network) -> dict[str, Person]:
    """Three CAI persons, found by number, by document and by name with date of birth."""
    return {
        "by_id": register(network, given_name="Yusuf", family_name="Haddad"),
        "by_document": register(
            network, given_name="Olena", family_name="Kovalenko", documents=[("nie", "X1234567L", "", None)]
        ),
        "by_name": register(network, given_name="José", family_name="Núñez", date_of_birth=date(1985, 3, 7)),
    }


def _rows(people: dict[str, Person], network: Network) -> list[list[str]]:
    email = network.users["coordinator"].email
    return [
        [
            str(people["by_id"].pk),
            "",
            "",
            "",
            "",
            "",
            "obert",
            "normal",
            "15/01/2026",
            "habitatge, legal",
            "",
        ],
        ["", "X1234567L", "", "", "", email, "On hold", "", "2025-11-02", "language", "Asylum office"],
        ["", "", "jose", "NUNEZ", "07/03/1985", "", "", "restringit", "", "", ""],
    ]


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    return ("\r\n".join(";".join(row) for row in [header, *rows]) + "\r\n").encode("utf-8")


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client: Client, content: bytes, organisation_id: int, name: str = "cases.csv") -> Any:
    return client.post(
        reverse("cases:import_upload"),
        {"file": SimpleUploadedFile(name, content), "organisation": str(organisation_id)},
    )


def _to_preview(client: Client, network: Network, content: bytes, name: str = "cases.csv") -> CaseImport:
    """Upload, accept the suggested mapping, and land on the preview."""
    response = _upload(client, content, network.cai.pk, name)
    assert response.status_code == 302, response.context and response.context["form"].errors
    case_import = CaseImport.objects.latest("pk")
    mapping_url = reverse("cases:import_mapping", args=[case_import.pk])
    form = client.get(mapping_url).context["form"]
    data = {field: form[field].value() or "" for field in form.fields}
    assert client.post(mapping_url, data).status_code == 302
    return case_import


def _confirm(client: Client, case_import: CaseImport) -> Any:
    preview = client.get(reverse("cases:import_preview", args=[case_import.pk]))
    data = {"expected": str(preview.context["ready_count"])}
    return client.post(reverse("cases:import_confirm", args=[case_import.pk]), data)


def _errors(response: Any) -> list[str]:
    return [str(error) for error in response.context["report"].errors]


# --- Reading and vocabulary ---------------------------------------------------------------------


def test_headers_are_recognised_in_the_six_languages() -> None:
    assert suggest_mapping(HEADER)["opened_on"] == 8
    mapping = suggest_mapping(["رقم الشخص", "المسؤول", "الحالة", "الاحتياجات"])
    assert [mapping[name] for name in ("person_id", "responsible", "status", "needs")] == [0, 1, 2, 3]
    mapping = suggest_mapping(["Прізвище", "Ім'я", "Дата народження", "Статус", "Потреби"])
    assert [mapping[name] for name in ("family_name", "given_name", "date_of_birth", "status", "needs")] == [
        0, 1, 2, 3, 4,
    ]  # fmt: skip


def test_values_are_recognised_by_code_and_by_label_in_any_language() -> None:
    assert value_code("need", "legal_status") == value_code("need", "Situació jurídica") == "legal_status"
    assert value_code("need", "Habitatge") == value_code("need", "vivienda") == Need.Area.HOUSING
    assert value_code("need", "Llengua") == value_code("need", "Мова") == Need.Area.LANGUAGE  # labels
    assert value_code("status", "En suspens") == value_code("status", "on hold") == Case.Status.ON_HOLD
    assert value_code("sensitivity", "Protegido") == Case.Sensitivity.PROTECTED
    assert value_code("need", "something else") == ""


# --- Through the screens ------------------------------------------------------------------------


def test_a_good_csv_opens_every_case_as_the_file_says(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(_rows(people, network)))
    response = _confirm(client, case_import)
    assert response.status_code == 302
    by_id = Case.objects.get(person=people["by_id"])
    assert by_id.responsible == network.users["caseworker"]
    assert by_id.opened_at.date() == date(2026, 1, 15)
    assert sorted(by_id.needs.values_list("area", flat=True)) == ["housing", "legal_status"]
    by_document = Case.objects.get(person=people["by_document"])
    assert by_document.status == Case.Status.ON_HOLD
    assert by_document.responsible == network.users["coordinator"]
    assert by_document.waiting_for == "Asylum office"
    by_name = Case.objects.get(person=people["by_name"])
    assert by_name.sensitivity == Case.Sensitivity.RESTRICTED
    case_import.refresh_from_db()
    assert case_import.status == CaseImport.Status.IMPORTED
    assert case_import.imported_count == 3 and case_import.table == ""
    done = client.get(reverse("cases:import_preview", args=[case_import.pk]))
    assert by_name.reference in done.content.decode()


def test_one_bad_row_imports_nothing_and_the_report_names_its_row_and_column(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    rows = _rows(people, network)
    rows[1][9] = "language, parachuting"
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(rows))
    response = _confirm(client, case_import)
    assert response.status_code == 200
    assert _errors(response) == [
        "Row 3, column “Necessitats”: “parachuting” is not a need we know (e.g. housing, legal status, "
        "language, employment, health)."
    ]
    assert not Case.objects.exists()
    assert CaseImport.objects.get(pk=case_import.pk).status == CaseImport.Status.DRAFT


def test_a_failure_while_writing_rolls_back_the_rows_already_written(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    """The last row is fine at the preview; its person gets an open case before the confirmation."""
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(_rows(people, network)))
    preview = client.get(reverse("cases:import_preview", args=[case_import.pk]))
    open_case(network, person=people["by_name"])
    response = client.post(
        reverse("cases:import_confirm", args=[case_import.pk]), {"expected": preview.context["ready_count"]}
    )
    assert response.status_code == 200
    assert "already has an open case here" in _errors(response)[0]
    assert Case.objects.count() == 1


def test_an_xlsx_file_with_real_dates_is_read(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    rows: list[list[Any]] = [
        [people["by_id"].pk, "", "", "", "", "", "", "", date(2025, 6, 30), "health", ""]
    ]
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _xlsx(rows), name="cases.xlsx")
    assert _confirm(client, case_import).status_code == 302
    case = Case.objects.get(person=people["by_id"])
    assert case.opened_at.date() == date(2025, 6, 30)
    assert list(case.needs.values_list("area", flat=True)) == ["health"]


def test_a_file_not_in_utf8_is_refused_saying_how_to_save_it(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = _upload(client, "Nom;Cognoms\nJosé;Núñez\n".encode("latin-1"), network.cai.pk)
    assert response.status_code == 200
    assert "save it as “CSV UTF-8”" in response.context["form"].errors["file"][0]
    assert not CaseImport.objects.exists()


def test_a_person_with_an_open_case_here_is_refused(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    existing = open_case(network, person=people["by_id"])
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(_rows(people, network)[:1]))
    response = client.get(reverse("cases:import_preview", args=[case_import.pk]))
    assert _errors(response) == [
        f"Row 2, column “Núm. persona”: Yusuf Haddad already has an open case here: {existing.reference}."
    ]
    assert _confirm(client, case_import).status_code == 200
    assert Case.objects.count() == 1


def test_the_same_person_twice_in_the_file_is_refused(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    rows = _rows(people, network)
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv([rows[0], rows[0]]))
    response = client.get(reverse("cases:import_preview", args=[case_import.pk]))
    assert _errors(response) == ["Row 3, column “Núm. persona”: the same person as row 2."]


def test_a_person_of_another_organisation_is_refused_without_saying_they_exist(
    network: Network, client: Client
) -> None:
    cear_person = register(network, "ngo_caseworker", given_name="Awa", family_name="Diallo")
    row = [str(cear_person.pk), "", "", "", "", "", "", "", "", "", ""]
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv([row]))
    response = client.get(reverse("cases:import_preview", args=[case_import.pk]))
    assert _errors(response) == [
        f"Row 2, column “Núm. persona”: nobody with number {cear_person.pk} that you may open. Register or "
        "import the person first."
    ]
    assert "Diallo" not in response.content.decode()
    assert not ReadLog.objects.filter(record_type="person", record_id=cear_person.pk).exists()


def test_nobody_is_created_for_an_unknown_name(network: Network, client: Client) -> None:
    row = ["", "", "Nadia", "Benali", "01/02/1990", "", "", "", "", "", ""]
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv([row]))
    response = _confirm(client, case_import)
    assert _errors(response)[0].startswith(
        "Row 2, column “Nom, Cognoms, Data de naixement”: nobody you may open has this name and date of "
        "birth."
    )
    assert not Person.objects.filter(family_name="Benali").exists()


def test_a_responsible_who_is_not_staff_here_is_refused(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    rows = _rows(people, network)[:1]
    rows[0][5] = network.users["ngo_caseworker"].username
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(rows))
    errors = _errors(client.get(reverse("cases:import_preview", args=[case_import.pk])))
    assert errors[0].startswith(
        "Row 2, column “Responsable”: “ngo_caseworker” is not a caseworker or coordinator"
    )


def test_the_preview_logs_the_read_of_the_people_it_shows(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(_rows(people, network)))
    client.get(reverse("cases:import_preview", args=[case_import.pk]))
    logged = set(ReadLog.objects.filter(record_type="person").values_list("record_id", flat=True))
    assert {str(person.pk) for person in people.values()} <= {str(pk) for pk in logged}


def test_someone_elses_import_does_not_exist_for_them(
    network: Network, client: Client, people: dict[str, Person]
) -> None:
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(_rows(people, network)))
    login(client, network.users["coordinator"])
    assert client.get(reverse("cases:import_preview", args=[case_import.pk])).status_code == 404


def test_messages_are_translated(network: Network, client: Client, people: dict[str, Person]) -> None:
    rows = _rows(people, network)[:1]
    rows[0][8] = "31/02/2025"
    login(client, network.users["caseworker"])
    case_import = _to_preview(client, network, _csv(rows))
    with translation.override("ca"):
        response = client.get(reverse("cases:import_preview", args=[case_import.pk]))
        upload = _upload(client, "Nom;Cognoms\nJosé;Núñez\n".encode("latin-1"), network.cai.pk)
        assert _errors(response)[0].startswith("Fila 2, columna «Data d'obertura»: ")
    assert "El fitxer no està en UTF-8" in upload.context["form"].errors["file"][0]


def test_my_cases_offers_the_import_to_those_who_record_matters(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    assert reverse("cases:import_upload") in client.get(reverse("cases:mine")).content.decode()
    login(client, network.users["volunteer"])
    response = client.get(reverse("cases:mine"))
    assert response.status_code != 200 or reverse("cases:import_upload") not in response.content.decode()
