"""Duplicate review screens: the coordinator's queue, one pair explained, the decision, merges and undo.

The machine never merges. A coordinator sees the open pairs that touch an organisation they
coordinate, reads why the engine paired the two records, and decides: the same person (keep one
record, after a confirmation step) or not the same person (never proposed again). People held by an
organisation the coordinator does not read appear redacted: initials, birth year, holder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.people import review
from acollida.people.models import DuplicateCandidate, Merge, Person
from acollida.people.reference import country_name

PURPOSE = gettext_lazy("duplicate review")
NAV = {"nav_section": "duplicates"}

# What each comparison's level means, in the words a coordinator uses.
LEVEL_TEXT: dict[tuple[str, str], Promise] = {
    ("name", "exact"): gettext_lazy("The names are written the same."),
    ("name", "skeleton"): gettext_lazy("The names sound the same: another spelling or another script."),
    ("name", "fuzzy"): gettext_lazy("The names are similar: a typo or a small difference."),
    ("name", "partial"): gettext_lazy("Only one name in common."),
    ("name", "different"): gettext_lazy("The names are different."),
    ("date", "exact"): gettext_lazy("Same date of birth."),
    ("date", "month"): gettext_lazy("Same month and year of birth; the day is not known on one record."),
    ("date", "day_typo"): gettext_lazy("Dates of birth one typo apart (for example day and month swapped)."),
    ("date", "year"): gettext_lazy("Same year of birth; only the year is known on one record."),
    ("date", "near"): gettext_lazy("Years of birth one apart, on a record where only the year is known."),
    ("date", "missing"): gettext_lazy("The date of birth is missing on one record."),
    ("date", "different"): gettext_lazy("Different dates of birth."),
    ("document", "same"): gettext_lazy("Same identity document number."),
    ("document", "missing"): gettext_lazy("No identity document on one record."),
    ("document", "different"): gettext_lazy("Different identity documents (a person may hold several)."),
    ("phone", "same"): gettext_lazy("Same phone number."),
    ("phone", "missing"): gettext_lazy("No phone number on one record."),
    ("phone", "different"): gettext_lazy("Different phone numbers."),
    ("sex", "same"): gettext_lazy("Same sex recorded."),
    ("sex", "missing"): gettext_lazy("Sex not recorded on one record."),
    ("sex", "different"): gettext_lazy("Different sex recorded."),
    ("nationality", "same"): gettext_lazy("Same nationality."),
    ("nationality", "missing"): gettext_lazy("No nationality on one record."),
    ("nationality", "different"): gettext_lazy("Different nationalities."),
    ("address", "same"): gettext_lazy("Same address."),
    ("address", "street"): gettext_lazy("Same street, another number."),
    ("address", "missing"): gettext_lazy("No address on one record."),
    ("address", "different"): gettext_lazy("Different addresses."),
}

COMPARISON_NAMES: dict[str, Promise] = {
    "name": gettext_lazy("Name"),
    "date": gettext_lazy("Date of birth"),
    "document": gettext_lazy("Identity document"),
    "phone": gettext_lazy("Phone"),
    "sex": gettext_lazy("Sex"),
    "nationality": gettext_lazy("Nationality"),
    "address": gettext_lazy("Address"),
}

STRENGTH_TEXT: dict[str, Promise] = {
    "strong_for": gettext_lazy("Points strongly to the same person"),
    "weak_for": gettext_lazy("Points weakly to the same person"),
    "neutral": gettext_lazy("Says nothing either way"),
    "weak_against": gettext_lazy("Points weakly to different people"),
    "strong_against": gettext_lazy("Points strongly to different people"),
}

SUGGESTION_TEXT: dict[str, Promise] = {
    "match": gettext_lazy("Very likely the same person"),
    "possible": gettext_lazy("Possibly the same person"),
}

# Weights are in bits: 4 bits make the pair 16 times likelier (or less likely) to be one person.
STRONG_BITS = 4.0
NEUTRAL_BITS = 0.5
BAR_FULL_BITS = 20.0


@dataclass
class Evidence:
    comparison: Promise
    text: Promise | str
    weight: float
    strength: str
    strength_text: Promise
    bar: int  # 0–10: the length of the bar, in tenths


@dataclass
class Side:
    """One record of a pair, as the user may see it: in full, or redacted."""

    person: Person
    full: bool

    @property
    def initials(self) -> str:
        parts = [self.person.given_name, self.person.family_name]
        return " ".join(f"{part[0]}." for part in parts if part) or "—"

    @property
    def label(self) -> str:
        if not self.full:
            return self.initials
        return self.person.full_name or self.person.native_name or f"#{self.person.pk}"

    @property
    def nationality_names(self) -> list[str]:
        return [country_name(n.country) for n in self.person.nationalities.all()]


def _strength(weight: float) -> str:
    if weight >= STRONG_BITS:
        return "strong_for"
    if weight > NEUTRAL_BITS:
        return "weak_for"
    if weight >= -NEUTRAL_BITS:
        return "neutral"
    return "weak_against" if weight > -STRONG_BITS else "strong_against"


def explain(candidate: DuplicateCandidate) -> list[Evidence]:
    """Each comparison of the pair: what was found, in words, and how much it counts."""
    levels: dict[str, str] = candidate.explanation.get("levels", {})
    weights: dict[str, float] = candidate.explanation.get("weights", {})
    rows = []
    for comparison, level in levels.items():
        weight = float(weights.get(comparison, 0.0))
        strength = _strength(weight)
        rows.append(
            Evidence(
                comparison=COMPARISON_NAMES.get(comparison, comparison),  # type: ignore[arg-type]
                text=LEVEL_TEXT.get((comparison, level), level),
                weight=weight,
                strength=strength,
                strength_text=STRENGTH_TEXT[strength],
                bar=0 if strength == "neutral" else max(1, min(10, round(abs(weight) / BAR_FULL_BITS * 10))),
            )
        )
    rows.sort(key=lambda row: -abs(row.weight))
    return rows


def _percent(score: float) -> float:
    """The likelihood in percent, rounded down: 99.96 % must not read as a certain 100 %."""
    return math.floor(score * 1000) / 10


def _sides(user: Any, persons: list[Person]) -> dict[int, Side]:
    access = policy.person_access(user, Person.objects.filter(pk__in=[p.pk for p in persons]))
    return {p.pk: Side(person=p, full=access.get(p.pk) == "full") for p in persons}


def _log_reads(request: HttpRequest, sides: list[Side]) -> None:
    """Names and facts shown in full are reads of the person's data; redacted ones are not."""
    seen = {side.person.pk: side.person.organisation_id for side in sides if side.full}
    audit.read_records(
        request, user=request.user, record_type="person", records=seen.items(), purpose=str(PURPOSE)
    )


