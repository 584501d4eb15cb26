"""Generalized assignment problems (OR-Library format) solved on the placement engine.

File format (J. E. Beasley's OR-Library, ``gap1`` … ``gap12``, ``gapa`` …): the number of
instances P, then for each instance ``m n``, the m×n profit (or cost) matrix — row = agent, i.e.
unit; column = job, i.e. household —, the m×n resource matrix and the m capacities. Every job goes
to exactly one agent and no agent uses more than its capacity. ``acollida placement solve-gap``
reads such a file and solves each instance with ``solve_assignment``, the integer program under
the placement optimizer.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acollida.housing.solver.assignment import DEFAULT_BACKEND, Assignment, Backend, solve_assignment
from acollida.housing.solver.model import Status


class GapFormatError(ValueError):
    """A malformed GAP file; the message names the line and column."""

    def __init__(self, message: str, *, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.line = line
        self.column = column


@dataclass(frozen=True)
class GapInstance:
    agents: int
    jobs: int
    profit: tuple[tuple[int, ...], ...]
    weight: tuple[tuple[int, ...], ...]
    capacity: tuple[int, ...]


@dataclass(frozen=True)
class GapResult:
    instance: int
    objective: int | None
    status: Status
    seconds: float
    agent_of_job: tuple[int, ...] = ()
    bound: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "instance": self.instance,
            "objective": self.objective,
            "status": self.status,
            "seconds": round(self.seconds, 4),
        }


_TOKEN = re.compile(r"\S+")


class _Tokens:
    def __init__(self, text: str) -> None:
        self._tokens: list[tuple[str, int, int]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            for found in _TOKEN.finditer(line):
                self._tokens.append((found.group(), number, found.start() + 1))
        self._next = 0
        lines = text.splitlines()
        self._end = (max(1, len(lines)), (len(lines[-1]) + 1) if lines else 1)

    def integer(self, what: str, *, minimum: int) -> int:
        if self._next >= len(self._tokens):
            line, column = self._end
            raise GapFormatError(f"the file ends where {what} was expected", line=line, column=column)
        token, line, column = self._tokens[self._next]
        self._next += 1
        try:
            value = int(token)
        except ValueError:
            message = f"{what} must be a whole number, not {token[:20]!r}"
            raise GapFormatError(message, line=line, column=column) from None
        if value < minimum:
            raise GapFormatError(f"{what} must be at least {minimum}, not {value}", line=line, column=column)
        return value

    def finish(self) -> None:
        if self._next < len(self._tokens):
            token, line, column = self._tokens[self._next]
            raise GapFormatError(
                f"unexpected {token[:20]!r} after the last instance", line=line, column=column
            )


def read_gap(text: str) -> list[GapInstance]:
    """Parse an OR-Library GAP file; raise ``GapFormatError`` naming the position of a fault."""
    tokens = _Tokens(text)
    count = tokens.integer("the number of instances", minimum=1)
    instances = []
    for k in range(1, count + 1):
        m = tokens.integer(f"the number of agents of instance {k}", minimum=1)
        n = tokens.integer(f"the number of jobs of instance {k}", minimum=1)
        profit = tuple(
            tuple(
                tokens.integer(f"profit [{i + 1}, {j + 1}] of instance {k}", minimum=-(10**9))
                for j in range(n)
            )
            for i in range(m)
        )
        weight = tuple(
            tuple(tokens.integer(f"resource [{i + 1}, {j + 1}] of instance {k}", minimum=0) for j in range(n))
            for i in range(m)
        )
        capacity = tuple(tokens.integer(f"capacity {i + 1} of instance {k}", minimum=0) for i in range(m))
        instances.append(GapInstance(m, n, profit, weight, capacity))
    tokens.finish()
    return instances


def gap_assignment(instance: GapInstance, *, minimize: bool = False) -> Assignment:
    """The instance as the engine's model: items are jobs, bins are agents, one resource."""
    sign = -1 if minimize else 1
    item, bins, value, usage = [], [], [], []
    for j in range(instance.jobs):
        for i in range(instance.agents):
            if instance.weight[i][j] <= instance.capacity[i]:
                item.append(j)
                bins.append(i)
                value.append(sign * instance.profit[i][j])
                usage.append((instance.weight[i][j],))
    return Assignment(
        n_items=instance.jobs,
        n_bins=instance.agents,
        item=item,
        bin=bins,
        value=value,
        usage=usage,
        capacity=[(c,) for c in instance.capacity],
        exactly_once=True,
    )


def solve_gap(
    instance: GapInstance,
    *,
    number: int = 1,
    minimize: bool = False,
    time_limit: float = 60.0,
    backend: Backend = DEFAULT_BACKEND,
    num_workers: int = 2,
    seed: int = 0,
) -> GapResult:
    """Solve one instance: total profit (or cost with ``minimize``) of the best assignment."""
    started = time.perf_counter()
    model = gap_assignment(instance, minimize=minimize)
    result = solve_assignment(
        model, backend=backend, time_limit=time_limit, num_workers=num_workers, seed=seed
    )
    seconds = time.perf_counter() - started
    if result.status in ("infeasible", "unknown"):
        return GapResult(number, None, result.status, seconds)
    agent_of_job = [0] * instance.jobs
    for k in result.chosen:
        agent_of_job[model.item[k]] = model.bin[k]
    sign = -1 if minimize else 1
    return GapResult(
        number, sign * result.objective, result.status, seconds, tuple(agent_of_job), sign * result.bound
    )


def solve_gap_file(
    path: str | Path,
    *,
    minimize: bool = False,
    time_limit: float = 60.0,
    backend: Backend = DEFAULT_BACKEND,
    num_workers: int = 2,
) -> list[GapResult]:
    """Every instance of a GAP file, in file order (``time_limit`` applies to each)."""
    instances = read_gap(Path(path).read_text(encoding="utf-8"))
    return [
        solve_gap(
            instance,
            number=k,
            minimize=minimize,
            time_limit=time_limit,
            backend=backend,
            num_workers=num_workers,
        )
        for k, instance in enumerate(instances, start=1)
    ]
