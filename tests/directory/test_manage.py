from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.directory.models import Schedule, Service, ServiceSearchText, TaxonomyTerm
from acollida.directory.services import text_for
from tests.conftest import Network, login
from tests.directory.factories import make_organization, make_service, place_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def cai_service(network: Network) -> Service:
    return make_service(make_organization(network.cai, name="CAI"))


@pytest.fixture
def accem_service(network: Network) -> Service:
    return make_service(make_organization(network.accem, name="Accem"), name="Acollida Accem")


def edit_url(service: Service) -> str:
    return reverse("directory_manage:service_edit", args=[service.pk])


def test_anonymous_is_sent_to_sign_in(client: Client, cai_service: Service) -> None:
    response = client.get(edit_url(cai_service))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_caseworker_without_the_permission_is_refused(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["caseworker"])
    assert client.get(reverse("directory_manage:services")).status_code == 403


def test_another_organisations_admin_cannot_open_the_service(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["ngo_admin"])
    assert client.get(edit_url(cai_service)).status_code == 404


def test_another_organisations_admin_cannot_change_the_service(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["ngo_admin"])
    client.post(reverse("directory_manage:service_verify", args=[cai_service.pk]))
    cai_service.refresh_from_db()
    assert cai_service.assured_date is None


def test_list_shows_only_my_organisations_services(
    client: Client, network: Network, cai_service: Service, accem_service: Service
) -> None:
    login(client, network.users["coordinator"])
    response = client.get(reverse("directory_manage:services"))
    assert list(response.context["page"].object_list) == [cai_service]


def test_city_admin_keeps_the_services_of_its_cai_section(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["org_admin"])
    assert client.get(edit_url(cai_service)).status_code == 200


def test_never_verified_service_is_flagged_stale_in_the_list(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["coordinator"])
    with translation.override("en"):
        response = client.get(reverse("directory_manage:services"), {"stale": "on"})
    assert "Due for verification" in response.content.decode()


def test_stale_filter_leaves_out_recently_verified_services(
    client: Client, network: Network, cai_service: Service
) -> None:
    Service.objects.filter(pk=cai_service.pk).update(assured_date=timezone.localdate() - timedelta(days=3))
    login(client, network.users["coordinator"])
    response = client.get(reverse("directory_manage:services"), {"stale": "on"})
    assert list(response.context["page"].object_list) == []


def test_verify_sets_today_and_the_verifier(client: Client, network: Network, cai_service: Service) -> None:
    login(client, network.users["coordinator"])
    response = client.post(reverse("directory_manage:service_verify", args=[cai_service.pk]))
    assert response.status_code == 302
    cai_service.refresh_from_db()
    assert cai_service.assured_date == timezone.localdate()
    assert cai_service.assurer_email == "coordinator@example.org"


def test_edit_saves_core_fields_needs_and_search_text(
    client: Client, network: Network, cai_service: Service
) -> None:
    term = TaxonomyTerm.objects.create(
        code="housing", name="Habitatge", description="-", source_language="ca"
    )
    login(client, network.users["coordinator"])
    response = client.post(
        edit_url(cai_service),
        {
            "organization": cai_service.organization_id,
            "source_language": "ca",
            "name": "Oficina d'habitatge",
            "status": "active",
            "description": "Ajuda per trobar casa",
            "is_free": "on",
            "needs": [term.pk],
        },
    )
    assert response.status_code == 302
    cai_service.refresh_from_db()
    assert cai_service.name == "Oficina d'habitatge"
    assert list(cai_service.attributes.values_list("taxonomy_term__code", flat=True)) == ["housing"]
    row = ServiceSearchText.objects.get(service=cai_service, language="uk")
    assert row.term_codes == " housing "


def test_invalid_edit_keeps_what_was_typed(client: Client, network: Network, cai_service: Service) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        edit_url(cai_service),
        {"organization": cai_service.organization_id, "source_language": "ca", "name": "",
         "status": "active", "description": "Text que no es perd", "minimum_age": "30", "maximum_age": "10"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Text que no es perd" in response.content.decode()
    cai_service.refresh_from_db()
    assert cai_service.name == "Assessorament jurídic"


def test_create_files_the_service_under_my_organisation(client: Client, network: Network) -> None:
    organization = make_organization(network.cai, name="CAI")
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("directory_manage:service_create"),
        {"organization": organization.pk, "source_language": "es", "name": "Nuevo", "status": "active"},
    )
    assert response.status_code == 302
    assert Service.objects.get(name="Nuevo").organization == organization


def test_create_under_another_organisation_is_refused(client: Client, network: Network) -> None:
    make_organization(network.cai, name="CAI")
    accem = make_organization(network.accem, name="Accem")
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("directory_manage:service_create"),
        {"organization": accem.pk, "source_language": "es", "name": "Intrús", "status": "active"},
    )
    assert response.status_code == 200
    assert not Service.objects.filter(name="Intrús").exists()


