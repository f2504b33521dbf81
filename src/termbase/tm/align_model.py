"""Word translation probabilities learned from the segment pairs (IBM Model 1, both ways).

A term seen in two segments cannot be aligned from its own co-occurrences:
every English word of those two segments co-occurs with it twice.  Its
syllables, though, are seen far more often ("Thủ tướng" in every sentence about
a prime minister), so word-level probabilities learned from the whole memory
say which English words of a segment belong to which syllables.  Model 1 is
trained by EM over every (syllable, word) pair that shares a segment, in
arrays (numpy), so a few thousand segments take well under a second.  Known
translations (the dictionary, approved terms) are added as prior counts at
every step, which matters for words seen once or twice.

:class:`Posteriors` keeps, for every segment, the final alignment
probabilities in both directions: ``forward[s]`` is an (English words x
(1 + syllables)) matrix, column 0 for "aligned to nothing"; ``backward[s]``
is (syllables x (1 + English words)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ModelOptions:
    """How the word model is trained."""

    # EM rounds per direction.  NTREX dev list (142 terms, right best English): 3 rounds
    # 127, 5 rounds 129, 8 rounds 130; 5 keeps the run short on a large memory.
    iterations: int = 5
    # Prior count added to a known translation's expected count at every step: about one
    # extra sighting.  Set by hand; on the dev list 0 gives 129 and 3 gives 128 (no effect
    # measurable there, where most terms are frequent).
    prior: float = 1.0


@dataclass
class _Direction:
    """One direction's entries: for every target token, every source token of its segment."""

    pair: IntArray  # index of the (source, target) pair of each entry
    group: IntArray  # which target token (over the whole corpus) the entry belongs to
    source: IntArray  # the source word of each pair index (to normalise per source word)
    prior: FloatArray  # prior count per pair index
    offsets: list[int]  # first entry of each segment
    shapes: list[tuple[int, int]]  # (target tokens, 1 + source tokens) per segment


def _direction(
    sources: Sequence[Sequence[int]],
    targets: Sequence[Sequence[int]],
    n_target: int,
    known: set[tuple[int, int]],
    prior: float,
) -> _Direction:
    """Lay out the entries: per segment, target-major, source column 0 = nothing (id -1)."""
    pair_parts: list[IntArray] = []
    offsets: list[int] = []
    shapes: list[tuple[int, int]] = []
    total = 0
    for src, tgt in zip(sources, targets, strict=True):
        s = np.asarray([-1, *src], dtype=np.int64)
        t = np.asarray(tgt, dtype=np.int64)
        offsets.append(total)
        shapes.append((len(t), len(s)))
        # Pair code: (source + 1) * n_target + target, so "nothing" is source 0.
        codes = ((s + 1)[None, :] * n_target + t[:, None]).ravel()
        pair_parts.append(codes)
        total += codes.size
    offsets.append(total)
    codes = np.concatenate(pair_parts) if pair_parts else np.zeros(0, dtype=np.int64)
    unique, pair = np.unique(codes, return_inverse=True)
    source = unique // n_target
    group = np.repeat(
        np.arange(sum(h for h, _ in shapes), dtype=np.int64),
        [w for h, w in shapes for _ in range(h)],
    )
    prior_counts = np.zeros(unique.size, dtype=np.float64)
    if known:
        wanted = np.asarray([(s + 1) * n_target + t for s, t in known], dtype=np.int64)
        where = np.searchsorted(unique, wanted)
        ok = where < unique.size
        ok[ok] = unique[where[ok]] == wanted[ok]
        prior_counts[where[ok]] = prior
    return _Direction(pair.astype(np.int64), group, source, prior_counts, offsets, shapes)


def _train(d: _Direction, iterations: int) -> FloatArray:
    """EM for Model 1; returns the posterior of every entry under the final table."""
    n_pairs = d.source.size
    prob = np.ones(n_pairs, dtype=np.float64)
    n_groups = int(d.group[-1]) + 1 if d.group.size else 0
    for step in range(iterations + 1):
        value = prob[d.pair]
        total = np.bincount(d.group, weights=value, minlength=n_groups)
        posterior: FloatArray = value / total[d.group]
        if step == iterations:
            return posterior
        counts = np.bincount(d.pair, weights=posterior, minlength=n_pairs) + d.prior
        per_source = np.bincount(d.source, weights=counts)
        prob = counts / per_source[d.source]
    return np.zeros(0)  # pragma: no cover - the loop always returns


@dataclass
class Posteriors:
    """Alignment probabilities per segment, in both directions (see the module docstring)."""

    forward: list[FloatArray]
    backward: list[FloatArray]


def _split(d: _Direction, posterior: FloatArray) -> list[FloatArray]:
    return [
        posterior[d.offsets[i] : d.offsets[i + 1]].reshape(d.shapes[i])
        for i in range(len(d.shapes))
    ]


def train_posteriors(
    vietnamese: Sequence[Sequence[str]],
    english: Sequence[Sequence[str]],
    known: Mapping[str, set[str]] | None = None,
    options: ModelOptions | None = None,
) -> Posteriors:
    """Train both directions on the segments' keys and return their alignment posteriors.

    ``known`` maps a Vietnamese syllable key to English word keys known to translate it.
    """
    options = options or ModelOptions()
    vi_ids: dict[str, int] = {}
    en_ids: dict[str, int] = {}
    vi = [[vi_ids.setdefault(w, len(vi_ids)) for w in seg] for seg in vietnamese]
    en = [[en_ids.setdefault(w, len(en_ids)) for w in seg] for seg in english]
    pairs: set[tuple[int, int]] = set()
    for v, words in (known or {}).items():
        if v in vi_ids:
            pairs.update((vi_ids[v], en_ids[e]) for e in words if e in en_ids)
    forward = _direction(vi, en, len(en_ids) or 1, pairs, options.prior)
    backward = _direction(en, vi, len(vi_ids) or 1, {(e, v) for v, e in pairs}, options.prior)
    return Posteriors(
        _split(forward, _train(forward, options.iterations)),
        _split(backward, _train(backward, options.iterations)),
    )
