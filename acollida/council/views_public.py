"""The council's public pages (no account needed: every view is ``@login_not_required``).

Only what the council publishes is shown: the composition as aggregates (gender counts suppressed
as in DESIGN.md), members who consented, convened meetings, approved minutes, advice with the city's
answers, and plan threads with their published comments. The comment form is the one page that
takes input: rate-limited, with a honeypot and a signed time token; on error it keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acollida.council import selectors_public as selectors
from acollida.council import services_advice
from acollida.council.forms_public import PlanCommentForm
from acollida.council.models import Body, PlanProcessStatus, PlanSection
from acollida.directory import services_public as limits
from acollida.directory.forms_public import MIN_FILL_SECONDS, form_token_age, form_token_new

PAGE_SIZE = 20


def _languages(request: HttpRequest) -> list[dict[str, Any]]:
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == translation.get_language(),
        }
        for code, _name in settings.LANGUAGES
    ]


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {**context, "site_languages": _languages(request)}
    return render(request, f"council/public/{template}", context, status=status)


def _body(slug: str) -> Body:
    return get_object_or_404(selectors.public_bodies(), slug=slug)


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The council's bodies and its plan processes."""
    return _render(
        request,
        "index.html",
        {"bodies": selectors.public_bodies(), "processes": selectors.public_processes()},
    )


@login_not_required
@require_GET
def composition(request: HttpRequest, slug: str) -> HttpResponse:
    """Seat shares per category against the target bands, the disproportionality index, gender."""
    body = _body(slug)
    return _render(request, "composition.html", {"body": body, "composition": selectors.composition(body)})


@login_not_required
@require_GET
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Members who consented to appear, with their seats and declarations of interest."""
    body = _body(slug)
    page = Paginator(selectors.public_members(body), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "members.html", {"body": body, "page": page})


@login_not_required
@require_GET
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(slug)
    page = Paginator(selectors.public_meetings(body), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "meetings.html", {"body": body, "page": page})


@login_not_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A convened meeting, its agenda, and its minutes once approved."""
    found = selectors.public_meeting(pk)
    if found is None:
        raise Http404
    return _render(
        request,
        "meeting.html",
        {
            "meeting": found,
            "body": found.body,
            "agenda": found.agenda_items.order_by("order", "pk"),
            "minutes": selectors.approved_minutes(found),
        },
    )


@login_not_required
@require_GET
def accountability(request: HttpRequest, slug: str) -> HttpResponse:
    """Every piece of advice, its addressee, its deadline and the city's answer; overdue ones flagged."""
    body = _body(slug)
    today = timezone.localdate()
    page = Paginator(selectors.public_advice(body), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(advice, services_advice.is_overdue(advice, today)) for advice in page.object_list]
    return _render(
        request,
        "accountability.html",
        {"body": body, "page": page, "rows": rows, "counts": services_advice.accountability(body, today)},
    )


@login_not_required
@require_GET
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    """A plan process: its sections and each section's published comments and amendments."""
    process = get_object_or_404(selectors.public_processes(), slug=slug)
    return _render(
        request,
        "plan.html",
        {
            "process": process,
            "sections": selectors.process_sections(process),
            "open": process.status == PlanProcessStatus.OPEN,
            "sent": request.GET.get("sent") == "1",
        },
    )


def _client_address(request: HttpRequest) -> str:
    return limits.client_address(request.META)


@login_not_required
@require_http_methods(["GET", "POST"])
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on a plan section or propose an amendment; it is published after moderation."""
    section = get_object_or_404(PlanSection.objects.select_related("process"), pk=pk)
    context: dict[str, Any] = {"section": section, "process": section.process}
    if section.process.status != PlanProcessStatus.OPEN:
        return _render(request, "plan_closed.html", context, status=410 if request.method == "POST" else 200)
    if request.method != "POST":
        form = PlanCommentForm(initial={"language": translation.get_language()})
        return _render(
            request, "plan_comment.html", {**context, "form": form, "form_token": form_token_new()}
        )

    form = PlanCommentForm(request.POST)
    address = _client_address(request)
    session_key = request.session.session_key or ""
    if limits.request_limit_reached(address=address, session_key=session_key):
        form.is_valid()
        context["limited"] = True
        return _render(
            request,
            "plan_comment.html",
            {**context, "form": form, "form_token": form_token_new()},
            status=429,
        )
    if form.is_spam:
        return redirect(_sent_url(section))
    if form.is_valid():
        age = form_token_age(request.POST.get("form_token", ""))
        if age is None:
            form.add_error(
                None, _("This form was open for too long. Please check your comment and send it again.")
            )
        elif age < MIN_FILL_SECONDS:
            form.add_error(None, _("That was very quick. Please check your comment and send it again."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_advice.plan_comment_submit(
                section=section,
                text=data["text"],
                language=data["language"],
                kind=data["kind"],
                proposed_text=data["proposed_text"],
                author_name=data["author_name"],
                author_user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            limits.request_counted(address=address, session_key=session_key)
            return redirect(_sent_url(section))
    return _render(request, "plan_comment.html", {**context, "form": form, "form_token": form_token_new()})


def _sent_url(section: PlanSection) -> str:
    return reverse("council_public:plan", args=[section.process.slug]) + "?sent=1"
