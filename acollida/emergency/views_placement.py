"""Emergency places of an operation: choose the capacity, review the optimizer's plan, accept it.

The plan is computed on every GET (nothing is written); accepting (POST) solves again with the
same seeded solver and writes reservations (``services_placement``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acollida.core import audit, policy
from acollida.core.models import User
from acollida.core.views.common import paginate, query_without_page
from acollida.emergency import services_placement
from acollida.emergency.models import Arrival, Operation
from acollida.housing.models import Accommodation, PlaceStatus

SORTS = ("unit", "size")


def _operation(request: HttpRequest, slug: str) -> tuple[User, Operation]:
    user = request.user
    if not policy.may_manage_operations(user) or not policy.sees_network_vacancies(user):
        raise PermissionDenied
    operation = get_object_or_404(policy.operations_visible_to(user, Operation.objects.all()), slug=slug)
    return user, operation  # type: ignore[return-value]


def _chosen(request: HttpRequest, actor: User, values: list[str]) -> list[Accommodation]:
    ids = {int(v) for v in values if v.isdigit()}
    return [a for a in services_placement.emergency_accommodations(actor) if a.pk in ids]


@dataclass(frozen=True)
class Row:
    group: services_placement.Group
    arrivals: list[Arrival]
    unit_label: str


@require_GET
def placement(request: HttpRequest, slug: str) -> HttpResponse:
    """The capacity to choose from and, once chosen, the plan for review."""
    actor, operation = _operation(request, slug)
    accommodations = services_placement.emergency_accommodations(actor)
    free = dict(
        Accommodation.objects.filter(pk__in=[a.pk for a in accommodations])
        .annotate(free=Count("units__places", filter=Q(units__places__status=PlaceStatus.FREE)))
        .values_list("pk", "free")
    )
    chosen = _chosen(request, actor, request.GET.getlist("accommodation"))
    context: dict[str, object] = {
        "operation": operation,
        "accommodations": [(a, free.get(a.pk, 0), a in chosen) for a in accommodations],
        "chosen": chosen,
        "sort": request.GET.get("sort") if request.GET.get("sort") in SORTS else "unit",
        "query": query_without_page(request),
        "chosen_query": "&".join(f"accommodation={a.pk}" for a in chosen),
        "waiting": policy.arrivals_visible_to(
            actor, Arrival.objects.filter(operation=operation, status__in=services_placement.PLACEABLE)
        ).count(),
    }
    if chosen and not operation.is_closed:
        try:
            proposal = services_placement.placement_propose(
                actor=actor, operation=operation, accommodations=chosen
            )
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        else:
            context.update(_review(request, actor, proposal, str(context["sort"])))
    return render(request, "emergency/placement.html", context)


def _review(
    request: HttpRequest, actor: User, proposal: services_placement.Proposal, sort: str
) -> dict[str, object]:
    def label(key: str) -> str:
        unit = proposal.unit_of_group(key)
        return str(unit) if unit is not None else ""

    keys = list(proposal.groups)
    if sort == "size":
        keys.sort(key=lambda k: (-len(proposal.groups[k].arrival_ids), label(k) == "", label(k), k))
    else:
        keys.sort(key=lambda k: (label(k) == "", label(k), k))
    page = paginate(request, keys)
    ids = [pk for key in page for pk in proposal.groups[key].arrival_ids]
    arrivals = {a.pk: a for a in Arrival.objects.filter(pk__in=ids)}
    if arrivals:
        audit.read_records(
            request,
            user=actor,
            record_type="emergency_arrival",
            records=[(pk, None) for pk in arrivals],
            purpose="emergency placement review",
        )
    rows = [
        Row(
            group=proposal.groups[key],
            arrivals=[arrivals[pk] for pk in proposal.groups[key].arrival_ids if pk in arrivals],
            unit_label=label(key),
        )
        for key in page
    ]
    return {
        "proposal": proposal,
        "page": page,
        "rows": rows,
        "people": proposal.people,
        "people_placed": proposal.people_placed,
        "groups_unplaced": len(proposal.plan.unplaced),
    }


@require_POST
def placement_accept(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept the plan for the chosen capacity: reservations and shelter sites are written."""
    actor, operation = _operation(request, slug)
    chosen = _chosen(request, actor, request.POST.getlist("accommodation"))
    try:
        proposal = services_placement.placement_propose(
            actor=actor, operation=operation, accommodations=chosen, explain=False
        )
        result = services_placement.placement_accept(actor=actor, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("emergency:placement", slug=operation.slug)
    messages.success(
        request,
        _("%(people)s people placed in %(groups)s households; %(places)s places reserved.")
        % {"people": result.people_placed, "groups": result.groups_placed, "places": result.places_reserved},
    )
    return redirect("emergency:board", slug=operation.slug)
