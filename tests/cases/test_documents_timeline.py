"""Documents in the case's one chronological timeline: merged by date, filtered, paged correctly,
in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acollida.cases.models import Case, CaseDocument, TimelineEntry
from acollida.cases.selectors_documents import case_timeline_merged
from acollida.cases.services import timeline_add
from tests.cases.test_documents import upload
from tests.conftest import Network, login


@pytest.fixture(autouse=True)
def media_root(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    yield tmp_path


def _day(days_ago: int) -> object:
    return timezone.localdate() - timedelta(days=days_ago)


def note(network: Network, case: Case, days_ago: int, text: str = "Called") -> TimelineEntry:
    return timeline_add(
        actor=network.users["caseworker"], case=case, kind="note", text=text, occurred_on=_day(days_ago)
    )


def test_documents_and_entries_come_in_date_order(network: Network, case: Case) -> None:
    old_note = note(network, case, 10)
    document = upload(network, case, occurred_on=_day(5))
    new_note = note(network, case, 1)
    items = case_timeline_merged(network.users["caseworker"], case)[0:10]
    assert [type(i).__name__ + str(i.pk) for i in items] == [
        f"TimelineEntry{new_note.pk}",
        f"CaseDocument{document.pk}",
        f"TimelineEntry{old_note.pk}",
    ]


def test_pages_split_the_merged_chronology_without_gaps(network: Network, case: Case) -> None:
    for days in range(6):
        note(network, case, days * 2)
        upload(network, case, occurred_on=_day(days * 2 + 1), title=f"doc {days}")
    merged = case_timeline_merged(network.users["caseworker"], case)
    assert merged.count() == 12
    first, second = merged[0:5], merged[5:12]
    dates = [item.occurred_on for item in [*first, *second]]
    assert dates == sorted(dates, reverse=True)
    assert len({(type(i), i.pk) for i in [*first, *second]}) == 12


def test_document_filter_shows_only_documents(network: Network, case: Case) -> None:
    note(network, case, 1)
    document = upload(network, case)
    items = case_timeline_merged(network.users["caseworker"], case, kinds=["document"])[0:10]
    assert [(type(i), i.pk) for i in items] == [(CaseDocument, document.pk)]


def test_note_filter_leaves_documents_out(network: Network, case: Case) -> None:
    entry = note(network, case, 1)
    upload(network, case)
    items = case_timeline_merged(network.users["caseworker"], case, kinds=["note"])[0:10]
    assert [(type(i), i.pk) for i in items] == [(TimelineEntry, entry.pk)]


def test_date_range_applies_to_documents(network: Network, case: Case) -> None:
    upload(network, case, occurred_on=_day(30), title="old")
    recent = upload(network, case, occurred_on=_day(2), title="recent")
    items = case_timeline_merged(network.users["caseworker"], case, date_from=_day(7))[0:10]
    assert [i.pk for i in items] == [recent.pk]


def test_a_page_costs_the_same_queries_whatever_its_length(network: Network, case: Case) -> None:
    user = network.users["caseworker"]
    note(network, case, 1)
    upload(network, case)
    merged = case_timeline_merged(user, case)
    with CaptureQueriesContext(connection) as few:
        merged[0:25]
    for days in range(10):
        note(network, case, days + 2)
        upload(network, case, occurred_on=_day(days + 2))
    merged = case_timeline_merged(user, case)
    with CaptureQueriesContext(connection) as many:
        merged[0:25]
    assert len(many) == len(few)


def test_case_page_timeline_links_the_document(network: Network, case: Case, client: Client) -> None:
    document = upload(network, case, title="Informe mèdic")
    login(client, network.users["caseworker"])
    page = client.get(reverse("cases:detail", args=[case.pk]), {"kind": "document"}).content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert reverse("cases:document_download", args=[case.pk, document.pk]) in timeline
