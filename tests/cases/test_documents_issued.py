"""Documents the office issues: templates coordinators edit, filled from the case into a PDF in
Spanish or Valencian and kept with the case; the template engine reaches nothing but its context."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from acollida.cases.models import Case, CaseDocument, DocumentTemplate
from acollida.cases.selectors_documents import templates_for_case
from acollida.cases.services import timeline_add
from acollida.cases.services_documents import (
    document_content,
    document_issue,
    document_template_copy,
    document_template_create,
    document_template_update,
    document_templates_load,
)
from acollida.people.models import Nationality
from tests.cases.conftest import open_case, register
from tests.conftest import Network, login


@pytest.fixture(autouse=True)
def media_root(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    yield tmp_path


def pdf_text(document: CaseDocument) -> str:
    reader = PdfReader(BytesIO(document_content(document)))
    return "\n".join(page.extract_text() for page in reader.pages)


def network_template(code: str = "attendance", language: str = "ca", body: str = "") -> DocumentTemplate:
    return DocumentTemplate.objects.create(
        code=code,
        language=language,
        name="Certificat",
        body=body or "{{ person.name }} · {{ case.reference }}",
    )


@pytest.fixture
def languages_case(network: Network) -> Case:
    person = register(network, given_name="Oleksandra", family_name="Kovalenko")
    Nationality.objects.create(person=person, country="UA")
    case = open_case(network, person=person)
    for days in (40, 10):
        timeline_add(
            actor=network.users["caseworker"],
            case=case,
            kind="service",
            service_type="language_course",
            text="",
            occurred_on=timezone.localdate() - timedelta(days=days),
        )
    return case


def test_templates_load_is_idempotent(db: None) -> None:
    assert document_templates_load()["created"] == 4
    assert document_templates_load() == {"created": 0, "updated": 0, "unchanged": 4}
    assert set(DocumentTemplate.objects.values_list("language", flat=True)) == {"es", "ca"}


def test_load_command_reports_its_counts(db: None) -> None:
    out = StringIO()
    call_command("cases", "load-document-templates", stdout=out)
    assert "4 created" in out.getvalue()


def test_valencian_certificate_names_the_person_and_the_case(network: Network, languages_case: Case) -> None:
    document_templates_load()
    template = DocumentTemplate.objects.get(code="language-course-attendance", language="ca")
    document = document_issue(actor=network.users["caseworker"], case=languages_case, template=template)
    text = pdf_text(document)
    assert "Oleksandra Kovalenko" in text
    assert languages_case.reference in text
    assert "CERTIFICA" in text
    assert (document.kind, document.content_type) == ("issued", "application/pdf")


def test_spanish_report_lists_nationality_in_spanish(network: Network, languages_case: Case) -> None:
    document_templates_load()
    template = DocumentTemplate.objects.get(code="social-integration-report", language="es")
    with translation.override("en"):
        document = document_issue(actor=network.users["caseworker"], case=languages_case, template=template)
    assert "Ucrania" in pdf_text(document)


def test_issue_page_keeps_the_pdf_with_the_case(
    network: Network, languages_case: Case, client: Client
) -> None:
    template = network_template()
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("cases:document_issue", args=[languages_case.pk]), {"template": template.pk}
    )
    assert response.status_code == 302
    assert CaseDocument.objects.get(case=languages_case).title == "Certificat"


def test_issue_page_explains_a_template_with_a_mistake(network: Network, case: Case, client: Client) -> None:
    template = network_template(body="Hola {% if %}")
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(reverse("cases:document_issue", args=[case.pk]), {"template": template.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "could not be made" in page
    assert "not understood" in page
    assert not CaseDocument.objects.exists()


def test_template_editor_shows_the_line_of_a_syntax_error(network: Network, client: Client) -> None:
    login(client, network.users["coordinator"])
    with translation.override("en"):
        response = client.post(
            reverse("cases:document_template_create"),
            {
                "organisation": network.cai.pk,
                "code": "letter",
                "language": "es",
                "name": "Carta",
                "body": "Hola {{ person.name }}\n{% for x in %}",
                "is_active": "on",
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2" in page
    assert "Hola {{ person.name }}" in page  # nothing typed is lost
    assert not DocumentTemplate.objects.exists()


def test_template_cannot_load_libraries_or_include_files(network: Network) -> None:
    for body in (
        "{% load static %}",
        "{% include 'base.html' %}",
        "{% debug %}",
        "{{ x|safe }}",
        "{% url 'x' %}",
    ):
        with pytest.raises(ValidationError):
            document_template_create(
                actor=network.users["coordinator"],
                organisation=network.cai,
                code="x",
                language="ca",
                name="x",
                body=body,
            )


def test_template_cannot_delete_the_case_or_read_settings(network: Network, case: Case) -> None:
    template = network_template(
        body="{{ case.delete }}{{ case.save }}{{ settings.SECRET_KEY }}{{ person.clear }}"
        "{{ services.pop }}{{ case.reference }}"
    )
    document = document_issue(actor=network.users["caseworker"], case=case, template=template)
    assert Case.objects.filter(pk=case.pk).exists()
    text = pdf_text(document)
    assert case.reference in text
    assert "SECRET" not in text and "django-insecure" not in text


def test_household_case_cannot_be_issued_a_document(network: Network) -> None:
    from acollida.cases.services import case_open
    from acollida.people.households import household_create

    household = household_create(actor=network.users["caseworker"], organisation=network.cai, name="Diallo")
    household_case = case_open(
        actor=network.users["caseworker"], organisation=network.cai, household=household
    )
    with translation.override("en"), pytest.raises(ValidationError, match="household"):
        document_issue(actor=network.users["caseworker"], case=household_case, template=network_template())


def test_organisation_copy_replaces_the_network_template_for_its_cases(network: Network, case: Case) -> None:
    shared = network_template()
    copy = document_template_copy(
        actor=network.users["coordinator"], template=shared, organisation=network.cai
    )
    assert templates_for_case(case) == [copy]


def test_copying_twice_is_refused_clearly(network: Network) -> None:
    shared = network_template()
    document_template_copy(actor=network.users["coordinator"], template=shared, organisation=network.cai)
    with translation.override("en"), pytest.raises(ValidationError, match="already has its own version"):
        document_template_copy(actor=network.users["coordinator"], template=shared, organisation=network.cai)


def test_another_organisations_template_is_not_offered(network: Network, case: Case) -> None:
    DocumentTemplate.objects.create(
        organisation=network.cear, code="cear", language="es", name="CEAR", body="x"
    )
    assert templates_for_case(case) == []


def test_caseworker_cannot_edit_templates(network: Network) -> None:
    template = DocumentTemplate.objects.create(
        organisation=network.cai, code="c", language="es", name="C", body="x"
    )
    with pytest.raises(PermissionDenied):
        document_template_update(
            actor=network.users["caseworker"], template=template, name="C", body="y", is_active=True
        )


def test_network_template_is_not_edited_in_place(network: Network) -> None:
    with pytest.raises(PermissionDenied):
        document_template_update(
            actor=network.users["coordinator"],
            template=network_template(),
            name="C",
            body="y",
            is_active=True,
        )


def test_coordinator_finds_the_templates_from_the_case_page(
    network: Network, case: Case, client: Client
) -> None:
    login(client, network.users["coordinator"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:document_templates") in page


def test_template_list_offers_to_copy_network_templates(network: Network, client: Client) -> None:
    document_templates_load()
    login(client, network.users["coordinator"])
    response = client.get(reverse("cases:document_templates"))
    shared = DocumentTemplate.objects.get(code="language-course-attendance", language="ca")
    assert reverse("cases:document_template_copy", args=[shared.pk]) in response.content.decode()


def test_copy_page_action_opens_the_copy_to_edit(network: Network, client: Client) -> None:
    shared = network_template()
    login(client, network.users["coordinator"])
    response = client.post(reverse("cases:document_template_copy", args=[shared.pk]))
    copy = DocumentTemplate.objects.get(organisation=network.cai)
    assert response["Location"] == reverse("cases:document_template_edit", args=[copy.pk])


def test_edit_page_saves_a_valid_text(network: Network, client: Client) -> None:
    own = DocumentTemplate.objects.create(
        organisation=network.cai, code="c", language="es", name="C", body="x"
    )
    login(client, network.users["coordinator"])
    client.post(
        reverse("cases:document_template_edit", args=[own.pk]),
        {"name": "Carta", "body": "Hola {{ person.name }}", "is_active": "on"},
    )
    own.refresh_from_db()
    assert (own.name, own.body) == ("Carta", "Hola {{ person.name }}")
