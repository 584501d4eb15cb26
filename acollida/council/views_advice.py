"""Staff screens of the council secretary: the advice of a body with the city's answers (recording
an answer), and the moderation queue of the plan processes' comments."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.council import services_advice
from acollida.council.models import Advice, AdviceStatus, Body

SORTS = {
    "due": ("answer_due_on", "pk"),
    "-due": ("-answer_due_on", "-pk"),
    "status": ("status", "pk"),
    "new": ("-pk",),
}


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("The city's answer"),
        choices=[(value, label) for value, label in AdviceStatus.choices if value != AdviceStatus.AWAITING],
    )
    answer_text = forms.CharField(
        label=gettext_lazy("What the city answered (reasons, for a rejection)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    answered_on = forms.DateField(
        label=gettext_lazy("Answered on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _bodies(request: HttpRequest) -> QuerySet[Body]:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    return policy.council_bodies_managed_by(request.user, Body.objects.all())


@require_http_methods(["GET"])
def advice_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's advice, its addressees and deadlines, the answers and the overdue ones."""
    body = get_object_or_404(_bodies(request), slug=slug)
    sort = request.GET.get("sort", "new")
    qs = Advice.objects.filter(body=body).order_by(*SORTS.get(sort, SORTS["new"]))
    if request.GET.get("overdue") == "1":
        qs = services_advice.overdue_advice(qs)
    page = paginate(request, qs)
    today = timezone.localdate()
    rows = [(advice, services_advice.is_overdue(advice, today)) for advice in page.object_list]
    return render(
        request,
        "council/advice_list.html",
        {
            "body": body,
            "page": page,
            "rows": rows,
            "sort": sort,
            "counts": services_advice.accountability(body, today),
            "query": query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def advice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the city's formal answer to a piece of advice."""
    advice = get_object_or_404(Advice.objects.filter(body__in=_bodies(request)).select_related("body"), pk=pk)
    form = AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_advice.advice_answer(
                actor=request.user,
                advice=advice,
                status=data["status"],
                answer_text=data["answer_text"],
                answered_on=data["answered_on"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for item in errors:
                        form.add_error(field if field in form.fields else None, item.messages[0])
            else:
                for message in error.messages:
                    form.add_error(None, message)
            advice.refresh_from_db()
        else:
            messages.success(request, _("The city's answer is recorded."))
            return redirect("council_advice:advice_list", slug=advice.body.slug)
    return render(
        request, "council/advice_answer.html", {"advice": advice, "form": form, "body": advice.body}
    )


@require_http_methods(["GET"])
def moderation(request: HttpRequest) -> HttpResponse:
    """Comments and amendments on the plan processes waiting for moderation, oldest first."""
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    page = paginate(request, services_advice.moderation_queue(request.user))
    return render(request, "council/moderation.html", {"page": page})


@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish or hide a comment (hidden comments are kept, never shown publicly)."""
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    comment = get_object_or_404(services_advice.moderation_queue(request.user), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("publish", "hide"):
        messages.error(request, _("Choose to publish or to hide the comment."))
        return redirect("council_advice:moderation")
    services_advice.plan_comment_moderate(actor=request.user, comment=comment, publish=decision == "publish")
    if decision == "publish":
        messages.success(request, _("The comment is published."))
    else:
        messages.success(request, _("The comment is hidden."))
    return redirect("council_advice:moderation")
