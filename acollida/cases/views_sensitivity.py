"""Who may see a case: its sensitivity and, for a protected case, the named staff."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from acollida.cases import selectors, services
from acollida.cases.models import Case
from acollida.cases.views import NAV, _actor, _add_errors, _log_case
from acollida.core import policy
from acollida.core.models import User
from acollida.core.policy import Perm

LEVEL = {Case.Sensitivity.NORMAL: 0, Case.Sensitivity.RESTRICTED: 1, Case.Sensitivity.PROTECTED: 2}


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class SensitivityForm(forms.Form):
    sensitivity = forms.ChoiceField(
        label=gettext_lazy("Who may see the case"),
        choices=Case.Sensitivity.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Restricted: the responsible caseworker, the named staff and the coordinators. Protected: "
            "only the named staff; the person's whereabouts are never shown."
        ),
    )
    protected_staff = StaffMultipleChoiceField(
        label=gettext_lazy("Named staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=300, required=False)

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["protected_staff"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates


@require_http_methods(["GET", "POST"])
def sensitivity(request: HttpRequest, case_id: int) -> HttpResponse:
    """Raise or lower who may see a case. Anyone who records on the case may raise it; lowering it
    takes a coordinator of the holding organisation, and a reason."""
    case = selectors.case_get_for_user(request.user, case_id)
    if not policy.can(request.user, Perm.EDIT_PERSONS, case.organisation_id):
        raise PermissionDenied
    candidates = selectors.responsible_candidates(case.organisation_id)
    form = SensitivityForm(
        request.POST or None,
        candidates=candidates,
        initial={"sensitivity": case.sensitivity, "protected_staff": list(case.protected_staff.all())},
    )
    is_coordinator = policy.can(request.user, Perm.COORDINATE, case.organisation_id)
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["sensitivity"]
        lowering = LEVEL[Case.Sensitivity(wanted)] < LEVEL[Case.Sensitivity(case.sensitivity)]
        if lowering and not is_coordinator:
            form.add_error("sensitivity", _("Only a coordinator can lower who may see a case."))
        elif lowering and not form.cleaned_data["reason"].strip():
            form.add_error("reason", _("Say why the case no longer needs this protection."))
        else:
            try:
                services.case_update(
                    actor=_actor(request),
                    case=case,
                    sensitivity=wanted,
                    protected_staff=form.cleaned_data["protected_staff"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Who may see the case was changed."))
                return redirect("cases:detail", case_id=case.pk)
    _log_case(request, case)
    return render(
        request,
        "cases/sensitivity.html",
        {"case": case, "form": form, "is_coordinator": is_coordinator, **NAV},
    )
