"""Placement optimizer: OR-Library GAP optima and a city-scale waiting list, in one run.

    .venv/bin/python bench/placement.py                   # everything (about four minutes)
    .venv/bin/python bench/placement.py --skip-gap        # only the city-scale networks
    .venv/bin/python bench/placement.py --gap-files gap1 gapa --networks 1

(1) Every OR-Library instance in ``../shared/bench-data/gap/`` (or ``--gap-dir``) is solved by the
engine with each backend (CP-SAT, HiGHS through highspy) and by a plain MILP with SciPy's HiGHS
(``scipy.optimize.milp``), side by side; each objective is checked against the published optimum.
(2) Synthetic Valencia networks of 2,000 waiting households × 500 units with realistic rules are
solved with a 10 s limit per backend: time to proven optimum or the gap at the limit, total
suitability and households placed, against first-come-first-served. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from acollida.housing.solver import (
    BACKENDS,
    Household,
    Problem,
    Unit,
    fcfs,
    optimize,
    read_gap,
    solve_gap,
)
from acollida.housing.solver.gap import GapInstance

OPTIMA_MAX = {
    "gap1": [336, 327, 339, 341, 326],
    "gap2": [434, 436, 420, 419, 428],
    "gap3": [580, 564, 573, 570, 564],
    "gap4": [656, 644, 673, 647, 664],
    "gap5": [563, 558, 564, 568, 559],
    "gap6": [761, 759, 758, 752, 747],
    "gap7": [942, 949, 968, 945, 951],
    "gap8": [1133, 1134, 1141, 1117, 1127],
    "gap9": [709, 717, 712, 723, 706],
    "gap10": [958, 963, 960, 947, 947],
    "gap11": [1139, 1178, 1195, 1171, 1171],
    "gap12": [1451, 1449, 1433, 1447, 1446],
}
OPTIMA_MIN = {"gapa": [1698, 3235, 1360, 2623, 1158, 2339]}

# Valencia's districts and a point near the middle of each (latitude, longitude).
DISTRICTS = {
    "Ciutat Vella": (39.4747, -0.3760),
    "L'Eixample": (39.4630, -0.3730),
    "Extramurs": (39.4700, -0.3880),
    "Campanar": (39.4860, -0.3960),
    "La Saïdia": (39.4870, -0.3730),
    "El Pla del Real": (39.4770, -0.3590),
    "L'Olivereta": (39.4690, -0.4040),
    "Patraix": (39.4590, -0.3960),
    "Jesús": (39.4530, -0.3870),
    "Quatre Carreres": (39.4480, -0.3680),
    "Poblats Marítims": (39.4600, -0.3300),
    "Camins al Grau": (39.4660, -0.3470),
    "Algirós": (39.4760, -0.3490),
    "Benimaclet": (39.4880, -0.3590),
    "Rascanya": (39.4990, -0.3730),
    "Benicalap": (39.4990, -0.3990),
}
LANGUAGES = ["es", "ca", "ar", "fr", "en", "uk", "ru", "wo", "ur", "fa"]


def scipy_milp_gap(instance: GapInstance, *, minimize: bool, time_limit: float) -> tuple[int | None, float]:
    """The textbook GAP MILP (x[i, j] binary, Σ_i x = 1, Σ_j w x ≤ c) with SciPy's HiGHS."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    m, n = instance.agents, instance.jobs
    started = time.perf_counter()
    cost = np.array([instance.profit[i][j] for i in range(m) for j in range(n)], dtype=float)
    a = lil_matrix((n + m, m * n))
    for i in range(m):
        for j in range(n):
            a[j, i * n + j] = 1
            a[n + i, i * n + j] = instance.weight[i][j]
    lower = np.concatenate([np.ones(n), np.full(m, -np.inf)])
    upper = np.concatenate([np.ones(n), np.array(instance.capacity, dtype=float)])
    result = milp(
        cost if minimize else -cost,
        constraints=LinearConstraint(a.tocsr(), lower, upper),
        integrality=np.ones(m * n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0},
    )
    seconds = time.perf_counter() - started
    if result.x is None:
        return None, seconds
    return int(round(result.fun if minimize else -result.fun)), seconds


