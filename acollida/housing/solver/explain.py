"""Why each household got its unit, or none: what the coordinator reads beside each proposal.

Codes, not sentences (the screens translate them); see ``Explanation`` in ``model.py``.
"""

from __future__ import annotations

from collections import Counter

from acollida.housing.solver.model import Explanation, Status
from acollida.housing.solver.pairs import Candidates
from acollida.housing.solver.suitability import compatible, needs_met, score_parts


def explain_plan(c: Candidates, chosen: list[int], status: Status) -> tuple[Explanation, ...]:
    """One explanation per household of the problem, placed or not, in input order."""
    problem = c.problem
    households, units = problem.households, problem.units
    beds = [u.free_beds for u in units]
    rooms = [u.free_rooms for u in units]
    holders: list[list[str]] = [[] for _ in units]
    unit_of: dict[int, int] = {}
    for pair in chosen:
        h, u = c.household[pair], c.unit[pair]
        beds[u] -= households[h].beds_needed
        rooms[u] -= households[h].rooms_needed
        holders[u].append(households[h].id)
        unit_of[h] = pair

    def fits(h: int, u: int) -> bool:
        household = households[h]
        if units[u].private and holders[u]:
            return False
        return household.beds_needed <= beds[u] and household.rooms_needed <= rooms[u]

    explanations = []
    for i, household in enumerate(households):
        options = c.by_household[i]
        k = unit_of.get(i)
        if k is not None:
            others = [o for o in options if o != k]
            best = max(others, key=lambda o: (c.score[o], -o), default=None)
            alternative: dict[str, object] = {}
            if best is not None:
                u = c.unit[best]
                if c.score[best] <= c.score[k]:
                    why = "lower_score"
                elif not fits(i, u):
                    why = "taken"
                    alternative["alternative_holders"] = tuple(holders[u])
                else:
                    why = "time_limit" if status != "optimal" else "lower_score"
                alternative.update(
                    alternative_unit_id=units[u].id,
                    alternative_score=round(c.score[best], 2),
                    alternative_reason=why,
                )
            unit = units[c.unit[k]]
            explanations.append(
                Explanation(
                    household_id=household.id,
                    unit_id=unit.id,
                    needs_met=needs_met(household, unit),
                    parts={name: round(v, 2) for name, v in score_parts(household, unit, c.rules).items()},
                    score=round(c.score[k], 2),
                    **alternative,  # type: ignore[arg-type]
                )
            )
            continue
        if not options:
            blocking: Counter[str] = Counter()
            rejected = 0
            for unit in units:
                ok, reasons = compatible(household, unit, c.rules)
                if ok:
                    rejected += 1
                blocking.update(reasons)
            reason = "all_rejected" if rejected else "no_compatible_unit"
            if rejected:
                blocking["rejected"] = rejected
            explanations.append(Explanation(household.id, None, reason=reason, blocking=dict(blocking)))
            continue
        best = max(options, key=lambda o: (c.score[o], -o))
        u = c.unit[best]
        open_unit = next((o for o in options if fits(i, c.unit[o])), None)
        reason = "time_limit" if open_unit is not None and status != "optimal" else "outscored"
        explanations.append(
            Explanation(
                household.id,
                None,
                reason=reason,
                alternative_unit_id=units[u].id,
                alternative_score=round(c.score[best], 2),
                alternative_reason="taken",
                alternative_holders=tuple(holders[u]),
            )
        )
    return tuple(explanations)
