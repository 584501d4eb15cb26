"""``acollida council composition BODY_SLUG --json``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from acollida.council import demo, services
from acollida.council.models import MandateRole

pytestmark = pytest.mark.django_db


def test_composition_json_prints_shares_bands_ratios_and_index() -> None:
    body = services.body_create(slug="clici", values={"name": "CLICI"})
    for code, seats, low, high in (("migrant_associations", 1, "0.4", "0.6"), ("ngos", 3, "0.4", "0.6")):
        category = services.category_save(
            body=body,
            code=code,
            name=code,
            has_vote=True,
            target_share_min=Decimal(low),
            target_share_max=Decimal(high),
        )
        for seat in services.seats_add(body=body, category=category, count=seats, nominated_by=None):
            member = services.member_save(values={"name": f"{code} {seat.number}"})
            services.mandate_assign(
                seat=seat, member=member, role=MandateRole.TITULAR, starts_on=dt.date(2024, 1, 1)
            )
    out = StringIO()
    call_command("council", "composition", "clici", "--json", "--date", "2024-02-01", stdout=out)
    report = json.loads(out.getvalue())
    rows = {row["code"]: row for row in report["seats"]["categories"]}
    # Shares 0.25 / 0.75 against midpoints 0.5 / 0.5: ratios 0.5 / 1.5, D = ½(0.25 + 0.25) = 0.25.
    assert (rows["migrant_associations"]["share"], rows["migrant_associations"]["ratio"]) == (0.25, 0.5)
    assert (rows["ngos"]["target_min"], rows["ngos"]["target_max"], rows["ngos"]["ratio"]) == (0.4, 0.6, 1.5)
    assert report["seats"]["loosemore_hanby"] == 0.25


def test_composition_of_unknown_body_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="no such body"):
        call_command("council", "composition", "nowhere", "--json")


def test_demo_council_shows_its_representation_gap() -> None:
    demo.load_demo(StringIO())
    out = StringIO()
    call_command("council", "composition", demo.SLUG, "--json", stdout=out)
    report = json.loads(out.getvalue())
    rows = {row["code"]: row for row in report["voting_seats"]["categories"]}
    assert rows["ngos"]["ratio"] > 1 > rows["migrant_associations"]["ratio"]
    assert report["voting_seats"]["loosemore_hanby"] > 0
