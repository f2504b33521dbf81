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

**No scan.** Exact keys are looked up first by hash; when they fill the
limit at 100 the index is not asked at all. Otherwise the word index gives every unit
that can reach the score (:mod:`.candidates`: a length window, the rarest tokens
by pigeonhole, a bound on the tokens shared), and those are re-ranked by exact
token distance over their token codes (rapidfuzz). Recall is exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from termbase.errors import InputError
from termbase.tm.candidates import DEFAULT_LIMITS, SearchLimits, candidates, plan, window
from termbase.tm.segments import Analysis, analyse, key_hash, markup_from_text
from termbase.tm.units import Match

if TYPE_CHECKING:
    from termbase.store import Termbase

__all__ = ["DEFAULT_LIMITS", "SearchLimits", "search_memory", "window", "word_score"]


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
    exact = tb.tm_exact(lang, key_hash(" ".join(keys)))
    found = {c.id: 100 for c in exact if c.key.split(" ") == keys}  # id -> word score
    matches = _ranked(tb, query, lang, found, min_score, limit)
    if len(matches) == limit and matches[-1].score == 100:
        return matches  # no other unit can score 100
    found.update(_fuzzy(tb, keys, lang, min_score, limits))
    return _ranked(tb, query, lang, found, min_score, limit)


def _fuzzy(
    tb: Termbase, keys: list[str], lang: str, min_score: int, limits: SearchLimits
) -> dict[int, int]:
    query = plan(tb, lang, keys, min_score)
    if query is None:
        return {}
    ids = candidates(tb, lang, query, len(keys), min_score, limits).tolist()
    n = len(keys)
    code = query.code
    found: dict[int, int] = {}
    distance = Levenshtein.distance
    for unit_id, other in tb.tm_codes(lang, ids):
        allowed = (100 - min_score) * max(n, len(other)) // 100
        d = distance(code, other, score_cutoff=allowed)
        if d <= allowed:
            found[unit_id] = word_score(d, n, len(other))
    return found


def _ranked(
    tb: Termbase, query: Analysis, lang: str, found: dict[int, int], min_score: int, limit: int
) -> list[Match]:
    """The best ``limit`` of ``found`` (id -> word score) once minor marks are counted.

    Marks only lower a score: units are looked at best word score first, until
    the next one's word score is below the ``limit``-th best score found.
    """
    order = sorted(found, key=lambda i: (-found[i], i))
    matches: list[Match] = []
    step = limit * 2 + 10
    for start in range(0, len(order), step):
        chunk = order[start : start + step]
        if len(matches) >= limit and found[chunk[0]] < matches[limit - 1].score:
            break
        units = tb.tm_units(chunk)
        for unit in units.values():
            other = analyse(unit.vi if lang == "vi" else unit.en)
            minor = minor_differences(query, other)
            # From the keys themselves: codes shared past 1.1M tokens must not count.
            distance = Levenshtein.distance(query.keys, other.keys)
            score = word_score(distance, len(query.keys), len(other.keys)) - len(minor)
            if score >= min_score:
                changed = changed_tokens(query.keys, other.keys)
                matches.append(Match(unit, score, minor, changed))
        matches.sort(key=lambda m: (-m.score, -m.unit.count, m.unit.id))
    return matches[:limit]
