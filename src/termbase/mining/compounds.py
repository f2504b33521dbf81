"""Compounds the shipped lexicons make: a head noun and modifiers ending in a known term.

A text seen once gives no frequency to tell a term from a phrase of the same
length; what it gives is the words.  "chế độ nô lệ" (slavery), "vụ án hiếp dâm"
(rape case), "rặng san hô" (coral reef) are a noun ("chế độ", "vụ án", "rặng")
modified by nouns or adjectives, the last a noun whose English is specialised
(:func:`~termbase.mining.wordlists.specialised_keys`,
:func:`~termbase.mining.wordlists.dictionary_term_keys`); "thế giới | thay
đổi" is not (a verb after the noun), nor "người | khá | giàu" (a general word).
:func:`compound_rule` makes the test; the ranking gives such a compound some
evidence (``RankWeights.compound_evidence``) and keeps it when seen once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import lru_cache

from termbase.mining.expand import word_starts
from termbase.mining.syllables import FUNCTION, bonds
from termbase.mining.wordlists import (
    dictionary_term_keys,
    general_keys,
    noun_keys,
    pos_keys,
    specialised_keys,
)

# A compound has this many words (lexicon words, not syllables) at most: longer
# runs seen once are clauses far more often than terms.
MAX_WORDS = 3


@lru_cache(maxsize=2)
def compound_rule(max_zipf: float) -> Callable[[str], bool]:
    """Whether a key is a head noun and modifiers whose last word is a specialised noun.

    Two or three words (lexicon bonds join syllables): the first a noun (core
    lexicon or dictionary), each later one a noun or an adjective, none a
    general word of news prose or a function word, the last one of the core
    lexicon's or the dictionary's specialised nouns (``max_zipf``: see
    :func:`~termbase.mining.wordlists.specialised_keys`).
    """
    bond, nouns, pos, general = bonds(), noun_keys(), pos_keys(), general_keys()
    known = specialised_keys(max_zipf) | dictionary_term_keys(max_zipf)
    known_last = frozenset(k.rsplit(" ", 1)[-1] for k in known)

    def compound(key: str) -> bool:
        tokens = key.split(" ")
        # Cheap tests first: most keys end in no specialised noun.
        if len(tokens) < 3 or tokens[-1] not in known_last:
            return False
        starts = [*word_starts(tokens, bond), len(tokens)]
        if not 2 <= len(starts) - 1 <= MAX_WORDS:
            return False
        words = [" ".join(tokens[a:b]) for a, b in itertools.pairwise(starts)]
        if words[-1] not in known or words[0] not in nouns:
            return False
        for word in words:
            if word in general or word in FUNCTION:
                return False
        return all(w in nouns or pos.get(w) == "a" for w in words[1:-1])

    return compound
