"""Sharing screens: access requests to decide and one's own requests, the decision, revoking a grant.

The holding organisation decides who else opens a person's record. A request is granted with a
legal basis, a note on how it was established and an end date, or refused with a reason the
requester reads. A grant can be revoked at any time from the person's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.people import selectors_access, services_access
from acollida.people.forms_access import GrantForm, RefuseForm, RequestFilterForm
from acollida.people.models import AccessRequest, Person
from acollida.people.selectors_access import INCOMING, OUTGOING

PURPOSE = gettext_lazy("access request decision")
NAV = {"nav_section": "access"}


@dataclass
class Row:
    """An access request as the user may see its person: in full, or redacted (initials)."""

    request: AccessRequest
    full: bool

    @property
    def person(self) -> Person:
        return self.request.person

    @property
    def label(self) -> str:
        person = self.request.person
        if self.full:
            return person.full_name or person.native_name or f"#{person.pk}"
        parts = [person.given_name, person.family_name]
        return " ".join(f"{part[0]}." for part in parts if part) or "—"


def _log_reads(request: HttpRequest, persons: list[Person], purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records={p.pk: p.organisation_id for p in persons}.items(),
        purpose=purpose,
    )


def access_requests(request: HttpRequest) -> HttpResponse:
    """Requests to decide for the organisations where the user records persons, and the user's own
    requests with their answer; waiting ones first."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    can_decide = policy.can(request.user, Perm.EDIT_PERSONS)
    form = RequestFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    box = data.get("box") or (INCOMING if can_decide else OUTGOING)
    selector = (
        selectors_access.access_requests_incoming
        if box == INCOMING
        else selectors_access.access_requests_outgoing
    )
    page = paginate(
        request,
        selector(user=request.user, status=data.get("status", ""), newest_first=data.get("sort") != "oldest"),
    )
    access = policy.person_access(request.user, Person.objects.filter(pk__in=[r.person_id for r in page]))
    rows = [Row(request=r, full=access.get(r.person_id) == "full") for r in page]
    _log_reads(request, [row.person for row in rows if row.full], _("access requests"))
    return render(
        request,
        "people/access_requests.html",
        {
            "form": form,
            "box": box,
            "page": page,
            "rows": rows,
            "can_decide": can_decide,
            "open_incoming": selectors_access.open_incoming_count(request.user) if can_decide else 0,
            "query": query_without_page(request),
            **NAV,
        },
    )


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET", "POST"])
def access_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """Grant (legal basis, how it was established, end date) or refuse (with a reason)."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    access_request = selectors_access.access_request_incoming_get(user=request.user, request_id=request_id)
    if access_request is None:
        raise Http404
    grant_form = GrantForm(initial={"expires_on": services_access.default_grant_end()})
    refuse_form = RefuseForm()
    if request.method == "POST":
        if access_request.status != AccessRequest.Status.OPEN:
            messages.info(request, _("This request has already been decided."))
            return redirect("people:access_request_decide", request_id=access_request.pk)
        action = request.POST.get("action")
        if action == "grant":
            grant_form = GrantForm(request.POST)
            if grant_form.is_valid():
                try:
                    services_access.access_request_grant(
                        actor=request.user,  # type: ignore[arg-type]
                        request=access_request,
                        basis=grant_form.cleaned_data["basis"],
                        basis_note=grant_form.cleaned_data["basis_note"],
                        expires_on=grant_form.cleaned_data["expires_on"],
                    )
                except ValidationError as exc:
                    _add_errors(grant_form, exc)
                else:
                    messages.success(
                        request,
                        _("Access granted to %(organisation)s until %(date)s.")
                        % {
                            "organisation": access_request.requesting_organisation.display_name,
                            "date": date_format(grant_form.cleaned_data["expires_on"], "SHORT_DATE_FORMAT"),
                        },
                    )
                    return redirect("people:access_requests")
        elif action == "refuse":
            refuse_form = RefuseForm(request.POST)
            if refuse_form.is_valid():
                try:
                    services_access.access_request_refuse(
                        actor=request.user,  # type: ignore[arg-type]
                        request=access_request,
                        reason=refuse_form.cleaned_data["reason"],
                    )
                except ValidationError as exc:
                    _add_errors(refuse_form, exc)
                else:
                    messages.success(request, _("The request is refused. The requester sees your reason."))
                    return redirect("people:access_requests")
        else:
            messages.error(request, _("Choose whether to grant or refuse the request."))
    _log_reads(request, [access_request.person], str(PURPOSE))
    return render(
        request,
        "people/access_decide.html",
        {
            "access_request": access_request,
            "person": access_request.person,
            "grant_form": grant_form,
            "refuse_form": refuse_form,
            "grant": getattr(access_request, "grant", None),
            **NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def access_grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    """End a grant now, after a confirmation page."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    grant = selectors_access.access_grant_get_for_user(user=request.user, grant_id=grant_id)
    if grant is None:
        raise Http404
    if not policy.can(request.user, Perm.EDIT_PERSONS, grant.person.organisation_id):
        raise PermissionDenied
    if not grant.is_active():
        messages.info(request, _("This grant has already ended."))
        return redirect("people:detail", person_id=grant.person_id)
    if request.method == "POST":
        try:
            services_access.access_grant_revoke(actor=request.user, grant=grant)  # type: ignore[arg-type]
        except ValidationError:
            messages.info(request, _("This grant has already ended."))
        else:
            messages.success(
                request,
                _("%(organisation)s can no longer open this record.")
                % {"organisation": grant.organisation.display_name},
            )
        return redirect("people:detail", person_id=grant.person_id)
    _log_reads(request, [grant.person], _("revoking access"))
    return render(request, "people/access_revoke.html", {"grant": grant, "person": grant.person, **NAV})


def person_sharing(user: Any, person: Person) -> dict[str, Any]:
    """What the person page shows about sharing: the active grants (to the holder side, with revoke
    links for those who record persons there) and, to a grantee, until when they may open it."""
    return {
        "access_grants": list(selectors_access.active_grants_for(user=user, person=person)),
        "can_revoke_grants": policy.can(user, Perm.EDIT_PERSONS, person.organisation_id),
        "grant_to_me": selectors_access.grant_to_user(user=user, person=person),
    }
