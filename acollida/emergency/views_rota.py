"""The shift rota of an operation: shifts, the planner's proposal adjusted by hand, confirmation;
"my shifts" for a volunteer with an account, and check-in/out.

The proposal lives in the coordinator's session until it is confirmed: running the planner, adding
and removing an assignment change only the proposal; confirming writes the assignments.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from acollida.core import audit, policy
from acollida.core.models import User
from acollida.emergency import rota
from acollida.emergency import services_rota as services
from acollida.emergency.models import Operation, Shift, ShiftAssignment, Site, Volunteer


def _operation(request: HttpRequest, slug: str) -> tuple[User, Operation]:
    if not services.may_manage_volunteers(request.user):
        raise PermissionDenied
    operation = get_object_or_404(
        policy.operations_visible_to(request.user, Operation.objects.all()), slug=slug
    )
    return request.user, operation  # type: ignore[return-value]


def _key(operation: Operation) -> str:
    return f"emergency:rota:{operation.pk}"


def _proposal(request: HttpRequest, operation: Operation) -> list[rota.Slot] | None:
    raw = request.session.get(_key(operation))
    if raw is None:
        return None
    out = []
    for item in raw:
        try:
            out.append(rota.Slot(int(item[0]), int(item[1]), str(item[2])))
        except (IndexError, TypeError, ValueError):
            continue
    return out


def _keep(request: HttpRequest, operation: Operation, slots: list[rota.Slot] | None) -> None:
    if slots is None:
        request.session.pop(_key(operation), None)
    else:
        request.session[_key(operation)] = [[s.person, s.shift, s.language] for s in slots]


class ShiftForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=Site.objects.none())
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "dir": "ltr"}),
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local", "dir": "ltr"})
    )
    language_needs = forms.CharField(
        label=gettext_lazy("Interpreters needed"),
        help_text=gettext_lazy("A code and a number for each language, for example: ar 2, ti 1"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    volunteers_needed = forms.IntegerField(
        label=gettext_lazy("Volunteers needed"), min_value=0, max_value=500, initial=0
    )

    def __init__(self, *args: Any, operation: Operation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = operation.sites.all()  # type: ignore[attr-defined]

    def clean_language_needs(self) -> dict[str, int]:
        needs: dict[str, int] = {}
        for raw in self.cleaned_data["language_needs"].replace(";", ",").split(","):
            parts = raw.strip().lower().split()
            if not parts:
                continue
            if len(parts) != 2 or not services.LANGUAGE_CODE.match(parts[0]) or not parts[1].isdigit():
                raise ValidationError(
                    _("Write each language as a code and a number, for example: ar 2 (not %(item)s).")
                    % {"item": raw.strip()}
                )
            needs[parts[0]] = int(parts[1])
        return needs


def _page(
    request: HttpRequest,
    operation: Operation,
    *,
    form: ShiftForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    people, needs = services.rota_inputs(operation)
    proposal = _proposal(request, operation)
    confirmed = services.confirmed_slots(operation)
    slots = proposal if proposal is not None else confirmed
    plan = rota.summarise("optimal", slots, people, needs)
    shifts = {s.pk: s for s in Shift.objects.filter(operation=operation).select_related("site")}
    volunteers = {v.pk: v for v in Volunteer.objects.filter(status=Volunteer.Status.APPROVED)}
    assignments = {
        rota.Slot(
            a.volunteer_id, a.shift_id, a.language if a.role == ShiftAssignment.Role.INTERPRETER else ""
        ): a
        for a in ShiftAssignment.objects.filter(shift__operation=operation)
    }
    audit.read_records(
        request,
        user=request.user,
        record_type="volunteer",
        records=[(v.pk, v.organisation_id) for v in volunteers.values()],
        purpose=_("shift rota"),
        perm=policy.Perm.COORDINATE,
    )
    rows = []
    for shift in shifts.values():
        rows.append(
            {
                "shift": shift,
                "needs": sorted(shift.language_needs.items()),
                "slots": [
                    {"slot": s, "volunteer": volunteers.get(s.person), "assignment": assignments.get(s)}
                    for s in plan.assignments
                    if s.shift == shift.pk
                ],
                "uncovered": sorted(plan.uncovered.get(shift.pk, {}).items()),
            }
        )
    return render(
        request,
        "emergency/rota.html",
        {
            "operation": operation,
            "rows": rows,
            "is_proposal": proposal is not None,
            "share": round(plan.language_share_covered * 100),
            "volunteers": sorted(volunteers.values(), key=lambda v: (v.name, v.pk)),
            "shift_form": form or ShiftForm(operation=operation),
            "error": error,
        },
        status=status,
    )


@require_GET
def rota_view(request: HttpRequest, slug: str) -> HttpResponse:
    _user, operation = _operation(request, slug)
    return _page(request, operation)


@require_POST
def rota_plan(request: HttpRequest, slug: str) -> HttpResponse:
    user, operation = _operation(request, slug)
    plan = services.rota_propose(actor=user, operation=operation, time_limit=5.0)
    _keep(request, operation, list(plan.assignments))
    return redirect("emergency:rota", slug=operation.slug)


def _slot_from(request: HttpRequest) -> rota.Slot | None:
    try:
        return rota.Slot(
            int(request.POST.get("volunteer", "")),
            int(request.POST.get("shift", "")),
            request.POST.get("language", "").strip().lower()[:8],
        )
    except ValueError:
        return None


@require_POST
def rota_add(request: HttpRequest, slug: str) -> HttpResponse:
    _user, operation = _operation(request, slug)
    slot = _slot_from(request)
    if slot is None:
        return _page(request, operation, error=_("Choose a volunteer and a shift."))
    current = _proposal(request, operation)
    slots = current if current is not None else services.confirmed_slots(operation)
    if slot in slots:
        return redirect("emergency:rota", slug=operation.slug)
    problem = services.slot_problem(slot, slots, operation)
    if problem:
        return _page(request, operation, error=problem)
    _keep(request, operation, [*slots, slot])
    return redirect("emergency:rota", slug=operation.slug)


@require_POST
def rota_remove(request: HttpRequest, slug: str) -> HttpResponse:
    _user, operation = _operation(request, slug)
    slot = _slot_from(request)
    current = _proposal(request, operation)
    slots = current if current is not None else services.confirmed_slots(operation)
    _keep(request, operation, [s for s in slots if s != slot])
    return redirect("emergency:rota", slug=operation.slug)


@require_POST
def rota_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    user, operation = _operation(request, slug)
    slots = _proposal(request, operation)
    if slots is None:
        return redirect("emergency:rota", slug=operation.slug)
    try:
        services.rota_confirm(actor=user, operation=operation, slots=slots)
    except ValidationError as exc:
        return _page(request, operation, error=" ".join(exc.messages))
    _keep(request, operation, None)
    return redirect("emergency:rota", slug=operation.slug)


@require_POST
def shift_create(request: HttpRequest, slug: str) -> HttpResponse:
    user, operation = _operation(request, slug)
    form = ShiftForm(request.POST, operation=operation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.shift_create(
                actor=user,
                site=data["site"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                language_needs=data["language_needs"],
                volunteers_needed=data["volunteers_needed"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("emergency:rota", slug=operation.slug)
    return _page(request, operation, form=form)


@require_GET
def my_shifts(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, policy.Perm.USE_APP)
    return render(request, "emergency/rota_mine.html", {"items": list(services.shifts_of(request.user))})


@require_POST
def shift_check(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Check in or out: the volunteer themselves, or a coordinator (back to the rota)."""
    assignment = get_object_or_404(
        ShiftAssignment.objects.select_related("volunteer", "shift__operation"), pk=pk
    )
    if not services.may_check_in(request.user, assignment):
        raise PermissionDenied
    user: User = request.user  # type: ignore[assignment]
    try:
        if action == "in":
            services.check_in(actor=user, assignment=assignment)
        elif action == "out":
            services.check_out(actor=user, assignment=assignment)
    except ValidationError:
        pass  # already done: the page shows the state as it is
    if assignment.volunteer.user_id == user.pk:
        return redirect("emergency:my_shifts")
    return redirect("emergency:rota", slug=assignment.shift.operation.slug)
