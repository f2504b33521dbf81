"""Fuzzy search: CAT-style match percentages over tokens, candidates from the word index.

**The score.** Both segments become their matching keys (:mod:`.segments`):
words only, case folded, tone placement and NFC/NFD normalised, each number
one placeholder. With ``D`` the token edit distance (Levenshtein over tokens:
a Vietnamese syllable or an English word costs one edit to insert, delete or
replace) and ``n``, ``m`` the token counts, the word score is
``floor(100 * (1 - D / max(n, m)))``, as OmegaT counts it. 100 means the same
words in the same order. Differences that are not words — letter case,
punctuation, the value of numbers, inline markup — each take one point off
(never as much as a word, which costs ``100 / max(n, m)`` ≥ 1), and are named
in the match's ``minor`` marks: 99 "numbers" is the same sentence with another
number.

**No scan.** A match scoring at least ``s`` has ``m`` in
``[ceil(n·s/100), floor(n·100/s)]`` and leaves at most ``d = floor((1 - s/100)·n)``
query tokens unmatched (see :func:`window`), so it lacks at most ``d`` of the
query's distinct tokens: of any ``d + r`` of them it contains at least ``r``
(pigeonhole). The index is asked for units containing ``r`` of the ``d + r``
rarest query tokens (an OR over the ``r``-subsets of ANDs; tokens absent from
the memory count as missed already), with ``r`` chosen per query from the
tokens' document frequencies to make the cheaper of reading posting lists and
re-ranking candidates (:class:`Plan`). Exact keys are looked up first by hash;
when they fill the limit the index is not asked at all. The survivors are
re-ranked by exact token distance (rapidfuzz). Recall is exact unless a query
would need more than ``candidate_cap`` candidates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from termbase.errors import InputError
from termbase.tm.segments import Analysis, analyse, key_hash, markup_from_text
from termbase.tm.units import Candidate, Match

if TYPE_CHECKING:
    from termbase.store import Termbase


@dataclass(frozen=True, slots=True)
class SearchLimits:
    """How much work one search may do."""

    # Most candidates re-ranked per query: bounds the tail (p95) at a million units.
    candidate_cap: int = 5000
    # Most AND-groups in one index query (C(j, r)); beyond it a larger r is not tried.
    max_groups: int = 60
    # Relative cost of one posting read in an AND group against one candidate
    # fetched and re-ranked (bench_tm.py, 20k units: ~0.2 µs against ~4 µs).
    posting_cost: float = 0.05


DEFAULT_LIMITS = SearchLimits()


@dataclass(frozen=True, slots=True)
class Plan:
    """Which index query a search makes: ``required`` of ``tokens`` (or a window scan)."""

    tokens: tuple[str, ...]
    required: int
    shortest: int
    longest: int
    estimate: float

    def expression(self) -> str:
        groups = combinations(self.tokens, self.required)
        return " OR ".join("(" + " AND ".join(f'"{t}"' for t in g) + ")" for g in groups)


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


def plan_query(
    keys: list[str],
    frequencies: dict[str, int],
    size: int,
    min_score: int,
    limits: SearchLimits = DEFAULT_LIMITS,
) -> Plan | None:
    """The cheapest exact index query for ``keys``; None when no unit can match."""
    shortest, longest, edits = window(len(keys), min_score)
    distinct = list(dict.fromkeys(keys))
    absent = sum(1 for t in distinct if frequencies.get(t, 0) == 0)
    present = sorted((t for t in distinct if frequencies.get(t, 0)), key=lambda t: frequencies[t])
    if absent > edits:
        return None
    best: Plan | None = None
    best_cost = math.inf
    for required in range(1, len(present) + 1):
        count = edits - absent + required
        if count > len(present) or math.comb(count, required) > limits.max_groups:
            break
        chosen = present[:count]
        postings = math.comb(count - 1, required - 1) * sum(frequencies[t] for t in chosen)
        estimate = size * _at_least(required, [frequencies[t] / max(size, 1) for t in chosen])
        cost = limits.posting_cost * postings + estimate
        if cost < best_cost:
            best, best_cost = Plan(tuple(chosen), required, shortest, longest, estimate), cost
    if best is None:  # every token may be missing: only the length window bounds it
        best = Plan((), 0, shortest, longest, float(size))
    return best


def _at_least(required: int, probabilities: list[float]) -> float:
    """P(at least ``required`` of independent events happen) (Poisson binomial)."""
    dist = [1.0] + [0.0] * len(probabilities)
    for p in probabilities:
        for k in range(len(dist) - 1, 0, -1):
            dist[k] = dist[k] * (1 - p) + dist[k - 1] * p
        dist[0] *= 1 - p
    return sum(dist[required:])


def word_score(distance: int, n: int, m: int) -> int:
    longest = max(n, m)
    return 100 * (longest - distance) // longest if longest else 100


def minor_differences(query: Analysis, match: Analysis) -> tuple[str, ...]:
    """Which of case, punctuation, numbers, markup differ between two segments."""
    marks = []
    if _case_differs(query, match):
        marks.append("case")
    if query.punctuation != match.punctuation:
        marks.append("punctuation")
    if query.numbers != match.numbers:
        marks.append("numbers")
    if query.tags != match.tags:
        marks.append("markup")
    return tuple(marks)


def _case_differs(query: Analysis, match: Analysis) -> bool:
    for op in Levenshtein.opcodes(query.keys, match.keys):
        if (
            op.tag == "equal"
            and query.cased[op.src_start : op.src_end] != (match.cased[op.dest_start : op.dest_end])
        ):
            return True
    return False


def changed_tokens(query: list[str], match: list[str]) -> tuple[int, ...]:
    """Indexes of the match's tokens that an edit script replaces or inserts."""
    changed: list[int] = []
    for op in Levenshtein.opcodes(query, match):
        if op.tag in ("replace", "insert"):
            changed.extend(range(op.dest_start, op.dest_end))
    return tuple(changed)


