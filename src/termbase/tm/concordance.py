"""Concordance: every segment containing a phrase, however its diacritics are typed.

A phrase typed with diacritics matches through the tone key (tone placement,
case and NFC/NFD make no difference: "hoà bình" finds "Hòa Bình"); a phrase
typed without any ("hoa binh") matches every spelling that folds to it. The
word index gives the units with every word of the phrase (a word typed without
diacritics stands for all the indexed words that fold to it); each unit is then
checked for the words in a row.

The phrase's counterpart in each hit comes from the aligner (:func:`.align.align_terms`)
run over the hits' pairs (at least :data:`ALIGN_SAMPLE` of them when the memory has
them): the English span it linked to the phrase in that pair, or none when it linked
none there, or only a weak one (:data:`MIN_SHARE`); a phrase in fewer than two pairs
is never aligned.  The aligner goes from
Vietnamese to English only, so an English phrase (``lang="en"``) gets no counterpart yet.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from termbase.normalize import clean, fold_key
from termbase.store.memory_index import LENGTH_CAP, IdArray
from termbase.tm.align import AlignOptions, Equivalent, align_terms
from termbase.tm.align_text import english_phrases, english_tokens, vietnamese_tokens
from termbase.tm.segments import NUMBER, token_key, tokens_of, words_text
from termbase.tm.units import ConcordanceHit, Counterpart

if TYPE_CHECKING:
    from termbase.store import Termbase

# Most units checked for one phrase: the index answers in id order.
CHECK_CAP = 20000
# Hits the aligner learns from, even when fewer are asked for: its word model needs pairs.
ALIGN_SAMPLE = 50
# An equivalent scoring under this share of the term's best is never shown as a
# counterpart: on NTREX "tổng thống" the aligner also links "Trump" (0.26 against
# "President" 0.88) where a translator wrote "Tổng thống Trump" for "Trump"; "Congress"
# (0.53 against "Parliament" 0.54 for "quốc hội") and "tax" (0.41 against "duty" 0.72
# for "thuế") stay.
MIN_SHARE = 0.5


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
    tb: Termbase, phrase: str, lang: str = "vi", limit: int = 50, counterparts: bool = True
) -> list[ConcordanceHit]:
    """Up to ``limit`` units whose ``lang`` side contains ``phrase`` (oldest first).

    With ``counterparts`` (Vietnamese phrases only), each hit carries the English the
    aligner linked to the phrase in that pair, if any.
    """
    if not counterparts or lang != "vi":
        return _find_hits(tb, phrase, lang, limit)
    return with_counterparts(_find_hits(tb, phrase, lang, max(limit, ALIGN_SAMPLE)))[:limit]


def _find_hits(tb: Termbase, phrase: str, lang: str, limit: int) -> list[ConcordanceHit]:
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


def with_counterparts(
    hits: list[ConcordanceHit], options: AlignOptions | None = None
) -> list[ConcordanceHit]:
    """The hits (of a Vietnamese phrase) with the English aligned to it in each, where any."""
    pairs = [(clean(words_text(h.unit.vi)), clean(words_text(h.unit.en))) for h in hits]
    # One term per spelling of the phrase's syllables (tone placement and case aside):
    # a phrase typed without diacritics may match several words ("hiệp ước", "hiếp ước").
    terms: dict[str, str] = {}
    hit_terms = []
    for (vi, _), hit in zip(pairs, hits, strict=True):
        surface = " ".join(tokens_of(vi)[hit.start : hit.end])
        hit_terms.append(terms.setdefault(_syllable_keys(surface), surface))
    options = options or AlignOptions()
    aligned = {a.vietnamese: a for a in align_terms(pairs, terms.values(), options)}
    out = []
    for i, (hit, term) in enumerate(zip(hits, hit_terms, strict=True)):
        alignment = aligned.get(term)
        linked = None
        if alignment and alignment.best:
            floor = MIN_SHARE * alignment.best.score
            linked = next(
                (e for e in alignment.equivalents if i in e.pairs and e.score >= floor), None
            )
        counterpart = _span(pairs[i][1], linked, options.max_english_words) if linked else None
        out.append(ConcordanceHit(hit.unit, hit.start, hit.end, counterpart))
    return out


def _syllable_keys(text: str) -> str:
    return " ".join(t.key for t in vietnamese_tokens(text))


def _span(english: str, equivalent: Equivalent, max_words: int) -> Counterpart | None:
    """Where ``equivalent`` is in ``english`` (its first occurrence), in segment tokens."""
    words = english_tokens(english)
    phrase = next((p for p in english_phrases(words, max_words) if p.key == equivalent.key), None)
    if phrase is None:
        return None
    begin, finish = words[phrase.first].start, words[phrase.last - 1].end
    inside = [i for i, (s, e) in enumerate(_token_spans(english)) if s < finish and e > begin]
    return Counterpart(english[begin:finish], inside[0], inside[-1] + 1)


def _token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of :func:`tokens_of`'s tokens (the text between two holds no word)."""
    spans, at = [], 0
    for token in tokens_of(text):
        at = text.index(token, at)
        spans.append((at, at + len(token)))
        at += len(token)
    return spans
