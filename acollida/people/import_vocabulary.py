"""The words and values spreadsheets use for our fields, in Valencian, Spanish, English and French
(words folded to lower-case ASCII, as ``names.fold`` gives them), and the parsers of dates, phones,
countries, languages and NIE numbers, for ``imports``."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pycountry

from acollida.people.linkage import PartialDate
from acollida.people.models import DatePrecision, HouseholdMember, IdentityDocument, Sex
from acollida.people.names import fold
from acollida.people.reference import STATELESS, _catalogue

NIE = re.compile(r"^[XYZ]\d{7}[A-Z]$")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")

# Header words, folded (lower-case ASCII), in Valencian, Spanish, English and French.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "given_name": ("nom", "noms", "nombre", "nombres", "first name", "given name", "given names",
                   "forename", "name", "prenom", "nom de pila"),
    "family_name": ("cognom", "cognoms", "apellido", "apellidos", "primer apellido", "surname",
                    "last name", "family name", "family names", "nom de famille"),
    "native_name": ("native name", "name in own script", "nom original", "nombre original",
                    "nom en la seua escriptura", "nombre en su escritura"),
    "date_of_birth": ("data de naixement", "fecha de nacimiento", "f nacimiento", "fecha nacimiento",
                      "date of birth", "birth date", "dob", "birthdate", "date de naissance", "naixement",
                      "nacimiento"),
    "sex": ("sexe", "sexo", "sex", "genere", "genero", "gender"),
    "nationality": ("nacionalitat", "nacionalidad", "nationality", "nationalite", "pais", "pais de origen",
                    "country", "country of origin", "pais d origen"),
    "language": ("idioma", "llengua", "lengua", "language", "langue", "idiomes", "idiomas", "languages"),
    "phone": ("telefon", "telefono", "phone", "telephone", "mobil", "movil", "mobile", "tel", "tlf"),
    "email": ("correu", "correu electronic", "correo", "correo electronico", "email", "e mail", "courriel"),
    "address": ("adreca", "direccio", "direccion", "domicili", "domicilio", "address", "adresse"),
    "district": ("districte", "distrito", "district", "barri", "barrio", "quartier"),
    "document_kind": ("tipus de document", "tipo de documento", "document type", "tipo documento",
                      "type de document"),
    "document_number": ("nie", "pasaporte", "passaport", "passport", "dni", "document", "documento",
                        "numero de documento", "num document", "numero document", "document number",
                        "n documento", "nie pasaporte", "tie"),
    "household": ("familia", "unitat familiar", "unidad familiar", "household", "household id", "llar",
                  "hogar", "foyer", "codi familia", "codigo familia", "family"),
    "relationship": ("parentiu", "parentesco", "relacio", "relacion", "relationship", "lien", "relation"),
}  # fmt: skip

SEX_VALUES = {
    "f": Sex.FEMALE, "female": Sex.FEMALE, "woman": Sex.FEMALE, "mujer": Sex.FEMALE, "dona": Sex.FEMALE,
    "femenino": Sex.FEMALE, "femeni": Sex.FEMALE, "femme": Sex.FEMALE,
    "male": Sex.MALE, "man": Sex.MALE, "hombre": Sex.MALE, "home": Sex.MALE, "h": Sex.MALE,
    "masculino": Sex.MALE, "masculi": Sex.MALE, "varon": Sex.MALE, "homme": Sex.MALE, "v": Sex.MALE,
    "x": Sex.OTHER, "other": Sex.OTHER, "otro": Sex.OTHER, "altre": Sex.OTHER, "autre": Sex.OTHER,
    "u": Sex.UNKNOWN, "unknown": Sex.UNKNOWN, "desconocido": Sex.UNKNOWN, "desconegut": Sex.UNKNOWN,
}  # fmt: skip

DOCUMENT_KINDS = {
    "passport": IdentityDocument.Kind.PASSPORT, "pasaporte": IdentityDocument.Kind.PASSPORT,
    "passaport": IdentityDocument.Kind.PASSPORT, "passeport": IdentityDocument.Kind.PASSPORT,
    "nie": IdentityDocument.Kind.NIE, "tie": IdentityDocument.Kind.TIE,
    "asylum card": IdentityDocument.Kind.ASYLUM_CARD,
    "asylum applicant card": IdentityDocument.Kind.ASYLUM_CARD,
    "tarjeta roja": IdentityDocument.Kind.ASYLUM_CARD, "targeta roja": IdentityDocument.Kind.ASYLUM_CARD,
    "asylum card red card": IdentityDocument.Kind.ASYLUM_CARD,
    "national id": IdentityDocument.Kind.NATIONAL_ID,
    "national identity card": IdentityDocument.Kind.NATIONAL_ID,
    "dni": IdentityDocument.Kind.NATIONAL_ID, "id card": IdentityDocument.Kind.NATIONAL_ID,
    "cedula": IdentityDocument.Kind.NATIONAL_ID, "documento nacional": IdentityDocument.Kind.NATIONAL_ID,
    "other": IdentityDocument.Kind.OTHER, "otro": IdentityDocument.Kind.OTHER,
    "altre": IdentityDocument.Kind.OTHER, "autre": IdentityDocument.Kind.OTHER,
}  # fmt: skip
DOCUMENT_KINDS |= {kind.value: kind for kind in IdentityDocument.Kind}

R = HouseholdMember.Relationship
RELATIONSHIPS = {
    "head": R.HEAD, "reference person": R.HEAD, "titular": R.HEAD, "persona de referencia": R.HEAD,
    "persona de referencia principal": R.HEAD, "cap de familia": R.HEAD, "cabeza de familia": R.HEAD,
    "partner": R.PARTNER, "spouse": R.PARTNER, "wife": R.PARTNER, "husband": R.PARTNER,
    "conyuge": R.PARTNER, "pareja": R.PARTNER, "esposa": R.PARTNER, "esposo": R.PARTNER,
    "parella": R.PARTNER, "conjuge": R.PARTNER, "dona": R.PARTNER, "marit": R.PARTNER,
    "child": R.CHILD, "son": R.CHILD, "daughter": R.CHILD, "hijo": R.CHILD, "hija": R.CHILD,
    "hijo a": R.CHILD, "fill": R.CHILD, "filla": R.CHILD, "fill a": R.CHILD,
    "parent": R.PARENT, "father": R.PARENT, "mother": R.PARENT, "padre": R.PARENT, "madre": R.PARENT,
    "pare": R.PARENT, "mare": R.PARENT,
    "sibling": R.SIBLING, "brother": R.SIBLING, "sister": R.SIBLING, "hermano": R.SIBLING,
    "hermana": R.SIBLING, "germa": R.SIBLING, "germana": R.SIBLING,
    "grandchild": R.GRANDCHILD, "nieto": R.GRANDCHILD, "nieta": R.GRANDCHILD, "net": R.GRANDCHILD,
    "neta": R.GRANDCHILD,
    "other relative": R.OTHER_RELATIVE, "otro familiar": R.OTHER_RELATIVE, "altre familiar": R.OTHER_RELATIVE,
    "not related": R.NOT_RELATED, "sin parentesco": R.NOT_RELATED, "sense parentiu": R.NOT_RELATED,
}  # fmt: skip
RELATIONSHIPS |= {choice.value: choice for choice in R}

# Country names pycountry's catalogues do not give in the form Spanish spreadsheets use.
COUNTRY_ALIASES = {
    "argelia": "DZ", "rusia": "RU", "siria": "SY", "iran": "IR", "eeuu": "US", "estados unidos": "US",
    "russia": "RU", "reino unido": "GB", "venezuela": "VE", "bolivia": "BO", "palestina": "PS",
    "moldavia": "MD",
    "stateless": STATELESS, "apatrida": STATELESS, "apatride": STATELESS, "sense nacionalitat": STATELESS,
}  # fmt: skip
LANGUAGE_ALIASES = {
    "castellano": "es", "espanol": "es", "castella": "es", "valenciano": "ca", "valencia": "ca",
    "catalan": "ca", "farsi": "fa", "persa": "fa", "darija": "ary", "arabe": "ar", "arab": "ar",
    "frances": "fr", "ucraniano": "uk", "pastun": "ps", "pashto": "ps", "panyabi": "pa", "fula": "ff",
    "fulani": "ff", "peul": "ff", "tigrina": "ti", "tigrinya": "ti",
    "suajili": "sw", "swahili": "sw",
}  # fmt: skip


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    names: dict[str, str | None] = {}

    def add(text: str, code: str) -> None:
        key = fold(text)
        if key and names.get(key, code) != code:
            names[key] = None  # the same name for two countries: not reliable, so not mapped
        elif key:
            names[key] = code

    for country in pycountry.countries:
        english = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        for language in ("es", "ca", "fr"):
            catalogue = _catalogue("iso3166-1", language)
            for text in [t for t in english if t]:
                translated = catalogue.gettext(text)
                add(translated, country.alpha_2)
                if ", " in translated:
                    add(translated.split(", ")[0], country.alpha_2)
        for text in english:
            add(text, country.alpha_2)
    mapped = {key: code for key, code in names.items() if code}
    mapped |= {country.alpha_2.lower(): country.alpha_2 for country in pycountry.countries}
    mapped |= {country.alpha_3.lower(): country.alpha_2 for country in pycountry.countries}
    return mapped | COUNTRY_ALIASES | {STATELESS.lower(): STATELESS}


@lru_cache(maxsize=1)
def _languages() -> dict[str, str]:
    names: dict[str, str | None] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None) or language.alpha_3
        texts = [language.name]
        texts += [_catalogue("iso639-3", lang).gettext(language.name) for lang in ("es", "ca", "fr")]
        for text in texts:
            key = fold(text)
            names[key] = None if names.get(key, code) != code else code
    mapped = {key: code for key, code in names.items() if code}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None) or language.alpha_3
        mapped[language.alpha_3] = code
        if getattr(language, "alpha_2", None):
            mapped[language.alpha_2] = code
    return mapped | LANGUAGE_ALIASES


def parse_birth_date(text: str) -> tuple[date | None, str]:
    """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, or day first (``DD/MM/YYYY``, ``MM/YYYY``) as Spanish
    spreadsheets write it. Raises ``ValueError`` when it is none of these or not a possible date."""
    text = text.strip()
    day_first = _DAY_FIRST.match(text)
    month_year = _MONTH_YEAR.match(text)
    if day_first:
        parsed: PartialDate | None = PartialDate(
            int(day_first.group(3)), int(day_first.group(2)), int(day_first.group(1))
        )
    elif month_year:
        parsed = PartialDate(int(month_year.group(2)), int(month_year.group(1)))
    else:
        parsed = PartialDate.parse(text)
    if parsed is None:
        return None, DatePrecision.EXACT
    value = date(parsed.year, parsed.month or 1, parsed.day or 1)  # ValueError for 31/02
    if value > date.today() or value.year < 1900:  # noqa: DTZ011 (a birth date, not a moment)
        raise ValueError(text)
    precision = (
        DatePrecision.EXACT if parsed.day else DatePrecision.MONTH if parsed.month else DatePrecision.YEAR
    )
    return value, precision


def nie_is_valid(number: str) -> bool:
    """A NIE's control letter, computed as the Ministry of the Interior does."""
    if not NIE.match(number):
        return False
    digits = str("XYZ".index(number[0])) + number[1:8]
    return _DNI_LETTERS[int(digits) % 23] == number[8]


def country_code(text: str) -> str:
    """The ISO 3166 code for a code or a country name in English, Spanish, Valencian or French; ""
    when the name is unknown or names two countries."""
    return _countries().get(fold(text)) or _countries().get(text.upper().strip()) or ""


def language_code(text: str) -> str:
    """The ISO 639 code for a code or a language name; "" when unknown or ambiguous."""
    return _languages().get(text.lower().strip()) or _languages().get(fold(text)) or ""
