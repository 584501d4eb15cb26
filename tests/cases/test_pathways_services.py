"""Pathways on a case: starting one, completing and skipping steps, and the templates coordinators
keep. Dates are fixed with ``time_machine`` so "overdue" and "this week" mean the same every run."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from acollida.cases import selectors_pathways
from acollida.cases.models import Case, CasePathway, CasePathwayStep, PathwayTemplate
from acollida.cases.services_pathways import (
    pathway_abandon,
    pathway_complete,
    pathway_start,
    pathway_templates_load,
    pathway_update_expiry,
    step_complete,
    step_reopen,
    step_skip,
    template_copy,
    template_create,
    template_step_add,
    template_step_move,
    template_step_remove,
    template_update,
)
from tests.cases.conftest import open_case
from tests.conftest import Network

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def chain(network: Network) -> PathwayTemplate:
    """A CAI template: a step 7 days after the start, then one 30 days after it is done, then one
    45 days before the card expires."""
    coordinator = network.users["coordinator"]
    template = template_create(actor=coordinator, organisation=network.cai, code="chain", name="Chain")
    for name, anchor, days in [("First", "start", 7), ("Second", "previous", 30), ("Renew", "expiry", -45)]:
        template_step_add(
            actor=coordinator, template=template, name=name, deadline_anchor=anchor, deadline_days=days
        )
    return template


def _start(network: Network, case: Case, template: PathwayTemplate, **kwargs: object) -> CasePathway:
    kwargs.setdefault("started_on", TODAY)
    kwargs.setdefault("document_expires_on", date(2026, 6, 30))
    return pathway_start(actor=network.users["caseworker"], case=case, template=template, **kwargs)  # type: ignore[arg-type]


def _steps(pathway: CasePathway) -> list[CasePathwayStep]:
    return list(pathway.steps.order_by("order"))


@time_machine.travel(TODAY, tick=False)
def test_starting_copies_the_steps_with_their_due_dates(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    pathway = _start(network, case, chain)
    first, second, renew = _steps(pathway)
    assert [s.name for s in (first, second, renew)] == ["First", "Second", "Renew"]
    assert first.due_on == date(2026, 3, 9)
    assert second.due_on is None
    assert renew.due_on == date(2026, 5, 16)


@time_machine.travel(TODAY, tick=False)
def test_a_pathway_timed_from_an_expiry_needs_the_date(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    with pytest.raises(ValidationError) as error:
        _start(network, case, chain, document_expires_on=None)
    assert "document_expires_on" in error.value.message_dict


@time_machine.travel(TODAY, tick=False)
def test_completing_a_step_dates_the_step_timed_from_it(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    pathway = _start(network, case, chain)
    first = _steps(pathway)[0]
    step_complete(actor=network.users["caseworker"], step=first, done_on=TODAY)
    assert _steps(pathway)[1].due_on == date(2026, 4, 1)


def test_completing_later_shifts_the_next_step_and_reopening_clears_it(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    with time_machine.travel(TODAY, tick=False):
        pathway = _start(network, case, chain)
    with time_machine.travel(date(2026, 3, 20), tick=False):
        first = _steps(pathway)[0]
        step_complete(actor=network.users["caseworker"], step=first)
        assert _steps(pathway)[1].due_on == date(2026, 4, 19)
        step_reopen(actor=network.users["caseworker"], step=first)
        assert _steps(pathway)[1].due_on is None
        assert _steps(pathway)[0].due_on == date(2026, 3, 9)


@time_machine.travel(TODAY, tick=False)
def test_skipping_a_step_times_the_next_from_the_one_before(network: Network, case: Case) -> None:
    coordinator = network.users["coordinator"]
    template = template_create(actor=coordinator, organisation=network.cai, code="three", name="Three")
    for name, anchor in [("A", "start"), ("B", "previous"), ("C", "previous")]:
        template_step_add(
            actor=coordinator, template=template, name=name, deadline_anchor=anchor, deadline_days=10
        )
    pathway = _start(network, case, template)
    a, b, _c = _steps(pathway)
    step_complete(actor=network.users["caseworker"], step=a, done_on=TODAY)
    step_skip(actor=network.users["caseworker"], step=b)
    assert _steps(pathway)[2].due_on == date(2026, 3, 12)


@time_machine.travel(TODAY, tick=False)
def test_a_step_cannot_be_done_in_the_future(network: Network, case: Case, chain: PathwayTemplate) -> None:
    pathway = _start(network, case, chain)
    with pytest.raises(ValidationError):
        step_complete(actor=network.users["caseworker"], step=_steps(pathway)[0], done_on=date(2026, 3, 3))


@time_machine.travel(TODAY, tick=False)
def test_a_new_expiry_moves_the_renewal_and_forgets_its_reminder(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    pathway = _start(network, case, chain)
    CasePathwayStep.objects.filter(pathway=pathway).update(staff_reminded_at="2026-03-01T09:00Z")
    pathway_update_expiry(
        actor=network.users["caseworker"], pathway=pathway, document_expires_on=date(2027, 6, 30)
    )
    renew = _steps(pathway)[2]
    assert renew.due_on == date(2027, 5, 16)
    assert renew.staff_reminded_at is None


@time_machine.travel(TODAY, tick=False)
def test_a_pathway_completes_only_when_nothing_is_left_to_do(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    pathway = _start(network, case, chain)
    caseworker = network.users["caseworker"]
    with pytest.raises(ValidationError):
        pathway_complete(actor=caseworker, pathway=pathway)
    for step in _steps(pathway):
        step_skip(actor=caseworker, step=step)
    assert pathway_complete(actor=caseworker, pathway=pathway).status == CasePathway.Status.COMPLETED


@time_machine.travel(TODAY, tick=False)
def test_an_abandoned_pathway_leaves_the_deadlines(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    pathway = _start(network, case, chain, started_on=date(2026, 1, 1))
    assert selectors_pathways.overdue_count(network.users["caseworker"]) == 1
    pathway_abandon(actor=network.users["caseworker"], pathway=pathway)
    assert selectors_pathways.overdue_count(network.users["caseworker"]) == 0


@time_machine.travel(TODAY, tick=False)
def test_another_organisation_cannot_start_a_pathway_on_the_case(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    with pytest.raises(PermissionDenied):
        pathway_start(
            actor=network.users["ngo_caseworker"], case=case, template=chain, document_expires_on=TODAY
        )


@time_machine.travel(TODAY, tick=False)
def test_another_organisations_template_cannot_be_started(network: Network, chain: PathwayTemplate) -> None:
    ngo_case = open_case(network, "ngo_caseworker")
    with pytest.raises(ValidationError):
        pathway_start(
            actor=network.users["ngo_caseworker"], case=ngo_case, template=chain, document_expires_on=TODAY
        )


# --- Deadlines: overdue, this week, later -----------------------------------------------------


def test_deadlines_put_the_overdue_first_and_split_by_week(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    with time_machine.travel(TODAY, tick=False):
        _start(network, case, chain)  # First due 9 March, Renew due 16 May
    caseworker = network.users["caseworker"]
    with time_machine.travel(date(2026, 3, 4), tick=False):
        week = selectors_pathways.DeadlineFilters(when="week")
        assert [s.name for s in selectors_pathways.deadlines_for(caseworker, week)] == ["First"]
        assert selectors_pathways.overdue_count(caseworker) == 0
    with time_machine.travel(date(2026, 3, 10), tick=False):
        assert [s.name for s in selectors_pathways.deadlines_for(caseworker)] == ["First", "Renew"]
        overdue = selectors_pathways.DeadlineFilters(when="overdue")
        assert [s.name for s in selectors_pathways.deadlines_for(caseworker, overdue)] == ["First"]
        later = selectors_pathways.DeadlineFilters(when="later")
        assert [s.name for s in selectors_pathways.deadlines_for(caseworker, later)] == ["Renew"]
        assert selectors_pathways.overdue_count(caseworker) == 1


@time_machine.travel(TODAY, tick=False)
def test_another_organisation_sees_neither_the_pathways_nor_the_deadlines(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    _start(network, case, chain, started_on=date(2026, 1, 1))
    outsider = network.users["ngo_caseworker"]
    everything = selectors_pathways.DeadlineFilters(scope="all")
    assert not selectors_pathways.deadlines_for(outsider, everything).exists()
    assert not selectors_pathways.pathways_visible(outsider).exists()
    assert selectors_pathways.deadlines_for(network.users["coordinator"], everything).count() == 2


# --- Templates ---------------------------------------------------------------------------------


def test_network_templates_are_not_edited_in_place(network: Network) -> None:
    pathway_templates_load(language="en")
    padron = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    with pytest.raises(PermissionDenied):
        template_update(actor=network.users["coordinator"], template=padron, name="Mine")


def test_a_coordinator_copies_a_network_template_and_edits_the_copy(network: Network) -> None:
    pathway_templates_load(language="en")
    padron = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    copy = template_copy(actor=network.users["coordinator"], template=padron, organisation=network.cai)
    assert copy.organisation == network.cai
    assert copy.steps.count() == padron.steps.count()
    template_update(actor=network.users["coordinator"], template=copy, name="Padrón at the CAI")
    assert PathwayTemplate.objects.get(pk=padron.pk).name != "Padrón at the CAI"


def test_the_copy_replaces_the_network_template_in_the_start_choices(network: Network, case: Case) -> None:
    from acollida.cases.services_pathways import templates_for_case

    pathway_templates_load(language="en")
    padron = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    copy = template_copy(actor=network.users["coordinator"], template=padron, organisation=network.cai)
    offered = set(templates_for_case(network.users["caseworker"], case))
    assert copy in offered and padron not in offered


def test_a_caseworker_cannot_copy_templates(network: Network) -> None:
    pathway_templates_load(language="en")
    padron = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    with pytest.raises(PermissionDenied):
        template_copy(actor=network.users["caseworker"], template=padron, organisation=network.cai)


def test_removing_and_moving_steps_keeps_the_order_contiguous(
    network: Network, chain: PathwayTemplate
) -> None:
    coordinator = network.users["coordinator"]
    first, second, renew = chain.steps.order_by("order")
    template_step_move(actor=coordinator, step=renew, up=True)
    assert [s.name for s in chain.steps.order_by("order")] == ["First", "Renew", "Second"]
    template_step_remove(actor=coordinator, step=first)
    assert [(s.order, s.name) for s in chain.steps.order_by("order")] == [(1, "Renew"), (2, "Second")]


def test_a_template_edit_leaves_started_pathways_alone(
    network: Network, case: Case, chain: PathwayTemplate
) -> None:
    with time_machine.travel(TODAY, tick=False):
        pathway = _start(network, case, chain)
    template_step_remove(actor=network.users["coordinator"], step=chain.steps.get(order=1))
    assert pathway.steps.count() == 3