def search_memory(
    tb: Termbase,
    text: str,
    lang: str = "vi",
    min_score: int = 70,
    limit: int = 5,
    limits: SearchLimits = DEFAULT_LIMITS,
) -> list[Match]:
    """The best ``limit`` units whose ``lang`` side scores ``min_score`` or more for ``text``."""
    if not 1 <= min_score <= 100:
        raise InputError(f"--min must be between 1 and 100, not {min_score}")
    query = analyse(markup_from_text(text))
    keys = query.keys
    if not keys:
        return []
    found: dict[int, int] = {}  # id -> token distance
    exact = tb.tm_exact(lang, key_hash(" ".join(keys)))
    found.update((c.id, 0) for c in exact if c.key.split(" ") == keys)
    if len(found) < limit:
        found.update(_fuzzy(tb, keys, lang, min_score, limits))
    return _ranked(tb, query, lang, found, min_score, limit)


def _fuzzy(
    tb: Termbase, keys: list[str], lang: str, min_score: int, limits: SearchLimits
) -> dict[int, int]:
    frequencies = tb.tm_document_frequencies(lang, keys)
    plan = plan_query(keys, frequencies, tb.tm_size_estimate(), min_score, limits)
    if plan is None:
        return {}
    candidates: list[Candidate]
    if plan.required == 0:
        candidates = tb.tm_window(lang, plan.shortest, plan.longest, limits.candidate_cap)
    else:
        candidates = tb.tm_candidates(
            lang, plan.expression(), plan.shortest, plan.longest, limits.candidate_cap
        )
    n = len(keys)
    found: dict[int, int] = {}
    distance = Levenshtein.distance
    for candidate in candidates:
        tokens = candidate.key.split(" ")
        allowed = (100 - min_score) * max(n, len(tokens)) // 100
        d = distance(keys, tokens, score_cutoff=allowed)
        if d <= allowed:
            found[candidate.id] = d
    return found


def _ranked(
    tb: Termbase, query: Analysis, lang: str, found: dict[int, int], min_score: int, limit: int
) -> list[Match]:
    if not found:
        return []
    # Minor marks can only lower a score: look at a few more than asked for.
    units = tb.tm_units(sorted(found, key=lambda i: (found[i], i))[: limit * 4 + 10])
    matches = []
    for unit_id, unit in units.items():
        other = analyse(unit.vi if lang == "vi" else unit.en)
        minor = minor_differences(query, other)
        score = word_score(found[unit_id], len(query.keys), len(other.keys)) - len(minor)
        if score >= min_score:
            changed = changed_tokens(query.keys, other.keys)
            matches.append(Match(unit, score, minor, changed))
    matches.sort(key=lambda m: (-m.score, -m.unit.count, m.unit.id))
    return matches[:limit]
