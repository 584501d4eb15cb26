from __future__ import annotations

import pytest

from acollida.directory.models import TaxonomyTerm, Unit, directory_languages
from acollida.directory.services import text_for
from acollida.directory.taxonomy_seed import TERMS, taxonomy_load, term_id

pytestmark = pytest.mark.django_db


def test_every_need_of_the_issue_is_seeded_in_every_language() -> None:
    taxonomy_load()
    assert TaxonomyTerm.objects.count() == 13
    for term in TaxonomyTerm.objects.all():
        for lang in directory_languages():
            text, used, status = text_for(term, "name", lang)
            assert (used, status) == (lang, "reviewed"), (term.code, lang)
            assert text
            assert term.keywords.get(lang), (term.code, lang)


def test_loading_twice_keeps_the_same_ids() -> None:
    taxonomy_load()
    counts = taxonomy_load()
    assert counts == {"created": 0, "updated": len(TERMS)}
    assert TaxonomyTerm.objects.get(code="health").pk == term_id("health")


def test_capacity_units_are_seeded() -> None:
    taxonomy_load()
    assert set(Unit.objects.values_list("identifier", flat=True)) == {"places", "beds"}