def _coordinated(user: Any) -> set[int]:
    policy.require(user, Perm.COORDINATE)
    return policy.organisation_ids_with(user, Perm.COORDINATE)


def _candidate_for_user(user: Any, candidate_id: int) -> DuplicateCandidate:
    candidate = review.candidates_for(user).filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    return candidate


class SuggestionFilterForm(forms.Form):
    suggestion = forms.ChoiceField(
        label=gettext_lazy("Suggestion"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("match", SUGGESTION_TEXT["match"]),
            ("possible", SUGGESTION_TEXT["possible"]),
        ],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("keep_a", "keep_a"), ("keep_b", "keep_b"), ("not_same", "not_same")],
    )
    confirm = forms.BooleanField(required=False)


def duplicates(request: HttpRequest) -> HttpResponse:
    """The review queue: open pairs touching the user's organisations, likeliest first."""
    _coordinated(request.user)
    form = SuggestionFilterForm(request.GET or None)
    pairs = review.candidates_for(request.user).order_by("-score", "pk")
    if form.is_valid() and form.cleaned_data["suggestion"]:
        pairs = pairs.filter(decision=form.cleaned_data["suggestion"])
    page = paginate(request, pairs)
    persons = [p for c in page for p in (c.person_a, c.person_b)]
    sides = _sides(request.user, persons)
    rows = [
        {
            "candidate": c,
            "a": sides[c.person_a_id],
            "b": sides[c.person_b_id],
            "suggestion": SUGGESTION_TEXT.get(c.decision, c.decision),
            "percent": _percent(c.score),
        }
        for c in page
    ]
    _log_reads(request, list(sides.values()))
    return render(
        request,
        "people/duplicates.html",
        {"form": form, "page": page, "rows": rows, "query": query_without_page(request), **NAV},
    )


def _detail_context(request: HttpRequest, candidate: DuplicateCandidate) -> dict[str, Any]:
    coordinated = _coordinated(request.user)
    sides = _sides(request.user, [candidate.person_a, candidate.person_b])
    a, b = sides[candidate.person_a_id], sides[candidate.person_b_id]
    _log_reads(request, [a, b])
    holders = {candidate.person_a.organisation_id, candidate.person_b.organisation_id}
    others = [
        p.organisation
        for p in (candidate.person_a, candidate.person_b)
        if p.organisation_id not in coordinated
    ]
    return {
        "candidate": candidate,
        "a": a,
        "b": b,
        "evidence": explain(candidate),
        "suggestion": SUGGESTION_TEXT.get(candidate.decision, candidate.decision),
        "can_merge": holders <= coordinated,
        "percent": _percent(candidate.score),
        "other_organisations": others,
        "other_names": ", ".join(o.display_name for o in others),
        **NAV,
    }


