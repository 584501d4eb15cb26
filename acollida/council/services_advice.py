"""Proposals, advice to the city and the city's answers, and the participatory drafting of a plan.

A proposal is submitted by a member or an association; the body debates it and adopts it as
``Advice`` addressed to a city department with a deadline for the city's formal answer. The answer
has a status (accepted, partly accepted, rejected with reasons, implemented); an answer still
awaited after its deadline is overdue.

A plan process is split into sections; associations and the public comment on a section or propose
an amendment to it, in any language. Comments wait in a moderation queue for the council secretary
and are shown on the public thread only once published.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import User
from acollida.council.models import (
    Advice,
    AdviceStatus,
    Body,
    CouncilOrganisation,
    Meeting,
    Member,
    PlanComment,
    PlanCommentKind,
    PlanCommentStatus,
    PlanProcessStatus,
    PlanSection,
    Proposal,
    ProposalStatus,
    Vote,
)

if TYPE_CHECKING:
    from acollida.core.policy import AnyUser

# The statuses that close an answer: the city has said what it does with the advice.
ANSWERED = (AdviceStatus.ACCEPTED, AdviceStatus.PARTLY, AdviceStatus.REJECTED, AdviceStatus.IMPLEMENTED)
# Answer deadline when the body gives none: the city's three months for a formal answer.
DEFAULT_ANSWER_DAYS = 90


# --- proposals ----------------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    body: Body,
    title: str,
    text: str,
    member: Member | None = None,
    organisation: CouncilOrganisation | None = None,
    title_i18n: dict[str, str] | None = None,
    text_i18n: dict[str, str] | None = None,
) -> Proposal:
    """A member or an association submits a proposal to ``body``."""
    if member is None and organisation is None:
        raise ValidationError(_("Say which member or association submits the proposal."))
    proposal = Proposal(
        body=body,
        title=title.strip(),
        text=text.strip(),
        title_i18n=title_i18n or {},
        text_i18n=text_i18n or {},
        submitted_by_member=member,
        submitted_by_organisation=organisation,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_submit_public(
    *,
    body: Body,
    title: str,
    text: str,
    name: str,
    email: str,
    language: str,
    organisation_name: str = "",
) -> Proposal:
    """Someone sends a proposal through the council's public pages; it waits, submitted, for the
    secretary to review it."""
    if not name.strip():
        raise ValidationError({"submitter_name": _("Write your name.")})
    proposal = Proposal(
        body=body,
        title=title.strip(),
        text=text.strip(),
        submitter_name=name.strip(),
        submitter_organisation=organisation_name.strip(),
        submitter_email=email.strip(),
        language=language,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_debated(*, proposal: Proposal) -> Proposal:
    """The body has debated the proposal (it may still adopt or reject it)."""
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be marked as debated."))
    proposal.status = ProposalStatus.DEBATED
    proposal.full_clean()
    proposal.save(update_fields=["status"])
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, reason: str = "") -> Proposal:
    """The body did not adopt the proposal, for ``reason``."""
    if proposal.status in (ProposalStatus.ADOPTED, ProposalStatus.REJECTED):
        raise ValidationError(_("This proposal has already been decided."))
    proposal.status = ProposalStatus.REJECTED
    proposal.rejection_reason = reason.strip()
    proposal.save(update_fields=["status", "rejection_reason"])
    return proposal


# --- advice and the city's answer ---------------------------------------------------------------


@transaction.atomic
def advice_adopt(
    *,
    body: Body,
    title: str,
    text: str,
    addressee: str,
    proposal: Proposal | None = None,
    meeting: Meeting | None = None,
    answer_due_on: datetime.date | None = None,
    title_i18n: dict[str, str] | None = None,
    text_i18n: dict[str, str] | None = None,
    vote: Vote | None = None,
) -> Advice:
    """The body adopts advice to a city department, from a proposal or on its own motion.

    The answer is due on ``answer_due_on``, by default ``DEFAULT_ANSWER_DAYS`` after the meeting
    (or today)."""
    if proposal is not None:
        if proposal.body_id != body.pk:
            raise ValidationError(_("The proposal was submitted to another body."))
        if proposal.status in (ProposalStatus.ADOPTED, ProposalStatus.REJECTED):
            raise ValidationError(_("This proposal has already been decided."))
    if vote is not None:
        if meeting is None:
            meeting = vote.meeting
        elif vote.meeting_id != meeting.pk:
            raise ValidationError({"vote": _("The vote was held at another meeting.")})
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError(_("The meeting belongs to another body."))
    if not addressee.strip():
        raise ValidationError({"addressee": _("Say which city department the advice is addressed to.")})
    adopted_on = timezone.localdate(meeting.starts_at) if meeting is not None else timezone.localdate()
    due = answer_due_on or adopted_on + datetime.timedelta(days=DEFAULT_ANSWER_DAYS)
    if due < adopted_on:
        raise ValidationError({"answer_due_on": _("The answer cannot be due before the advice is adopted.")})
    advice = Advice(
        body=body,
        proposal=proposal,
        adopted_at_meeting=meeting,
        title=title.strip(),
        text=text.strip(),
        title_i18n=title_i18n or {},
        text_i18n=text_i18n or {},
        addressee=addressee.strip(),
        answer_due_on=due,
    )
    advice.full_clean()
    advice.save()
    if proposal is not None:
        proposal.status = ProposalStatus.ADOPTED
        proposal.save(update_fields=["status"])
        if vote is not None and vote.proposal_id != proposal.pk:
            vote.proposal = proposal
            vote.save(update_fields=["proposal"])
    return advice


@transaction.atomic
def advice_answer(
    *,
    actor: AnyUser,
    advice: Advice,
    status: str,
    answer_text: str,
    answered_on: datetime.date | None = None,
    answer_text_i18n: dict[str, str] | None = None,
) -> Advice:
    """Record the city's formal answer to ``advice``. A rejection must give its reasons; advice
    can be marked implemented after it was accepted (or partly accepted)."""
    policy.require(actor, policy.Perm.MANAGE_COUNCIL)
    if status not in ANSWERED:
        raise ValidationError({"status": _("Choose what the city answered.")})
    text = answer_text.strip()
    if status == AdviceStatus.REJECTED and not text:
        raise ValidationError({"answer_text": _("A rejection must give its reasons.")})
    if not text and status != AdviceStatus.IMPLEMENTED:
        raise ValidationError({"answer_text": _("Write the city's answer.")})
    if advice.status == AdviceStatus.IMPLEMENTED:
        raise ValidationError(_("This advice has already been implemented."))
    if status == AdviceStatus.IMPLEMENTED and advice.status == AdviceStatus.REJECTED:
        raise ValidationError(_("Rejected advice cannot be marked implemented."))
    answered = answered_on or timezone.localdate()
    if answered > timezone.localdate():
        raise ValidationError({"answered_on": _("The answer cannot be dated in the future.")})
    advice.status = status
    if text:
        advice.answer_text = text
        advice.answer_text_i18n = answer_text_i18n or {}
    if advice.answered_on is None or status != AdviceStatus.IMPLEMENTED:
        advice.answered_on = answered
    advice.full_clean()
    advice.save()
    return advice


def is_overdue(advice: Advice, today: datetime.date | None = None) -> bool:
    """The city's answer is still awaited after its deadline."""
    day = today or timezone.localdate()
    return (
        advice.status == AdviceStatus.AWAITING
        and advice.answer_due_on is not None
        and advice.answer_due_on < day
    )


