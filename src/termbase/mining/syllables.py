"""Vietnamese syllables as the miner sees them: spelling, grouping key, word lists as keys.

A token is content only if it is spelled like one Vietnamese syllable
(:func:`is_vietnamese_syllable`); syllables are grouped by :func:`key_of`
(lower case, tone mark in one place).  The cue word lists of
:mod:`termbase.data.cues` and the dictionary's two-syllable words are turned
into such keys once, here: function words, connectors, two-syllable function
words (:data:`PAIRS`), and the syllable pairs that sit inside one word
(:func:`bonds`, :func:`noun_bonds`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from termbase.data.cues import CONNECTORS, FUNCTION_PAIRS, FUNCTION_WORDS
from termbase.data.dictionary import core_words
from termbase.data.vietnamese import lexicon_words, word_pos
from termbase.normalize import _tone_key_word, i_y_variant

# Vietnamese rhymes with their marks taken off ("ươn" → "uon"), by nucleus and ending:
# a syllable is an onset and one of them.  Foreign names made of Latin letters that
# the marks-off vowels would allow ("Yong", "Moon", "Lee", "Ryan") are not syllables.
_RHYME_ENDINGS = {
    "a": "c ch m n ng nh p t",
    "e": "c ch m n ng nh p t",
    "i": "ch m n nh p t",
    "o": "c m n ng p t",
    "oo": "c ng",
    "u": "c m n ng p t",
    "ie": "c m n ng p t u",
    "ye": "m n ng t u",
    "oa": "c ch m n ng nh p t",
    "oe": "n t o",
    "ua": "n ng t y",
    "ue": "ch n nh",
    "uo": "c i m n ng p t u",
    "uy": "a ch n nh p t u",
    "uye": "n t",
}
# Open rhymes; "ych" … "yt" only follow "qu" ("quỳnh", "quýt").
_OPEN_RHYMES = "a ai ao au ay e eo eu i ia iu o oa oai oao oay oe oi u ua ue ui uo uu uy y"
_RHYMES = {*_OPEN_RHYMES.split(), "ych", "yn", "ynh", "yp", "yt"} | {
    nucleus + ending for nucleus, endings in _RHYME_ENDINGS.items() for ending in endings.split()
}
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?("
    + "|".join(sorted(_RHYMES, key=lambda r: (-len(r), r)))
    + ")"
)
_FRONT_VOWELS = frozenset("eiy")
_VI_LETTERS = re.compile(r"[a-eg-ik-vxyđ\u00c0-\u1ef9]+")
_DSTROKE = str.maketrans({"đ": "d"})


@lru_cache(maxsize=1 << 14)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case) is spelled like one Vietnamese syllable."""
    # Cached: ranking asks again about the same capitalised words.
    lower = word.casefold()
    if not _VI_LETTERS.fullmatch(lower):
        return False
    decomposed = unicodedata.normalize("NFD", lower.translate(_DSTROKE))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    found = _SYLLABLE.fullmatch(folded)
    if found is None:
        return False
    # A spelling rule: "c" and "ng" are never before e, i, y ("k", "ngh" are).  The
    # converse is not a rule: "k" has place names ("Kon Tum", "Bắc Kạn") and "nghành"
    # is a common misspelling.
    return not (found.group(1) in ("c", "ng") and found.group(2)[0] in _FRONT_VOWELS)


def key_of(word: str) -> str:
    """The grouping key of one syllable: lower case, tone mark in one place."""
    return _tone_key_word(word.casefold())


def word_keys(words: Sequence[str] | frozenset[str]) -> frozenset[str]:
    """The keys of words of one or more syllables: each syllable's key, space-separated."""
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in words)


# Function words ("là", "được", "không"): a break between runs, unless settled otherwise.
FUNCTION = word_keys(FUNCTION_WORDS)
# Connectors ("và", "các", "của", "ở", "về"): inside a name with a capitalised head.
CONNECTOR_KEYS = word_keys(CONNECTORS)
# Two-syllable function words ("dự kiến", "tuy nhiên"), and the syllables they start with.
PAIRS = word_keys(FUNCTION_PAIRS)
PAIR_FIRST = frozenset(p.split()[0] for p in PAIRS)
# A function word in at least this many of noun_bonds' pairs is worth a look in context
# ("không", "sự", "thế"); not "là" for the one bird it names ("ác là"): set by hand.
BONDABLE_MIN_WORDS = 3


@lru_cache(maxsize=1)
def bonds() -> frozenset[str]:
    """Syllable pairs that sit inside one lexicon word: no candidate boundary there.

    The words are the general dictionary's and the two-syllable nouns of the
    project's core lexicon of news vocabulary, which the dictionary lacks some
    of ("ứng viên", "bàn thắng").  Longer core nouns are compounds ("bom hạt
    nhân"): their parts are words, and terms, of their own.
    """
    pairs: set[str] = set()
    nouns = (w.lower() for w in core_words("n") if w.count(" ") == 1)
    for word in itertools.chain(lexicon_words(), nouns):
        parts = [key_of(p) for p in word.split()]
        pairs.update(f"{a} {b}" for a, b in itertools.pairwise(parts))
    return frozenset(pairs)


def spelling_variants(pair: str) -> list[str]:
    """``pair`` and, if it has one, its other spelling of "i"/"y" ("tỉ lệ" for "tỷ lệ")."""
    other = i_y_variant(pair)
    return [pair] if other is None else [pair, other]


def _letter_or_function(key: str) -> bool:
    """A function word, or a syllable of one letter ("y" of "Bộ Y tế", written as a capital)."""
    return key in FUNCTION or len(key) == 1


@lru_cache(maxsize=1)
def noun_bonds() -> frozenset[str]:
    """Pairs that make a function word content: two syllables of one dictionary word.

    Only words the dictionary gives a part of speech (noun, verb, adjective) and
    the core lexicon's two-syllable nouns count: "không gian", "quân sự", "xảy ra", "bị đơn",
    "thế chiến"; not "chúng tôi" or "khi không", which the dictionary lists too.  A
    one-letter syllable counts as a function word does: "Y" is an initial, or
    the "y" of "Y tế" (health).
    """
    pairs: set[str] = set()
    # Longer core nouns are compounds ("người có công"): their inner pairs are not words.
    nouns = ((w.lower(), "n") for w in core_words("n") if w.count(" ") == 1)
    words = itertools.chain(word_pos().items(), nouns)
    for word, pos in words:
        parts = [key_of(p) for p in word.split()]
        if pos not in ("n", "v", "a") or len(parts) < 2 or FUNCTION.issuperset(parts):
            continue
        for a, b in itertools.pairwise(parts):
            pairs.update(spelling_variants(f"{a} {b}"))
    return frozenset(p for p in pairs if any(map(_letter_or_function, p.split(" "))))


@lru_cache(maxsize=1)
def bondable_function_words() -> frozenset[str]:
    """Function words and letters :func:`noun_bonds` can make content (BONDABLE_MIN_WORDS)."""
    partners = Counter(
        k for pair in noun_bonds() for k in pair.split(" ") if _letter_or_function(k)
    )
    return frozenset(k for k, n in partners.items() if n >= BONDABLE_MIN_WORDS)
