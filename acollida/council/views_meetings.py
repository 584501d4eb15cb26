"""Council meetings: the secretary's screens (convening, roll call with live quorum, votes, minutes)
and the public, read-only feeds of a body's meetings (iCalendar and RSS, no personal data)."""

from __future__ import annotations

from datetime import timedelta
from xml.sax.saxutils import escape as xml_escape

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import rfc2822_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acollida.agenda import ical
from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.council import selectors_meetings as selectors
from acollida.council import services_meetings as services
from acollida.council.models import (
    AccessNeed,
    AccessNeedKind,
    AccessNeedStatus,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    BallotChoice,
    Body,
    Meeting,
    MeetingCall,
    MeetingStatus,
    Minutes,
    Seat,
    Vote,
    VoteKind,
)

# --- forms -------------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300, required=False)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AgendaItemKind.choices)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    language = forms.CharField(label=gettext_lazy("Language"), max_length=10, required=False)
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea)


class AccessNeedForm(forms.Form):
    member = forms.IntegerField(label=gettext_lazy("Member"))
    kind = forms.ChoiceField(label=gettext_lazy("Need"), choices=AccessNeedKind.choices)
    language = forms.CharField(label=gettext_lazy("Language"), max_length=10, required=False)


class VoteForm(forms.Form):
    question = forms.CharField(label=gettext_lazy("Question"), widget=forms.Textarea)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=VoteKind.choices)


class MinutesForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Minutes"), widget=forms.Textarea)


# --- helpers -----------------------------------------------------------------------------------


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            text = _("%(field)s: %(error)s") % {"field": label, "error": error} if label else str(error)
            messages.error(request, text)


def _log_members(request: HttpRequest, member_ids: set[int], purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="council_member",
        records=[(pk, None) for pk in sorted(member_ids)],
        purpose=purpose,
        perm=Perm.MANAGE_COUNCIL,
    )


# --- meetings ----------------------------------------------------------------------------------

SORTS = {"date": ("-starts_at",), "oldest": ("starts_at",), "title": ("title", "-starts_at")}


@require_http_methods(["GET", "POST"])
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's meetings, newest first, and the form to plan a new one."""
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    body = get_object_or_404(Body, slug=slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.meeting_create(actor=request.user, body=body, **form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Meeting planned. Add its agenda, then convene it."))
                return redirect("council:meeting_detail", pk=meeting.pk)
        else:
            _form_errors(request, form)
    sort = request.GET.get("sort", "date")
    order = SORTS.get(sort, SORTS["date"])
    page = paginate(request, selectors.meetings_of(body).order_by(*order, "pk"))
    return render(
        request,
        "council/meetings.html",
        {"body": body, "page": page, "form": form, "sort": sort, "query": query_without_page(request)},
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    needs = list(meeting.access_needs.select_related("member"))
    members = services.members_of(meeting.body, timezone.localdate(meeting.starts_at))
    _log_members(request, {n.member_id for n in needs} | {m.pk for m in members}, _("meeting access needs"))
    return render(
        request,
        "council/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda_items.all(),
            "documents": meeting.documents.all(),
            "needs": needs,
            "members": members,
            "votes": meeting.votes.all(),
            "agenda_form": AgendaItemForm(),
            "document_form": DocumentForm(),
            "need_form": AccessNeedForm(),
            "vote_form": VoteForm(),
            "need_kinds": AccessNeedKind.choices,
            "quorum": services.live_quorum(meeting),
            "is_draft": meeting.status == MeetingStatus.DRAFT,
            "minutes": selectors.minutes_versions(meeting).first(),
        },
    )


@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("Agenda item added."))
        except ValidationError as error:
            _errors(request, error)
    else:
        _form_errors(request, form)
    return redirect("council:meeting_detail", pk=meeting.pk)


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    form = DocumentForm(request.POST)
    if form.is_valid():
        try:
            services.document_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("Document added."))
        except ValidationError as error:
            _errors(request, error)
    else:
        _form_errors(request, form)
    return redirect("council:meeting_detail", pk=meeting.pk)


@require_http_methods(["GET", "POST"])
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    """Convening mails every member: a confirmation page first."""
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    if request.method == "POST":
        try:
            sent = services.meeting_convene(actor=request.user, meeting=meeting)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Meeting convened; %(count)s members notified.") % {"count": sent})
        return redirect("council:meeting_detail", pk=meeting.pk)
    return render(request, "council/meeting_convene.html", {"meeting": meeting})


