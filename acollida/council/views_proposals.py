"""Staff screens of the council secretary for proposals: the list (by status, sorted, paged),
recording a proposal submitted by a member or an association, marking it debated, adopting it as
advice to the city (with a confirmation) and rejecting it with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.council import selectors_public, services_advice, views_public
from acollida.council.forms_public import site_language_choices
from acollida.council.models import (
    Body,
    CouncilOrganisation,
    Meeting,
    Member,
    Proposal,
    ProposalStatus,
    Vote,
)
from acollida.directory import services_public as limits
from acollida.directory.forms_public import MIN_FILL_SECONDS, form_token_age, form_token_new

SORTS = {
    "new": ("-submitted_at", "-pk"),
    "old": ("submitted_at", "pk"),
    "title": ("title", "pk"),
    "status": ("status", "-submitted_at"),
}


class ProposalForm(forms.Form):
    member = forms.ModelChoiceField(
        label=gettext_lazy("Submitted by the member"), queryset=Member.objects.all(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Submitted by the association"),
        queryset=CouncilOrganisation.objects.all(),
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    text = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"})
    )


class AdoptForm(forms.Form):
    addressee = forms.CharField(
        label=gettext_lazy("Addressed to (city department)"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    answer_due_on = forms.DateField(
        label=gettext_lazy("The city's answer is due on"),
        required=False,
        help_text=gettext_lazy("Leave empty for three months after adoption."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Adopted at the meeting"), queryset=Meeting.objects.none(), required=False
    )
    vote = forms.ModelChoiceField(
        label=gettext_lazy("Adopted by the vote"), queryset=Vote.objects.none(), required=False
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting_field = self.fields["meeting"]
        assert isinstance(meeting_field, forms.ModelChoiceField)
        meeting_field.queryset = Meeting.objects.filter(body=body).order_by("-starts_at")
        vote_field = self.fields["vote"]
        assert isinstance(vote_field, forms.ModelChoiceField)
        vote_field.queryset = Vote.objects.filter(meeting__body=body).order_by("-held_at")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the body did not adopt it"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


def _bodies(request: HttpRequest) -> QuerySet[Body]:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    return policy.council_bodies_managed_by(request.user, Body.objects.all())


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    qs = Proposal.objects.filter(body__in=_bodies(request)).select_related(
        "body", "submitted_by_member", "submitted_by_organisation"
    )
    return get_object_or_404(qs, pk=pk)


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_http_methods(["GET"])
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's proposals, filtered by status, sorted and paged."""
    body = get_object_or_404(_bodies(request), slug=slug)
    sort = request.GET.get("sort", "new")
    if sort not in SORTS:
        sort = "new"
    status = request.GET.get("status", "")
    qs = Proposal.objects.filter(body=body).select_related("submitted_by_member", "submitted_by_organisation")
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = paginate(request, qs.order_by(*SORTS[sort]))
    audit.read_records(
        request,
        user=request.user,
        record_type="council_proposal",
        records=[(proposal.pk, None) for proposal in page.object_list if proposal.submitter_email],
        purpose="council proposals",
        perm=Perm.MANAGE_COUNCIL,
    )
    return render(
        request,
        "council/proposal_list.html",
        {
            "body": body,
            "page": page,
            "sort": sort,
            "status": status,
            "statuses": ProposalStatus.choices,
            "query": query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a proposal a member or an association submitted to the body."""
    body = get_object_or_404(_bodies(request), slug=slug)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_advice.proposal_submit(
                body=body,
                title=data["title"],
                text=data["text"],
                member=data["member"],
                organisation=data["organisation"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The proposal is recorded."))
            return redirect("council_advice:proposal_list", slug=body.slug)
    return render(request, "council/proposal_form.html", {"body": body, "form": form})


@require_POST
def proposal_debated(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a submitted proposal as debated by the body."""
    proposal = _proposal(request, pk)
    try:
        services_advice.proposal_debated(proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is marked as debated."))
    return redirect("council_advice:proposal_list", slug=proposal.body.slug)


@require_http_methods(["GET", "POST"])
def proposal_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt the proposal as advice to the city: the confirmation page asks the addressee, the
    answer deadline and, optionally, the meeting where it was adopted."""
    proposal = _proposal(request, pk)
    body = proposal.body
    form = AdoptForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_advice.advice_adopt(
                body=body,
                title=proposal.title,
                text=proposal.text,
                title_i18n=proposal.title_i18n,
                text_i18n=proposal.text_i18n,
                addressee=data["addressee"],
                answer_due_on=data["answer_due_on"],
                meeting=data["meeting"],
                vote=data["vote"],
                proposal=proposal,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
            proposal.refresh_from_db()
        else:
            messages.success(request, _("The proposal is adopted as advice to the city."))
            return redirect("council_advice:advice_list", slug=body.slug)
    return render(request, "council/proposal_adopt.html", {"body": body, "proposal": proposal, "form": form})


@require_http_methods(["GET", "POST"])
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject the proposal, giving the reason (confirmation page)."""
    proposal = _proposal(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_advice.proposal_reject(proposal=proposal, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to_form(form, error)
            proposal.refresh_from_db()
        else:
            messages.success(request, _("The proposal is rejected."))
            return redirect("council_advice:proposal_list", slug=proposal.body.slug)
    return render(
        request, "council/proposal_reject.html", {"body": proposal.body, "proposal": proposal, "form": form}
    )


# --- the public submission form ------------------------------------------------------------------


class PublicProposalForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
        error_messages={"required": gettext_lazy("Write your name.")},
    )
    organisation = forms.CharField(
        label=gettext_lazy("Your association or organisation (if you write for one)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail, so the council secretary can answer you"),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Write your e-mail."),
            "invalid": gettext_lazy("Write a valid e-mail address, like name@example.org."),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("Title of your proposal"),
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        error_messages={"required": gettext_lazy("Give your proposal a title.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Your proposal"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        error_messages={"required": gettext_lazy("Write your proposal.")},
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of your proposal"), choices=())
    # The honeypot: hidden from people by the stylesheet and from assistive technology.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = site_language_choices()

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled in: answer as if all went well and keep nothing."""
        return bool(str(self.data.get("website", "")).strip())


def _public_render(
    request: HttpRequest, body: Body, form: PublicProposalForm, *, limited: bool = False, status: int = 200
) -> HttpResponse:
    context = {
        "body": body,
        "form": form,
        "form_token": form_token_new(),
        "limited": limited,
        "sent": request.GET.get("sent") == "1",
        "site_languages": views_public._languages(request),
    }
    return render(request, "council/proposal_public.html", context, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def proposal_submit_public(request: HttpRequest, slug: str) -> HttpResponse:
    """Associations and members send a proposal to the council; the secretary reviews it. Rate
    limited, with a honeypot and a signed time token; on error everything typed is kept."""
    body = get_object_or_404(selectors_public.public_bodies(), slug=slug)
    sent_url = reverse("council_public:proposal_submit", args=[body.slug]) + "?sent=1"
    if request.method != "POST":
        return _public_render(
            request, body, PublicProposalForm(initial={"language": translation.get_language()})
        )
    form = PublicProposalForm(request.POST)
    address = limits.client_address(request.META)
    session_key = request.session.session_key or ""
    if limits.request_limit_reached(address=address, session_key=session_key):
        form.is_valid()
        return _public_render(request, body, form, limited=True, status=429)
    if form.is_spam:
        return redirect(sent_url)
    if form.is_valid():
        age = form_token_age(request.POST.get("form_token", ""))
        if age is None:
            form.add_error(
                None, _("This form was open for too long. Please check your proposal and send it again.")
            )
        elif age < MIN_FILL_SECONDS:
            form.add_error(None, _("That was very quick. Please check your proposal and send it again."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_advice.proposal_submit_public(
                body=body,
                title=data["title"],
                text=data["text"],
                name=data["name"],
                organisation_name=data["organisation"],
                email=data["email"],
                language=data["language"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            limits.request_counted(address=address, session_key=session_key)
            return redirect(sent_url)
    return _public_render(request, body, form)
