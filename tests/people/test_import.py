"""Importing people from spreadsheets: mapping, the row-by-row report, duplicates, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from acollida.people.import_vocabulary import country_code, language_code, parse_birth_date
from acollida.people.imports import ImportFileError, read_table, rows_validate, suggest_mapping
from acollida.people.models import Household, HouseholdMember, Person, PersonImport
from acollida.people.services import PersonData, person_register
from tests.conftest import Network, login

HEADER = ["Nom", "Cognoms", "Data de naixement", "Sexe", "Nacionalitat", "Idioma", "Telèfon", "NIE",
          "Família", "Parentiu"]  # fmt: skip
ROWS = [
    ["Yusuf", "Haddad", "07/03/1985", "H", "Siria", "árabe", "600 11 22 33", "X1234567L", "F1", "Titular"],
    ["Amina", "Haddad", "1988-05", "M", "SY", "ar", "", "", "F1", "Cónyuge"],
    ["Omar", "Haddad", "2015", "H", "Síria", "", "", "", "F1", "Hijo"],
    ["Olena", "Kovalenko", "1979-11-02", "M", "Ucrania", "uk", "+380 44 123 4567", "", "", ""],
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are checked in English: URLs reversed here carry the /en/ prefix."""
    with translation.override("en"):
        yield


def _csv(rows: list[list[str]], *, delimiter: str = ";", bom: bool = False) -> bytes:
    lines = [delimiter.join(row) for row in [HEADER, *rows]]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client: Client, content: bytes, organisation_id: int, name: str = "people.csv") -> object:
    return client.post(
        reverse("people:import_upload"),
        {"file": SimpleUploadedFile(name, content), "organisation": str(organisation_id)},
    )


