"""The walk-in queue, the waiting-room display, calendar feeds and the iCalendar feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acollida.agenda import ical, selectors, services
from acollida.agenda.forms import CallForm, TicketForm
from acollida.agenda.models import CalendarFeed, WalkInTicket
from acollida.core import audit, policy
from acollida.core.models import Office, User
from acollida.core.policy import Perm


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _queue_office(request: HttpRequest, office_id: int | str | None) -> Office:
    policy.require(request.user, Perm.VIEW_PERSONS)
    offices = selectors.queue_offices(_user(request))
    try:
        office = offices.filter(pk=int(office_id)).first() if office_id else offices.first()
    except ValueError:
        office = None
    if office is None:
        raise Http404
    return office


def _back(office: Office) -> HttpResponse:
    return redirect(reverse("agenda:queue") + "?" + urlencode({"office": office.pk}))


def queue(request: HttpRequest) -> HttpResponse:
    """Today's walk-in queue at one office: issue a ticket, call the next one, finish tickets."""
    user = _user(request)
    policy.require(user, Perm.VIEW_PERSONS)
    if not request.GET.get("office") and not selectors.queue_offices(user).exists():
        return render(request, "agenda/queue.html", {"no_office": True})
    office = _queue_office(request, request.GET.get("office"))
    tickets = list(selectors.tickets_today(user, office))
    audit.read_records(
        request,
        user=user,
        record_type="person",
        records=[(t.person_id, t.person.organisation_id) for t in tickets if t.person is not None],
        purpose=_("walk-in queue"),
    )
    return render(
        request,
        "agenda/queue.html",
        {
            "office": office,
            "offices": selectors.queue_offices(user),
            "tickets": tickets,
            "waiting": [t for t in tickets if t.status == WalkInTicket.Status.WAITING],
            "called": [t for t in tickets if t.status == WalkInTicket.Status.CALLED],
            "done": [
                t for t in tickets if t.status in {WalkInTicket.Status.SERVED, WalkInTicket.Status.LEFT}
            ],
            "ticket_form": TicketForm(),
            "call_form": CallForm(initial={"desk": request.session.get("agenda_desk", "")}),
        },
    )


@require_POST
def ticket_issue(request: HttpRequest, office_id: int) -> HttpResponse:
    office = _queue_office(request, office_id)
    form = TicketForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a service for the ticket."))
        return _back(office)
    ticket = services.ticket_issue(
        actor=_user(request), office=office, service_type=form.cleaned_data["service_type"]
    )
    messages.success(request, _("Ticket %(number)s issued.") % {"number": ticket.number})
    return _back(office)


@require_POST
def ticket_call(request: HttpRequest, office_id: int) -> HttpResponse:
    office = _queue_office(request, office_id)
    form = CallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say which desk is calling."))
        return _back(office)
    request.session["agenda_desk"] = form.cleaned_data["desk"]
    ticket = services.ticket_call_next(actor=_user(request), office=office, desk=form.cleaned_data["desk"])
    if ticket is None:
        messages.info(request, _("Nobody is waiting."))
    else:
        messages.success(
            request,
            _("Ticket %(number)s called to %(desk)s.") % {"number": ticket.number, "desk": ticket.desk},
        )
    return _back(office)


@require_POST
def ticket_finish(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Served, or left without being seen."""
    user = _user(request)
    policy.require(user, Perm.VIEW_PERSONS)
    ticket = (
        policy.tickets_visible_to(user, WalkInTicket.objects.select_related("office"))
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "served":
            services.ticket_serve(actor=user, ticket=ticket)
        elif action == "left":
            services.ticket_left(actor=user, ticket=ticket)
        else:
            raise ValidationError(_("Choose served or left."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(ticket.office)


def display(request: HttpRequest, office_id: int) -> HttpResponse:
    """The waiting-room screen: called numbers and desks. No names, no personal data."""
    office = _queue_office(request, office_id)
    called, waiting = selectors.display_board(office)
    return render(
        request,
        "agenda/display.html",
        {"office": office, "called": called, "latest": called[0] if called else None, "waiting": waiting},
    )


@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest) -> HttpResponse:
    """My calendar feed: make one (its address is shown once) or stop it."""
    user = _user(request)
    if not policy.may_keep_calendar(user):
        raise PermissionDenied
    secret_url = ""
    if request.method == "POST":
        _feed, raw = services.feed_create(actor=user)
        secret_url = request.build_absolute_uri(reverse("agenda_ical", kwargs={"token": raw}))
        messages.success(
            request, _("Your calendar address is ready. Copy it now: it will not be shown again.")
        )
    active = CalendarFeed.objects.visible_to(user).filter(revoked_at__isnull=True)
    mine = list(selectors.my_interpretations(user)[:50]) if policy.can(user, Perm.INTERPRET) else []
    return render(
        request,
        "agenda/feeds.html",
        {
            "feeds": active,
            "secret_url": secret_url,
            "interpretations": mine,
        },
    )


@require_http_methods(["GET", "POST"])
def feed_revoke(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Confirmation page, then the feed address stops working."""
    user = _user(request)
    feed = CalendarFeed.objects.visible_to(user).filter(pk=feed_id).first()
    if feed is None:
        raise Http404
    if request.method == "POST":
        services.feed_revoke(actor=user, feed=feed)
        messages.success(request, _("The calendar address no longer works."))
        return redirect("agenda:feeds")
    return render(request, "agenda/feed_revoke.html", {"feed": feed})


@login_not_required
@never_cache
@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed at its secret address (no sign-in: calendar apps cannot). Only services,
    offices and interpreter languages, never a name. A revoked or unknown address is a 404."""
    feed = selectors.feed_by_token(token)
    if feed is None:
        raise Http404
    body = ical.calendar(selectors.feed_events(feed), name=_("acollida appointments"), now=timezone.now())
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="acollida.ics"'
    return response
