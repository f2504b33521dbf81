"""Names that stay the same in English: acronyms and Latin-script names (NATO, Vladimir Putin).

A term qualifies when it is written in plain Latin letters with a capital
inside a word or a digit (NATO, COVID-19, New START, G20), or when it is a
name in Latin letters (:func:`is_latin_name`: "Vladimir Putin", "Kao Kim Hourn",
"Geneva"), which English writes as Vietnamese does, in the same order.  An
acronym of the concept's own Vietnamese full form (LHQ for Liên hợp quốc,
TTXVN) is Vietnamese, not English, and is left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from termbase.mining.syllables import is_vietnamese_syllable
from termbase.suggest.sources import Candidate, Suggestion

_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .\-/&+']*")
# A word of a name in Latin letters: a capital, then letters (those of French, German,
# Spanish names too, not Vietnamese ones), an apostrophe or hyphen inside ("O'Brien",
# "Jean-Yves"); an initial with its dot ("J.").
_NAME_WORD = re.compile(r"[A-Z][a-zà-öø-ÿ]*(?:['\-][A-Za-zà-öø-ÿ]+)*\.?")
_VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u036f\u1ea0-\u1ef9]")
ACRONYM = 0.8
NAME = 0.6
# A name in Latin letters kept as written ("Vladimir Putin"): nearly always its English.
LATIN_NAME = 0.75


def is_name_word(token: str) -> bool:
    """Whether ``token`` can be a word of a name in Latin letters ("Putin", "Kim", "J.")."""
    return bool(_NAME_WORD.fullmatch(token)) and not _VIETNAMESE_ONLY.search(token)


def is_foreign_word(token: str) -> bool:
    """A name word no Vietnamese syllable is spelt like ("Putin", "Hourn", not "Kim")."""
    return is_name_word(token) and not is_vietnamese_syllable(token.rstrip("."))


def is_latin_name(text: str) -> bool:
    """Capitalised Latin words, at least one of them spelt like no Vietnamese syllable.

    "Vladimir Putin", "Kao Kim Hourn" (Kim is a syllable, Hourn is not), "Geneva";
    not "Ha Noi" or "Nga" (Vietnamese syllables without their marks), nor an acronym.
    """
    words = text.split()
    return bool(words) and all(map(is_name_word, words)) and any(map(is_foreign_word, words))


def _initials(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return "".join(w[0] for w in plain.split() if w[:1].isalpha()).upper()


def looks_english(text: str) -> bool:
    """Plain Latin letters with an inner capital or a digit in some word."""
    if not _LATIN.fullmatch(text):
        return False
    return any(
        sum(ch.isupper() for ch in word) >= 2
        or (any(ch.isdigit() for ch in word) and word[0].isalpha())
        for word in re.split(r"[\s/]+", text)
    )


class IdentitySource:
    """The Vietnamese term itself, when it is an acronym or a name English keeps."""

    name = "identity"

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        return [self._one(c) for c in candidates]

    def _one(self, candidate: Candidate) -> list[Suggestion]:
        full_initials = {
            _initials(t.text)
            for t in candidate.vietnamese
            if t.type not in ("acronym", "abbreviation") and not looks_english(t.text)
        }
        out: list[Suggestion] = []
        for term in candidate.vietnamese:
            text = term.text
            if not looks_english(text):
                if is_latin_name(text):
                    out.append(
                        Suggestion(
                            text,
                            self.name,
                            LATIN_NAME,
                            "identity: a name in Latin letters, kept as written",
                        )
                    )
                continue
            letters = re.sub(r"[^A-Z]", "", text)
            if letters and letters in full_initials:
                continue  # an acronym of the Vietnamese name
            acronym = " " not in text and sum(ch.isupper() for ch in text) >= 2
            out.append(
                Suggestion(
                    text,
                    self.name,
                    ACRONYM if acronym else NAME,
                    "identity: written in Latin letters as English writes it"
                    + (" (an acronym)" if acronym else ""),
                    "acronym" if acronym and text.isupper() else "fullForm",
                )
            )
        return out
