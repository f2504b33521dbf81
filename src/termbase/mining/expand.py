"""Expanding the runs a :class:`~termbase.mining.scan.Scanner` counted into candidate spans.

Every distinct run is expanded once into its candidate spans (sub-spans of
1–8 syllables that start and end at word boundaries: a boundary never falls
inside a word of the shipped lexicon, so "soát vũ khí" is never a candidate),
counted with the run's counts into :class:`Spans`, which
:func:`termbase.mining.rank.rank_spans` scores.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from termbase.mining.names import PERSON, TITLE, WHOLE, name_layout, run_parts
from termbase.mining.scan import MAX_SYLLABLES, Scanner, head_length
from termbase.mining.syllables import bonds
from termbase.mining.tokens import BREAK, CAP, CONN, VI
from termbase.mining.wordlists import general_keys, pos_keys


@dataclass
class Spans:
    """What the expansion of every distinct run gives, by candidate key or surface."""

    freq: Counter[str] = field(default_factory=Counter)  # key
    docs: Counter[str] = field(default_factory=Counter)  # key (sum over runs: an upper bound)
    whole: Counter[str] = field(default_factory=Counter)  # key: seen as a whole run
    variants: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    initial: Counter[str] = field(default_factory=Counter)  # surface at a sentence start
    tails: Counter[str] = field(default_factory=Counter)  # key: ends a longer run
    quoted: Counter[str] = field(default_factory=Counter)  # key
    titles: set[str] = field(default_factory=set)  # key: run right before a person's name
    latin: set[str] = field(default_factory=set)  # key
    mixed: set[str] = field(default_factory=set)  # key: Vietnamese name + Latin words
    syllables: Counter[str] = field(default_factory=Counter)  # key of one syllable
    pairs: Counter[str] = field(default_factory=Counter)  # two syllables side by side in a run


def word_starts(keys: Sequence[str], bond: frozenset[str]) -> list[int]:
    """Index of the first syllable of each word (lexicon bonds join syllables)."""
    out = [0]
    previous = keys[0] if keys else ""
    for j in range(1, len(keys)):
        key = keys[j]
        if previous + " " + key not in bond:
            out.append(j)
        previous = key
    return out


def run_spans(
    tokens: Sequence[str],
    keys: Sequence[str],
    classes: Sequence[str],
    bond: frozenset[str],
    limit: int = MAX_SYLLABLES,
    starts: Sequence[int] | None = None,
) -> list[tuple[int, int]]:
    """Candidate (start, end) spans of one Vietnamese run (``starts``: its word starts)."""
    n = len(tokens)
    if n == 1:
        return [(0, 1)] if classes[0] != CONN else []
    bounds = [*(word_starts(keys, bond) if starts is None else starts), n]
    # A name that starts with a capitalised head is kept whole up to twice the limit.
    long_name = n > limit and classes[0] == CAP and head_length(keys, classes) > 0
    out = []
    for ai in range(len(bounds) - 1):
        a = bounds[ai]
        if classes[a] == CONN:
            continue
        for b in bounds[ai + 1 :]:
            if b - a > limit and not (long_name and a == 0 and b - a <= 2 * limit):
                break
            if classes[b - 1] != CONN:
                out.append((a, b))
    return out


def mixed_spans(
    keys: Sequence[str], classes: Sequence[str], split: int, bond: frozenset[str]
) -> list[tuple[int, int]]:
    """Spans of a run that join a Vietnamese name to the Latin words after it.

    "Nghị viện Wales", "Đại học Michigan", "Tổng thống Macedonia": from each
    capitalised word start with two syllables or more before the Latin part
    (not "Nga | Vladimir Putin"), to each length of the Latin part.
    """
    out: list[tuple[int, int]] = []
    for a in word_starts(keys[:split], bond):
        if split - a < 2:
            break
        if classes[a] == CAP and CONN not in classes[a:split]:
            out.extend((a, b) for b in range(split + 1, len(keys) + 1))
    return out


def _in_run(cls: str, token: str) -> str:
    """The class of a token inside a run: a break there is a syllable the context made content."""
    if cls != BREAK:
        return cls
    return CAP if token[:1].isupper() else VI


def expand(scanner: Scanner, limit: int = MAX_SYLLABLES) -> Spans:
    """Every candidate span of every distinct run, counted with the run's counts."""
    spans = Spans()
    freq, docs, whole, tails = spans.freq, spans.docs, spans.whole, spans.tails
    variants, initial, syllables = spans.variants, spans.initial, spans.syllables
    key_of_token, kind_of_token = scanner.tokens.key.__getitem__, scanner.tokens.kind.__getitem__
    run_docs, run_initial = scanner.run_docs, scanner.initial
    bond = bonds()
    general = general_keys()
    join = " ".join
    freq_get, docs_get, whole_get, tails_get = freq.get, docs.get, whole.get, tails.get
    initial_get, syllables_get = initial.get, syllables.get
    pairs = spans.pairs
    pairs_get = pairs.get
    for run, count in scanner.run_count.items():
        tokens = run.split(" ")
        keys = list(map(key_of_token, tokens))
        classes = list(map(kind_of_token, tokens))
        if BREAK in classes:
            # A function word the text made content ("Thế" of "Thế Chiến", "Y" of "Bộ Y
            # tế"): out of context its class is a break; inside a run it is a syllable.
            classes = [_in_run(c, t) for c, t in zip(classes, tokens, strict=True)]
        n = len(tokens)
        in_docs = run_docs[run]
        starts = run_initial.get(run, 0)
        for k in keys:
            syllables[k] = syllables_get(k, 0) + count
        if n > 1:
            for pair in map(join, itertools.pairwise(keys)):
                pairs[pair] = pairs_get(pair, 0) + count
        cut = run_parts(keys, classes, run in scanner.after_person)
        parts = [
            (tokens[a:b], keys[a:b], classes[a:b], starts if a == 0 else 0, role)
            for a, b, role in cut
        ]
        for tokens, keys, classes, starts, role in parts:
            n = len(tokens)
            split, named = name_layout(classes, role == PERSON)
            if named:
                _add_names(spans, tokens, keys, classes, split, named, count, in_docs, starts, bond)
                if split == 0:
                    continue
                tokens, keys, classes, n = tokens[:split], keys[:split], classes[:split], split
            words = word_starts(keys, bond) if n > 1 else [0]
            # dict.get and a store, not Counter's +=: no Python-level __missing__ per new key.
            for a, b in run_spans(tokens, keys, classes, bond, limit, words):
                key = join(keys[a:b])
                surface = join(tokens[a:b])
                freq[key] = freq_get(key, 0) + count
                docs[key] = docs_get(key, 0) + in_docs
                found = variants[key]
                found[surface] = found.get(surface, 0) + count
                if a == 0:
                    if starts:
                        initial[surface] = initial_get(surface, 0) + starts
                    if b == n:
                        whole[key] = whole_get(key, 0) + count
                elif b == n:
                    tails[key] = tails_get(key, 0) + count
            if n > 1:
                # The pieces between general words stand alone as well as whole runs do:
                # "tăng cường | hỗ trợ an ninh", "Liên Hiệp quốc | hoan nghênh | đàm phán".
                for a, b in _pieces(keys, classes, bond, general, words):
                    if b - a < n:
                        whole[join(keys[a:b])] += count
            full = join(keys)
            if role == TITLE:
                spans.titles.add(full)  # a title before a person's name
            elif role == WHOLE and len(cut) == 1:
                if run in scanner.quoted:
                    spans.quoted[full] += scanner.quoted[run]
                if run in scanner.before_name:
                    spans.titles.add(full)
    return spans


