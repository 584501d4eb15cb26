"""``{{ record|tr:"title" }}``: a council text in the reader's language, with fallback."""

from __future__ import annotations

from typing import Any

from django import template

from acollida.council.i18n import localized

register = template.Library()


@register.filter
def tr(record: Any, field: str) -> str:
    return localized(record, field)