def bench_gap(folder: Path, names: list[str], time_limit: float) -> dict[str, Any]:
    rows = []
    for name in names:
        minimize = name in OPTIMA_MIN
        optima = (OPTIMA_MIN if minimize else OPTIMA_MAX)[name]
        instances = read_gap((folder / f"{name}.txt").read_text())
        for k, instance in enumerate(instances, start=1):
            row: dict[str, Any] = {
                "file": name,
                "instance": k,
                "size": f"{instance.agents}x{instance.jobs}",
                "optimum": optima[k - 1],
            }
            for backend in BACKENDS:
                result = solve_gap(
                    instance, number=k, minimize=minimize, time_limit=time_limit, backend=backend
                )
                row[backend] = {
                    "objective": result.objective,
                    "status": result.status,
                    "seconds": round(result.seconds, 3),
                    "matches": result.objective == optima[k - 1],
                }
            objective, seconds = scipy_milp_gap(instance, minimize=minimize, time_limit=time_limit)
            row["scipy-milp"] = {
                "objective": objective,
                "seconds": round(seconds, 3),
                "matches": objective == optima[k - 1],
            }
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    summary: dict[str, Any] = {"instances": len(rows)}
    for solver in (*BACKENDS, "scipy-milp"):
        times = [row[solver]["seconds"] for row in rows]
        summary[solver] = {
            "all_optimal": all(row[solver]["matches"] for row in rows),
            "total_seconds": round(sum(times), 2),
            "max_seconds": max(times, default=0.0),
            "median_seconds": sorted(times)[len(times) // 2] if times else 0.0,
        }
    return {"summary": summary, "instances": rows}


def _near(rng: random.Random, point: tuple[float, float], km: float) -> tuple[float, float]:
    # about 111 km per degree of latitude, 86 km per degree of longitude at Valencia
    return (point[0] + rng.gauss(0, km / 111), point[1] + rng.gauss(0, km / 86))


def synthetic_network(seed: int, households: int = 2000, units: int = 500) -> Problem:
    """A Valencia-like waiting list and housing network (see docs/benchmarks.md §Placement)."""
    rng = random.Random(seed)
    names = list(DISTRICTS)
    unit_list = []
    for k in range(units):
        district = rng.choice(names)
        lat, lon = _near(rng, DISTRICTS[district], 0.8)
        kind = rng.choices(["shelter", "flat", "shared", "host"], weights=[15, 45, 25, 15])[0]
        rules: dict[str, bool] = {}
        if kind == "shelter":
            beds = rng.randint(10, 30)
            rooms = max(2, beds // 3)
            private = False
            rule = rng.choices(["none", "women", "minors", "men", "families"], weights=[40, 20, 10, 15, 15])[
                0
            ]
            rules = {f"{rule}_only": True} if rule != "none" else {}
        elif kind == "flat":
            beds, rooms, private = rng.randint(3, 7), rng.randint(2, 3), True
            if rng.random() < 0.1:
                rules = {"women_only": True}
        elif kind == "shared":
            beds = rng.randint(3, 6)
            rooms, private = beds, False
            if rng.random() < 0.2:
                rules = {"women_only": True}
            elif rng.random() < 0.2:
                rules = {"men_only": True}
        else:
            beds, rooms, private = rng.randint(1, 3), 1, True
        unit_list.append(
            Unit(
                id=f"u{k}",
                accommodation_id=f"a{k // 3 if kind == 'shelter' else k}",
                beds=beds,
                rooms=rooms,
                private=private,
                lgbti_safe=rng.random() < 0.15,
                pets_allowed=rng.random() < (0.05 if kind == "shelter" else 0.2),
                step_free=rng.random() < 0.35,
                adapted_bathroom=rng.random() < 0.12,
                languages=frozenset(["es", *rng.sample(LANGUAGES, rng.randint(0, 2))]),
                district=district,
                lat=lat,
                lon=lon,
                reserved_beds=rng.choice([0, 0, 0, 0, 1]) if not private else 0,
                **rules,
            )
        )
    household_list = []
    for k in range(households):
        size = rng.choices([1, 2, 3, 4, 5, 6, 7], weights=[40, 15, 15, 12, 10, 5, 3])[0]
        minors_only = size == 1 and rng.random() < 0.12
        women_only_needed = not minors_only and rng.random() < 0.1
        children = 0 if size == 1 else rng.randint(1, size - 1)
        adults = size - children
        men = 0 if (women_only_needed or minors_only) else rng.randint(0, adults)
        home = DISTRICTS[rng.choice(names)]
        household_list.append(
            Household(
                id=f"h{k}",
                size=size,
                rooms_needed=1 if size <= 2 else (2 if size <= 4 else 3),
                men=men,
                children=children,
                women_only_needed=women_only_needed,
                minors_only=minors_only,
                needs_step_free=rng.random() < 0.08,
                needs_adapted_bathroom=rng.random() < 0.03,
                has_pets=rng.random() < 0.05,
                lgbti_safe_needed=rng.random() < 0.04,
                languages=frozenset(rng.sample(LANGUAGES[1:], rng.randint(1, 2))),
                preferred_districts=frozenset(rng.sample(names, rng.randint(0, 2))),
                priority=float(rng.randint(0, 100)),
                waiting_days=rng.randint(0, 400),
                school=_near(rng, home, 1.5) if children and not minors_only else None,
                work=_near(rng, home, 3) if rng.random() < 0.3 else None,
                medical=_near(rng, home, 2) if rng.random() < 0.2 else None,
            )
        )
    return Problem(households=tuple(household_list), units=tuple(unit_list))


def bench_city(networks: int, time_limit: float, households: int, units: int) -> list[dict[str, Any]]:
    rows = []
    for seed in range(1, networks + 1):
        problem = synthetic_network(seed, households, units)
        baseline = fcfs(problem)
        row: dict[str, Any] = {
            "seed": seed,
            "households": households,
            "units": units,
            "beds_free": sum(u.free_beds for u in problem.units),
            "beds_needed": sum(h.beds_needed for h in problem.households),
            "fcfs": {
                "placed": baseline.households_placed,
                "total_suitability": baseline.total_suitability,
                "seconds": round(baseline.seconds, 2),
            },
        }
        for backend in BACKENDS:
            plan = optimize(problem, backend=backend, time_limit=time_limit, explain=False)
            row[backend] = {
                "status": plan.status,
                "seconds": round(plan.seconds, 2),
                "gap_percent": round(100 * plan.gap, 3),
                "placed": plan.households_placed,
                "total_suitability": plan.total_suitability,
                "placed_gain": plan.households_placed - baseline.households_placed,
                "suitability_gain_percent": round(
                    100
                    * (plan.total_suitability - baseline.total_suitability)
                    / max(1.0, baseline.total_suitability),
                    1,
                ),
            }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_dir = Path(__file__).resolve().parent.parent.parent / "shared" / "bench-data" / "gap"
    parser.add_argument("--gap-dir", type=Path, default=default_dir)
    parser.add_argument("--gap-files", nargs="*", default=[*OPTIMA_MAX, *OPTIMA_MIN])
    parser.add_argument("--gap-time-limit", type=float, default=60.0)
    parser.add_argument("--skip-gap", action="store_true")
    parser.add_argument("--networks", type=int, default=3)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
    }
    if not args.skip_gap:
        report["gap"] = bench_gap(args.gap_dir, args.gap_files, args.gap_time_limit)
    report["city"] = bench_city(args.networks, args.time_limit, args.households, args.units)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
