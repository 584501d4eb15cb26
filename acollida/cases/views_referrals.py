"""Referral, consent and transfer screens.

The referrals dashboard (received / sent, counts per organisation), one referral (where the
receiver answers and records the outcome, and the sender follows), and from the case page: refer,
record or withdraw consent, withdraw a referral, transfer the case. Every view reads through the
policy (``referral_get_for_user``, ``case_get_for_user``) and writes through one service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from acollida.cases import selectors, selectors_referrals, services_referrals
from acollida.cases.forms_referrals import (
    ConsentForm,
    DeclineForm,
    OutcomeForm,
    ReferralFilterForm,
    ReferralForm,
    TransferForm,
)
from acollida.cases.models import Case, Referral
from acollida.core import audit, policy
from acollida.core.models import User
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.people.models import Person

PURPOSE = gettext_lazy("referral")
NAV = {"nav_section": "referrals"}


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _log_referral(request: HttpRequest, referral: Referral) -> None:
    audit.read_record(
        request,
        user=request.user,
        record_type="referral",
        record_id=referral.pk,
        record_organisation_id=referral.case.organisation_id,
        purpose=str(PURPOSE),
    )


def _holder_case(request: HttpRequest, case_id: int, perm: Perm = Perm.EDIT_PERSONS) -> Case:
    """The case, for staff holding ``perm`` at its holder who may open it there."""
    case = selectors.case_get_for_user(request.user, case_id)
    policy.require(request.user, perm, case.organisation_id)
    if not policy.held_cases_visible_to(request.user, Case.objects.filter(pk=case.pk)).exists():
        raise PermissionDenied  # a receiver of a referral never acts for the holder
    return case


# --- Dashboard -----------------------------------------------------------------------------------


def referrals(request: HttpRequest) -> HttpResponse:
    """Referrals received and sent by the user's organisations, with counts per organisation."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    filters = ReferralFilterForm(request.GET or None)
    chosen = filters.values()
    page = paginate(request, selectors_referrals.referral_list(request.user, **chosen))
    return render(
        request,
        "cases/referrals.html",
        {
            "filters": filters,
            "box": chosen["box"],
            "page": page,
            "query": query_without_page(request),
            "counts": selectors_referrals.referral_dashboard(request.user),
            **NAV,
        },
    )


# --- One referral --------------------------------------------------------------------------------


