"""The shift rota planner: cover each site's language needs per shift (pure Python, no Django).

An assignment problem in the optimizer's manner (``acollida.housing.solver.assignment``), solved
exactly with the same library, OR-Tools CP-SAT. The optimizer's generic helper puts each item in
at most one bin; here one person takes several shifts as long as they do not overlap, so the model
is a small one of its own:

* a binary ``x`` for every allowed triple (person, shift, language), the language being ``""``
  for a general volunteer slot. A triple is allowed when the person is available for the whole
  shift (inside one of their windows), speaks the language (for interpreting), and has a cleared
  background check if the shift is at a child-protection site;
* at most the number needed per shift and language (and volunteer slots per shift);
* never two overlapping shifts for one person: the shifts of an interval graph that overlap all
  contain one shift's start, so one "at most one" per person and shift start covers them all
  (and also forbids two roles in one shift);
* first maximise the covered minutes weighted by the interpreter's level (a volunteer slot counts
  as weight 1); then, with that coverage kept, fairness: minimise the longest time any one person
  works, then the total (no idle assignment).

``plan_rota`` is a plain function: the emergency placement and the drill call it directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

LEVEL_WEIGHT: dict[str, int] = {"native": 6, "c2": 6, "c1": 5, "b2": 4, "b1": 3, "a2": 2, "a1": 1}
"""Weight of one interpreted minute by the interpreter's level (unknown levels count as A1)."""
VOLUNTEER_WEIGHT = 1
VOLUNTEER_SLOT = ""

Status = Literal["optimal", "feasible", "unknown"]


def level_weight(level: str) -> int:
    return LEVEL_WEIGHT.get(level.strip().lower(), 1)


@dataclass(frozen=True)
class Person:
    """An approved volunteer or interpreter: ``languages`` maps ISO 639 code to level."""

    id: int
    languages: dict[str, str] = field(default_factory=dict)
    windows: tuple[tuple[datetime, datetime], ...] = ()
    check_cleared: bool = False