@require_POST
def access_need_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    form = AccessNeedForm(request.POST)
    members = {m.pk: m for m in services.members_of(meeting.body, timezone.localdate(meeting.starts_at))}
    if form.is_valid() and form.cleaned_data["member"] in members:
        try:
            services.access_need_request(
                actor=request.user,
                meeting=meeting,
                member=members[form.cleaned_data["member"]],
                kind=form.cleaned_data["kind"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Access need recorded."))
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, _("Choose a member of this body and the need."))
    return redirect("council:meeting_detail", pk=meeting.pk)


@require_POST
def access_need_advance(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    need = get_object_or_404(AccessNeed, pk=pk)
    status = request.POST.get("status", "")
    if status not in AccessNeedStatus.values:
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.access_need_advance(actor=request.user, need=need, status=status)
            messages.success(request, _("Access need updated."))
        except ValidationError as error:
            _errors(request, error)
    return redirect("council:meeting_detail", pk=need.meeting_id)


# --- roll call ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    """The roll call: one line per seat, the quorum recounted on every mark (no script needed)."""
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    if request.method == "POST":
        call = request.POST.get("call", MeetingCall.FIRST)
        if call not in MeetingCall.values:
            call = MeetingCall.FIRST
        try:
            services.roll_call_open(actor=request.user, meeting=meeting, call=call)
        except ValidationError as error:
            _errors(request, error)
        return redirect("council:meeting_roll_call", pk=meeting.pk)
    lines = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("seat__category", "member", "proxy_for")
        .order_by("seat__number", "pk")
    )
    _log_members(request, {a.member_id for a in lines if a.member_id}, _("roll call"))
    return render(
        request,
        "council/meeting_roll_call.html",
        {
            "meeting": meeting,
            "lines": lines,
            "quorum": services.live_quorum(meeting),
            "roles": AttendanceRole.choices,
            "calls": MeetingCall.choices,
            "present_seats": [a.seat for a in lines if a.present and a.attended_as != AttendanceRole.PROXY],
        },
    )


@require_POST
def attendance_mark(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    line = get_object_or_404(Attendance.objects.select_related("meeting", "seat"), pk=pk)
    role = request.POST.get("role", "")
    carried_by = None
    if request.POST.get("carried_by", "").isdigit():
        carried_by = Seat.objects.filter(
            pk=int(request.POST["carried_by"]), body_id=line.seat.body_id
        ).first()
    if role and role not in AttendanceRole.values:
        messages.error(request, _("Choose titular, substitute, proxy or absent."))
    else:
        try:
            services.attendance_mark(
                actor=request.user, attendance=line, role=role or None, carried_by=carried_by
            )
        except ValidationError as error:
            _errors(request, error)
    return redirect(
        reverse("council:meeting_roll_call", kwargs={"pk": line.meeting_id}) + f"#seat-{line.seat_id}"
    )


@require_POST
def attendance_turn(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    line = get_object_or_404(Attendance, pk=pk)
    try:
        services.speaking_turn_add(actor=request.user, attendance=line)
    except ValidationError as error:
        _errors(request, error)
    return redirect(
        reverse("council:meeting_roll_call", kwargs={"pk": line.meeting_id}) + f"#seat-{line.seat_id}"
    )


# --- votes -------------------------------------------------------------------------------------


@require_POST
def vote_create(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            vote = services.vote_open(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            return redirect("council:vote_detail", pk=vote.pk)
    else:
        _form_errors(request, form)
    return redirect("council:meeting_detail", pk=meeting.pk)


def _vote(pk: int) -> Vote:
    return get_object_or_404(Vote.objects.select_related("meeting__body"), pk=pk)


def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    vote = _vote(pk)
    ballots = {b.seat_id: b for b in vote.ballots.select_related("member")}
    lines = list(
        Attendance.objects.filter(meeting=vote.meeting)
        .select_related("seat__category", "member")
        .order_by("seat__number", "pk")
    )
    outcome = services.vote_result(vote)
    dissents = list(vote.dissents.select_related("member", "seat"))
    _log_members(
        request,
        {a.member_id for a in lines if a.member_id} | {d.member_id for d in dissents if d.member_id},
        _("vote"),
    )
    rows = [{"line": a, "ballot": ballots.get(a.seat_id)} for a in lines]
    return render(
        request,
        "council/vote_detail.html",
        {
            "vote": vote,
            "rows": rows,
            "outcome": outcome,
            "by_category": sorted(outcome.by_category.items()),
            "choices": BallotChoice.choices,
            "dissents": dissents,
            "closed": bool(vote.result),
        },
    )


@require_POST
def ballot_cast(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    vote = _vote(pk)
    seat_id = request.POST.get("seat", "")
    seat = (
        Seat.objects.filter(pk=int(seat_id), body_id=vote.meeting.body_id).first()
        if seat_id.isdigit()
        else None
    )
    if seat is None:
        messages.error(request, _("Choose a seat of this body."))
    else:
        try:
            services.ballot_cast(
                actor=request.user, vote=vote, seat=seat, choice=request.POST.get("choice", "")
            )
        except ValidationError as error:
            _errors(request, error)
    return redirect("council:vote_detail", pk=vote.pk)


@require_http_methods(["GET", "POST"])
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing counts the ballots for good: a confirmation page first."""
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    vote = _vote(pk)
    if request.method == "POST":
        try:
            services.vote_close(actor=request.user, vote=vote)
            messages.success(request, _("Vote closed: %(result)s.") % {"result": vote.get_result_display()})
        except ValidationError as error:
            _errors(request, error)
        return redirect("council:vote_detail", pk=vote.pk)
    return render(request, "council/vote_close.html", {"vote": vote, "outcome": services.vote_result(vote)})


@require_POST
def dissent_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    vote = _vote(pk)
    seat_id = request.POST.get("seat", "")
    seat = (
        Seat.objects.filter(pk=int(seat_id), body_id=vote.meeting.body_id).first()
        if seat_id.isdigit()
        else None
    )
    try:
        services.dissent_add(actor=request.user, vote=vote, seat=seat, text=request.POST.get("text", ""))
        messages.success(request, _("Dissenting opinion attached."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("council:vote_detail", pk=vote.pk)


# --- minutes -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version of a meeting's minutes; the first draft is written here."""
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    meeting = _meeting(pk)
    form = MinutesForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.minutes_draft(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
                messages.success(request, _("Draft minutes saved."))
                return redirect("council:minutes", pk=meeting.pk)
            except ValidationError as error:
                _errors(request, error)
        else:
            _form_errors(request, form)
    versions = list(selectors.minutes_versions(meeting).select_related("approved_at_meeting", "signed_by"))
    later = selectors.meetings_of(meeting.body).filter(
        starts_at__gt=meeting.starts_at, status__in=[MeetingStatus.CONVENED, MeetingStatus.HELD]
    )
    return render(
        request,
        "council/minutes.html",
        {
            "meeting": meeting,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "form": form,
            "later_meetings": later,
        },
    )


MINUTES_ACTIONS = {"circulate", "amend", "approve", "sign"}


@require_POST
def minutes_action(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    version = get_object_or_404(Minutes.objects.select_related("meeting"), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "circulate":
            services.minutes_circulate(actor=request.user, minutes=version)
        elif action == "amend":
            text = request.POST.get("text", "")
            if not text.strip():
                raise ValidationError(_("Write the amended minutes."))
            services.minutes_amend(actor=request.user, minutes=version, text=text)
        elif action == "approve":
            at_id = request.POST.get("at_meeting", "")
            at = Meeting.objects.filter(pk=int(at_id)).first() if at_id.isdigit() else None
            if at is None:
                raise ValidationError(_("Choose the meeting that approved the minutes."))
            services.minutes_approve(actor=request.user, minutes=version, at_meeting=at)
        elif action == "sign":
            services.minutes_sign(actor=request.user, minutes=version)
        else:
            raise ValidationError(_("Unknown action."))
        messages.success(request, _("Minutes updated."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("council:minutes", pk=version.meeting_id)


# --- public ------------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved minutes of a meeting: the canonical page is the public meeting page, which shows
    them; this address moved there for good. Nothing before approval."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if selectors.approved_minutes(meeting) is None:
        raise Http404
    return redirect(reverse("council_public:meeting", kwargs={"pk": meeting.pk}), permanent=True)


def _feed_body(slug: str) -> Body:
    return get_object_or_404(Body, slug=slug)


@login_not_required
@require_GET
def meetings_ical(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's announced meetings as iCalendar: titles, times and places only."""
    body = _feed_body(slug)
    host = request.get_host().split(":")[0]
    events = [
        ical.Event(
            uid=f"council-meeting-{m.pk}@{host}",
            starts_at=m.starts_at,
            ends_at=m.starts_at + timedelta(hours=2),
            summary=m.t("title"),
            location=m.place,
            cancelled=m.status == MeetingStatus.CANCELLED,
        )
        for m in selectors.public_meetings(body)[:200]
    ]
    text = ical.calendar(events, name=body.t("name"), now=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{body.slug}.ics"'
    return response


@login_not_required
@require_GET
def meetings_rss(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's announced meetings as RSS 2.0, with a link to approved minutes when there are some."""
    body = _feed_body(slug)
    items: list[str] = []
    for m in selectors.public_meetings(body)[:50]:
        link = request.build_absolute_uri(
            reverse("council_public:meeting", kwargs={"pk": m.pk})
            if selectors.approved_minutes(m)
            else reverse("council:meetings_ical", kwargs={"slug": body.slug})
        )
        when = timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M")
        description = f"{when} · {m.place}" if m.place else when
        if m.status == MeetingStatus.CANCELLED:
            description = f"{description} · {_('Cancelled')}"
        items.append(
            "<item>"
            f"<title>{xml_escape(m.t('title'))}</title>"
            f"<link>{xml_escape(link)}</link>"
            f'<guid isPermaLink="false">council-meeting-{m.pk}</guid>'
            f"<description>{xml_escape(description)}</description>"
            f"<pubDate>{rfc2822_date(m.convened_at or m.starts_at)}</pubDate>"
            "</item>"
        )
    channel_link = request.build_absolute_uri(reverse("council:meetings_rss", kwargs={"slug": body.slug}))
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0"><channel>'
        f"<title>{xml_escape(body.t('name'))}</title>"
        f"<link>{xml_escape(channel_link)}</link>"
        f"<description>{xml_escape(_('Meetings of %(body)s') % {'body': body.t('name')})}</description>"
        + "".join(items)
        + "</channel></rss>"
    )
    return HttpResponse(text, content_type="application/rss+xml; charset=utf-8")
