"""Data-subject rights: export completeness, erasure with legal holds, retention pseudonymisation."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone, translation
from pypdf import PdfReader

from acollida.cases.erasure import (
    legal_hold_lift,
    legal_hold_place,
    person_erase,
    retention_apply,
    retention_candidates,
)
from acollida.cases.models import Case, ErasureRecord
from acollida.core.models import ReadLog
from acollida.core.rights import (
    export_language,
    person_export_collect,
    person_export_pdf,
    registry,
)
from acollida.people.models import Person
from tests.conftest import Network
from tests.core.rights_seed import DOCUMENT, EMAIL, FAMILY, GIVEN, SECRET_NOTE, seed_person, traces_left


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _leads_to_person(model: type[models.Model], depth: int = 4) -> bool:
    """Whether a chain of forward relations (foreign keys, one-to-one, many-to-many) leads from
    ``model`` to ``people.Person``."""
    if model is Person:
        return True
    if depth == 0:
        return False
    for field in model._meta.get_fields():
        if field.is_relation and not field.auto_created and field.related_model is not None:
            target = field.related_model
            if isinstance(target, type) and _leads_to_person(target, depth - 1):
                return True
    return False


def test_every_model_leading_to_a_person_is_in_the_rights_registry() -> None:
    registered = set(registry())
    missing = [
        model._meta.label_lower
        for model in apps.get_models()
        if _leads_to_person(model) and model._meta.label_lower not in registered
    ]
    assert missing == [], f"declare these in their app's rights.py: {missing}"


def test_export_holds_a_row_of_every_registered_model(network: Network) -> None:
    seeded = seed_person(network)
    export = person_export_collect(person=seeded.person)
    assert sorted(export.records) == sorted(registry())


def test_export_json_decrypts_documents_notes_and_keeps_the_photo(network: Network) -> None:
    seeded = seed_person(network)
    data = json.loads(person_export_collect(person=seeded.person).as_json())
    text = json.dumps(data, ensure_ascii=False)
    assert DOCUMENT in text
    assert SECRET_NOTE in text
    assert data["records"]["people.personphoto"][0]["image"]
    assert "number_hash" not in data["records"]["people.identitydocument"][0]


def test_export_lists_who_read_the_file(network: Network, rf) -> None:  # type: ignore[no-untyped-def]
    from acollida.core import audit

    seeded = seed_person(network)
    audit.read_record(
        rf.get("/people/"),
        user=network.users["caseworker"],
        record_type="person",
        record_id=seeded.person.pk,
        record_organisation_id=network.cai.pk,
        purpose="intake interview",
    )
    export = person_export_collect(person=seeded.person)
    assert [read["purpose"] for read in export.reads] == ["intake interview"]


def test_export_pdf_names_the_person_in_their_language(network: Network) -> None:
    seeded = seed_person(network, language="fr")
    language = export_language(seeded.person, "ca")
    pdf = person_export_pdf(person_export_collect(person=seeded.person), language=language)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert language == "fr"
    assert GIVEN in text
    assert FAMILY in text


def test_export_pdf_in_arabic_is_laid_out_right_to_left(network: Network) -> None:
    seeded = seed_person(network, language="ar")
    pdf = person_export_pdf(person_export_collect(person=seeded.person), language="ar")
    reader = PdfReader(io.BytesIO(pdf))
    assert export_language(seeded.person, "ca") == "ar"
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert GIVEN in "".join(page.extract_text() for page in reader.pages)


def test_export_language_falls_back_to_the_staff_language(network: Network) -> None:
    seeded = seed_person(network, language="wo")
    assert export_language(seeded.person, "es") == "es"


def test_erasure_is_blocked_by_an_active_legal_hold_which_says_why(network: Network) -> None:
    seeded = seed_person(network)
    legal_hold_place(
        actor=network.users["coordinator"], person=seeded.person, reason="court case 12/2026", until=None
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        person_erase(actor=network.users["dpo"], person=seeded.person, reason="request of 3 May")
    assert "court case 12/2026" in " ".join(error.value.messages)
    assert Person.objects.filter(pk=seeded.person.pk).exists()


def test_a_lifted_hold_no_longer_blocks_erasure(network: Network) -> None:
    seeded = seed_person(network)
    hold = legal_hold_place(actor=network.users["dpo"], person=seeded.person, reason="audit", until=None)
    legal_hold_lift(actor=network.users["coordinator"], hold=hold)
    person_erase(actor=network.users["dpo"], person=seeded.person, reason="request of 3 May")
    assert not Person.objects.filter(pk=seeded.person.pk).exists()


def test_an_expired_hold_no_longer_blocks_erasure(network: Network) -> None:
    seeded = seed_person(network)
    legal_hold_place(
        actor=network.users["dpo"], person=seeded.person, reason="audit", until=timezone.localdate()
    )
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        person_erase(actor=network.users["dpo"], person=seeded.person, reason="request of 3 May")
    assert not Person.objects.filter(pk=seeded.person.pk).exists()


def test_erasure_is_blocked_by_an_open_case(network: Network) -> None:
    seeded = seed_person(network, close_case=False)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        person_erase(actor=network.users["dpo"], person=seeded.person, reason="request of 3 May")
    assert "close the case first" in " ".join(error.value.messages)


def test_only_the_data_protection_officer_erases(network: Network) -> None:
    seeded = seed_person(network)
    with pytest.raises(PermissionDenied):
        person_erase(actor=network.users["coordinator"], person=seeded.person, reason="request")


def test_a_caseworker_cannot_place_a_legal_hold(network: Network) -> None:
    seeded = seed_person(network)
    with pytest.raises(PermissionDenied):
        legal_hold_place(actor=network.users["caseworker"], person=seeded.person, reason="audit", until=None)


def test_erasure_leaves_no_trace_in_any_table(network: Network, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    seeded = seed_person(network)
    assert traces_left()  # the scan finds the seeded person before
    with django_capture_on_commit_callbacks(execute=True):
        record = person_erase(actor=network.users["dpo"], person=seeded.person, reason="request of 3 May")
    assert traces_left() == []
    assert not default_storage.exists(seeded.storage_name)
    assert record.counts["records"]["people.person"] == 2  # she and the record merged into her


def test_erasure_keeps_that_changes_happened_and_points_reads_to_the_reference(network: Network, rf) -> None:  # type: ignore[no-untyped-def]
    from acollida.core import audit

    seeded = seed_person(network)
    audit.read_record(
        rf.get(f"/people/?q={GIVEN}"),
        user=network.users["caseworker"],
        record_type="person",
        record_id=seeded.person.pk,
        record_organisation_id=network.cai.pk,
        purpose="search",
    )
    entries = LogEntry.objects.count()
    record = person_erase(actor=network.users["dpo"], person=seeded.person, reason="request of 3 May")
    assert LogEntry.objects.count() > entries  # the deletions are recorded, without values
    read = ReadLog.objects.get(purpose="search")
    assert (read.record_id, read.path, read.user) == (
        record.subject_reference,
        "",
        network.users["caseworker"],
    )
    assert ErasureRecord.objects.get(kind="erasure").subject_reference == record.subject_reference


def _close_long_ago(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=1827))


def test_retention_pseudonymises_closed_cases_leaving_no_trace(network: Network) -> None:
    seeded = seed_person(network)
    _close_long_ago(seeded.case)
    run = retention_apply()
    person = Person.objects.get(pk=seeded.person.pk)
    assert run.due == 1
    assert person.full_name == f"Persona {run.references[0]}"
    assert traces_left() == []


def test_retention_keeps_what_statistics_count(network: Network) -> None:
    seeded = seed_person(network)
    _close_long_ago(seeded.case)
    retention_apply()
    person = Person.objects.get(pk=seeded.person.pk)
    case = Case.objects.get(pk=seeded.case.pk)
    assert (person.sex, person.birth_year, person.district) == ("F", 1991, "Ciutat Vella")
    assert list(person.nationalities.values_list("country", flat=True)) == ["SY"]
    assert list(case.needs.values_list("area", flat=True)) == ["health"]
    assert (case.outcome, case.pseudonymised_at is not None, person.pseudonymised_at is not None) == (
        "independent_living",
        True,
        True,
    )


def test_retention_waits_for_the_period(network: Network) -> None:
    seeded = seed_person(network)
    assert seeded.case.is_closed
    assert retention_apply().due == 0


def test_retention_after_the_period_with_time_travel(network: Network) -> None:
    seeded = seed_person(network)
    with time_machine.travel(timezone.now() + timedelta(days=1830)):
        assert list(retention_candidates()) == [seeded.person]


def test_retention_spares_a_person_under_a_legal_hold(network: Network) -> None:
    seeded = seed_person(network)
    _close_long_ago(seeded.case)
    legal_hold_place(actor=network.users["dpo"], person=seeded.person, reason="court case", until=None)
    assert retention_apply().due == 0
    assert Person.objects.get(pk=seeded.person.pk).given_name == GIVEN


def test_erasure_record_holds_no_personal_data(network: Network) -> None:
    seeded = seed_person(network)
    person_erase(actor=network.users["dpo"], person=seeded.person, reason="request of 3 May")
    text = json.dumps(list(ErasureRecord.objects.values()), default=str)
    assert GIVEN not in text and EMAIL not in text


def test_a_household_case_is_exported_to_a_member_and_kept_when_they_are_erased(network: Network) -> None:
    from acollida.cases.services import case_open
    from acollida.people.models import Household, HouseholdMember

    leaving = Person.objects.create(organisation=network.cai, given_name="Awa")
    staying = Person.objects.create(organisation=network.cai, given_name="Fatou")
    household = Household.objects.create(organisation=network.cai, name="Diop")
    for member in (leaving, staying):
        HouseholdMember.objects.create(household=household, person=member, relationship="child")
    case = case_open(actor=network.users["caseworker"], organisation=network.cai, household=household)
    assert [row["id"] for row in person_export_collect(person=leaving).records["cases.case"]] == [case.pk]
    person_erase(actor=network.users["dpo"], person=leaving, reason="request of 3 May")
    assert Case.objects.filter(pk=case.pk).exists()
    assert list(household.members.values_list("person_id", flat=True)) == [staying.pk]
