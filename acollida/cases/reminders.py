"""Reminders of pathway deadlines: an e-mail digest to each responsible caseworker, and, with the
person's consent, a message to the person in their language.

A step is due for a reminder from ``remind_days_before`` days before its date (and while it is
overdue). Each step is reminded once to staff (``staff_reminded_at``) and once to the person
(``person_reminded_at``); a date that moves is reminded afresh. The person is reminded only while
a consent with the purpose "reminders" stands (not withdrawn, not expired) for the holding
organisation; the message names the step and its date, never the case's contents. Staff e-mails
carry the case reference and the step, not the person's name: the rest is behind the sign-in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from acollida.agenda.reminders import reminder_language
from acollida.agenda.senders import Message, Sender, configured_senders
from acollida.cases import deadlines
from acollida.cases.models import Case, CasePathway, CasePathwayStep, Consent
from acollida.core.models import User
from acollida.people.models import Person


@dataclass
class PathwayReminderRun:
    digests: int = 0
    staff_steps: int = 0
    persons: int = 0
    unreachable: int = 0
    languages: dict[str, int] = field(default_factory=dict)


def _due_for_reminder(today: date) -> QuerySet[CasePathwayStep]:
    """Steps still to do, of pathways in progress on cases not closed, whose reminder period has
    begun (filtered finely in Python: the period differs per step)."""
    pending = CasePathwayStep.objects.filter(
        status=CasePathwayStep.Status.PENDING,
        due_on__isnull=False,
        pathway__status=CasePathway.Status.ACTIVE,
        pathway__case__status__in=[Case.Status.OPEN, Case.Status.ON_HOLD],
        pathway__case__pseudonymised_at__isnull=True,
    )
    widest = pending.aggregate(widest=Max("remind_days_before"))["widest"] or 0
    return pending.filter(due_on__lte=today + timedelta(days=widest))


def _remind_now(steps: QuerySet[CasePathwayStep], today: date) -> list[CasePathwayStep]:
    return [s for s in steps if deadlines.should_remind(s.due_on, s.remind_days_before, today)]


def staff_language(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def send_staff_digests(today: date) -> tuple[int, int]:
    """One e-mail per responsible caseworker listing the steps not yet reminded to them."""
    steps = _remind_now(
        _due_for_reminder(today)
        .filter(
            staff_reminded_at__isnull=True,
            pathway__case__responsible__isnull=False,
            pathway__case__responsible__is_active=True,
        )
        .exclude(pathway__case__responsible__email="")
        .select_related("pathway__case__responsible")
        .order_by("due_on", "pk"),
        today,
    )
    by_user: dict[int, list[CasePathwayStep]] = defaultdict(list)
    for step in steps:
        by_user[step.pathway.case.responsible_id or 0].append(step)
    digests = 0
    for user_steps in by_user.values():
        user = user_steps[0].pathway.case.responsible
        assert user is not None
        with translation.override(staff_language(user)):
            context = {
                "user": user,
                "overdue": [s for s in user_steps if s.due_on and s.due_on < today],
                "coming": [s for s in user_steps if s.due_on and s.due_on >= today],
                "total": len(user_steps),
                "deadlines_path": reverse("cases:deadlines"),
            }
            subject = render_to_string("cases/pathway_digest_subject.txt", context).strip()
            body = render_to_string("cases/pathway_digest_body.txt", context)
            language = translation.get_language() or settings.LANGUAGE_CODE
        mail = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={"Content-Language": language},
        )
        mail.send(fail_silently=False)
        CasePathwayStep.objects.filter(pk__in=[s.pk for s in user_steps]).update(
            staff_reminded_at=timezone.now()
        )
        digests += 1
    return digests, len(steps)


def reminder_consent_stands(person: Person, case: Case, today: date) -> bool:
    """A consent of the person to reminders, not withdrawn nor expired, for the holder (or any)."""
    return (
        Consent.objects.filter(
            person=person,
            withdrawn_at__isnull=True,
            # The purposes are a JSON list; matched as text so SQLite and PostgreSQL agree.
            purposes__icontains=f'"{Consent.Purpose.REMINDERS.value}"',
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .filter(Q(organisation__isnull=True) | Q(organisation_id=case.organisation_id))
        .filter(Q(case__isnull=True) | Q(case_id=case.pk))
        .exists()
    )


def render_person_reminder(person: Person, steps: list[CasePathwayStep], language: str) -> tuple[str, str]:
    """Subject and body rendered with ``language`` active, so the catalogue's translation is used."""
    with translation.override(language):
        context = {
            "name": person.preferred_name or person.given_name,
            "steps": steps,
            "organisation": steps[0].pathway.case.organisation,
        }
        subject = render_to_string("cases/pathway_reminder_subject.txt", context).strip()
        body = render_to_string("cases/pathway_reminder_body.txt", context)
    return subject, body


def send_person_reminders(today: date, senders: list[Sender], run: PathwayReminderRun) -> None:
    """One message per person who consented, listing their steps not yet reminded to them."""
    steps = _remind_now(
        _due_for_reminder(today)
        .filter(
            person_reminded_at__isnull=True,
            pathway__case__person__isnull=False,
            pathway__case__person__merged_into__isnull=True,
        )
        .select_related("pathway__case__person", "pathway__case__organisation")
        .order_by("due_on", "pk"),
        today,
    )
    by_person: dict[tuple[int, int], list[CasePathwayStep]] = defaultdict(list)
    for step in steps:
        case = step.pathway.case
        by_person[(case.person_id or 0, case.pk)].append(step)
    for person_steps in by_person.values():
        case = person_steps[0].pathway.case
        person = case.person
        assert person is not None
        if not reminder_consent_stands(person, case, today):
            continue
        language = reminder_language(person)
        subject, body = render_person_reminder(person, person_steps, language)
        message = Message(
            email=person.email, phone=person.phone, language=language, subject=subject, body=body
        )
        if not any(sender.send(message) for sender in senders):
            run.unreachable += 1
            continue
        CasePathwayStep.objects.filter(pk__in=[s.pk for s in person_steps]).update(
            person_reminded_at=timezone.now()
        )
        run.persons += 1
        run.languages[language] = run.languages.get(language, 0) + 1


def send_pathway_reminders(
    *, today: date | None = None, senders: list[Sender] | None = None
) -> PathwayReminderRun:
    """The daily run: caseworkers' digests, then the persons' reminders. Safe to repeat."""
    today = today or timezone.localdate()
    run = PathwayReminderRun()
    run.digests, run.staff_steps = send_staff_digests(today)
    send_person_reminders(today, senders if senders is not None else configured_senders(), run)
    return run
