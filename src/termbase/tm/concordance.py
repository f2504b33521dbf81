"""Concordance: every segment containing a phrase, however its diacritics are typed.

A phrase typed with diacritics matches through the tone key (tone placement,
case and NFC/NFD make no difference: "hoà bình" finds "Hòa Bình"); a phrase
typed without any ("hoa binh") matches every spelling that folds to it. The
word index gives the units with every word of the phrase (a word typed without
diacritics stands for all the indexed words that fold to it); each unit is then
checked for the words in a row.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from termbase.normalize import clean, fold_key
from termbase.store.memory_index import LENGTH_CAP, IdArray
from termbase.tm.segments import NUMBER, token_key, tokens_of, words_text
from termbase.tm.units import ConcordanceHit

if TYPE_CHECKING:
    from termbase.store import Termbase

# Most units checked for one phrase: the index answers in id order.
CHECK_CAP = 20000


def _folded(phrase: str) -> bool:
    return fold_key(phrase) == clean(phrase).casefold()


def _comparable(token: str, folded: bool) -> str:
    if token[0].isdigit():
        return token
    return fold_key(token) if folded else token_key(token)


@lru_cache(maxsize=64)
def _initials(letter: str) -> tuple[str, ...]:
    """Lower-case Latin letters that fold to ``letter`` ("a" → a à á ả ã ạ ă ằ … ậ)."""
    found = []
    for code in (*range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        if ch == ch.lower() and unicodedata.category(ch) == "Ll" and fold_key(ch) == letter:
            found.append(ch)
    return tuple(found) or (letter,)


def _variants(tb: Termbase, lang: str, word: str) -> list[str]:
    """The indexed words that fold to ``word``."""
    found: list[str] = []
    for initial in _initials(word[0]):
        found.extend(
            t for t in tb.tm_vocabulary(lang, initial, chr(ord(initial) + 1)) if fold_key(t) == word
        )
    return found


def find_phrase(
    tb: Termbase, phrase: str, lang: str = "vi", limit: int = 50
) -> list[ConcordanceHit]:
    """Up to ``limit`` units whose ``lang`` side contains ``phrase`` (oldest first)."""
    folded = _folded(phrase)
    wanted = [_comparable(t, folded) for t in tokens_of(clean(phrase))]
    if not wanted:
        return []
    groups: list[list[str]] = []
    for word in dict.fromkeys(wanted):
        if word[0].isdigit():
            groups.append([NUMBER])
        elif folded:
            variants = _variants(tb, lang, word)
            if not variants:
                return []
            groups.append(variants)
        else:
            groups.append([word])
    ids = _units_with_all(tb, lang, groups)[:CHECK_CAP].tolist()
    hits: list[ConcordanceHit] = []
    for start in range(0, len(ids), 500):
        units = tb.tm_units(ids[start : start + 500])
        for unit_id in ids[start : start + 500]:
            unit = units[unit_id]
            side = [
                _comparable(t, folded)
                for t in tokens_of(clean(words_text(unit.vi if lang == "vi" else unit.en)))
            ]
            at = _find(side, wanted)
            if at is not None:
                hits.append(ConcordanceHit(unit, at, at + len(wanted)))
                if len(hits) >= limit:
                    return hits
    return hits


def _units_with_all(tb: Termbase, lang: str, groups: list[list[str]]) -> IdArray:
    """Ids of the units with a word of every group (ascending)."""
    found: IdArray | None = None
    for group in groups:
        token_ids = tb.tm_token_ids(lang, group).values()
        lists = [tb.tm_postings(lang, t, 0, LENGTH_CAP).ids for t in token_ids]
        units = np.unique(np.concatenate(lists)) if lists else np.zeros(0, np.uint32)
        found = units if found is None else np.intersect1d(found, units, assume_unique=True)
        if not len(found):
            break
    return found if found is not None else np.zeros(0, np.uint32)


def _find(tokens: list[str], wanted: list[str]) -> int | None:
    width = len(wanted)
    for i in range(len(tokens) - width + 1):
        if tokens[i : i + width] == wanted:
            return i
    return None
