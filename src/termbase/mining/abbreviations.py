"""Abbreviations with a dot, hyphenated country pairs, and whether a bracketed acronym fits.

"TT. Trump", "TP. Hồ Chí Minh", "GS. Nguyễn …": the letters before the dot are
no acronym; the scanner reads them as the words they stand for.  Written from
general knowledge of Vietnamese newspaper style, not from any text mined.
"""

from __future__ import annotations

import re
import unicodedata

from termbase.data.cues import COUNTRY_SYLLABLES, PAIR_SHORT_NAMES
from termbase.data.dictionary import english_equivalents
from termbase.normalize import tone_key

ABBREVIATIONS = {
    "TT": "Tổng thống",
    "TTg": "Thủ tướng",
    "TP": "Thành phố",
    "Tp": "Thành phố",
    "Q": "Quận",
    "H": "Huyện",
    "GS": "Giáo sư",
    "PGS": "Phó Giáo sư",
    "TS": "Tiến sĩ",
    "ThS": "Thạc sĩ",
    "BS": "Bác sĩ",
    "KS": "Kỹ sư",
    "LS": "Luật sư",
    "NS": "Nghệ sĩ",
    "NXB": "Nhà xuất bản",
}
# An abbreviation, its dot, and what follows in the same token ("TP.HCM").
ABBREVIATION = re.compile(
    r"(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\.(.*)"
)

# One-syllable names of countries that news pairs with a hyphen ("Mỹ - Nga", "Nga-Mỹ").
PAIR_COUNTRIES = frozenset(w.capitalize() for w in COUNTRY_SYLLABLES | PAIR_SHORT_NAMES.keys())
# Put where a space was between a country, a hyphen and a country: the three are one token
# (a character, so the text keeps its length and every column stays right).
JOINER = "\u2060"
_COUNTRY = "|".join(sorted(PAIR_COUNTRIES, key=len, reverse=True))
_PAIR = re.compile(rf"(?<!\w)({_COUNTRY})(\s*)[-–—](\s*)({_COUNTRY})(?!\w)")


def join_country_pairs(text: str) -> str:
    """``text`` with "Mỹ - Nga" written as one token (the same length: see :data:`JOINER`)."""
    if "-" not in text and "–" not in text and "—" not in text:
        return text
    return _PAIR.sub(lambda m: m[1] + JOINER * len(m[2]) + "-" + JOINER * len(m[3]) + m[4], text)


def is_country_pair(parts: list[str]) -> bool:
    """Parts of a hyphenated token that are all countries of :data:`PAIR_COUNTRIES`."""
    return len(parts) >= 2 and all(p in PAIR_COUNTRIES for p in parts)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _english(key: str) -> tuple[str, ...]:
    """The English the shipped dictionary knows for a Vietnamese tone key (loaded on first use).

    Only the equivalents are read (:func:`~termbase.data.dictionary.english_equivalents`),
    not the whole dictionary, which ``mine --no-suggest`` needs for nothing else.
    """
    return english_equivalents().get(key, ())


def acronym_fits(acronym: str, term: str) -> bool:
    """Could ``acronym`` (in brackets after ``term``) stand for it?

    Yes when its letters are, in order, initials of the term's syllables
    ("TTXVN": Thông tấn xã Việt Nam), or when each of its letters begins a word
    of the English the lexicon knows for the term or its words ("INF" after
    "Hiệp ước các lực lượng hạt nhân tầm trung").  "DCCC" after "Quốc hội": no.
    A gloss that is not an acronym (lower-case letters in it) always fits.
    """
    letters = [c for c in _fold(acronym) if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return True
    letters = [c.lower() for c in letters]
    syllables = _fold(term).lower().split()
    initials = iter(s[:1] for s in syllables)
    if all(any(c == i for i in initials) for c in letters):
        return True
    starts: set[str] = set(s[:1] for s in syllables)
    keys = tone_key(term).split()
    for i in range(len(keys)):
        for j in range(i + 1, min(len(keys), i + 4) + 1):
            for gloss in _english(" ".join(keys[i:j])):
                starts.update(w[:1].lower() for w in re.split(r"[\s\-/]+", gloss) if w)
    return set(letters) <= starts
