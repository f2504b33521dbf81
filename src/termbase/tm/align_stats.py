"""Association measures over segment pairs, and the two baselines they make on their own.

Counts are of *segments*: a term and an English phrase co-occur in a pair when
the term is in its Vietnamese side and the phrase in its English side.
:func:`dice` is Smadja et al.'s (Champollion) measure, :func:`llr` Dunning's
log-likelihood ratio (G²).  :func:`baseline` picks, for each term, the English
phrase the measure rates highest; it is what ``bench/eval_align.py`` compares
the aligner with.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from termbase.tm.align_text import Token, english_phrases


def dice(both: int, term: int, phrase: int) -> float:
    """2|T∩E| / (|T| + |E|): 1 when the two always occur together."""
    return 2.0 * both / (term + phrase) if term + phrase else 0.0


def _xlogx(k: float) -> float:
    return k * math.log(k) if k > 0 else 0.0


def llr(both: int, term: int, phrase: int, total: int) -> float:
    """Dunning's G² for the 2x2 table of segments with/without the term and the phrase.

    Signed: negative when the two occur together less often than chance.
    """
    k11 = both
    k12 = term - both
    k21 = phrase - both
    k22 = total - term - phrase + both
    if min(k11, k12, k21, k22) < 0 or total <= 0:
        return 0.0
    g2 = 2.0 * (
        _xlogx(k11)
        + _xlogx(k12)
        + _xlogx(k21)
        + _xlogx(k22)
        + _xlogx(total)
        - _xlogx(k11 + k12)
        - _xlogx(k11 + k21)
        - _xlogx(k12 + k22)
        - _xlogx(k21 + k22)
    )
    expected = term * phrase / total
    return g2 if both >= expected else -g2


def segment_phrases(tokens: Sequence[Token], max_words: int) -> set[str]:
    """The distinct candidate phrase keys of one English segment."""
    return {p.key for p in english_phrases(list(tokens), max_words)}


def phrase_counts(phrases: Iterable[set[str]]) -> Counter[str]:
    """In how many segments each phrase key occurs."""
    counts: Counter[str] = Counter()
    for keys in phrases:
        counts.update(keys)
    return counts


def baseline(
    term_segments: Sequence[int],
    phrases: Sequence[set[str]],
    counts: Counter[str],
    measure: str,
) -> tuple[str, float] | None:
    """The phrase key ``measure`` ("dice" or "llr") rates highest with a term.

    Ties go to the phrase seen with the term more often, then the longer phrase
    (Champollion grows the word set while the score holds), then alphabetical order.
    """
    together: Counter[str] = Counter()
    for s in term_segments:
        together.update(phrases[s])
    n_term, total = len(term_segments), len(phrases)
    best: tuple[float, int, int, str] | None = None
    for key, both in together.items():
        if measure == "dice":
            score = dice(both, n_term, counts[key])
        else:
            score = llr(both, n_term, counts[key], total)
        rank = (score, both, key.count(" "), key)
        if best is None or rank > best:
            best = rank
    return (best[3], best[0]) if best else None
