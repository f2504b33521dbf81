"""Confidence as probability: each source's scores mapped to the share found right.

A source scores its suggestions on its own scale (the compositional source's
0.6 and the dictionary's 0.6 did not mean the same thing).  After the sources
agree or disagree (:func:`termbase.suggest.engine.merge`), the merged score is
mapped through a table fitted per source on development lists by
``bench/calibrate.py``: an isotonic (monotone) fit of "was this suggestion
right" against the score, so that a suggestion shown with 0.8 is right about
eight times in ten on text like the development lists.  The table is
``data/calibration.tsv`` (``source``, ``score``, ``probability`` knots, read
between knots by straight lines); a source without a row keeps its score.  A
suggestion ranked after a concept's first is read on its source's
``alternative`` curve: for the same score it is right far less often.

``bench/eval_suggest.py`` prints the reliability table (confidence bands →
share right) on lists the fit never saw; ``bench/RESULTS.md`` keeps it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

TABLE = "calibration.tsv"
# The suffix of a source's curve for its suggestions not ranked first.
ALTERNATIVE = " alternative"


@dataclass(frozen=True)
class Curve:
    """A monotone map from a source's score to a probability: knots read by straight lines."""

    scores: tuple[float, ...]
    probabilities: tuple[float, ...]

    def __call__(self, score: float) -> float:
        xs, ys = self.scores, self.probabilities
        if score <= xs[0]:
            return ys[0]
        if score >= xs[-1]:
            return ys[-1]
        i = bisect.bisect_right(xs, score)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (score - x0) / (x1 - x0)


@dataclass(frozen=True)
class Calibration:
    """One curve per source; sources without one keep their score."""

    curves: Mapping[str, Curve]

    def __call__(self, source: str, score: float, alternative: bool = False) -> float:
        """``score`` of ``source`` as a probability; ``alternative``: not ranked first.

        A source's first suggestion and the ones ranked after it are right at
        different rates for the same score (the glossary's country-specific forms
        beside its neutral one), so the table may fit them apart: the rows of
        ``"<source> alternative"``.  Without such rows both share one curve.
        """
        name = "mt" if source.startswith("mt:") else source
        curve = self.curves.get(f"{name}{ALTERNATIVE}") if alternative else None
        if curve is None:
            curve = self.curves.get(source) or self.curves.get(name)
        return score if curve is None else curve(score)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, float, float]]) -> Calibration:
        knots: dict[str, list[tuple[float, float]]] = {}
        for source, score, probability in rows:
            knots.setdefault(source, []).append((score, probability))
        curves = {}
        for source, points in knots.items():
            points.sort()
            scores = tuple(x for x, _ in points)
            probabilities = tuple(y for _, y in points)
            if any(b < a for a, b in itertools.pairwise(probabilities)):
                raise ValueError(f"{TABLE}: the curve of {source!r} goes down; refit it")
            curves[source] = Curve(scores, probabilities)
        return cls(curves)


IDENTITY = Calibration({})


@cache
def shipped_calibration() -> Calibration:
    """The table fitted by ``bench/calibrate.py`` and shipped in ``termbase.data``."""
    path = resources.files("termbase.data").joinpath(TABLE)
    if not path.is_file():
        return IDENTITY
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("source\t"):
            continue
        source, score, probability = line.split("\t")[:3]
        rows.append((source, float(score), float(probability)))
    return Calibration.from_rows(rows)


def fit_isotonic(samples: Iterable[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Knots of the monotone fit of ``right`` against ``score`` (pool adjacent violators).

    Blocks are pooled on their plain share right; each block's probability is
    then smoothed towards one half by one right and one wrong pseudo-observation
    (three right answers say 0.8, not 1.0), and held at least as high as the
    block before, since smoothing shifts small blocks more than large ones.  A
    knot is placed at the mean score of each block.
    """
    blocks: list[list[float]] = []  # [sum of scores, right, count]
    for score, right in sorted(samples):
        blocks.append([score, float(right), 1.0])
        while len(blocks) > 1 and blocks[-2][1] * blocks[-1][2] >= blocks[-1][1] * blocks[-2][2]:
            last = blocks.pop()
            for k in range(3):
                blocks[-1][k] += last[k]
    knots: list[tuple[float, float]] = []
    for total, hits, count in blocks:
        probability = round((hits + 1.0) / (count + 2.0), 3)
        if knots:
            probability = max(probability, knots[-1][1])
        knots.append((round(total / count, 3), probability))
    return knots
