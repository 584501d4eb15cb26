"""People screens: the search every registration starts with, registration, the person page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import audit, policy
from acollida.core.models import Organisation
from acollida.core.policy import Perm
from acollida.people import selectors, services, services_photo
from acollida.people.forms import AccessRequestForm, PersonForm, SearchForm
from acollida.people.models import Person
from acollida.people.reference import country_name, language_name
from acollida.people.views_access import person_sharing


def search(request: HttpRequest) -> HttpResponse:
    """Step one of every registration: is this person already known, here or at a partner?"""
    policy.require(request.user, Perm.VIEW_PERSONS)
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.person_search(user=request.user, text=text) if text else []
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[(c.person.pk, c.person.organisation_id) for c in results if c.visible],
        purpose=_("search before registration"),
    )
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "text": text,
            "results": results,
            "can_register": policy.can(request.user, Perm.EDIT_PERSONS),
            "register_url": reverse("people:register") + "?" + urlencode({"q": text}),
            "access_form": AccessRequestForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Registration carries its search along: no search, no form; candidates need a reason."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    text = (request.POST.get("q") or request.GET.get("q") or "").strip()
    if not text:
        messages.info(request, _("Search for the person first: they may already be known."))
        return redirect("people:search")
    candidates = selectors.person_search(user=request.user, text=text)
    organisations = Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(request.user, Perm.EDIT_PERSONS), is_active=True
    )
    form = PersonForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dob, precision = data["date_of_birth"]
        if data["estimated"]:
            precision = "estimated"
        person_data = services.PersonData(
            given_name=data["given_name"],
            family_name=data["family_name"],
            native_name=data["native_name"],
            preferred_name=data["preferred_name"],
            sex=data["sex"],
            gender=data["gender"],
            date_of_birth=dob,
            date_of_birth_precision=precision,
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            district=data["district"],
            nationalities=[data["nationality"]] if data["nationality"] else [],
            languages=[(data["language"], "native", data["needs_interpreter"])] if data["language"] else [],
            other_names=[line.strip() for line in data["other_names"].splitlines() if line.strip()],
            documents=[(data["document_kind"], data["document_number"], data["document_country"], None)]
            if data["document_kind"]
            else [],
            vulnerabilities=data["vulnerabilities"],
            is_protected=data["is_protected"],
        )
        try:
            person = services.person_register(
                actor=request.user,  # type: ignore[arg-type]
                organisation=data["organisation"],
                data=person_data,
                candidates_seen=len(candidates),
                reason=data["reason"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The person is registered."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/register.html", {"form": form, "text": text, "candidates": candidates})


def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    audit.read_record(
        request,
        user=request.user,
        record_type="person",
        record_id=person.pk,
        record_organisation_id=person.organisation_id,
        purpose=request.GET.get("purpose", "")[:200] or _("case work"),
    )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "nationalities": [country_name(n.country) for n in person.nationalities.all()],
            "spoken_languages": [
                (language_name(lang.language), lang.get_level_display(), lang.needs_interpreter)
                for lang in person.languages.all()
            ],
            "documents": person.documents.all(),
            "other_names": person.names.all(),
            "vulnerabilities": [_label(code) for code in person.vulnerability_codes()],
            "households": person.household_memberships.select_related("household"),
            **person_sharing(request.user, person),
            "photo": services_photo.photo_panel(user=request.user, person=person),
        },
    )


def _label(code: str) -> str:
    from acollida.people.models import Vulnerability

    return str(Vulnerability(code).label) if code in Vulnerability.values else code


@require_POST
def access_request(request: HttpRequest, person_id: int) -> HttpResponse:
    """From a redacted search result: ask the holding organisation for access."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    person = Person.objects.searchable_by(request.user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    form = AccessRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need to see this record."))
    else:
        services.access_request_create(actor=request.user, person=person, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        messages.success(
            request,
            _("Your request has been sent to %(organisation)s.")
            % {"organisation": person.organisation.display_name},
        )
    return redirect(reverse("people:search") + "?" + urlencode({"q": request.POST.get("q", "")}))
