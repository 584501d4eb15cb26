"""Multilingual texts of the council: one plain field in the original language plus a
``<field>_i18n`` map ``{language code: text}`` of translations.

``localized(obj, "title")`` picks the reader's language from the map and falls back to the
original text, so an untranslated record still reads whole.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation


def pick(translations: dict[str, str] | None, original: str, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else its base language, else the original."""
    lang = (language or translation.get_language() or "").lower()
    mapping = translations or {}
    for code in (lang, lang.split("-")[0]):
        text = mapping.get(code)
        if text:
            return str(text)
    return original


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """``obj.<field>`` in the reader's language, from ``obj.<field>_i18n`` with fallback."""
    return pick(getattr(obj, f"{field}_i18n", None), str(getattr(obj, field)), language)