def _add_names(
    spans: Spans,
    tokens: list[str],
    keys: list[str],
    classes: list[str],
    split: int,
    named: Sequence[tuple[int, int]],
    count: int,
    in_docs: int,
    starts: int,
    bond: frozenset[str],
) -> None:
    """Count a run (part)'s name pieces, and the Vietnamese names joined to them.

    ``split``, ``named``: the part's :func:`~termbase.mining.names.name_layout`;
    ``starts``: how often the part starts a sentence.
    """
    join, whole = " ".join, spans.whole
    for a, b in named:
        key = join(keys[a:b])
        spans.latin.add(key)
        _add(spans, key, join(tokens[a:b]), count, in_docs, starts if a == 0 else 0)
    whole[join(keys[split:])] += count
    if split == 0:
        return
    # A Vietnamese name before Latin words: a title before a person's name, or
    # a body named after a place ("Nghị viện Wales").
    for a, b in mixed_spans(keys, classes, split, bond):
        _add(spans, join(keys[a:b]), join(tokens[a:b]), count, in_docs, 0)
        if a == 0:
            whole[join(keys[a:b])] += count
            if starts:
                spans.initial[join(tokens[a:b])] += starts
        spans.mixed.add(join(keys[a:b]))
    spans.titles.add(join(keys[:split]))


def _pieces(
    keys: Sequence[str],
    classes: Sequence[str],
    bond: frozenset[str],
    general: frozenset[str],
    words: Sequence[int],
) -> list[tuple[int, int]]:
    """A run cut at its lower-case general words and verbs (word by word), connectors trimmed.

    ``words``: the run's word starts (:func:`word_starts`).
    """
    starts = [*words, len(keys)]
    pos = pos_keys()
    out = []
    a = 0
    for j in range(len(starts) - 1):
        s, e = starts[j], starts[j + 1]
        word = " ".join(keys[s:e])
        if classes[s] == VI and (word in general or (e - s > 1 and pos.get(word) == "v")):
            out.append((a, s))
            a = e
    if a == 0:
        return []
    out.append((a, len(keys)))
    trimmed = []
    for a, b in out:
        while a < b and classes[a] == CONN:
            a += 1
        while b > a and classes[b - 1] == CONN:
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _add(spans: Spans, key: str, surface: str, count: int, in_docs: int, starts: int) -> None:
    spans.freq[key] += count
    spans.docs[key] += in_docs
    found = spans.variants[key]
    found[surface] = found.get(surface, 0) + count
    if starts:
        spans.initial[surface] += starts
