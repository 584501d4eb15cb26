"""Bodies, seats and mandates: merge and dissolution keep the archive, seat history and vacancies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from acollida.council import selectors, services
from acollida.council.models import (
    Body,
    BodyStatus,
    Gender,
    Mandate,
    MandateEndReason,
    MandateRole,
    Member,
    Seat,
)

pytestmark = pytest.mark.django_db

JAN = dt.date(2024, 1, 1)


def _body(slug: str = "council") -> Body:
    return services.body_create(slug=slug, values={"name": slug.title()})


def _seat(body: Body, code: str = "ngos") -> Seat:
    category = services.category_save(
        body=body, code=code, name=code, has_vote=True, target_share_min=None, target_share_max=None
    )
    return services.seats_add(body=body, category=category, count=1, nominated_by=None)[0]


def _member(name: str = "Amina", gender: str = Gender.WOMAN) -> Member:
    return services.member_save(values={"name": name, "gender": gender})


def test_merged_body_keeps_its_seats_and_mandates() -> None:
    old, new = _body("old"), _body("new")
    mandate = services.mandate_assign(
        seat=_seat(old), member=_member(), role=MandateRole.TITULAR, starts_on=JAN
    )
    services.body_merge(body=old, into=new, on=dt.date(2024, 6, 30))
    old.refresh_from_db()
    mandate.refresh_from_db()
    assert (old.status, old.merged_into, old.seats.count()) == (BodyStatus.MERGED, new, 1)
    assert (mandate.ends_on, mandate.ended_reason) == (dt.date(2024, 6, 30), MandateEndReason.BODY_MERGED)


def test_merge_moves_working_groups_to_the_receiving_body() -> None:
    old, new = _body("old"), _body("new")
    group = services.body_create(
        slug="group", values={"name": "Group", "parent": old, "kind": "working_group"}
    )
    services.body_merge(body=old, into=new)
    group.refresh_from_db()
    assert group.parent == new


def test_body_cannot_be_merged_into_itself() -> None:
    body = _body()
    with pytest.raises(ValidationError):
        services.body_merge(body=body, into=body)


def test_archived_body_cannot_be_changed() -> None:
    old, new = _body("old"), _body("new")
    services.body_merge(body=old, into=new)
    old.refresh_from_db()
    with pytest.raises(ValidationError):
        services.body_update(body=old, values={"name": "Renamed"})


def test_dissolved_body_keeps_its_mandate_history() -> None:
    body = _body()
    services.mandate_assign(seat=_seat(body), member=_member(), role=MandateRole.TITULAR, starts_on=JAN)
    services.body_dissolve(body=body, on=dt.date(2024, 3, 1))
    body.refresh_from_db()
    assert body.status == BodyStatus.DISSOLVED
    assert Mandate.objects.get().ended_reason == MandateEndReason.BODY_DISSOLVED


def test_mandate_without_end_lasts_the_body_term() -> None:
    body = _body()
    mandate = services.mandate_assign(
        seat=_seat(body), member=_member(), role=MandateRole.TITULAR, starts_on=JAN
    )
    assert mandate.ends_on == dt.date(2027, 12, 31)


def test_seat_holds_one_titular_at_a_time() -> None:
    seat = _seat(_body())
    services.mandate_assign(seat=seat, member=_member("A"), role=MandateRole.TITULAR, starts_on=JAN)
    with pytest.raises(ValidationError):
        services.mandate_assign(
            seat=seat, member=_member("B"), role=MandateRole.TITULAR, starts_on=dt.date(2024, 5, 1)
        )


def test_ending_a_mandate_lets_the_next_titular_in_and_keeps_the_history() -> None:
    seat = _seat(_body())
    first = services.mandate_assign(seat=seat, member=_member("A"), role=MandateRole.TITULAR, starts_on=JAN)
    services.mandate_end(mandate=first, on=dt.date(2024, 4, 30), reason=MandateEndReason.RESIGNED)
    services.mandate_assign(
        seat=seat, member=_member("B"), role=MandateRole.TITULAR, starts_on=dt.date(2024, 5, 1)
    )
    assert [m.member.name for m in seat.mandates.order_by("starts_on")] == ["A", "B"]


def test_vacancies_list_seats_missing_a_titular_or_substitute() -> None:
    body = _body()
    seat = _seat(body)
    services.mandate_assign(seat=seat, member=_member(), role=MandateRole.TITULAR, starts_on=JAN)
    vacancies = selectors.vacancies(body, dt.date(2024, 2, 1))
    assert [(v.seat, v.missing) for v in vacancies] == [(seat, [MandateRole.SUBSTITUTE])]


def test_seat_falls_vacant_the_day_after_the_mandate_ends() -> None:
    body = _body()
    seat = _seat(body)
    mandate = services.mandate_assign(seat=seat, member=_member(), role=MandateRole.TITULAR, starts_on=JAN)
    services.mandate_end(mandate=mandate, on=dt.date(2024, 4, 30), reason=MandateEndReason.RESIGNED)
    assert MandateRole.TITULAR in selectors.vacancies(body, dt.date(2024, 5, 1))[0].missing


def test_composition_history_recomputes_from_mandates_valid_on_each_day() -> None:
    body = _body()
    ngo, assoc = _seat(body, "ngos"), _seat(body, "migrant_associations")
    services.mandate_assign(seat=ngo, member=_member("A"), role=MandateRole.TITULAR, starts_on=JAN)
    services.mandate_assign(
        seat=assoc, member=_member("B", Gender.MAN), role=MandateRole.TITULAR, starts_on=dt.date(2024, 6, 1)
    )
    history = selectors.composition_history(body, until=dt.date(2024, 12, 31))
    seats_per_day = [(r.day, {c.code: c.seats for c in r.seats.categories}) for r in history]
    assert seats_per_day == [
        (JAN, {"migrant_associations": 0, "ngos": 1}),
        (dt.date(2024, 6, 1), {"migrant_associations": 1, "ngos": 1}),
        (dt.date(2024, 12, 31), {"migrant_associations": 1, "ngos": 1}),
    ]


def test_declared_amount_needs_funding_received() -> None:
    with pytest.raises(ValidationError):
        services.declaration_add(
            member=_member(), text="Board", funding_received=False, amount=1000, year=2024
        )