def overdue_advice(qs: QuerySet[Advice], today: datetime.date | None = None) -> QuerySet[Advice]:
    """The advice in ``qs`` whose answer is awaited after its deadline."""
    day = today or timezone.localdate()
    return qs.filter(status=AdviceStatus.AWAITING, answer_due_on__lt=day)


def accountability(body: Body, today: datetime.date | None = None) -> dict[str, int]:
    """Counts for the accountability page: advice per status, and the answers overdue."""
    qs = Advice.objects.filter(body=body)
    counts = {str(code): 0 for code in AdviceStatus.values}
    for status in qs.values_list("status", flat=True):
        counts[status] += 1
    counts["overdue"] = overdue_advice(qs, today).count()
    counts["total"] = qs.count()
    return counts


# --- the participatory plan ---------------------------------------------------------------------


@transaction.atomic
def plan_comment_submit(
    *,
    section: PlanSection,
    text: str,
    language: str,
    kind: str = PlanCommentKind.COMMENT,
    proposed_text: str = "",
    author_name: str = "",
    author_email: str = "",
    author_user: AnyUser | None = None,
) -> PlanComment:
    """A comment or a proposed amendment on a plan section; it waits for moderation."""
    if section.process.status != PlanProcessStatus.OPEN:
        raise ValidationError(_("This plan process is closed to comments."))
    today = timezone.localdate()
    closes_on = section.process.closes_on
    if closes_on is not None and closes_on < today:
        raise ValidationError(_("This plan process is closed to comments."))
    user = author_user if isinstance(author_user, User) else None
    comment = PlanComment(
        section=section,
        text=text.strip(),
        language=language,
        kind=kind,
        proposed_text=proposed_text.strip() if kind == PlanCommentKind.AMENDMENT else "",
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        author_user=user,
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def plan_comment_moderate(*, actor: AnyUser, comment: PlanComment, publish: bool) -> PlanComment:
    """The council secretary publishes or hides a comment."""
    policy.require(actor, policy.Perm.MANAGE_COUNCIL)
    comment.status = PlanCommentStatus.PUBLISHED if publish else PlanCommentStatus.HIDDEN
    comment.moderated_by = actor if isinstance(actor, User) else None
    comment.moderated_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment


def published_comments(section: PlanSection) -> QuerySet[PlanComment]:
    """The public thread of a section: published comments only."""
    return section.comments.filter(status=PlanCommentStatus.PUBLISHED).order_by("created_at", "pk")


def moderation_queue(user: AnyUser) -> QuerySet[PlanComment]:
    """Comments waiting for moderation, for whoever runs the council (nothing for anyone else)."""
    if not policy.can(user, policy.Perm.MANAGE_COUNCIL):
        return PlanComment.objects.none()
    return (
        PlanComment.objects.filter(status=PlanCommentStatus.PENDING)
        .select_related("section", "section__process")
        .order_by("created_at", "pk")
    )
