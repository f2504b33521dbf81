"""Whether a candidate is a fragment: of a longer candidate, or of a word the text writes whole.

:func:`nest` finds, for each candidate, the longer candidates one word wider
that hold it (C-value counts its occurrences there against it), leaving out
the extensions that leave it a term of its own (:func:`weak_extension`: a
general word or a nationality added to it); :func:`learned_words` finds the
syllable pairs this text always writes together though the lexicon lacks them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from termbase.mining.expand import Spans, word_starts
from termbase.mining.scan import head_length
from termbase.mining.syllables import CONNECTOR_KEYS, bonds, is_vietnamese_syllable
from termbase.mining.tokens import VI
from termbase.mining.wordlists import COUNTRY_KEYS, Words


class Nesting(NamedTuple):
    """How the candidates sit inside each other (:func:`nest`), by key."""

    #: The frequencies of the longer candidates, one word wider, that count against it.
    inside: dict[str, list[int]]
    #: The word starts of each candidate of two words or more (:func:`word_starts`).
    starts: dict[str, list[int]]
    #: Occurrences of a syllable as one of the two words of a two-syllable candidate.
    covered: Counter[str]
    #: Capitalised occurrences as the tail of a name after a head ("Ngoại giao" of "Bộ …").
    after_head: Counter[str]


class LearnedWords(NamedTuple):
    """Per syllable, the largest share of its occurrences in one :func:`learned_words` pair."""

    second: dict[str, float]  # as the pair's second syllable
    first: dict[str, float]  # as the pair's first syllable


def nest(
    spans: Spans,
    keys: Sequence[str],
    display: dict[str, str],
    words: Words,
    kind: dict[str, str],
    written_share: float,
) -> Nesting:
    """For each candidate of ``keys``, the longer candidates that hold it, and what else nests.

    A candidate one word wider holds it unless the added word is a weak
    extension; a last one-syllable word :func:`written_after` the one before it
    always counts (it ends the name).  ``display``: each key's surface to show.
    """
    bond = bonds()
    freq, latin, variants_of = spans.freq, spans.latin, spans.variants
    pairs, counts = spans.pairs, words.counts
    nested: dict[str, list[int]] = defaultdict(list)
    starts_of: dict[str, list[int]] = {}
    covered: Counter[str] = Counter()
    after_head: Counter[str] = Counter()
    for key in keys:
        if key in latin:
            continue
        tokens = key.split(" ")
        if len(tokens) < 2:
            continue
        starts = starts_of[key] = word_starts(tokens, bond)
        if len(starts) < 2:
            continue
        f = freq[key]
        shown = display[key].split(" ")
        prefix = trim_connectors(tokens[: starts[-1]])
        suffix = trim_connectors(tokens[starts[1] :])
        if prefix and (
            not weak_extension(
                shown[starts[-1] :], tokens[starts[-1] :], shown[starts[-1] - 1], True, words
            )
            or written_after(tokens, starts[-1], pairs, counts, written_share)
        ):
            nested[prefix].append(f)
        head_start = shown[starts[1]][:1].isupper() and head_length(
            tokens[starts[1] :], [kind.get(t, VI) for t in shown[starts[1] :]]
        )
        if suffix and not weak_extension(
            shown[: starts[1]],
            tokens[: starts[1]],
            shown[starts[1]],
            False,
            words,
            bool(head_start),
        ):
            nested[suffix].append(f)
        if len(tokens) == 2 and starts == [0, 1]:
            covered[tokens[0]] += f
            covered[tokens[1]] += f
        if suffix and head_length(tokens) == starts[1]:
            # Only a capitalised head makes a name whose tail is no term by itself.
            after_head[suffix] += sum(v for s, v in variants_of[key].items() if s[:1].isupper())
    return Nesting(nested, starts_of, covered, after_head)


def weak_extension(
    added: Sequence[str],
    added_keys: Sequence[str],
    neighbour: str,
    right: bool,
    words: Words,
    head_start: bool = False,
) -> bool:
    """Whether a word added to a candidate leaves the candidate a term of its own.

    Weak: a nationality after a name ("… Quốc phòng | Nga"), a lower-case word
    in front of a name ("toà nhà | Đại sứ quán"), and a general word ("tăng
    cường | hỗ trợ an ninh").  One lower-case syllable that is not a general
    word is never weak: it may finish a word the lexicon lacks ("tầm | trung").
    """
    capital = added[0][:1].isupper()
    if (
        right
        and capital
        and (
            (len(added) == 1 and added_keys[0] in COUNTRY_KEYS)
            or not is_vietnamese_syllable(added[0])
        )
    ):
        return True  # a nationality or a Latin name after a name
    if not right and not capital and neighbour[:1].isupper():
        return True
    if not right and capital and head_start:
        return True  # a new name starts: "Đại biểu | Đảng Lao động"
    if capital:
        return False
    # A general word, or a verb in front of its object ("bắt | tôm hùm").
    return words.weak(added_keys) or (not right and words.pos.get(" ".join(added_keys)) == "v")


def written_after(
    tokens: Sequence[str], last: int, pairs: Counter[str], syllables: Counter[str], share: float
) -> bool:
    """Whether the last word, one syllable, follows the syllable before it ``share`` of the time.

    Such a syllable ends a name ("Liên minh châu | Âu"), unless it is a country: a
    text that always writes "Bộ Quốc phòng | Nga" still names the ministry and
    its country.
    """
    if (
        last != len(tokens) - 1
        or tokens[last] in COUNTRY_KEYS
        or not is_vietnamese_syllable(tokens[last])
    ):
        return False  # a country, or a Latin name: a person's after a title
    seen = syllables.get(tokens[last], 0)
    return seen >= 2 and pairs.get(f"{tokens[last - 1]} {tokens[last]}", 0) >= share * seen


def learned_words(
    freq: Counter[str], syllables: Counter[str], bond: frozenset[str]
) -> LearnedWords:
    """Syllable pairs this text nearly always writes together, though the lexicon lacks them.

    Returns, per syllable, the largest share of its occurrences spent as the
    second (first) half of one such pair: "cắt giảm" makes "giảm …" a fragment.
    """
    second: dict[str, float] = {}
    first: dict[str, float] = {}
    for key, f in freq.items():
        if f < 2 or key.count(" ") != 1:
            continue
        a, b = key.split(" ")
        if key in bond or a in CONNECTOR_KEYS or b in CONNECTOR_KEYS:
            continue
        if syllables.get(b):
            second[b] = max(second.get(b, 0.0), f / syllables[b])
        if syllables.get(a):
            first[a] = max(first.get(a, 0.0), f / syllables[a])
    return LearnedWords(second, first)


def cuts_word(tokens: Sequence[str], learned: LearnedWords, share: float) -> bool:
    """Whether a candidate starts or ends inside a pair of :func:`learned_words`.

    A pair counts when a syllable spends at least ``share`` of its occurrences in it.
    """
    second, first = learned
    if len(tokens) == 2 and (second.get(tokens[1], 0) >= share or first.get(tokens[0], 0) >= share):
        # The pair itself is the learned word, unless a longer word swallows it.
        return False
    return second.get(tokens[0], 0.0) >= share or first.get(tokens[-1], 0.0) >= share


def trim_connectors(tokens: Sequence[str]) -> str:
    """A candidate's key without connectors at its ends."""
    if tokens and tokens[0] not in CONNECTOR_KEYS and tokens[-1] not in CONNECTOR_KEYS:
        return " ".join(tokens)
    a, b = 0, len(tokens)
    while a < b and tokens[a] in CONNECTOR_KEYS:
        a += 1
    while b > a and tokens[b - 1] in CONNECTOR_KEYS:
        b -= 1
    return " ".join(tokens[a:b])
