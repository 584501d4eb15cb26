"""Staff screens of the council secretary: bodies and their history, seats, organisations, members,
mandates and declarations of interest, and the composition of a body over time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.council import forms, selectors, services
from acollida.council.models import Body, CouncilOrganisation, Mandate, Member, Seat


def _errors(form: Any, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form, so nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


def _bodies(request: HttpRequest) -> QuerySet[Body]:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    return policy.council_bodies_managed_by(request.user, Body.objects.all())


def _body(request: HttpRequest, slug: str) -> Body:
    return get_object_or_404(_bodies(request), slug=slug)


def _members(request: HttpRequest) -> QuerySet[Member]:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    return policy.council_members_visible_to(request.user, Member.objects.all())


def _organisations(request: HttpRequest) -> QuerySet[CouncilOrganisation]:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    return policy.council_organisations_managed_by(request.user, CouncilOrganisation.objects.all())


def _form_page(request: HttpRequest, form: Any, *, title: str, cancel: str, **extra: Any) -> HttpResponse:
    return render(request, "council/form.html", {"form": form, "title": title, "cancel": cancel, **extra})


def _log_member_reads(request: HttpRequest, members: Any, purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="council_member",
        records=[(member.pk, None) for member in members],
        purpose=purpose,
        perm=Perm.MANAGE_COUNCIL,
    )


# --- bodies ------------------------------------------------------------------------------------


def bodies(request: HttpRequest) -> HttpResponse:
    """Every body of the council, active and archived."""
    qs = (
        _bodies(request)
        .annotate(seat_count=Count("seats", distinct=True))
        .select_related("parent", "merged_into")
    )
    sort = request.GET.get("sort", "name")
    order = {"name": ("name",), "status": ("status", "name"), "kind": ("kind", "name")}.get(sort, ("name",))
    page = paginate(request, qs.order_by(*order, "pk"))
    return render(
        request, "council/bodies.html", {"page": page, "query": query_without_page(request), "sort": sort}
    )


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    _bodies(request)
    form = forms.BodyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        slug = data.pop("slug")
        try:
            body = services.body_create(slug=slug, values=data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The body is created."))
            return redirect("council:body_detail", body.slug)
    return _form_page(request, form, title=_("New body"), cancel=reverse("council:bodies"))


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's rules, categories and seats with who holds them today."""
    body = _body(request, slug)
    today = timezone.localdate()
    holders: dict[int, dict[str, Mandate]] = {}
    for mandate in selectors.mandates_on(body, today):
        holders.setdefault(mandate.seat_id, {})[mandate.role] = mandate
    seats = list(body.seats.select_related("category", "nominated_by"))
    for seat in seats:
        seat.holders = holders.get(seat.pk, {})  # type: ignore[attr-defined]
    _log_member_reads(
        request, [m.member for held in holders.values() for m in held.values()], _("council body seats")
    )
    return render(
        request,
        "council/body_detail.html",
        {
            "body": body,
            "categories": body.categories.annotate(seat_count=Count("seats")),
            "seats": seats,
            "children": body.children.all(),
            "merged_bodies": body.merged_bodies.all(),
            "vacancy_count": len(selectors.vacancies(body, today)),
        },
    )