def _answer(request: HttpRequest, referral: Referral) -> tuple[Form | None, Form | None]:
    """Apply the receiver's posted answer; returns the forms to show again on an error."""
    action = request.POST.get("action", "")
    actor = _actor(request)
    decline_form: Form | None = None
    outcome_form: Form | None = None
    try:
        if action == "accept":
            services_referrals.referral_accept(actor=actor, referral=referral)
            messages.success(request, _("The referral is accepted."))
        elif action == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                services_referrals.referral_decline(
                    actor=actor, referral=referral, reason=decline_form.cleaned_data["reason"]
                )
                messages.success(request, _("The referral is declined."))
                decline_form = None
        elif action == "outcome":
            outcome_form = OutcomeForm(request.POST)
            if outcome_form.is_valid():
                services_referrals.referral_record_outcome(
                    actor=actor, referral=referral, outcome=outcome_form.cleaned_data["outcome"]
                )
                messages.success(request, _("The outcome is recorded."))
                outcome_form = None
        else:
            messages.error(request, _("Nothing was saved: the form was not recognised."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return decline_form, outcome_form


@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """One referral: the receiver answers here and later records the outcome; the sender follows."""
    referral = selectors_referrals.referral_get_for_user(request.user, referral_id)
    is_receiver = policy.can(request.user, Perm.EDIT_PERSONS, referral.to_organisation_id)
    decline_form: Form | None = None
    outcome_form: Form | None = None
    if request.method == "POST":
        policy.require(request.user, Perm.EDIT_PERSONS, referral.to_organisation_id)
        decline_form, outcome_form = _answer(request, referral)
        if decline_form is None and outcome_form is None:
            return redirect("cases:referral_detail", referral_id=referral.pk)
        referral.refresh_from_db()
    case_open = selectors.cases_visible(request.user).filter(pk=referral.case_id).exists()
    is_sender = policy.held_cases_visible_to(request.user, Case.objects.filter(pk=referral.case_id)).exists()
    _log_referral(request, referral)
    return render(
        request,
        "cases/referral_detail.html",
        {
            "referral": referral,
            "sections": [label for value, label in Referral.Section.choices if value in referral.sections],
            "case_open": case_open,
            "is_receiver": is_receiver,
            "is_sender": is_sender
            and policy.can(request.user, Perm.EDIT_PERSONS, referral.case.organisation_id),
            "decline_form": decline_form or DeclineForm(),
            "outcome_form": outcome_form or OutcomeForm(),
            **NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def referral_withdraw(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The sender takes the referral back, after a confirmation page."""
    referral = selectors_referrals.referral_get_for_user(request.user, referral_id)
    _holder_case(request, referral.case_id)
    if request.method == "POST":
        try:
            services_referrals.referral_withdraw(actor=_actor(request), referral=referral)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The referral is withdrawn: the case is no longer shared."))
        return redirect("cases:referral_detail", referral_id=referral.pk)
    return render(request, "cases/referral_withdraw.html", {"referral": referral, **NAV})


# --- From the case page: refer, consent, transfer -------------------------------------------------


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_id: int) -> HttpResponse:
    """Refer the case, or chosen parts of it, to another organisation for a service."""
    case = _holder_case(request, case_id)
    consents = selectors_referrals.consents_for_referral(request.user, case)
    form = ReferralForm(
        request.POST or None,
        organisations=selectors_referrals.receiving_organisations(case),
        consents=consents,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services_referrals.referral_send(actor=_actor(request), case=case, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The case is referred."))
            return redirect("cases:referral_detail", referral_id=referral.pk)
    return render(
        request,
        "cases/referral_form.html",
        {
            "case": case,
            "form": form,
            "has_consent": bool(consents),
            "protected": services_referrals.is_protected(case),
            **NAV,
        },
    )


def _household_members(request: HttpRequest, case: Case) -> Any:
    if case.person_id:
        return None
    return Person.objects.visible_to(request.user).filter(
        household_memberships__household_id=case.household_id or 0,
        household_memberships__left_on__isnull=True,
    )


@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record what the person agreed to share, with whom, how and until when."""
    case = _holder_case(request, case_id)
    form = ConsentForm(
        request.POST or None,
        organisations=selectors_referrals.receiving_organisations(case),
        members=_household_members(request, case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_referrals.consent_record(actor=_actor(request), case=case, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/consent_form.html", {"case": case, "form": form, **NAV})


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    """The person takes their consent back, after a confirmation page; the sharing stops at once."""
    case = _holder_case(request, case_id)
    consent = selectors_referrals.consent_get_for_user(request.user, case, consent_id)
    resting = consent.referrals.filter(ended_at__isnull=True).select_related("to_organisation")
    if request.method == "POST":
        try:
            services_referrals.consent_withdraw(actor=_actor(request), consent=consent)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The consent is withdrawn; the referrals resting on it have ended."))
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/consent_withdraw.html",
        {"case": case, "consent": consent, "resting": resting, **NAV},
    )


@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    """A coordinator hands the whole case to another organisation (the page is the confirmation)."""
    case = _holder_case(request, case_id, Perm.COORDINATE)
    form = TransferForm(
        request.POST or None,
        organisations=selectors_referrals.receiving_organisations(case),
        consents=selectors_referrals.case_consents(request.user, case).filter(withdrawn_at__isnull=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services_referrals.case_transfer(actor=_actor(request), case=case, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The case is now held by %(organisation)s.")
                % {"organisation": record.to_organisation.display_name},
            )
            return redirect("cases:referrals")
    return render(
        request,
        "cases/transfer_form.html",
        {"case": case, "form": form, "protected": services_referrals.is_protected(case), **NAV},
    )
