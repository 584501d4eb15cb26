"""Search folding: lower-case, accents removed, Arabic and Cyrillic spelling variants merged.

No Django here, so the search path can be tested and benchmarked alone. The same function folds
the stored search text and the query, so "València", "VALENCIA" and "valencia" meet, as do
"أسرة"/"اسره" and "їжа"/"іжа".
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,  # tatweel (kashida) is decoration only
    }
)
_CYRILLIC = str.maketrans({"ґ": "г", "ё": "е", "ї": "і", "й": "и", "ъ": "ь"})
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "·": ""})
# Apostrophes inside words (l'Eixample, Ukrainian ʼ) are dropped; other punctuation becomes space.
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """The searchable form of ``text``: lower-case words separated by single spaces."""
    if not text:
        return ""
    lowered = text.casefold().translate(_ARABIC).translate(_CYRILLIC).translate(_LATIN)
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    bare = unicodedata.normalize("NFC", bare).translate(_ARABIC).translate(_CYRILLIC)
    bare = _APOSTROPHES.sub("", bare)
    return " ".join(_NON_WORD.sub(" ", bare).split())