@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = forms.BodyForm(request.POST or None, instance=Body.objects.get(pk=body.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, values=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The body's rules are saved."))
            return redirect("council:body_detail", body.slug)
    return _form_page(
        request, form, title=_("Rules of %(body)s") % {"body": body.name}, cancel=body_url(body)
    )


def body_url(body: Body) -> str:
    return reverse("council:body_detail", args=[body.slug])


@require_http_methods(["GET", "POST"])
def body_merge(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm, then fold a body into another; its archive stays readable."""
    body = _body(request, slug)
    form = forms.MergeForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_merge(body=body, into=form.cleaned_data["into"], on=form.cleaned_data["on"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, _("The body is merged. Its seats, mandates and meetings are kept as archive.")
            )
            return redirect("council:body_detail", body.slug)
    return render(request, "council/body_merge.html", {"body": body, "form": form})


@require_http_methods(["GET", "POST"])
def body_dissolve(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm, then dissolve a body; its archive stays readable."""
    body = _body(request, slug)
    form = forms.DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_dissolve(body=body, on=form.cleaned_data["on"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The body is dissolved. Its archive is kept."))
            return redirect("council:body_detail", body.slug)
    return render(request, "council/body_dissolve.html", {"body": body, "form": form})


@require_http_methods(["GET", "POST"])
def category_save(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a seat category or change its target band."""
    body = _body(request, slug)
    form = forms.CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(body=body, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The seat category is saved."))
            return redirect("council:body_detail", body.slug)
    return _form_page(request, form, title=_("Seat category and target band"), cancel=body_url(body))


@require_http_methods(["GET", "POST"])
def seats_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = forms.SeatsForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.seats_add(body=body, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The seats are added."))
            return redirect("council:body_detail", body.slug)
    return _form_page(request, form, title=_("Add seats"), cancel=body_url(body))


def vacancies(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(request, slug)
    form = forms.DayForm(request.GET or None)
    day = form.day()
    page = paginate(request, selectors.vacancies(body, day))
    return render(
        request,
        "council/vacancies.html",
        {"body": body, "page": page, "form": form, "day": day, "query": query_without_page(request)},
    )


def composition(request: HttpRequest, slug: str) -> HttpResponse:
    """Seat shares against target bands, ratios, the Loosemore–Hanby index and gender balance, over time."""
    body = _body(request, slug)
    form = forms.DayForm(request.GET or None)
    day = form.day()
    report = selectors.composition_on(body, day)
    since = day.replace(year=day.year - 1)
    return render(
        request,
        "council/composition.html",
        {
            "body": body,
            "form": form,
            "report": report,
            "history": selectors.composition_history(body, until=day),
            "participation": selectors.participation_on(body, since, day),
            "since": since,
        },
    )


# --- organisations ----------------------------------------------------------------------------


def organisations(request: HttpRequest) -> HttpResponse:
    qs = _organisations(request).annotate(seat_count=Count("seats"))
    sort = request.GET.get("sort", "name")
    order = {"name": ("name",), "kind": ("kind", "name"), "migrant_led": ("-migrant_led", "name")}.get(
        sort, ("name",)
    )
    page = paginate(request, qs.order_by(*order, "pk"))
    return render(request, "council/organisations.html", {"page": page, "query": query_without_page(request)})


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    allowed = _organisations(request)
    organisation = get_object_or_404(allowed, pk=pk) if pk is not None else None
    form = forms.OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(organisation=organisation, values=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("council:organisations")
    title = _("Edit organisation") if organisation else _("New organisation")
    return _form_page(request, form, title=title, cancel=reverse("council:organisations"))


# --- members, declarations and mandates --------------------------------------------------------


def members(request: HttpRequest) -> HttpResponse:
    qs = _members(request).select_related("organisation")
    text = request.GET.get("q", "").strip()[:100]
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(organisation__name__icontains=text))
    sort = request.GET.get("sort", "name")
    order = {"name": ("name",), "organisation": ("organisation__name", "name")}.get(sort, ("name",))
    page = paginate(request, qs.order_by(*order, "pk"))
    _log_member_reads(request, page, _("council member list"))
    return render(
        request, "council/members.html", {"page": page, "query": query_without_page(request), "q": text}
    )


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    allowed = _members(request)
    member = get_object_or_404(allowed, pk=pk) if pk is not None else None
    form = forms.MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.member_save(member=member, values=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The member is saved."))
            return redirect("council:member_detail", saved.pk)
    if member is not None:
        _log_member_reads(request, [member], _("edit council member"))
    title = _("Edit member") if member else _("New member")
    return _form_page(request, form, title=title, cancel=reverse("council:members"))


def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(_members(request).select_related("organisation"), pk=pk)
    _log_member_reads(request, [member], _("council member record"))
    return render(
        request,
        "council/member_detail.html",
        {
            "member": member,
            "mandates": member.mandates.select_related("seat", "seat__body", "seat__category").order_by(
                "-starts_on"
            ),
            "declarations": member.declarations.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def declaration_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(_members(request), pk=pk)
    form = forms.DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_add(member=member, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The declaration of interest is recorded."))
            return redirect("council:member_detail", member.pk)
    return _form_page(
        request,
        form,
        title=_("Declaration of interest"),
        cancel=reverse("council:member_detail", args=[member.pk]),
    )


@require_http_methods(["GET", "POST"])
def mandate_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a seat its titular or substitute."""
    seat = get_object_or_404(Seat.objects.filter(body__in=_bodies(request)).select_related("body"), pk=pk)
    form = forms.MandateForm(request.POST or None, members=_members(request).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_assign(seat=seat, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The mandate is recorded."))
            return redirect("council:body_detail", seat.body.slug)
    history = seat.mandates.select_related("member").order_by("-starts_on")
    _log_member_reads(request, [m.member for m in history], _("council seat history"))
    return _form_page(
        request,
        form,
        title=_("Assign %(seat)s") % {"seat": seat},
        cancel=body_url(seat.body),
        history=history,
    )


@require_http_methods(["GET", "POST"])
def mandate_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then end a mandate early; the seat history keeps it."""
    mandate = get_object_or_404(
        Mandate.objects.filter(seat__body__in=_bodies(request)).select_related(
            "seat", "seat__body", "member"
        ),
        pk=pk,
    )
    form = forms.MandateEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_end(mandate=mandate, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The mandate is ended. The seat history keeps it."))
            return redirect("council:body_detail", mandate.seat.body.slug)
    _log_member_reads(request, [mandate.member], _("end council mandate"))
    return render(request, "council/mandate_end.html", {"mandate": mandate, "form": form})
