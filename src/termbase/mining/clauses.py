"""Where a clause, not a term, begins or ends inside a run of syllables.

A run ends where a function word stands, but a function word can be the last
syllable of a dictionary word ("duy nhất", "diễn ra"): the run then ends inside
that word, and its first syllable must not end a candidate.  The same holds at
a run's start ("không | gian" when "không gian" is not settled as content).
A lower-case verb next to a capitalised name ("Bộ Ngoại giao Mỹ | khẳng định",
"thuộc | Đảng Cộng hòa") joins a clause to the name, and a lower-case word
between a name and a demonstrative ("Thứ trưởng Ngoại giao | nước này") belongs
to the demonstrative's noun phrase.  :func:`clause_pieces` cuts a run there;
the scanner applies it to every run, so expansion and the locating of
occurrences see the same pieces.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

from termbase.data.cues import HEADS
from termbase.data.dictionary import core_words
from termbase.mining.syllables import bonds, key_of, word_keys
from termbase.mining.tokens import CAP, VI
from termbase.mining.wordlists import lexicon_keys, pos_keys

# Demonstratives: the noun right before one heads a noun phrase of its own.
DEMONSTRATIVES = frozenset({"này", "đó", "kia", "ấy", "nọ"})
# A dictionary word crossing a run's edge has at most this many syllables outside it.
MAX_OUTSIDE = 3
HEAD_KEYS = word_keys(HEADS)
# The longest head, in syllables ("tổng tham mưu trưởng").
MAX_HEAD = max(key.count(" ") + 1 for key in HEAD_KEYS)


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Keys of the words a candidate never cuts: the lexicon's and the core two-syllable nouns."""
    nouns = (w.lower() for w in core_words("n") if w.count(" ") == 1)
    core = frozenset(" ".join(key_of(p) for p in w.split()) for w in nouns)
    return lexicon_keys() | core


@lru_cache(maxsize=1 << 16)
def syllable_key(token: str) -> str:
    """The key :func:`clause_pieces` reads a run's syllable by (a hyphenated pair as one)."""
    return key_of(token) if token[:1].isalpha() else token


@lru_cache(maxsize=1)
def verb_firsts() -> frozenset[str]:
    """The syllables a dictionary verb begins with: a run without one has no verb to cut at."""
    return frozenset(k.split(" ")[0] for k, pos in pos_keys().items() if pos == "v")


def _word_starts(keys: Sequence[str], bond: frozenset[str]) -> list[int]:
    out = [0]
    for j in range(1, len(keys)):
        if keys[j - 1] + " " + keys[j] not in bond:
            out.append(j)
    return out


def _crosses(inside: Sequence[str], outside: Sequence[str], after: bool) -> bool:
    """Do the syllables ``inside`` the run and some of ``outside`` make one dictionary word?"""
    # The scanner calls this only where the run's edge and its neighbour are a bond
    # (scan.cut_clauses): a prefix index of the dictionary would cost more to build
    # than the few look-ups below.
    words = dictionary_words()
    for m in range(1, min(MAX_OUTSIDE, len(outside)) + 1):
        joined = [*inside, *outside[:m]] if after else [*outside[len(outside) - m :], *inside]
        if " ".join(joined) in words:
            return True
    return False


def clause_pieces(
    keys: Sequence[str],
    classes: str,
    capitals: Sequence[bool],
    before: Sequence[str],
    after: Sequence[str],
    before_upper: bool,
    after_upper: bool,
) -> list[tuple[int, int]]:
    """The pieces (start, end) of a run of syllables once cut where clauses begin or end.

    ``keys``/``classes``/``capitals``: the run's syllables (``classes`` its letters,
    ``capitals`` whether each is written with a capital); ``before``/``after``:
    the keys of up to :data:`MAX_OUTSIDE` tokens on each side (nearest last
    before, nearest first after); ``*_upper``: the nearest is capitalised.
    """
    n = len(keys)
    bond = bonds()
    starts = _word_starts(keys, bond)
    a, b = 0, n
    # A dictionary word crossing the run's end: its syllables inside end no candidate.
    if after and after[0] and (not capitals[starts[-1]] or after_upper):
        if _crosses(keys[starts[-1] :], after, True):
            b = starts[-1]
        elif (
            after[0] in DEMONSTRATIVES
            and not capitals[starts[-1]]
            and len(starts) > 1
            and (capitals[starts[-2]] or _possessed(keys, starts))
        ):
            b = starts[-1]  # "Thứ trưởng Ngoại giao | nước này", "chính phủ | nước này"
    # The same at the run's start.
    first_end = starts[1] if len(starts) > 1 else n
    if (
        before
        and before[-1]
        and (not capitals[0] or before_upper)
        and _crosses(keys[:first_end], before, False)
    ):
        a = first_end
    if a >= b:
        return []
    return _verb_cuts(keys, classes, starts, a, b)


def _possessed(keys: Sequence[str], starts: Sequence[int]) -> bool:
    """Is a run's last word a one-syllable noun after a title or body ("chính phủ | nước")?

    With a demonstrative after it, that noun is the possessor ("the government of
    this country"), not the end of the term: a longer last word ("công ty | dầu khí
    này") is more often the term's own modifier and stays.
    """
    last = starts[-1]
    if last != len(keys) - 1:
        return False
    return any(" ".join(keys[:k]) in HEAD_KEYS for k in range(2, min(last, MAX_HEAD) + 1))


def _verb_cuts(
    keys: Sequence[str], classes: str, starts: Sequence[int], a: int, b: int
) -> list[tuple[int, int]]:
    """Cut ``a:b`` where a lower-case verb meets a capitalised name (the clause's edges)."""
    if CAP not in classes[a:b]:
        return [(a, b)]  # no name in the run: nothing for a verb to meet
    pos = pos_keys()
    bounds = [s for s in starts if a <= s < b] + [b]
    if bounds[0] != a:
        bounds.insert(0, a)
    pieces: list[tuple[int, int]] = []
    start = a
    for s, e in itertools.pairwise(bounds):
        if classes[s] != VI or pos.get(" ".join(keys[s:e])) != "v":
            continue
        # A name, then the verb: "Bộ Ngoại giao Mỹ | khẳng định", unless the name so far is
        # only a head the verb completes ("Ban chỉ đạo").
        if s > start and classes[s - 1] == CAP and " ".join(keys[start:s]) not in HEAD_KEYS:
            pieces.append((start, s))
            start = s
        # The verb, then a name, with no name before it: "thuộc | Đảng Cộng hòa".
        if e < b and classes[e] == CAP and CAP not in classes[start:s]:
            pieces.append((start, e))
            start = e
    pieces.append((start, b))
    return [(p, q) for p, q in pieces if p < q]
