"""Council meetings: convening, access needs, roll call, votes and minutes (writes).

The roll call has one line per seat (``Attendance``). A proxy line is the line of the represented
seat: ``attended_as = proxy`` and ``proxy_for`` names the seat whose member carries the proxy (that
member being present in person for it). Quorum and votes are counted by ``acollida.council.quorum``.
Minutes go draft → circulated → (amended: a new draft version) → approved at a later meeting of
the body → signed by the secretary; every version is kept.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.policy import Perm
from acollida.council import quorum
from acollida.council.i18n import pick
from acollida.council.models import (
    AccessNeed,
    AccessNeedStatus,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    Ballot,
    BallotChoice,
    Body,
    DissentingOpinion,
    Mandate,
    MandateRole,
    Meeting,
    MeetingCall,
    MeetingDocument,
    MeetingStatus,
    Member,
    Minutes,
    MinutesStatus,
    Seat,
    Vote,
    VoteKind,
)


def _require(actor: Any) -> None:
    policy.require(actor, Perm.MANAGE_COUNCIL)


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


# --- reading the rules and the roll ------------------------------------------------------------


def rules_of(body: Body) -> quorum.Rules:
    return quorum.Rules.of(
        quorum_kind=body.quorum_kind,
        first_call=body.quorum_first_call,
        second_call=body.quorum_second_call,
        majority=body.majority_rule,
    )


def holder(seat: Seat, role: str, day: date) -> Member | None:
    """The member holding ``seat`` as ``role`` on ``day``."""
    mandate = (
        Mandate.objects.filter(seat=seat, role=role, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("member")
        .order_by("-starts_on", "-pk")
        .first()
    )
    return mandate.member if mandate else None


def seats_of(meeting: Meeting) -> list[quorum.Seat]:
    seats = Seat.objects.filter(body=meeting.body, is_active=True).select_related("category")
    return [quorum.Seat(s.pk, s.category.code, s.category.has_vote) for s in seats]


def sittings_of(meeting: Meeting) -> list[quorum.Sitting]:
    return [
        quorum.Sitting(a.seat_id, quorum.Role(a.attended_as), a.proxy_for_id)
        for a in Attendance.objects.filter(meeting=meeting, present=True)
    ]


def live_quorum(meeting: Meeting) -> quorum.Quorum:
    return quorum.quorum(
        seats_of(meeting), sittings_of(meeting), rules_of(meeting.body), quorum.Call(meeting.call)
    )


# --- convening ---------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    body: Body,
    title: str,
    starts_at: datetime,
    place: str = "",
    title_i18n: dict[str, str] | None = None,
    languages: list[str] | None = None,
) -> Meeting:
    _require(actor)
    if not body.is_active:
        raise ValidationError(_("This body is no longer active."))
    return _save(
        Meeting(
            body=body,
            title=title,
            title_i18n=title_i18n or {},
            starts_at=starts_at,
            place=place,
            languages=languages or [],
        )
    )


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItemKind.INFORMATION,
    description: str = "",
    title_i18n: dict[str, str] | None = None,
    description_i18n: dict[str, str] | None = None,
) -> AgendaItem:
    _require(actor)
    last = meeting.agenda_items.aggregate(top=Max("order"))["top"] or 0
    return _save(
        AgendaItem(
            meeting=meeting,
            order=last + 1,
            title=title,
            title_i18n=title_i18n or {},
            description=description,
            description_i18n=description_i18n or {},
            kind=kind,
        )
    )


@transaction.atomic
def document_add(
    *, actor: Any, meeting: Meeting, title: str, text: str = "", language: str = ""
) -> MeetingDocument:
    _require(actor)
    return _save(MeetingDocument(meeting=meeting, title=title, text=text, language=language))


def member_language(member: Member) -> str:
    """The first of the member's languages the platform speaks, else the platform's language."""
    known = {code for code, _name in settings.LANGUAGES}
    for code in member.languages or []:
        for candidate in (str(code).lower(), str(code).lower().split("-")[0]):
            if candidate in known:
                return candidate
    return str(settings.LANGUAGE_CODE)


def members_of(body: Body, day: date) -> list[Member]:
    """Titulars and substitutes holding a seat of ``body`` on ``day``, each once."""
    mandates = (
        Mandate.objects.filter(seat__body=body, seat__is_active=True, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("member")
    )
    found: dict[int, Member] = {}
    for mandate in mandates:
        found.setdefault(mandate.member_id, mandate.member)
    return sorted(found.values(), key=lambda m: (m.name, m.pk))


def _invitation(meeting: Meeting, language: str) -> tuple[str, str]:
    with translation.override(language):
        title = pick(meeting.title_i18n, meeting.title, language)
        when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
        lines = [
            _("You are convened to the meeting “%(title)s” of %(body)s.")
            % {"title": title, "body": pick(meeting.body.name_i18n, meeting.body.name, language)},
            _("When: %(when)s") % {"when": when},
        ]
        if meeting.place:
            lines.append(_("Where: %(place)s") % {"place": meeting.place})
        lines += ["", _("Agenda:")]
        for item in meeting.agenda_items.all():
            lines.append(f"{item.order}. {pick(item.title_i18n, item.title, language)}")
        lines += [
            "",
            _("Tell the secretary what you need to take part: interpretation, easy-read, childcare, travel."),
        ]
        subject = _("Meeting convened: %(title)s") % {"title": title}
    return subject, "\n".join(lines)


@transaction.atomic
def meeting_convene(*, actor: Any, meeting: Meeting) -> int:
    """Convene a draft meeting and e-mail every member in their language; returns how many were sent."""
    _require(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(_("Only a draft meeting can be convened."))
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Add at least one agenda item before convening."))
    meeting.status = MeetingStatus.CONVENED
    meeting.convened_at = timezone.now()
    meeting.convened_by = actor
    members = members_of(meeting.body, timezone.localdate(meeting.starts_at))
    languages = sorted({member_language(m) for m in members} | set(meeting.languages or []))
    meeting.languages = languages
    _save(meeting)
    sent = 0
    for member in members:
        if not member.email:
            continue
        language = member_language(member)
        subject, text = _invitation(meeting, language)
        mail = EmailMessage(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[member.email],
            headers={"Content-Language": language},
        )
        sent += mail.send(fail_silently=True)
    return sent


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    _require(actor)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("A meeting already held cannot be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    return _save(meeting)


# --- access needs ------------------------------------------------------------------------------

_NEXT_STATUS = {
    AccessNeedStatus.REQUESTED: {AccessNeedStatus.ARRANGED, AccessNeedStatus.DONE},
    AccessNeedStatus.ARRANGED: {AccessNeedStatus.DONE},
    AccessNeedStatus.DONE: set(),
}


@transaction.atomic
def access_need_request(
    *, actor: Any, meeting: Meeting, member: Member, kind: str, language: str = "", note: str = ""
) -> AccessNeed:
    _require(actor)
    return _save(AccessNeed(meeting=meeting, member=member, kind=kind, language=language, note=note))


@transaction.atomic
def access_need_advance(*, actor: Any, need: AccessNeed, status: str) -> AccessNeed:
    """Move a need forward: requested → arranged → done."""
    _require(actor)
    if status not in _NEXT_STATUS[AccessNeedStatus(need.status)]:
        raise ValidationError(_("An access need only moves forward: requested, arranged, done."))
    need.status = status
    return _save(need)


# --- roll call ---------------------------------------------------------------------------------


@transaction.atomic
def roll_call_open(*, actor: Any, meeting: Meeting, call: str = MeetingCall.FIRST) -> list[Attendance]:
    """One line per active seat of the body, with the titular named and nobody present yet."""
    _require(actor)
    if meeting.status not in {MeetingStatus.CONVENED, MeetingStatus.HELD}:
        raise ValidationError(_("Convene the meeting before taking the roll."))
    meeting.call = call
    _save(meeting)
    day = timezone.localdate(meeting.starts_at)
    existing = set(meeting.attendances.values_list("seat_id", flat=True))
    for seat in Seat.objects.filter(body=meeting.body, is_active=True).exclude(pk__in=existing):
        _save(Attendance(meeting=meeting, seat=seat, member=holder(seat, MandateRole.TITULAR, day)))
    return list(meeting.attendances.select_related("seat", "member"))


@transaction.atomic
def attendance_mark(
    *, actor: Any, attendance: Attendance, role: str | None, carried_by: Seat | None = None
) -> Attendance:
    """Mark a roll-call line: ``role`` titular, substitute or proxy, or ``None`` for absent."""
    _require(actor)
    day = timezone.localdate(attendance.meeting.starts_at)
    attendance.proxy_for = None
    if role is None:
        attendance.present = False
        attendance.arrived_at = None
        attendance.member = holder(attendance.seat, MandateRole.TITULAR, day)
        attendance.attended_as = AttendanceRole.TITULAR
        return _save(attendance)
    if role == AttendanceRole.PROXY:
        if carried_by is None or carried_by.pk == attendance.seat_id:
            raise ValidationError(_("Say which other seat carries the proxy."))
        carrier = Attendance.objects.filter(meeting=attendance.meeting, seat=carried_by, present=True).first()
        if carrier is None or carrier.attended_as == AttendanceRole.PROXY:
            raise ValidationError(_("The proxy must be carried by a member present in person."))
        attendance.member = carrier.member
        attendance.proxy_for = carried_by
    else:
        member = holder(attendance.seat, role, day)
        if member is None:
            raise ValidationError(
                _("This seat has no %(role)s on the day of the meeting.")
                % {"role": AttendanceRole(role).label}
            )
        attendance.member = member
    attendance.attended_as = role
    attendance.present = True
    attendance.arrived_at = attendance.arrived_at or timezone.now()
    return _save(attendance)


@transaction.atomic
def speaking_turn_add(*, actor: Any, attendance: Attendance) -> Attendance:
    _require(actor)
    if not attendance.present:
        raise ValidationError(_("Only someone present can take the floor."))
    attendance.speaking_turns += 1
    return _save(attendance)


# --- votes -------------------------------------------------------------------------------------


@transaction.atomic
def vote_open(
    *,
    actor: Any,
    meeting: Meeting,
    question: str,
    kind: str = VoteKind.OPINION,
    agenda_item: AgendaItem | None = None,
    question_i18n: dict[str, str] | None = None,
) -> Vote:
    _require(actor)
    if meeting.status not in {MeetingStatus.CONVENED, MeetingStatus.HELD}:
        raise ValidationError(_("Votes are held at a convened meeting."))
    return _save(
        Vote(
            meeting=meeting,
            question=question,
            question_i18n=question_i18n or {},
            kind=kind,
            agenda_item=agenda_item,
        )
    )


@transaction.atomic
def ballot_cast(*, actor: Any, vote: Vote, seat: Seat, choice: str) -> Ballot:
    """Record the ballot of a seat entitled to vote now; casting again replaces it until the count."""
    _require(actor)
    if vote.result:
        raise ValidationError(_("This vote is closed."))
    if choice not in BallotChoice.values:
        raise ValidationError(_("Choose yes, no or abstain."))
    who = quorum.voters(seats_of(vote.meeting), sittings_of(vote.meeting), rules_of(vote.meeting.body))
    if seat.pk not in who:
        raise ValidationError(_("This seat has no vote at this meeting."))
    line = Attendance.objects.get(meeting=vote.meeting, seat=seat)
    ballot = Ballot.objects.filter(vote=vote, seat=seat).first() or Ballot(vote=vote, seat=seat)
    ballot.choice = choice
    ballot.member = line.member
    ballot.cast_as = who[seat.pk].value
    return _save(ballot)


def vote_result(vote: Vote) -> quorum.Result:
    ballots = {b.seat_id: b.choice for b in vote.ballots.all()}
    return quorum.result(
        seats_of(vote.meeting),
        sittings_of(vote.meeting),
        ballots,
        rules_of(vote.meeting.body),
        quorum.Call(vote.meeting.call),
    )


@transaction.atomic
def vote_close(*, actor: Any, vote: Vote) -> Vote:
    _require(actor)
    if vote.result:
        raise ValidationError(_("This vote is closed."))
    vote.result = vote_result(vote).outcome.value
    vote.held_at = timezone.now()
    return _save(vote)


@transaction.atomic
def dissent_add(
    *, actor: Any, vote: Vote, text: str, seat: Seat | None = None, member: Member | None = None
) -> DissentingOpinion:
    _require(actor)
    if not text.strip():
        raise ValidationError({"text": _("Write the dissenting opinion.")})
    if seat is not None and seat.body_id != vote.meeting.body_id:
        raise ValidationError(_("The seat belongs to another body."))
    if seat is not None and member is None:
        ballot = Ballot.objects.filter(vote=vote, seat=seat).select_related("member").first()
        member = ballot.member if ballot else None
    return _save(DissentingOpinion(vote=vote, seat=seat, member=member, text=text))


# --- minutes -----------------------------------------------------------------------------------


def latest_minutes(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).order_by("-version").first()


@transaction.atomic
def minutes_draft(
    *, actor: Any, meeting: Meeting, text: str, text_i18n: dict[str, str] | None = None
) -> Minutes:
    _require(actor)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("This meeting has minutes already: amend them instead."))
    return _save(Minutes(meeting=meeting, version=1, text=text, text_i18n=text_i18n or {}, created_by=actor))


def _require_latest(minutes: Minutes) -> None:
    latest = latest_minutes(minutes.meeting)
    if latest is None or latest.pk != minutes.pk:
        raise ValidationError(_("Only the latest version of the minutes can change."))


@transaction.atomic
def minutes_circulate(*, actor: Any, minutes: Minutes) -> Minutes:
    _require(actor)
    _require_latest(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(_("Only a draft is circulated."))
    minutes.status = MinutesStatus.CIRCULATED
    return _save(minutes)


@transaction.atomic
def minutes_amend(
    *, actor: Any, minutes: Minutes, text: str, text_i18n: dict[str, str] | None = None
) -> Minutes:
    """A new draft version; the one amended is kept as it was."""
    _require(actor)
    _require_latest(minutes)
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("Approved minutes are not amended."))
    return _save(
        Minutes(
            meeting=minutes.meeting,
            version=minutes.version + 1,
            text=text,
            text_i18n=text_i18n if text_i18n is not None else dict(minutes.text_i18n),
            created_by=actor,
        )
    )


@transaction.atomic
def minutes_approve(*, actor: Any, minutes: Minutes, at_meeting: Meeting) -> Minutes:
    """Approve circulated minutes at a later meeting of the same body."""
    _require(actor)
    _require_latest(minutes)
    if minutes.status != MinutesStatus.CIRCULATED:
        raise ValidationError(_("Circulate the minutes before approving them."))
    if at_meeting.body_id != minutes.meeting.body_id or at_meeting.starts_at <= minutes.meeting.starts_at:
        raise ValidationError(_("Minutes are approved at a later meeting of the same body."))
    if at_meeting.status not in {MeetingStatus.CONVENED, MeetingStatus.HELD}:
        raise ValidationError(_("Minutes are approved at a convened meeting."))
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at_meeting = at_meeting
    return _save(minutes)


@transaction.atomic
def minutes_sign(*, actor: Any, minutes: Minutes) -> Minutes:
    _require(actor)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are signed."))
    if minutes.signed_at is not None:
        raise ValidationError(_("These minutes are signed already."))
    minutes.signed_by = actor
    minutes.signed_at = timezone.now()
    return _save(minutes)