def test_weekly_hours_become_one_hsds_row_per_period(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["coordinator"])
    data = {f"{day}_1_opens": "09:00" for day in ("MO", "TU", "WE", "TH", "FR")}
    data |= {f"{day}_1_closes": "14:00" for day in ("MO", "TU", "WE", "TH", "FR")}
    data |= {"TH_2_opens": "16:00", "TH_2_closes": "19:00"}
    response = client.post(reverse("directory_manage:service_hours", args=[cai_service.pk]), data)
    assert response.status_code == 302
    rows = sorted(
        (s.byday, s.opens_at, s.closes_at, s.freq) for s in Schedule.objects.filter(service=cai_service)
    )
    assert rows == [
        ("MO,TU,WE,TH,FR", time(9), time(14), "WEEKLY"),
        ("TH", time(16), time(19), "WEEKLY"),
    ]


def test_weekly_hours_with_only_an_opening_time_are_refused(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("directory_manage:service_hours", args=[cai_service.pk]), {"MO_1_opens": "09:00"}
    )
    assert response.status_code == 200
    assert not Schedule.objects.filter(service=cai_service).exists()


def test_a_new_place_is_created_and_linked(client: Client, network: Network, cai_service: Service) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("directory_manage:service_locations", args=[cai_service.pk]),
        {"name": "Seu de Russafa", "address_1": "Carrer de Sueca 20", "postal_code": "46006",
         "city": "València", "district": "eixample"},
    )  # fmt: skip
    assert response.status_code == 302
    sal = cai_service.service_at_locations.get()
    assert sal.location.district == "eixample"
    assert sal.location.addresses.get().postal_code == "46006"


def test_required_documents_are_added_through_the_table(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["coordinator"])
    url = reverse("directory_manage:service_details", args=[cai_service.pk, "documents"])
    data = {
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-document": "Passaport",
        "documents-0-uri": "",
        "documents-1-document": "",
        "documents-1-uri": "",
    }
    assert client.post(url, data).status_code == 302
    document = cai_service.required_documents.get()
    assert (document.document, document.source_language) == ("Passaport", "ca")


def test_unknown_detail_kind_is_not_found(client: Client, network: Network, cai_service: Service) -> None:
    login(client, network.users["coordinator"])
    url = reverse("directory_manage:service_details", args=[cai_service.pk, "nothing"])
    assert client.get(url).status_code == 404


def test_translation_is_saved_side_by_side_as_a_draft(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["coordinator"])
    url = reverse("directory_manage:service_translate", args=[cai_service.pk, "en"])
    page = client.get(url)
    names = {row["field"]: row["name"] for row in page.context["rows"]}
    response = client.post(url, {names["name"]: "Legal advice", "status": "draft"})
    assert response.status_code == 302
    cai_service.refresh_from_db()
    assert text_for(cai_service, "name", "en") == ("Legal advice", "en", "draft")


def test_translation_cannot_be_reviewed_with_gaps(
    client: Client, network: Network, cai_service: Service
) -> None:
    login(client, network.users["coordinator"])
    url = reverse("directory_manage:service_translate", args=[cai_service.pk, "fr"])
    names = {row["field"]: row["name"] for row in client.get(url).context["rows"]}
    response = client.post(url, {names["name"]: "Conseil juridique", "status": "reviewed"})
    assert response.status_code == 200
    assert "Conseil juridique" in response.content.decode()
    cai_service.refresh_from_db()
    assert text_for(cai_service, "name", "fr")[2] == "missing"


def test_missing_view_lists_services_with_untranslated_texts(
    client: Client, network: Network, cai_service: Service
) -> None:
    place_service(cai_service)
    login(client, network.users["coordinator"])
    response = client.get(reverse("directory_manage:missing"), {"lang": "ar"})
    rows = response.context["rows"]
    assert [(row.service, row.status) for row in rows] == [(cai_service, "missing")]


def test_guide_is_shown_in_the_requested_language(client: Client, network: Network) -> None:
    login(client, network.users["coordinator"])
    response = client.get(reverse("directory_manage:guide"), {"lang": "uk"})
    assert response.context["guide_lang"] == "uk"
    assert "Пишіть" in response.content.decode()


def test_a_place_is_corrected_and_the_search_follows(
    client: Client, network: Network, cai_service: Service
) -> None:
    sal = place_service(cai_service)
    login(client, network.users["coordinator"])
    url = reverse("directory_manage:place_edit", args=[cai_service.pk, sal.location_id])
    response = client.post(
        url,
        {
            "place-name": "Oficina de Benimaclet",
            "place-location_type": "physical",
            "place-district": "benimaclet",
            "address-address_1": "Carrer de la Murta 3",
            "address-postal_code": "46020",
            "address-city": "València",
        },
    )
    assert response.status_code == 302
    sal.location.refresh_from_db()
    assert sal.location.district == "benimaclet"
    assert ServiceSearchText.objects.get(service=cai_service, language="ca").districts == " benimaclet "


def test_a_place_of_another_organisation_is_not_found(
    client: Client, network: Network, cai_service: Service, accem_service: Service
) -> None:
    other = place_service(accem_service)
    login(client, network.users["coordinator"])
    url = reverse("directory_manage:place_edit", args=[cai_service.pk, other.location_id])
    assert client.get(url).status_code == 404


def test_list_filters_by_organisation(client: Client, network: Network, cai_service: Service) -> None:
    section = make_organization(network.cai, name="CAI Orriols")
    other = make_service(section, name="Orriols")
    login(client, network.users["coordinator"])
    response = client.get(reverse("directory_manage:services"), {"organization": section.pk})
    assert list(response.context["page"].object_list) == [other]