def duplicate_detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """One pair side by side, with why the engine paired them and the decision buttons."""
    policy.require(request.user, Perm.COORDINATE)
    candidate = _candidate_for_user(request.user, candidate_id)
    return render(request, "people/duplicates_detail.html", _detail_context(request, candidate))


@require_POST
def duplicate_decide(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Not the same person, at once; the same person, after a confirmation page."""
    policy.require(request.user, Perm.COORDINATE)
    candidate = _candidate_for_user(request.user, candidate_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what these two records are."))
        return redirect("people:duplicate_detail", candidate_id=candidate.pk)
    decision = form.cleaned_data["decision"]
    if decision == "not_same":
        review.mark_not_same(actor=request.user, candidate=candidate)  # type: ignore[arg-type]
        messages.success(request, _("Marked as not the same person. This pair will not be proposed again."))
        return redirect("people:duplicates")
    survivor = candidate.person_a if decision == "keep_a" else candidate.person_b
    context = _detail_context(request, candidate)
    if not context["can_merge"]:
        return _merge_refused(request, context)
    if not form.cleaned_data["confirm"]:
        context["keep"] = context["a"] if decision == "keep_a" else context["b"]
        context["merged"] = context["b"] if decision == "keep_a" else context["a"]
        context["decision"] = decision
        return render(request, "people/merge_confirm.html", context)
    try:
        review.merge(actor=request.user, candidate=candidate, survivor=survivor)  # type: ignore[arg-type]
    except PermissionDenied:
        return _merge_refused(request, context)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("people:duplicates")
    messages.success(
        request,
        _("The two records are merged into one. If this was a mistake, undo it from the list of merges."),
    )
    return redirect("people:duplicates")


def _merge_refused(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """Only someone who coordinates at both holding organisations may merge: say what is possible."""
    context["merge_refused"] = True
    return render(request, "people/duplicates_detail.html", context, status=403)


def _merges_for(user: Any) -> Any:
    """Merges that touch an organisation the user coordinates; protected people never listed."""
    coordinated = _coordinated(user)
    return (
        Merge.objects.filter(
            Q(survivor__organisation_id__in=coordinated) | Q(merged__organisation_id__in=coordinated)
        )
        .exclude(Q(survivor__is_protected=True) | Q(merged__is_protected=True))
        .select_related("survivor__organisation", "merged__organisation", "merged_by", "undone_by")
        .order_by("-merged_at", "-pk")
    )


def merges(request: HttpRequest) -> HttpResponse:
    """Recent merges, with an undo button where the user coordinates at both organisations."""
    coordinated = _coordinated(request.user)
    page = paginate(request, _merges_for(request.user))
    sides = _sides(request.user, [p for m in page for p in (m.survivor, m.merged)])
    rows = [
        {
            "merge": m,
            "survivor": sides[m.survivor_id],
            "merged": sides[m.merged_id],
            "can_undo": m.undone_at is None
            and {m.survivor.organisation_id, m.merged.organisation_id} <= coordinated,
        }
        for m in page
    ]
    _log_reads(request, list(sides.values()))
    return render(
        request,
        "people/merge_list.html",
        {"page": page, "rows": rows, "query": query_without_page(request), **NAV},
    )


@require_http_methods(["GET", "POST"])
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    """Put back everything a merge moved: a confirmation page, then the undo."""
    coordinated = _coordinated(request.user)
    record = _merges_for(request.user).filter(pk=merge_id).first()
    if record is None:
        raise Http404
    if not {record.survivor.organisation_id, record.merged.organisation_id} <= coordinated:
        raise PermissionDenied
    if record.undone_at is not None:
        messages.info(request, _("This merge has already been undone."))
        return redirect("people:merges")
    if request.method == "POST":
        review.merge_undo(actor=request.user, merge_record=record)  # type: ignore[arg-type]
        messages.success(
            request,
            _("The merge is undone: both records are separate again and the pair is back in the queue."),
        )
        return redirect("people:merges")
    sides = _sides(request.user, [record.survivor, record.merged])
    _log_reads(request, list(sides.values()))
    return render(
        request,
        "people/merge_undo.html",
        {"merge": record, "survivor": sides[record.survivor_id], "merged": sides[record.merged_id], **NAV},
    )
