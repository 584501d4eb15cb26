"""Operations: the list, declaring and editing (coordinators), closing, sites, the live board."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acollida.core import audit, policy
from acollida.core.models import User
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.emergency import selectors, services
from acollida.emergency.forms import OperationForm, SiteForm
from acollida.emergency.models import Operation

SORTS = {"starts": ("-starts_at",), "name": ("name",), "status": ("status", "-starts_at")}


def operation_get_for_user(user: Any, slug: str) -> Operation:
    """The operation, or 404 when ``user`` may not see it."""
    return get_object_or_404(policy.operations_visible_to(user, Operation.objects.all()), slug=slug)


def operations(request: HttpRequest) -> HttpResponse:
    """Operations the user takes part in (every operation, for coordinators)."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = policy.operations_visible_to(request.user, Operation.objects.all())
    sort = request.GET.get("sort", "starts")
    page = paginate(request, qs.order_by(*SORTS.get(sort, SORTS["starts"]), "pk"))
    return render(
        request,
        "emergency/operations.html",
        {
            "page": page,
            "query": query_without_page(request),
            "can_manage": policy.may_manage_operations(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def operation_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Declare an operation, or change one that is not closed (coordinators)."""
    if not policy.may_manage_operations(request.user):
        raise PermissionDenied
    operation = operation_get_for_user(request.user, slug) if slug else None
    if operation is not None and operation.is_closed:
        raise PermissionDenied
    form = OperationForm(request.POST or None, instance=operation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OperationForm.Meta.fields}
        data["expected_languages"] = form.cleaned_data["expected_languages_text"]
        actor = request.user
        assert isinstance(actor, User)
        try:
            if operation is None:
                operation = services.operation_declare(
                    actor=actor, data=data, lead_organisations=list(form.cleaned_data["lead_organisations"])
                )
            else:
                operation = services.operation_update(
                    actor=actor,
                    operation=Operation.objects.get(pk=operation.pk),
                    data=data,
                    lead_organisations=list(form.cleaned_data["lead_organisations"]),
                )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The operation is saved."))
            return redirect("emergency:board", slug=operation.slug)
    return render(request, "emergency/operation_form.html", {"form": form, "operation": operation})


@require_http_methods(["GET", "POST"])
def operation_close(request: HttpRequest, slug: str) -> HttpResponse:
    """Close (archive) an operation after a confirmation page."""
    operation = operation_get_for_user(request.user, slug)
    if not policy.may_manage_operations(request.user) or operation.is_closed:
        raise PermissionDenied
    if request.method == "POST":
        actor = request.user
        assert isinstance(actor, User)
        services.operation_close(actor=actor, operation=operation)
        messages.success(request, _("The operation is closed and archived."))
        return redirect("emergency:board", slug=operation.slug)
    return render(request, "emergency/operation_close.html", {"operation": operation})


@require_http_methods(["GET", "POST"])
def site_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a site (port reception, triage, shelter) to an operation (coordinators)."""
    operation = operation_get_for_user(request.user, slug)
    if not policy.may_manage_operations(request.user) or operation.is_closed:
        raise PermissionDenied
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = request.user
        assert isinstance(actor, User)
        try:
            services.site_create(actor=actor, operation=operation, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The site is added."))
            return redirect("emergency:board", slug=operation.slug)
    return render(request, "emergency/site_form.html", {"form": form, "operation": operation})


def board(request: HttpRequest, slug: str) -> HttpResponse:
    """The live board; htmx refreshes its panel every 15 seconds (the page works without it)."""
    operation = operation_get_for_user(request.user, slug)
    figures = selectors.board_for(user=request.user, operation=operation)
    listed = [*figures.minors, *figures.urgent]
    if listed:
        audit.read_records(
            request,
            user=request.user,
            record_type="emergency_arrival",
            records=[(arrival.pk, None) for arrival in listed],
            purpose="emergency board",
        )
    template = "emergency/_board.html" if request.headers.get("HX-Request") else "emergency/board.html"
    return render(
        request,
        template,
        {
            "operation": operation,
            "board": figures,
            "can_manage": policy.may_manage_operations(request.user),
            "can_register": policy.may_register_arrivals(request.user, operation),
        },
    )
