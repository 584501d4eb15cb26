"""The words spreadsheets use for our fields and values, in Valencian, Spanish, English and French
(all folded to lower-case ASCII, as ``names.fold`` gives them), for ``imports``."""

from __future__ import annotations

from acollida.people.models import HouseholdMember, IdentityDocument, Sex
from acollida.people.reference import STATELESS

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
    "reino unido": "GB", "venezuela": "VE", "bolivia": "BO", "palestina": "PS", "moldavia": "MD",
    "stateless": STATELESS, "apatrida": STATELESS, "apatride": STATELESS, "sense nacionalitat": STATELESS,
}  # fmt: skip
LANGUAGE_ALIASES = {
    "castellano": "es", "espanol": "es", "castella": "es", "valenciano": "ca", "valencia": "ca",
    "catalan": "ca", "farsi": "fa", "persa": "fa", "darija": "ary", "arabe": "ar", "arab": "ar",
}  # fmt: skip
