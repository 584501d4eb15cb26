"""Data-subject rights screens: find a person, export their file, erase it, place and lift legal holds.

Export and erasure belong to the data-protection officer of the holding organisation
(``policy.may_exercise_rights``); legal holds also to the holder's coordinators. Every export is
read-logged with the purpose "data-subject access request".
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acollida.cases import erasure
from acollida.cases.models import ErasureRecord, LegalHold
from acollida.core import audit, policy, rights
from acollida.core.forms_rights import ErasureForm, LegalHoldForm, RightsLookupForm
from acollida.core.models import ReadLog
from acollida.core.policy import Perm
from acollida.core.views.common import paginate
from acollida.people.models import Person


def _person_for_rights(request: HttpRequest, person_id: int) -> Person:
    """The person, if the user handles their rights requests; 404 otherwise."""
    person = policy.rights_persons_for(request.user, Person.objects.all()).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def _log_read(
    request: HttpRequest, person: Person, purpose: str, channel: str = ReadLog.Channel.PAGE
) -> None:
    audit.read_record(
        request,
        user=request.user,
        record_type="person",
        record_id=person.pk,
        record_organisation_id=person.organisation_id,
        purpose=purpose,
        channel=channel,
        perm=Perm.VIEW_AUDIT,
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The officer's desk: open a person by number; the erasures and pseudonymisations done."""
    policy.require(request.user, Perm.VIEW_AUDIT)
    form = RightsLookupForm(request.GET or None)
    if request.GET and form.is_valid():
        person_id = form.cleaned_data["person"]
        if policy.rights_persons_for(request.user, Person.objects.filter(pk=person_id)).exists():
            return redirect("core:rights_person", person_id=person_id)
        form.add_error("person", _("No person with this number is held by the organisations you audit."))
    records = policy.erasure_records_visible_to(request.user, ErasureRecord.objects.all()).select_related(
        "organisation", "performed_by"
    )
    return render(request, "core/rights/index.html", {"form": form, "page": paginate(request, records)})


@require_GET
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _person_for_rights(request, person_id)
    _log_read(request, subject, _("data-subject request"))
    group = rights.person_group(subject)
    return render(
        request,
        "core/rights/person.html",
        {
            "person": subject,
            "counts": rights.verbose_counts(rights.counts_of(group)),
            "holds": LegalHold.objects.filter(person_id__in=group).select_related("placed_by", "lifted_by"),
            "active_holds": set(erasure.active_holds(group).values_list("pk", flat=True)),
            "blockers": erasure.erasure_blockers(person=subject),
        },
    )


def _export(request: HttpRequest, person_id: int) -> rights.PersonExport:
    subject = _person_for_rights(request, person_id)
    _log_read(request, subject, _("data-subject access request"), channel=ReadLog.Channel.EXPORT)
    return rights.person_export_collect(person=subject)


@require_GET
def export_json(request: HttpRequest, person_id: int) -> HttpResponse:
    export = _export(request, person_id)
    response = HttpResponse(export.as_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person_id}.json"'
    return response


@require_GET
def export_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    export = _export(request, person_id)
    language = rights.export_language(export.person, translation.get_language() or "")
    response = HttpResponse(
        rights.person_export_pdf(export, language=language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person_id}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, person_id: int) -> HttpResponse:
    """Confirmation page listing what will be erased; the erasure itself on POST."""
    subject = _person_for_rights(request, person_id)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = erasure.person_erase(
                actor=request.user,  # type: ignore[arg-type]
                person=subject,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Everything held about the person was erased. Reference: %(reference)s")
                % {"reference": record.subject_reference},
            )
            return redirect("core:rights_index")
    else:
        _log_read(request, subject, _("data-subject request"))
    group = rights.person_group(subject)
    return render(
        request,
        "core/rights/erase.html",
        {
            "person": subject,
            "form": form,
            "counts": rights.verbose_counts(rights.counts_of(group)),
            "blockers": erasure.erasure_blockers(person=subject),
        },
    )


def _hold_person(request: HttpRequest, person_id: int) -> Person:
    """A person whose holds the user manages: reached as their officer or as a coordinator who
    may open them; 404 for anyone else."""
    subject = (
        policy.rights_persons_for(request.user, Person.objects.all()).filter(pk=person_id).first()
        or Person.objects.visible_to(request.user).filter(pk=person_id).first()
    )
    if subject is None or not policy.may_manage_legal_holds(request.user, subject):
        raise Http404
    return subject


def _back(request: HttpRequest, subject: Person) -> HttpResponse:
    if policy.may_exercise_rights(request.user, subject):
        return redirect("core:rights_person", person_id=subject.pk)
    return redirect("people:detail", person_id=subject.pk)


@require_http_methods(["GET", "POST"])
def hold_place(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _hold_person(request, person_id)
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.legal_hold_place(
                actor=request.user,  # type: ignore[arg-type]
                person=subject,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data["until"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request, _("The legal hold is placed: the record cannot be erased while it lasts.")
            )
            return _back(request, subject)
    return render(request, "core/rights/hold_place.html", {"person": subject, "form": form})


@require_http_methods(["GET", "POST"])
def hold_lift(request: HttpRequest, hold_id: int) -> HttpResponse:
    hold = get_object_or_404(LegalHold.objects.select_related("person"), pk=hold_id)
    subject = _hold_person(request, hold.person_id)
    error = ""
    if request.method == "POST":
        try:
            erasure.legal_hold_lift(actor=request.user, hold=hold)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The legal hold is lifted."))
            return _back(request, subject)
    return render(request, "core/rights/hold_lift.html", {"person": subject, "hold": hold, "error": error})