@dataclass(frozen=True)
class ShiftNeed:
    id: int
    starts_at: datetime
    ends_at: datetime
    language_needs: dict[str, int] = field(default_factory=dict)
    volunteers_needed: int = 0
    child_protection: bool = False

    @property
    def minutes(self) -> int:
        return max(0, int((self.ends_at - self.starts_at).total_seconds() // 60))


@dataclass(frozen=True)
class Slot:
    """One assignment: ``language`` is ``""`` for a general volunteer slot."""

    person: int
    shift: int
    language: str = VOLUNTEER_SLOT


@dataclass(frozen=True)
class RotaPlan:
    status: Status
    assignments: tuple[Slot, ...]
    value: int
    """Covered minutes weighted by level (the first objective)."""
    uncovered: dict[int, dict[str, int]]
    """Per shift, languages (``""`` for volunteers) still missing and how many."""
    language_minutes_needed: int
    language_minutes_covered: int

    @property
    def language_share_covered(self) -> float:
        if not self.language_minutes_needed:
            return 1.0
        return self.language_minutes_covered / self.language_minutes_needed


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def available(person: Person, shift: ShiftNeed) -> bool:
    return any(start <= shift.starts_at and shift.ends_at <= end for start, end in person.windows)


def allowed(person: Person, shift: ShiftNeed, language: str) -> bool:
    """Whether ``person`` may take ``shift`` in that role: the hard constraints but overlap."""
    if shift.child_protection and not person.check_cleared:
        return False
    if not available(person, shift):
        return False
    if language == VOLUNTEER_SLOT:
        return shift.volunteers_needed > 0
    return language in person.languages and shift.language_needs.get(language, 0) > 0


def slot_value(person: Person, shift: ShiftNeed, language: str) -> int:
    if language == VOLUNTEER_SLOT:
        return shift.minutes * VOLUNTEER_WEIGHT
    return shift.minutes * level_weight(person.languages[language])


def candidates(people: Sequence[Person], shifts: Sequence[ShiftNeed]) -> list[Slot]:
    out: list[Slot] = []
    for person in people:
        for shift in shifts:
            roles = [code for code, n in sorted(shift.language_needs.items()) if n > 0]
            if shift.volunteers_needed > 0:
                roles.append(VOLUNTEER_SLOT)
            out.extend(Slot(person.id, shift.id, r) for r in roles if allowed(person, shift, r))
    return out


def conflicts(slots: Iterable[Slot], shifts: Sequence[ShiftNeed]) -> list[tuple[Slot, Slot]]:
    """Pairs of slots that give one person two overlapping shifts (or two roles in one shift)."""
    by_id = {s.id: s for s in shifts}
    by_person: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_person[slot.person].append(slot)
    found: list[tuple[Slot, Slot]] = []
    for own in by_person.values():
        for i, a in enumerate(own):
            for b in own[i + 1 :]:
                sa, sb = by_id[a.shift], by_id[b.shift]
                if overlaps((sa.starts_at, sa.ends_at), (sb.starts_at, sb.ends_at)):
                    found.append((a, b))
    return found


def uncovered(slots: Iterable[Slot], shifts: Sequence[ShiftNeed]) -> dict[int, dict[str, int]]:
    taken: dict[tuple[int, str], int] = defaultdict(int)
    for slot in slots:
        taken[(slot.shift, slot.language)] += 1
    out: dict[int, dict[str, int]] = {}
    for shift in shifts:
        wants = dict(shift.language_needs)
        if shift.volunteers_needed:
            wants[VOLUNTEER_SLOT] = shift.volunteers_needed
        missing = {
            c: n - taken[(shift.id, c)] for c, n in sorted(wants.items()) if n - taken[(shift.id, c)] > 0
        }
        if missing:
            out[shift.id] = missing
    return out


def summarise(
    status: Status, slots: Sequence[Slot], people: Sequence[Person], shifts: Sequence[ShiftNeed]
) -> RotaPlan:
    person_by_id = {p.id: p for p in people}
    shift_by_id = {s.id: s for s in shifts}
    value = sum(slot_value(person_by_id[a.person], shift_by_id[a.shift], a.language) for a in slots)
    needed = sum(s.minutes * n for s in shifts for n in s.language_needs.values() if n > 0)
    covered = sum(shift_by_id[a.shift].minutes for a in slots if a.language != VOLUNTEER_SLOT)
    ordered = tuple(
        sorted(slots, key=lambda a: (shift_by_id[a.shift].starts_at, a.shift, a.language, a.person))
    )
    return RotaPlan(status, ordered, value, uncovered(slots, shifts), needed, covered)


def plan_rota(
    people: Sequence[Person],
    shifts: Sequence[ShiftNeed],
    *,
    fixed: Iterable[Slot] = (),
    time_limit: float = 10.0,
    num_workers: int = 2,
    seed: int = 0,
) -> RotaPlan:
    """The best rota for ``shifts`` from ``people``; ``fixed`` slots (already confirmed by hand)
    are kept when they are allowed and do not conflict with one another, and are dropped otherwise."""
    from ortools.sat.python import cp_model

    person_by_id = {p.id: p for p in people}
    shift_by_id = {s.id: s for s in shifts}
    pairs = candidates(people, shifts)
    index = {slot: k for k, slot in enumerate(pairs)}
    keep: list[int] = []
    for slot in fixed:
        k = index.get(slot)
        if k is not None and not any(
            overlaps(
                (shift_by_id[pairs[j].shift].starts_at, shift_by_id[pairs[j].shift].ends_at),
                (shift_by_id[slot.shift].starts_at, shift_by_id[slot.shift].ends_at),
            )
            for j in keep
            if pairs[j].person == slot.person
        ):
            keep.append(k)
    if not pairs:
        return summarise("optimal", [], people, shifts)

    cp = cp_model.CpModel()
    x = [cp.new_bool_var(f"x{k}") for k in range(len(pairs))]
    by_role: dict[tuple[int, str], list[int]] = defaultdict(list)
    by_person: dict[int, list[int]] = defaultdict(list)
    for k, slot in enumerate(pairs):
        by_role[(slot.shift, slot.language)].append(k)
        by_person[slot.person].append(k)
    for (shift_id, language), ks in by_role.items():
        shift = shift_by_id[shift_id]
        need = shift.volunteers_needed if language == VOLUNTEER_SLOT else shift.language_needs[language]
        cp.add(sum(x[k] for k in ks) <= need)
    minutes = [shift_by_id[slot.shift].minutes for slot in pairs]
    loads = []
    for ks in by_person.values():
        starts = sorted({shift_by_id[pairs[k].shift].starts_at for k in ks})
        for t in starts:
            clique = [
                k
                for k in ks
                if shift_by_id[pairs[k].shift].starts_at <= t < shift_by_id[pairs[k].shift].ends_at
            ]
            if len(clique) > 1:
                cp.add_at_most_one(x[k] for k in clique)
        loads.append(cp_model.LinearExpr.weighted_sum([x[k] for k in ks], [minutes[k] for k in ks]))
    for k in keep:
        cp.add(x[k] == 1)
    values = [slot_value(person_by_id[s.person], shift_by_id[s.shift], s.language) for s in pairs]
    coverage = cp_model.LinearExpr.weighted_sum(x, values)
    cp.maximize(coverage)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit / 2)
    solver.parameters.num_workers = max(1, num_workers)
    solver.parameters.random_seed = seed
    code = solver.solve(cp)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return summarise("unknown", [pairs[k] for k in keep], people, shifts)
    first = [int(solver.value(v)) for v in x]
    best = sum(v * c for v, c in zip(values, first, strict=True))
    status: Status = "optimal" if code == cp_model.OPTIMAL else "feasible"

    # Fairness with the coverage kept: the longest working time first, then the total.
    cp.add(coverage >= best)
    longest = cp.new_int_var(0, sum(minutes), "longest")
    for load in loads:
        cp.add(load <= longest)
    cp.minimize(longest * (sum(minutes) + 1) + cp_model.LinearExpr.weighted_sum(x, minutes))
    for k, v in enumerate(first):
        cp.add_hint(x[k], v)
    code = solver.solve(cp)
    chosen = [int(solver.value(v)) for v in x] if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else first
    return summarise(status, [pairs[k] for k, v in enumerate(chosen) if v], people, shifts)
