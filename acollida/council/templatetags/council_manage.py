"""Filters of the council staff screens: shares as percentages, ratios, a dictionary lookup."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """``mapping[key]``, or the key itself when it is missing (a category code reads better than nothing)."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.filter
def percent(value: Any) -> str:
    """A share 0–1 as a percentage with one decimal; a dash when there is none."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value) * 100, 1)} %"


@register.filter
def ratio(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return str(number_format(float(value), 2))
