"""Which units a fuzzy search re-ranks: the word index and two exact bounds, no cap.

A unit of ``m`` tokens scores ``s`` or more only if its token distance ``D`` is
at most ``allowed(m) = floor((100 - s)·L/100)`` with ``L = max(n, m)`` (``n``: the
query's tokens). The distance is at least ``L`` minus the tokens the two keys
share, and those are at most ``h``, the query tokens (counted with their
repeats) that occur in the unit. So a match has ``h ≥ need(m) = L - allowed(m)``
(the *bag bound*), and ``m`` lies in the window of :func:`window`.

The index (:mod:`termbase.store.memory_index`) lists the units of each token by
key length (in buckets), so only the window's units are read. Tokens are read rarest first:
once those read weigh more than the query tokens a match may miss, every match
contains one of them, and the units met so far are the candidates (the pigeonhole
step). Each further token read tightens the bound (a candidate missing it cannot
make up the weight); reading stops when the next token's list is long against the
candidates left, as reading it would cost more than re-ranking them. Nothing that
can match is left out, however common the query's words: recall is exact.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from termbase.store.memory_index import UNKNOWN, IdArray, token_char

if TYPE_CHECKING:
    from termbase.store import Termbase


@dataclass(frozen=True, slots=True)
class SearchLimits:
    """How a search weighs reading the index against re-ranking candidates."""

    # Cost of reading one posting (a unit id in a token's list) against fetching
    # and re-ranking one candidate (bench_tm.py at 100k: ~0.05 µs against ~3 µs).
    posting_cost: float = 0.02
    # Postings above which the units met are counted in an array as long as the
    # memory rather than merged (np.unique sorts; the array costs its length).
    dense_share: float = 1 / 32


DEFAULT_LIMITS = SearchLimits()


@dataclass(frozen=True, slots=True)
class Query:
    """A query's key as the index sees it: its code string and tokens to read."""

    code: str  # one character per token (:func:`token_char`), unknown tokens UNKNOWN
    tokens: list[tuple[int, int, int]]  # (token id, weight, postings in the window), rarest first
    shortest: int
    longest: int
    spare: int  # query tokens (with repeats) a match may still miss


def window(n: int, min_score: int) -> tuple[int, int, int]:
    """Shortest and longest token counts a match can have, and how many query tokens it can miss.

    A match of ``m`` tokens at distance ``D`` leaves unmatched ``S + Del`` query
    tokens (substituted, deleted); ``D = S + Ins + Del`` and ``Ins - Del = m - n``,
    so the unmatched are at most ``D`` (m < n) or ``D - (m - n)`` (m ≥ n): never
    more than ``floor((1 - s/100)·n)``, whatever ``m``.
    """
    shortest = math.ceil(n * min_score / 100)
    longest = n * 100 // min_score
    return shortest, longest, (100 - min_score) * n // 100


def need(n: int, lengths: npt.NDArray[np.int64], min_score: int) -> npt.NDArray[np.int64]:
    """The bag bound: query tokens a unit of each length must contain to score ``min_score``."""
    longer = np.maximum(lengths, n)
    bound: npt.NDArray[np.int64] = longer - (100 - min_score) * longer // 100
    return bound


def plan(tb: Termbase, lang: str, keys: list[str], min_score: int) -> Query | None:
    """The query's codes and tokens to read; None when no unit can match."""
    n = len(keys)
    shortest, longest, spare = window(n, min_score)
    weights = Counter(keys)
    ids = tb.tm_token_ids(lang, weights)
    sizes = tb.tm_posting_sizes(lang, list(ids.values()), shortest, longest)
    tokens = sorted(
        ((ids[t], w, sizes[ids[t]]) for t, w in weights.items() if sizes.get(ids.get(t, 0))),
        key=lambda x: (x[2], x[0]),
    )
    spare -= n - sum(w for _, w, _ in tokens)  # tokens no unit of the window has
    if spare < 0:
        return None
    code = "".join(token_char(ids[t]) if t in ids else UNKNOWN for t in keys)
    return Query(code, tokens, shortest, longest, spare)


def candidates(
    tb: Termbase, lang: str, query: Query, n: int, min_score: int, limits: SearchLimits
) -> IdArray:
    """The ids of the units that may score ``min_score`` (ascending)."""
    size = tb.tm_size_estimate() + 1
    # By bucket: a bucket's shortest length gives the loosest bound of its units.
    bound = need(n, np.arange(query.longest + 1), min_score)
    remaining = sum(w for _, w, _ in query.tokens)
    # The pigeonhole step: read the rarest tokens until they outweigh what may be missed.
    first: list[tuple[int, int, int]] = []
    for token in query.tokens:
        if remaining + query.spare < sum(w for _, w, _ in query.tokens):
            break
        first.append(token)
        remaining -= token[1]
    read = [(tb.tm_postings(lang, t, query.shortest, query.longest), w) for t, w, _ in first]
    total = sum(len(p.ids) for p, _ in read)
    if total > size * limits.dense_share:
        got_all = np.zeros(size, np.int32)
        length_of = np.zeros(size, np.int64)
        for postings, w in read:
            got_all[postings.ids] += w
            length_of[postings.ids] = postings.lengths
        ids = np.flatnonzero(got_all).astype(np.uint32)
        got, lengths = got_all[ids], length_of[ids]
    else:
        all_ids = np.concatenate([p.ids for p, _ in read])
        ids, where = np.unique(all_ids, return_inverse=True)
        got = np.bincount(
            where, weights=np.concatenate([np.full(len(p.ids), w) for p, w in read])
        ).astype(np.int32)
        lengths = np.zeros(len(ids), np.int64)
        lengths[where] = np.concatenate([p.lengths for p, _ in read])
    keep = got + remaining >= bound[lengths]
    ids, got, lengths = ids[keep], got[keep], lengths[keep]
    # Tighten: each further token read lets go the candidates that cannot make up its weight.
    for token_id, w, postings_count in query.tokens[len(first) :]:
        if not len(ids) or postings_count * limits.posting_cost > len(ids):
            break
        seen = np.zeros(size, np.bool_)
        seen[tb.tm_postings(lang, token_id, query.shortest, query.longest).ids] = True
        got += w * seen[ids]
        remaining -= w
        keep = got + remaining >= bound[lengths]
        ids, got, lengths = ids[keep], got[keep], lengths[keep]
    return ids
