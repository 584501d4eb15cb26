"""Placement optimizer API: run it, read a run, and decide on its matches (coordinators only).

A run is shown with its totals and the matches of households the caller sees on the waiting list,
by their waiting list entry (no names). The stored input (with the households' school, work and
medical locations) is summarised, never returned. Every household shown is written to the read log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from acollida.core import audit, policy
from acollida.core.models import ReadLog, User
from acollida.housing import selectors_optimizer, services_optimizer
from acollida.housing.models import OptimizerMatch, OptimizerRun

router = Router(tags=["housing"])


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """The API's one error shape."""

    error: ErrorDetail


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RunIn(Schema):
    time_limit: float | None = Field(
        None, gt=0, le=services_optimizer.MAX_TIME_LIMIT, description="Seconds; the setting by default."
    )
    previous_run_id: int | None = Field(
        None, ge=1, description="Keep the locked matches and the rejections of this run."
    )


class MatchOut(Schema):
    id: int
    entry_id: int
    unit_id: int
    accommodation_id: int
    score: float
    score_parts: dict[str, float]
    needs_met: list[str]
    alternative_unit_id: int | None
    alternative_score: float | None
    alternative_reason: str | None
    decision: OptimizerMatch.Decision
    decided_by_id: int | None
    decided_at: datetime | None
    placement_id: int | None


class InputSummary(Schema):
    households: int
    units: int
    locked: list[list[str]]
    rejected: list[list[str]]
    time_limit: float | None
    previous_run_id: int | None


class RunOut(Schema):
    id: int
    uuid: str
    status: OptimizerRun.Status
    gap: float | None
    seconds: float | None
    backend: str
    total_suitability: float | None
    fcfs_total_suitability: float | None
    households_placed: int
    fcfs_households_placed: int
    created_by_id: int
    created_at: datetime
    input: InputSummary
    matches: list[MatchOut]
    hidden_matches: int


class DecisionIn(Schema):
    decision: Literal["lock", "unlock", "reject", "accept"]


def _int_or_none(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _match_out(match: OptimizerMatch) -> MatchOut:
    explanation = match.explanation or {}
    return MatchOut(
        id=match.pk,
        entry_id=match.entry_id,
        unit_id=match.unit_id,
        accommodation_id=match.unit.accommodation_id,
        score=match.score,
        score_parts={str(k): float(v) for k, v in (explanation.get("parts") or {}).items()},
        needs_met=[str(code) for code in explanation.get("needs_met") or []],
        alternative_unit_id=_int_or_none(explanation.get("alternative_unit_id")),
        alternative_score=explanation.get("alternative_score"),
        alternative_reason=explanation.get("alternative_reason"),
        decision=OptimizerMatch.Decision(match.decision),
        decided_by_id=match.decided_by_id,
        decided_at=match.decided_at,
        placement_id=match.placement_id,
    )


def _run_out(request: HttpRequest, run: OptimizerRun) -> RunOut:
    user: User = request.user  # type: ignore[assignment]
    proposal = selectors_optimizer.proposal(user, run)
    stored_input = run.input if isinstance(run.input, dict) else {}
    output = run.output if isinstance(run.output, dict) else {}
    fcfs = output.get("fcfs") if isinstance(output.get("fcfs"), dict) else {}
    audit.read_records(
        request,
        user=user,
        record_type="waiting_list_entry",
        records=[(e.pk, e.organisation_id) for e in proposal.entries.values()],
        purpose=request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
        or _("placement proposal"),
        channel=ReadLog.Channel.API,
    )
    return RunOut(
        id=run.pk,
        uuid=str(run.uuid),
        status=OptimizerRun.Status(run.status),
        gap=run.gap,
        seconds=run.seconds,
        backend=run.backend,
        total_suitability=run.objective,
        fcfs_total_suitability=run.baseline_objective,
        households_placed=int(output.get("households_placed", 0)),
        fcfs_households_placed=int((fcfs or {}).get("households_placed", 0)),
        created_by_id=run.created_by_id,
        created_at=run.created_at,
        input=InputSummary(
            households=len(stored_input.get("households", [])),
            units=len(stored_input.get("units", [])),
            locked=stored_input.get("locked", []),
            rejected=stored_input.get("rejected", []),
            time_limit=stored_input.get("time_limit"),
            previous_run_id=stored_input.get("previous"),
        ),
        matches=[_match_out(m) for m in proposal.matches],
        hidden_matches=proposal.hidden,
    )


def _coordinator(request: HttpRequest) -> User:
    policy.require(request.user, policy.Perm.COORDINATE)
    return request.user  # type: ignore[return-value]


@router.post(
    "/optimizer-runs",
    response={201: RunOut, **ERRORS},
    summary="Run the placement optimizer on the waiting list and the network's free places (places nobody)",
)
def optimizer_run_create(request: HttpRequest, payload: RunIn) -> Status[RunOut]:
    user = _coordinator(request)
    previous = None
    if payload.previous_run_id is not None:
        previous = selectors_optimizer.run_get_for_user(user, payload.previous_run_id)
    run = services_optimizer.optimizer_run(actor=user, previous=previous, time_limit=payload.time_limit)
    return Status(201, _run_out(request, run))


@router.get(
    "/optimizer-runs/{run_id}",
    response={200: RunOut, **ERRORS},
    summary="A run of the placement optimizer with its totals and matches (each household shown is logged)",
)
def optimizer_run_detail(request: HttpRequest, run_id: int) -> RunOut:
    user = _coordinator(request)
    return _run_out(request, selectors_optimizer.run_get_for_user(user, run_id))


@router.post(
    "/optimizer-runs/{run_id}/matches/{match_id}/decision",
    response={200: MatchOut, **ERRORS},
    summary="Lock, unlock, reject or accept a match (accepting reserves the unit's places)",
)
def optimizer_match_decide(request: HttpRequest, run_id: int, match_id: int, payload: DecisionIn) -> MatchOut:
    user = _coordinator(request)
    run = selectors_optimizer.run_get_for_user(user, run_id)
    match = selectors_optimizer.match_get_for_user(user, run, match_id)
    if payload.decision == "accept":
        match = services_optimizer.match_accept(actor=user, match=match)
    else:
        match = services_optimizer.match_decide(actor=user, match=match, decision=payload.decision)
    audit.read_records(
        request,
        user=user,
        record_type="waiting_list_entry",
        records=[(match.entry_id, match.entry.organisation_id)],
        purpose=_("placement proposal"),
        channel=ReadLog.Channel.API,
    )
    return _match_out(match)
