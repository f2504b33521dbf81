"""The shipped word lists, keyed as the scanner keys syllables (``key_of``).

Expansion, name layout and ranking look words up by key: "Bộ Ngoại giao" and
"bộ ngoại giao" are one key.  Each list is keyed once, on first use.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from termbase.data.cues import COUNTRY_SYLLABLES, GENERAL_WORDS, SURNAMES, TITLE_HEADS
from termbase.data.dictionary import (
    core_headwords,
    core_senses,
    english_equivalents,
    load_zipf,
    place_names,
)
from termbase.data.vietnamese import lexicon_words, syllable_zipf, word_pos
from termbase.mining.syllables import FUNCTION, key_of

COUNTRY_KEYS = frozenset(key_of(w) for w in COUNTRY_SYLLABLES)
SURNAME_KEYS = frozenset(key_of(w) for w in SURNAMES)


@lru_cache(maxsize=1)
def general_keys() -> frozenset[str]:
    """General words of news prose (``GENERAL_WORDS``), keyed."""
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in GENERAL_WORDS)


@lru_cache(maxsize=1)
def title_keys() -> frozenset[str]:
    """Heads of titles (``TITLE_HEADS``: "Thủ tướng", "Bộ trưởng"), keyed."""
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in TITLE_HEADS)


@lru_cache(maxsize=1)
def lexicon_keys() -> frozenset[str]:
    """The lexicon's words of two to four syllables, keyed."""
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in lexicon_words())


@lru_cache(maxsize=2)
def specialised_keys(max_zipf: float) -> frozenset[str]:
    """Core-lexicon nouns of two syllables or more whose usual English is specialised, keyed.

    The core lexicon (``core.tsv``) holds the vocabulary of news and public life,
    general words ("phụ nữ": woman, "công ty": company) beside terms ("nội
    chiến": civil war, "dược phẩm": pharmaceutical).  Its first English
    equivalent tells them apart: a term is an English phrase of several words
    or a word rarer in general English than ``max_zipf`` (``en_zipf.tsv``).
    """
    zipf = _english_zipf()
    found = set()
    for vi, english in core_senses("n"):
        if " " not in vi or not english:
            continue
        words = english.lower().split()
        if len(words) > 1 or zipf.get(words[0], 0.0) < max_zipf:
            found.add(" ".join(key_of(p) for p in vi.split()))
    return frozenset(found)


# Words that say nothing of how specialised an English gloss is ("a kind of", "to be").
_GLOSS_STOP = frozenset(
    {"a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "be", "with", "by", "at"}
    | {"as", "one's", "someone", "something", "kind"}
)
# The dictionary's first glosses of a word that are read: the later ones are rarer senses.
DICTIONARY_GLOSSES = 3


def _rarest(gloss: str, zipf: dict[str, float]) -> float | None:
    """The Zipf frequency of the rarest known content word of an English gloss."""
    found = [
        zipf[w]
        for w in gloss.lower().replace("-", " ").split()
        if w not in _GLOSS_STOP and w in zipf
    ]
    return min(found) if found else None


@lru_cache(maxsize=1)
def _english_zipf() -> dict[str, float]:
    """English Zipf frequencies by word (``en_zipf.tsv``), read once."""
    return load_zipf()[0]


@lru_cache(maxsize=1)
def core_keys() -> frozenset[str]:
    """Every headword of the core lexicon, keyed."""
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in core_headwords())


@lru_cache(maxsize=2)
def dictionary_term_keys(max_zipf: float) -> frozenset[str]:
    """The dictionary's nouns of two syllables or more whose English is specialised.

    A noun of the FVDP dictionary (``vi_pos.tsv``) is a term ("bọt biển": sponge,
    "san hô": coral) when each of its first glosses holds a word rarer in general
    English than ``max_zipf``: none of its senses is an everyday word ("câu
    chuyện": story is not one).  The core lexicon decides for its own words
    (:func:`specialised_keys`).
    """
    zipf, english, core = _english_zipf(), english_equivalents(), core_keys()
    found = set()
    # The keys are the dictionary's tone keys too (syllables keyed one by one).
    for key, pos in pos_keys().items():
        if pos != "n" or " " not in key or key in core:
            continue
        rarest = [_rarest(g, zipf) for g in english.get(key, ())[:DICTIONARY_GLOSSES]]
        known = [z for z in rarest if z is not None]
        if known and max(known) < max_zipf:
            found.add(key)
    return frozenset(found)


@lru_cache(maxsize=1)
def place_name_keys() -> frozenset[str]:
    """The places list's names of two syllables or more ("Thái Bình Dương", "châu Phi"), keyed."""
    return frozenset(
        " ".join(key_of(p) for p in name.split()) for name in place_names() if " " in name
    )


@lru_cache(maxsize=2)
def known_term_keys(max_zipf: float) -> frozenset[str]:
    """Keys the shipped lists name as terms, whatever the text: seen once, they are terms.

    The core lexicon's specialised nouns (:func:`specialised_keys`), the
    dictionary's (:func:`dictionary_term_keys`) and the places list's names of
    several syllables (:func:`place_name_keys`).
    """
    return specialised_keys(max_zipf) | dictionary_term_keys(max_zipf) | place_name_keys()


@lru_cache(maxsize=1)
def noun_keys() -> frozenset[str]:
    """Nouns of the core lexicon and of the dictionary (its first part of speech), keyed."""
    found = {" ".join(key_of(p) for p in vi.split()) for vi, _ in core_senses("n")}
    found.update(key for key, pos in pos_keys().items() if pos == "n")
    return frozenset(found)


@lru_cache(maxsize=1)
def dangling() -> frozenset[str]:
    """Syllables that begin a dictionary verb or adjective whose second half is a function word.

    A candidate ending in "diễn" (of "diễn ra") or "duy" (of "duy nhất") most
    likely cut that word where the run ended at the function word.
    """
    found: set[str] = set()
    for word, pos in pos_keys().items():
        parts = word.split(" ")
        if (
            len(parts) == 2
            and pos in ("v", "a", "r")
            and parts[1] in FUNCTION
            and parts[0] not in FUNCTION
        ):
            found.add(parts[0])
    return frozenset(found)


@lru_cache(maxsize=1)
def pos_keys() -> dict[str, str]:
    """The dictionary's first part of speech of each word, by key."""
    return {" ".join(key_of(p) for p in w.split()): pos for w, pos in word_pos().items()}


class Words:
    """Word-level facts about keys: general words, parts of speech, specificity."""

    def __init__(self, syllables: Counter[str], pseudo_count: float, unknown_zipf: float) -> None:
        """``syllables``: this text's syllable counts; ``pseudo_count`` is added to each
        before its log rate is taken, ``unknown_zipf`` is the Zipf of a syllable the
        general list lacks (:class:`~termbase.mining.weights.RankWeights`)."""
        self.general = general_keys()
        self.pos = pos_keys()
        self.zipf = syllable_zipf()
        self.counts = syllables
        self.total = max(1, sum(syllables.values()))
        self.pseudo_count = pseudo_count
        self.unknown_zipf = unknown_zipf
        self._spec: dict[str, float] = {}

    def spec(self, key: str) -> float:
        """How specific one syllable is here: its log10 rate per billion minus its general Zipf."""
        found = self._spec.get(key)
        if found is None:
            rate = math.log10((self.counts.get(key, 0) + self.pseudo_count) / self.total * 1e9)
            found = self._spec[key] = rate - self.zipf.get(key, self.unknown_zipf)
        return found

    def weak(self, word: Sequence[str]) -> bool:
        """A general word of news prose (the hand-written list)."""
        return " ".join(word) in self.general
