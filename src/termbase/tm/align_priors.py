"""What is known before aligning: the shipped dictionary and approved terms (read only).

Two uses.  Word priors: every Vietnamese word of the segments (1-3 syllables)
that the dictionary has gives its syllables the English words of its glosses,
as prior counts for the word model.  Phrase priors: the English a term is
known to have (its dictionary glosses, approved equivalents) earns a phrase
with that key a bonus when the aligner ranks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from termbase.data.dictionary import Dictionary
from termbase.normalize import tone_key
from termbase.tm.align_text import Token, is_stopword, phrase_key

MAX_HEADWORD = 3


def _glosses(dictionary: Dictionary, key: str) -> Iterable[str]:
    for sense in (*dictionary.core.get(key, ()), *dictionary.senses.get(key, ())):
        yield from sense.glosses
    for english, _count in dictionary.learned.get(key, ()):
        yield english


def word_priors(
    segments: Sequence[Sequence[Token]],
    dictionary: Dictionary | None,
    approved: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, set[str]]:
    """Syllable key -> English word keys the dictionary or approved terms give it."""
    known: dict[str, set[str]] = defaultdict(set)
    glossed: dict[str, set[str]] = {}

    def words_of(key: str) -> set[str]:
        if key not in glossed:
            found: set[str] = set()
            if dictionary is not None:
                for gloss in _glosses(dictionary, key):
                    found.update(w for w in phrase_key(gloss).split() if not is_stopword(w))
            glossed[key] = found
        return glossed[key]

    for tokens in segments:
        keys = [t.key for t in tokens]
        for i in range(len(keys)):
            for n in range(1, MAX_HEADWORD + 1):
                if i + n > len(keys) or tokens[i + n - 1].chunk != tokens[i].chunk:
                    break
                words = words_of(" ".join(keys[i : i + n]))
                if words:
                    for syllable in keys[i : i + n]:
                        known[syllable] |= words
    for vietnamese, englishes in (approved or {}).items():
        words = {w for e in englishes for w in phrase_key(e).split() if not is_stopword(w)}
        for syllable in tone_key(vietnamese).split():
            known[syllable] |= words
    return known


def phrase_priors(
    term: str,
    dictionary: Dictionary | None,
    approved: Mapping[str, Sequence[str]] | None = None,
) -> set[str]:
    """English phrase keys a term is known to have: approved equivalents, dictionary glosses."""
    key = tone_key(term)
    found = {phrase_key(e) for e in (approved or {}).get(term, ())}
    if approved:
        for vietnamese, englishes in approved.items():
            if tone_key(vietnamese) == key:
                found.update(phrase_key(e) for e in englishes)
    if dictionary is not None:
        found.update(phrase_key(g) for g in _glosses(dictionary, key))
    found.discard("")
    return found
