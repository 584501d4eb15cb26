"""The scoring rules: which units a household may go to, and how well each one suits it.

Hard constraints (``compatible``) are never traded for score. Among compatible units, the
suitability of a match is the sum of visible parts, each weighted by ``ScoringRules`` (the
defaults below are the city's starting point; a coordinator's screen shows and changes them):

* ``priority``: ``priority_weight × priority + waiting_weight × min(waiting_days, waiting_cap_days)``
  — the same for every unit, so it decides *who* is placed when places run short;
* ``fit``: ``fit_points``, minus, in a private unit (one household only), ``spare_bed_penalty``
  per bed and ``spare_room_penalty`` per room the household would leave empty (a single person
  in a family flat wastes it; in a shared unit the other beds stay for other households);
* ``school``, ``work``, ``medical``: up to ``distance_points`` each, falling linearly to 0 at
  ``distance_zero_km`` (great-circle distance from the unit);
* ``language``: ``language_points`` when the staff speak one of the household's languages;
* ``district``: ``district_points`` when the unit is in a district the household prefers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from acollida.housing.solver.model import Household, Point, Unit

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class ScoringRules:
    priority_weight: float = 1.0
    waiting_weight: float = 0.1
    waiting_cap_days: int = 365
    fit_points: float = 10.0
    spare_bed_penalty: float = 2.0
    spare_room_penalty: float = 3.0
    distance_points: float = 10.0
    distance_zero_km: float = 10.0
    language_points: float = 10.0
    district_points: float = 8.0
    max_spare_beds: int | None = None
    """A hard limit on beds a household may leave empty in a private unit (None: no limit)."""


DEFAULT_RULES = ScoringRules()


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def compatible(h: Household, u: Unit, rules: ScoringRules = DEFAULT_RULES) -> tuple[bool, tuple[str, ...]]:
    """Whether ``h`` may be placed in ``u`` at all, and the codes of every rule that forbids it."""
    reasons: list[str] = []
    if h.beds_needed > u.free_beds:
        reasons.append("too_few_beds")
    if h.rooms_needed > u.free_rooms:
        reasons.append("too_few_rooms")
    if u.private and (u.reserved_beds > 0 or u.reserved_rooms > 0):
        reasons.append("unit_reserved")
    if rules.max_spare_beds is not None and u.private and u.free_beds - h.beds_needed > rules.max_spare_beds:
        reasons.append("too_many_spare_beds")
    if u.women_only and h.men > 0:
        reasons.append("women_only_unit")
    if h.women_only_needed and not u.women_only:
        reasons.append("needs_women_only")
    if u.men_only and h.men < h.size:
        reasons.append("men_only_unit")
    if u.families_only and not h.is_family:
        reasons.append("families_only_unit")
    if u.minors_only and not h.minors_only:
        reasons.append("minors_only_unit")
    if h.minors_only and not u.minors_only:
        reasons.append("needs_minors_only")
    if h.lgbti_safe_needed and not u.lgbti_safe:
        reasons.append("needs_lgbti_safe")
    if h.has_pets and not u.pets_allowed:
        reasons.append("needs_pets_allowed")
    if h.needs_step_free and not u.step_free:
        reasons.append("needs_step_free")
    if h.needs_adapted_bathroom and not u.adapted_bathroom:
        reasons.append("needs_adapted_bathroom")
    return (not reasons, tuple(reasons))


def needs_met(h: Household, u: Unit) -> tuple[str, ...]:
    """Codes of the needs a (compatible) unit meets for the household, for the explanation."""
    met = ["beds"]
    if h.rooms_needed > 1:
        met.append("rooms")
    flags = (
        (h.women_only_needed, "women_only"),
        (h.minors_only, "minors_only"),
        (h.needs_step_free, "step_free"),
        (h.needs_adapted_bathroom, "adapted_bathroom"),
        (h.has_pets, "pets_allowed"),
        (h.lgbti_safe_needed, "lgbti_safe"),
        (bool(h.languages & u.languages), "language"),
        (u.district in h.preferred_districts, "preferred_district"),
    )
    met.extend(code for wanted, code in flags if wanted)
    return tuple(met)


def _closeness(rules: ScoringRules, target: Point | None, unit: Point | None) -> float:
    if target is None or unit is None or rules.distance_zero_km <= 0:
        return 0.0
    distance = haversine_km(target, unit)
    return rules.distance_points * max(0.0, 1.0 - distance / rules.distance_zero_km)


def priority_part(h: Household, rules: ScoringRules = DEFAULT_RULES) -> float:
    return rules.priority_weight * h.priority + rules.waiting_weight * min(
        h.waiting_days, rules.waiting_cap_days
    )


def score_parts(h: Household, u: Unit, rules: ScoringRules = DEFAULT_RULES) -> dict[str, float]:
    """The suitability of placing ``h`` in ``u``, part by part (see the module docstring)."""
    where = u.point
    spare_beds = max(0, u.free_beds - h.beds_needed) if u.private else 0
    spare_rooms = max(0, u.free_rooms - h.rooms_needed) if u.private else 0
    return {
        "priority": priority_part(h, rules),
        "fit": rules.fit_points
        - rules.spare_bed_penalty * spare_beds
        - rules.spare_room_penalty * spare_rooms,
        "school": _closeness(rules, h.school, where),
        "work": _closeness(rules, h.work, where),
        "medical": _closeness(rules, h.medical, where),
        "language": rules.language_points if h.languages & u.languages else 0.0,
        "district": rules.district_points if u.district and u.district in h.preferred_districts else 0.0,
    }


def score(h: Household, u: Unit, rules: ScoringRules = DEFAULT_RULES) -> float:
    return sum(score_parts(h, u, rules).values())
