"""Name normalisation for finding people in any spelling or script (no Django imports).

Names reach the entry point transliterated many ways: Mohammed / Muhammad / Mohamed / محمد,
Oleksandr / Aleksandr / Олександр, Yusuf / Youssef / يوسف, Ševčenko / Shevchenko. Three layers:

``fold``      any script to lower-case ASCII (``anyascii``), punctuation to spaces;
``tokens``    folded words without particles (al-, el-, abu, bin, de, van…), which vary more
              than the names they introduce;
``skeleton``  a consonant key that transliteration variants share: digraphs to one letter,
              sibilants to one class, vowels (and the Arabic long-vowel letters) dropped,
              doubles collapsed. It is a *blocking* key: it finds candidates; scoring decides.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

PARTICLES = frozenset(
    {
        # Arabic article and kinship words
        "al", "el", "ul", "as", "ash", "ad", "ar", "at", "az", "an",
        "abu", "abou", "bu", "bin", "ben", "ibn", "bint", "ould", "uld",
        # Romance, Germanic and Dutch particles
        "de", "del", "della", "di", "da", "das", "do", "dos", "du", "la", "le", "los", "las",
        "van", "von", "der", "den", "ter", "y", "e", "i",
    }
)  # fmt: skip

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# The Arabic definite article written on the word: الحسن → حسن (alef-lam, with or without hamza).
_ARABIC_ARTICLE = re.compile(r"(?<!\S)[\u0627\u0623\u0625]\u0644(?=\S{2,})")
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])")

# Applied in order to folded text: longer spellings of one sound first.
_DIGRAPHS = (
    ("tsch", "s"), ("sch", "s"), ("tch", "s"), ("dzh", "j"), ("dj", "j"), ("zh", "s"),
    ("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("ph", "f"), ("th", "t"), ("dh", "d"),
    ("ts", "s"), ("tz", "s"), ("ck", "k"), ("qu", "k"), ("x", "ks"),
)  # fmt: skip
_SOFT_C = re.compile(r"c(?=[eiy])")
_DI_GLIDE = re.compile(r"^di(?=[aeou])")  # Diallo / Jallow, Djamila / Jamila
_OU_GLIDE = re.compile(r"^ou(?=[aeiy])")  # French transcription: Oualid / Walid, Ouassim / Wassim
_FINAL_OW = re.compile(r"ow$")  # Jallow, Marlow: a vowel, not a consonant
# g/h: Ukrainian Г is written h (Ihor, Bohdan), Russian Г g (Igor, Bogdan).
# j/y: Yuliana / Juliana, Yesenia / Jesenia, Yusuf / Joseph.
_LETTER_CLASS = str.maketrans({"c": "k", "q": "k", "z": "s", "w": "v", "g": "h", "j": "y"})
_VOWELS = frozenset("aeiouy")


def script_of(text: str) -> str:
    """The dominant script of a name: ``arabic``, ``cyrillic``, ``latin`` or ``other``."""
    counts = {
        "arabic": len(_ARABIC.findall(text)),
        "cyrillic": len(_CYRILLIC.findall(text)),
        "latin": len(_LATIN.findall(text)),
    }
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "other"


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII with single spaces: 'Ševčenko-Ó'Brien' → 'sevcenko o brien'."""
    text = unicodedata.normalize("NFC", text)
    text = _ARABIC_ARTICLE.sub("", text)
    text = _CJK.sub(r" \1 ", text)
    return _NON_ALNUM.sub(" ", anyascii(text).lower()).strip()


def tokens(text: str) -> list[str]:
    """The name's words, folded, without particles. Particles alone (e.g. 'De') are kept."""
    words = fold(text).split()
    kept = [w for w in words if w not in PARTICLES]
    return kept or words


@lru_cache(maxsize=200_000)
def skeleton(token: str, *, arabic_script: bool = False) -> str:
    """A consonant key shared by transliteration variants of one word (see module docstring).

    In Arabic script, و and ي after the first letter usually write long vowels (يوسف = Yusuf), so
    ``arabic_script=True`` treats the ``w``/``y`` they fold to as vowels.
    """
    word = _NON_ALNUM.sub("", token.lower())
    if not word:
        return ""
    if arabic_script:
        word = word[0] + word[1:].replace("w", "u").replace("y", "i")
    word = _FINAL_OW.sub("o", _DI_GLIDE.sub("j", _OU_GLIDE.sub("w", word)))
    for spelling, sound in _DIGRAPHS:
        word = word.replace(spelling, sound)
    word = _SOFT_C.sub("s", word).translate(_LETTER_CLASS)
    head, rest = word[0], word[1:]
    consonants = ("" if head in _VOWELS and head != "y" else head) + "".join(
        ch for ch in rest if ch not in _VOWELS
    )
    if consonants.endswith("h") and len(consonants) > 1:
        consonants = consonants[:-1]  # Fatimah / Fatima, Aishah / Aisha
    collapsed = re.sub(r"(.)\1+", r"\1", consonants)
    return collapsed or word


def name_skeletons(text: str) -> list[str]:
    """Skeletons of every word of a name, in order, in whichever script it is written."""
    arabic = script_of(text) == "arabic"
    return [key for key in (skeleton(t, arabic_script=arabic) for t in tokens(text)) if key]


def compact_skeleton(text: str) -> str:
    """The skeleton of a whole name written as one word, particles included: 'Ben Ali' = 'Benali'."""
    arabic = script_of(text) == "arabic"
    return skeleton("".join(fold(text).split()), arabic_script=arabic)


def blocking_keys(*names: str) -> set[str]:
    """Keys under which a person is filed for candidate search: one per word skeleton."""
    keys: set[str] = set()
    for name in names:
        if name:
            keys.update(name_skeletons(name))
    return keys
