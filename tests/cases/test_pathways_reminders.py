"""Reminders of pathway deadlines: the caseworker's digest once per step, and the person's
message only with a standing consent to reminders, in the person's language."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from acollida.agenda.senders import Message
from acollida.cases import reminders
from acollida.cases.models import Case, CasePathwayStep, PathwayTemplate
from acollida.cases.reminders import send_pathway_reminders
from acollida.cases.services_pathways import pathway_start, pathway_templates_load
from acollida.cases.services_referrals import consent_record, consent_withdraw
from tests.cases.conftest import open_case, register
from tests.conftest import Network

pytestmark = pytest.mark.django_db

LOCMEM = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
TODAY = date(2026, 3, 2)


class Recorder:
    """A sender that keeps what it was given (a real ``Sender``, not a mock of one)."""

    def __init__(self) -> None:
        self.sent: list[Message] = []

    def send(self, message: Message) -> bool:
        self.sent.append(message)
        return True


@pytest.fixture
def padron(network: Network) -> PathwayTemplate:
    pathway_templates_load(language="en")
    return PathwayTemplate.objects.get(code="padron", organisation__isnull=True)


@pytest.fixture
def arabic_case(network: Network) -> Case:
    person = register(network, languages=[("ar", "native", True)], email="amina@example.org")
    return open_case(network, person=person)


def _due_soon(network: Network, case: Case, template: PathwayTemplate) -> None:
    """The padrón's first step is due in 7 days and reminds 2 days before: due for a reminder on
    TODAY when started 5 days ago."""
    pathway_start(
        actor=network.users["caseworker"], case=case, template=template, started_on=TODAY - timedelta(days=6)
    )


def _consent(network: Network, case: Case, **kwargs: Any) -> Any:
    kwargs.setdefault("purposes", ["reminders"])
    return consent_record(actor=network.users["caseworker"], case=case, method="spoken", **kwargs)


@LOCMEM
@time_machine.travel(TODAY, tick=False)
def test_the_caseworker_gets_one_digest_once(network: Network, case: Case, padron: PathwayTemplate) -> None:
    network.users["caseworker"].email = "caseworker@example.org"
    network.users["caseworker"].save()
    _due_soon(network, case, padron)
    first = send_pathway_reminders(senders=[])
    second = send_pathway_reminders(senders=[])
    assert (first.digests, first.staff_steps) == (1, 1)
    assert second.digests == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["caseworker@example.org"]
    assert case.reference in mail.outbox[0].body
    assert case.person.family_name not in mail.outbox[0].body  # type: ignore[union-attr]


@LOCMEM
@time_machine.travel(TODAY, tick=False)
def test_no_reminder_before_the_reminder_period(
    network: Network, case: Case, padron: PathwayTemplate
) -> None:
    network.users["caseworker"].email = "caseworker@example.org"
    network.users["caseworker"].save()
    pathway_start(actor=network.users["caseworker"], case=case, template=padron, started_on=TODAY)
    assert send_pathway_reminders(senders=[]).digests == 0


@time_machine.travel(TODAY, tick=False)
def test_a_person_who_consented_is_reminded_once_in_their_language(
    network: Network, arabic_case: Case, padron: PathwayTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until the catalogues are filled the text is English; what matters is which language is active."""
    _consent(network, arabic_case)
    _due_soon(network, arabic_case, padron)
    languages: list[str | None] = []
    real_render = reminders.render_to_string

    def render_and_note_language(*args: Any, **kwargs: Any) -> str:
        if "pathway_reminder" in args[0]:
            languages.append(reminders.translation.get_language())
        return real_render(*args, **kwargs)

    monkeypatch.setattr(reminders, "render_to_string", render_and_note_language)
    recorder = Recorder()
    run = send_pathway_reminders(senders=[recorder])
    send_pathway_reminders(senders=[recorder])
    assert languages == ["ar", "ar"]
    assert run.languages == {"ar": 1}
    assert len(recorder.sent) == 1
    message = recorder.sent[0]
    assert (message.language, message.email) == ("ar", "amina@example.org")
    assert "Gather proof of identity" in message.body
    assert CasePathwayStep.objects.get(pathway__case=arabic_case, order=1).person_reminded_at is not None


@time_machine.travel(TODAY, tick=False)
def test_without_consent_nothing_is_sent_to_the_person(
    network: Network, arabic_case: Case, padron: PathwayTemplate
) -> None:
    _consent(network, arabic_case, purposes=["referral"])
    _due_soon(network, arabic_case, padron)
    recorder = Recorder()
    assert send_pathway_reminders(senders=[recorder]).persons == 0
    assert recorder.sent == []


@time_machine.travel(TODAY, tick=False)
def test_a_withdrawn_consent_stops_the_reminders(
    network: Network, arabic_case: Case, padron: PathwayTemplate
) -> None:
    consent = _consent(network, arabic_case)
    consent_withdraw(actor=network.users["caseworker"], consent=consent)
    _due_soon(network, arabic_case, padron)
    recorder = Recorder()
    send_pathway_reminders(senders=[recorder])
    assert recorder.sent == []


@time_machine.travel(TODAY, tick=False)
def test_an_expired_consent_stops_the_reminders(
    network: Network, arabic_case: Case, padron: PathwayTemplate
) -> None:
    with time_machine.travel(TODAY - timedelta(days=40), tick=False):
        _consent(network, arabic_case, expires_on=TODAY - timedelta(days=1))
    _due_soon(network, arabic_case, padron)
    recorder = Recorder()
    send_pathway_reminders(senders=[recorder])
    assert recorder.sent == []


@time_machine.travel(TODAY, tick=False)
def test_an_abandoned_pathway_is_not_reminded(
    network: Network, arabic_case: Case, padron: PathwayTemplate
) -> None:
    from acollida.cases.services_pathways import pathway_abandon

    _consent(network, arabic_case)
    _due_soon(network, arabic_case, padron)
    pathway_abandon(actor=network.users["caseworker"], pathway=arabic_case.pathways.get())
    recorder = Recorder()
    send_pathway_reminders(senders=[recorder])
    assert recorder.sent == []


@LOCMEM
@override_settings(ACOLLIDA_REMINDER_SENDERS=["acollida.agenda.senders.EmailSender"])
@time_machine.travel(TODAY, tick=False)
def test_the_command_reports_the_run(network: Network, arabic_case: Case, padron: PathwayTemplate) -> None:
    _consent(network, arabic_case)
    _due_soon(network, arabic_case, padron)
    out = StringIO()
    call_command("cases", "send-reminders", stdout=out)
    assert "1 persons reminded (ar: 1)" in out.getvalue()
    assert mail.outbox[-1].extra_headers["Content-Language"] == "ar"
    assert timezone.localdate() == TODAY
