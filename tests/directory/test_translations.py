from __future__ import annotations

import pytest
from django.test import override_settings

from acollida.directory.models import ServiceSearchText, TranslationStatus, directory_languages
from acollida.directory.services import (
    service_search_refresh,
    service_translation_status,
    term_search_text,
    text_for,
    translations_save,
)
from tests.directory.factories import make_organization, make_service, place_service, tag_service

pytestmark = pytest.mark.django_db


def test_source_language_text_is_reviewed() -> None:
    service = make_service(make_organization())
    assert text_for(service, "name", "ca") == ("Assessorament jurídic", "ca", "reviewed")


def test_missing_translation_falls_back_to_the_source_language() -> None:
    service = make_service(make_organization())
    assert text_for(service, "name", "ar") == ("Assessorament jurídic", "ca", "missing")


def test_saved_translation_is_a_draft_until_reviewed() -> None:
    service = make_service(make_organization())
    translations_save(obj=service, lang="en", texts={"name": "Legal advice"})
    assert text_for(service, "name", "en") == ("Legal advice", "en", "draft")

    translations_save(obj=service, lang="en", texts={}, status=TranslationStatus.REVIEWED)
    service.refresh_from_db()
    assert text_for(service, "name", "en") == ("Legal advice", "en", "reviewed")


def test_emptying_a_translation_brings_back_the_fallback() -> None:
    service = make_service(make_organization())
    translations_save(obj=service, lang="en", texts={"name": "Legal advice"})
    translations_save(obj=service, lang="en", texts={"name": "  "})
    assert text_for(service, "name", "en")[1] == "ca"


def test_a_field_that_is_not_translatable_is_refused() -> None:
    service = make_service(make_organization())
    with pytest.raises(ValueError):
        text_for(service, "email", "en")


def test_service_status_is_missing_while_a_schedule_note_is_untranslated() -> None:
    service = make_service(make_organization(), description="")
    translations_save(obj=service, lang="en", texts={"name": "Legal advice"}, status="reviewed")
    assert service_translation_status(service, "en") == "reviewed"

    place_service(service)
    schedule = service.schedules.get()
    translations_save(obj=schedule, lang="ca", texts={"notes": "Cal cita prèvia"})
    assert service_translation_status(service, "en") == "missing"


@override_settings(ACOLLIDA_DIRECTORY_LANGUAGES=["ca", "es", "de"])
def test_directory_languages_follow_the_setting() -> None:
    assert directory_languages() == ["ca", "es", "de"]


def test_search_rows_are_folded_one_per_language() -> None:
    service = make_service(make_organization(), name="Atenció a València")
    place_service(service)
    service_search_refresh(service=service)

    rows = ServiceSearchText.objects.filter(service=service)
    assert sorted(rows.values_list("language", flat=True)) == sorted(directory_languages())
    row = rows.get(language="ar")
    assert "atencio a valencia" in row.text
    assert row.districts == " ciutat-vella "
    assert row.language_codes == " ar "


def test_search_row_in_one_language_holds_the_services_own_words_and_its_need_codes() -> None:
    service = make_service(make_organization())
    tag_service(service)
    service_search_refresh(service=service)

    english = ServiceSearchText.objects.get(service=service, language="en")
    assert "юрист" not in english.text  # the needs' words are matched apart, not repeated per row
    assert english.term_codes == " legal "


def test_need_search_text_holds_the_term_words_of_all_languages() -> None:
    service = make_service(make_organization())
    term = tag_service(service)

    words = term_search_text(term, directory_languages())
    assert "asilo" in words
    assert "مساعده قانونيه" in words  # folded: taa marbuta becomes haa
    assert "юрист" in words


def test_inactive_service_is_not_listed() -> None:
    service = make_service(make_organization(), status="defunct")
    service_search_refresh(service=service)
    assert not ServiceSearchText.objects.filter(service=service, is_listed=True).exists()
