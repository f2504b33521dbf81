"""Confidence as probability: the isotonic fit, the curves, and the engine applying them."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from termbase.suggest.calibration import (
    Calibration,
    Curve,
    fit_isotonic,
    shipped_calibration,
)
from termbase.suggest.engine import merge
from termbase.suggest.sources import Suggestion


def test_fit_is_the_smoothed_share_right_per_block() -> None:
    # Low scores wrong, high scores right: two blocks.
    samples = [(0.1, False), (0.2, False), (0.3, False), (0.8, True), (0.9, True), (0.95, True)]
    assert fit_isotonic(samples) == [(0.2, 0.2), (0.883, 0.8)]
    # Small blocks are held up by the smoothing, never above a later block.
    one_of_ten = [(0.5 + i / 100, i == 0) for i in range(10)]
    assert fit_isotonic([(0.1, False), *one_of_ten]) == [(0.1, 0.333), (0.545, 0.333)]


def test_fit_pools_a_block_that_would_go_down() -> None:
    # 0.5 right but 0.6 wrong: one pooled block of 1 right in 2, smoothed to 0.5.
    assert fit_isotonic([(0.5, True), (0.6, False)]) == [(0.55, 0.5)]


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=60))
def test_fit_never_goes_down(samples: list[tuple[float, bool]]) -> None:
    knots = fit_isotonic(samples)
    assert all(b[1] >= a[1] for a, b in itertools.pairwise(knots))
    assert all(b[0] >= a[0] for a, b in itertools.pairwise(knots))
    assert all(0 < p < 1 for _, p in knots)


def test_curve_reads_between_knots_and_holds_at_the_ends() -> None:
    curve = Curve((0.2, 0.6), (0.1, 0.9))
    assert curve(0.0) == 0.1
    assert curve(1.0) == 0.9
    assert abs(curve(0.4) - 0.5) < 1e-9


def test_a_source_without_a_curve_keeps_its_score() -> None:
    calibration = Calibration.from_rows([("dictionary", 0.5, 0.9), ("dictionary", 0.9, 0.95)])
    assert calibration("dictionary", 0.7) > 0.9
    assert calibration("compositional", 0.7) == 0.7


def test_the_shipped_table_is_monotone_per_source() -> None:
    calibration = shipped_calibration()
    for curve in calibration.curves.values():
        assert list(curve.scores) == sorted(curve.scores)
        assert all(b >= a for a, b in itertools.pairwise(curve.probabilities))


def test_merge_keeps_the_ranking_and_never_shows_a_lower_one_more_confident() -> None:
    calibration = Calibration.from_rows(
        [
            ("compositional", 0.0, 0.05),
            ("compositional", 1.0, 0.4),
            ("dictionary", 0.0, 0.5),
            ("dictionary", 1.0, 0.95),
        ]
    )
    found = [
        Suggestion("server", "dictionary", 0.8, "dictionary entry"),
        Suggestion("owner machine", "compositional", 0.6, "parts"),
        Suggestion("host", "dictionary", 0.5, "dictionary entry"),
    ]
    assert [(s.text, s.confidence) for s in merge(found, 5)] == [
        ("server", 0.8),
        ("owner machine", 0.6),
        ("host", 0.5),
    ]
    ranked = merge(found, 5, calibration)
    # Calibrated: 0.5 + 0.45 * 0.8, 0.05 + 0.35 * 0.6, then 0.725 held below 0.26.
    assert [(s.text, s.confidence) for s in ranked] == [
        ("server", 0.86),
        ("owner machine", 0.26),
        ("host", 0.259),
    ]


def test_suggestions_after_the_first_are_read_on_the_alternative_curve() -> None:
    # The same score means less for a source's second suggestion (the glossary's
    # country-specific English beside its neutral one): its own curve, when fitted.
    calibration = Calibration.from_rows(
        [
            ("glossary", 0.0, 0.5),
            ("glossary", 1.0, 0.9),
            ("glossary alternative", 0.0, 0.1),
            ("glossary alternative", 1.0, 0.3),
        ]
    )
    assert calibration("glossary", 1.0) == 0.9
    assert calibration("glossary", 1.0, alternative=True) == 0.3
    assert calibration("dictionary", 0.7, alternative=True) == 0.7  # no curve: its score
    found = [
        Suggestion("deputy foreign minister", "glossary", 0.5, "glossary, neutral"),
        Suggestion("Deputy Secretary of State", "glossary", 0.5, "glossary, United States"),
    ]
    ranked = merge(found, 5, calibration)
    assert [(s.text, s.confidence) for s in ranked] == [
        ("deputy foreign minister", 0.7),
        ("Deputy Secretary of State", 0.2),
    ]
    # Without an alternative curve, the first's curve serves both (held strictly below).
    shared = Calibration.from_rows([("glossary", 0.0, 0.5), ("glossary", 1.0, 0.9)])
    assert [s.confidence for s in merge(found, 5, shared)] == [0.7, 0.699]