def _to_preview(client: Client, network: Network, content: bytes, name: str = "people.csv") -> PersonImport:
    """Upload, accept the suggested mapping, and land on the preview."""
    response = _upload(client, content, network.cai.pk, name)
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    person_import = PersonImport.objects.latest("pk")
    mapping_url = reverse("people:import_mapping", args=[person_import.pk])
    form = client.get(mapping_url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(mapping_url, data)
    assert response.status_code == 302
    return person_import


def _confirm(client: Client, person_import: PersonImport, **extra: object) -> object:
    preview = client.get(reverse("people:import_preview", args=[person_import.pk]))
    data = {"expected": str(preview.context["ready_count"]), **extra}
    return client.post(reverse("people:import_confirm", args=[person_import.pk]), data)


# --- Reading and checking, without the web ---------------------------------------------------


def test_header_names_in_valencian_spanish_and_english_are_recognised() -> None:
    mapping = suggest_mapping(["Nombre", "Apellidos", "Fecha de nacimiento", "Pasaporte", "First name"])
    assert mapping["given_name"] == 0 and mapping["family_name"] == 1
    assert mapping["date_of_birth"] == 2 and mapping["document_number"] == 3
    assert suggest_mapping(HEADER)["phone"] == 6


def test_comma_or_semicolon_with_or_without_bom_read_the_same() -> None:
    expected = read_table(_csv(ROWS))
    for content in (_csv(ROWS, delimiter=","), _csv(ROWS, bom=True), _csv(ROWS, delimiter=",", bom=True)):
        table = read_table(content)
        assert table.headers == expected.headers and table.rows == expected.rows
    assert table.numbers == [2, 3, 4, 5]


def test_spanish_dates_keep_their_precision() -> None:
    assert parse_birth_date("07/03/1985") == (date(1985, 3, 7), "exact")
    assert parse_birth_date("03/1985") == (date(1985, 3, 1), "month")
    assert parse_birth_date("1985") == (date(1985, 1, 1), "year")
    for impossible in ("31/02/1985", "1985-13", "07/03/2999", "ayer"):
        with pytest.raises(ValueError):
            parse_birth_date(impossible)


def test_values_are_understood_in_several_languages(db: None) -> None:
    table = read_table(_csv(ROWS))
    rows = rows_validate(table, suggest_mapping(table.headers))
    assert [row.errors for row in rows] == [[], [], [], []]
    yusuf, amina, _omar, olena = rows
    assert yusuf.data.sex == "M" and amina.data.sex == "F"  # H/M: hombre/mujer in this file
    assert yusuf.data.nationalities == ["SY"] and olena.data.nationalities == ["UA"]
    assert yusuf.data.languages == [("ar", "native", False)]
    assert yusuf.data.phone == "+34 600 11 22 33"
    assert yusuf.data.documents == [("nie", "X1234567L", "", None)]
    assert [row.relationship for row in rows[:3]] == ["head", "partner", "child"]


def test_country_and_language_names_map_only_when_unambiguous() -> None:
    assert country_code("Marruecos") == country_code("Marroc") == country_code("MAR") == "MA"
    assert country_code("apátrida") == "XX"
    assert country_code("Congo") == ""  # two countries are called Congo: the row gets an error
    assert language_code("ucraniano") == language_code("Ukrainian") == language_code("ukr") == "uk"


def test_not_a_spreadsheet_is_refused_with_a_reason() -> None:
    with pytest.raises(ImportFileError, match="not a CSV or XLSX"):
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ImportFileError, match="UTF-8"):
        read_table("Nom;Cognoms\nJosé;Núñez\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="not a CSV or XLSX"):
        read_table(b"PK\x03\x04 this is not really a workbook")


# --- Through the screens ---------------------------------------------------------------------


def test_a_good_csv_imports_every_row_with_its_household(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    person_import = _to_preview(client, network, _csv(ROWS))
    response = _confirm(client, person_import)
    assert response.status_code == 302
    assert Person.objects.filter(organisation=network.cai).count() == 4
    household = Household.objects.get()
    members = {m.person.given_name: m.relationship for m in HouseholdMember.objects.select_related("person")}
    assert members == {"Yusuf": "head", "Amina": "partner", "Omar": "child"}
    assert household.name == "Haddad" and household.organisation == network.cai
    yusuf = Person.objects.get(given_name="Yusuf")
    assert yusuf.date_of_birth == date(1985, 3, 7) and yusuf.documents.get().number == "X1234567L"
    assert yusuf.keys.filter(key__startswith="d:").exists()  # findable by document
    person_import.refresh_from_db()
    assert person_import.status == "imported" and person_import.imported_count == 4
    assert person_import.table == "" and person_import.persons.count() == 4
    done = client.get(reverse("people:import_preview", args=[person_import.pk]))
    assert "Olena" in done.content.decode()
    again = client.post(reverse("people:import_confirm", args=[person_import.pk]), {"expected": "4"})
    assert again.status_code == 302 and Person.objects.count() == 4  # a second click imports nothing


def test_a_good_xlsx_imports_every_row(network: Network, client: Client) -> None:
    rows: list[list[object]] = [list(row) for row in ROWS]
    rows[0][2] = date(1985, 3, 7)  # a real date cell
    rows[0][6] = 600112233  # a phone typed as a number
    rows[2][2] = 2015
    login(client, network.users["caseworker"])
    person_import = _to_preview(client, network, _xlsx(rows), name="people.xlsx")
    assert _confirm(client, person_import).status_code == 302
    assert Person.objects.count() == 4 and HouseholdMember.objects.count() == 3
    assert Person.objects.get(given_name="Yusuf").phone == "+34 600 11 22 33"
    omar = Person.objects.get(given_name="Omar")
    assert omar.date_of_birth == date(2015, 1, 1) and omar.date_of_birth_precision == "year"


def test_one_bad_row_imports_nothing_and_the_report_names_row_and_column(
    network: Network, client: Client
) -> None:
    rows = [list(row) for row in ROWS]
    rows[2][2] = "31/02/2015"
    login(client, network.users["caseworker"])
    person_import = _to_preview(client, network, _csv(rows))
    preview = client.get(reverse("people:import_preview", args=[person_import.pk]))
    errors = [str(e) for e in preview.context["report"].errors]
    assert errors == [
        "Row 4, column “Data de naixement”: “31/02/2015” is not a possible date of birth. "
        "Write it as DD/MM/YYYY, YYYY-MM-DD, YYYY-MM or YYYY."
    ]
    assert "Import 3 people" not in preview.content.decode()
    response = client.post(reverse("people:import_confirm", args=[person_import.pk]), {"expected": "3"})
    assert response.status_code == 200
    assert not Person.objects.exists() and not Household.objects.exists()
    person_import.refresh_from_db()
    assert person_import.status == "draft"


def test_a_failure_while_writing_rolls_everything_back(network: Network, client: Client) -> None:
    rows = [list(row) for row in ROWS]
    rows[3][1] = "K" * 151  # caught by the report already; force it past the check to reach the writes
    login(client, network.users["caseworker"])
    person_import = _to_preview(client, network, _csv(rows))
    from acollida.people import import_services

    real_report = import_services.import_report

    def lenient_report(**kwargs: object) -> import_services.Report:
        report = real_report(**kwargs)  # type: ignore[arg-type]
        for row in report.rows:
            row.errors = []
        report.errors = []
        return report

    import_services.import_report = lenient_report  # type: ignore[assignment]
    try:
        response = client.post(reverse("people:import_confirm", args=[person_import.pk]), {"expected": "4"})
    finally:
        import_services.import_report = real_report  # type: ignore[assignment]
    assert response.status_code == 200
    assert not Person.objects.exists() and not Household.objects.exists()


def test_an_oversized_file_gets_a_clear_error(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    big = _csv(ROWS) + b"x;" * (3 * 1024 * 1024)
    response = _upload(client, big, network.cai.pk)
    assert response.status_code == 200
    assert "larger than 5 MB" in response.content.decode()
    assert not PersonImport.objects.exists()


def test_a_picture_is_not_a_spreadsheet(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = _upload(client, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", network.cai.pk, name="photo.png")
    assert response.status_code == 200
    assert "not a CSV or XLSX file" in response.content.decode()
    assert not PersonImport.objects.exists()


def test_too_many_rows_are_refused(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    rows = [["N", f"P{i}", "", "", "", "", "", "", "", ""] for i in range(5001)]
    response = _upload(client, _csv(rows), network.cai.pk)
    assert "more than 5000 people" in response.content.decode()


@pytest.fixture
def registered_yusuf(network: Network) -> Person:
    return person_register(
        actor=network.users["ngo_caseworker"],
        organisation=network.cear,
        data=PersonData(
            given_name="Yusuf",
            family_name="Haddad",
            date_of_birth=date(1985, 3, 7),
            documents=[("nie", "X1234567L", "", None)],
        ),
        candidates_seen=0,
    )


def test_possible_duplicates_are_flagged_redacted_and_left_out(
    network: Network, client: Client, registered_yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    person_import = _to_preview(client, network, _csv(ROWS))
    preview = client.get(reverse("people:import_preview", args=[person_import.pk]))
    assert set(preview.context["report"].duplicates) == {2}
    page = preview.content.decode()
    assert "Y. H." in page and "CEAR-PV" in page  # held elsewhere: initials and holder only
    assert reverse("people:detail", args=[registered_yusuf.pk]) not in page
    assert _confirm(client, person_import).status_code == 302
    assert Person.objects.filter(organisation=network.cai).count() == 3
    assert not Person.objects.filter(organisation=network.cai, given_name="Yusuf").exists()
    person_import.refresh_from_db()
    assert person_import.skipped_count == 1


def test_a_ticked_duplicate_is_imported_with_the_reason(
    network: Network, client: Client, registered_yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    person_import = _to_preview(client, network, _csv(ROWS))
    response = _confirm(client, person_import, import_anyway="2")
    assert response.status_code == 200 and response.context["reason_error"]
    assert not Person.objects.filter(organisation=network.cai).exists()
    response = _confirm(client, person_import, import_anyway="2", reason="Same NIE typed by mistake")
    assert response.status_code == 302
    imported = Person.objects.get(organisation=network.cai, given_name="Yusuf")
    assert imported.creation_reason == "Same NIE typed by mistake"


def test_another_user_cannot_see_or_confirm_someone_elses_import(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    person_import = _to_preview(client, network, _csv(ROWS))
    client.logout()
    login(client, network.users["coordinator"])  # same organisation, same rights: still not theirs
    for name in ("import_mapping", "import_preview"):
        assert client.get(reverse(f"people:{name}", args=[person_import.pk])).status_code == 404
    response = client.post(reverse("people:import_confirm", args=[person_import.pk]), {"expected": "4"})
    assert response.status_code == 404
    assert not Person.objects.exists()


def test_no_import_where_you_may_not_register(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = _upload(client, _csv(ROWS), network.cear.pk)  # another organisation
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    client.logout()
    login(client, network.users["volunteer"])
    assert client.get(reverse("people:import_upload")).status_code == 403
    assert _upload(client, _csv(ROWS), network.cear.pk).status_code == 403  # type: ignore[attr-defined]
    assert not PersonImport.objects.exists()


def test_losing_the_right_to_register_closes_an_open_import(network: Network, client: Client) -> None:
    user = network.users["caseworker"]
    login(client, user)
    person_import = _to_preview(client, network, _csv(ROWS))
    user.memberships.update(is_active=False)
    response = client.post(reverse("people:import_confirm", args=[person_import.pk]), {"expected": "4"})
    assert response.status_code == 403
    assert not Person.objects.exists()
