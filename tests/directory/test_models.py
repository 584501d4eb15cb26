from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from acollida.directory.models import Attribute, Schedule, Service, TaxonomyTerm
from acollida.directory.services import service_search_refresh
from tests.directory.factories import make_organization, make_service, place_service, tag_service

pytestmark = pytest.mark.django_db


def test_service_with_its_hsds_children_round_trips() -> None:
    service = make_service(make_organization())
    place_service(service)
    tag_service(service)

    loaded = Service.objects.prefetch_related("schedules", "languages", "attributes").get(pk=service.pk)

    assert len(str(loaded.id)) == 36
    assert loaded.status == "active"
    assert [s.byday for s in loaded.schedules.all()] == ["MO,WE"]
    assert [language.code for language in loaded.languages.all()] == ["ar"]
    attribute = loaded.attributes.get()
    assert (attribute.link_entity, attribute.link_id) == ("service", service.id)


def test_schedule_closing_before_opening_is_refused() -> None:
    service = make_service(make_organization())
    schedule = Schedule(service=service, freq="WEEKLY", byday="MO", opens_at="14:00", closes_at="09:00")
    with pytest.raises(ValidationError):
        schedule.full_clean()


def test_schedule_with_an_unknown_weekday_is_refused() -> None:
    schedule = Schedule(freq="WEEKLY", byday="MO,XX")
    with pytest.raises(ValidationError):
        schedule.full_clean()


def test_attribute_linked_to_two_records_is_refused_by_the_database() -> None:
    organization = make_organization()
    service = make_service(organization)
    term = TaxonomyTerm.objects.create(name="Health", description="Health")
    with pytest.raises(IntegrityError):
        Attribute.objects.create(taxonomy_term=term, service=service, organization=organization)


def test_deleting_a_service_removes_its_search_rows() -> None:
    service = make_service(make_organization())
    service_search_refresh(service=service)
    service.delete()
    from acollida.directory.models import ServiceSearchText

    assert not ServiceSearchText.objects.exists()
