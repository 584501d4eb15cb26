"""ISO 3166 countries and ISO 639 languages with names in the interface language (pycountry)."""

from __future__ import annotations

import gettext
from functools import lru_cache

import phonenumbers
import pycountry
from django.utils import translation
from django.utils.translation import gettext_lazy as _

STATELESS = "XX"  # ISO 3166 user-assigned code, as UNHCR uses for stateless persons

# Languages most often needed at the entry point first; any ISO 639 code is accepted.
COMMON_LANGUAGES = (
    "ar", "es", "ca", "en", "fr", "uk", "ru", "fa", "ps", "ur", "bn", "pa", "hi", "wo", "ff", "bm",
    "ro", "zh", "ti", "am", "so", "ber", "ka", "tr", "pt", "sw", "ha", "ln",
)  # fmt: skip


@lru_cache(maxsize=32)
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str) -> str:
    if code == STATELESS:
        return str(_("Stateless"))
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _catalogue("iso3166-1", translation.get_language() or "en").gettext(name)


def language_name(code: str) -> str:
    language = (
        pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    )
    if language is None:
        return code
    return _catalogue("iso639-3", translation.get_language() or "en").gettext(language.name)


def is_country(code: str) -> bool:
    return code == STATELESS or pycountry.countries.get(alpha_2=code) is not None


def is_language(code: str) -> bool:
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return found is not None


def country_choices() -> list[tuple[str, str]]:
    names = [(c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries]
    return [(STATELESS, country_name(STATELESS)), *sorted(names, key=lambda item: item[1])]


def language_choices() -> list[tuple[str, str]]:
    common = [(code, language_name(code)) for code in COMMON_LANGUAGES if is_language(code)]
    return sorted(common, key=lambda item: item[1])


def parse_phone(text: str) -> str:
    """The number in international format; ``ValueError`` if it is not a valid number (region ES)."""
    try:
        number = phonenumbers.parse(text, "ES")
    except phonenumbers.NumberParseException:
        raise ValueError(text) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
