"""Finding terms whatever way the user typed them.

Tiers are tried in order and the first that finds something wins, so the
user is told how loose the match was: exact, tone-insensitive ("hoà" for
"hòa"), diacritic-insensitive ("on dinh" for "ổn định"), prefix or substring,
and finally fuzzy for typos ("strategic stabilty").

:func:`concepts_named` is the strict path for commands that name one term
(``show``, ``suggest``), and :func:`term_span` finds a term in a context, for
highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass

from termbase.errors import InputError
from termbase.models import STATUS_RANK, Concept, domain_country
from termbase.normalize import clean, exact_key, fold_key, i_y_variant, tone_key
from termbase.store import Termbase

TIERS = ("exact", "tone-insensitive", "diacritic-insensitive", "prefix", "contains", "fuzzy")
FUZZY_CUTOFF = 80.0


@dataclass(frozen=True)
class LookupResult:
    """The concepts found and the tier that found them."""

    query: str
    tier: str
    concepts: list[Concept]


def _rank(concepts: list[Concept]) -> list[Concept]:
    """Approved concepts first; among them a country's own title or body after the
    country-neutral one the same words name ("Thứ trưởng Ngoại giao": deputy foreign
    minister before the US, Russian and Chinese posts); then by score, keeping the
    tier's own order otherwise.  A query that names the country finds only that
    country's concept at the exact tiers, so this orders bare terms only.
    """

    def best_status(c: Concept) -> int:
        return min((STATUS_RANK.get(t.status, 9) for t in c.terms), default=9)

    return sorted(
        concepts,
        key=lambda c: (best_status(c), domain_country(c.domain) is not None, -(c.score or 0.0)),
    )


def lookup_term(
    tb: Termbase, query: str, lang: str | None = None, limit: int = 10, contexts: int = 3
) -> LookupResult | None:
    """Look ``query`` up through the tiers; None when no tier finds anything."""
    text = clean(query)
    if not text:
        raise InputError("the query is empty; type a Vietnamese or English term")
    exact, tone, fold = exact_key(text), tone_key(text), fold_key(text)
    for tier in TIERS:
        if tier == "exact":
            ids, rank = tb.match_terms("exact_key", exact, lang), True
        elif tier == "tone-insensitive":
            ids, rank = _either_spelling(tb, "tone_key", tone, lang), True
        elif tier == "diacritic-insensitive":
            ids, rank = _either_spelling(tb, "fold_key", fold, lang), True
        elif tier == "prefix":
            ids, rank = tb.prefix_terms(fold, lang, limit), False
        elif tier == "contains":
            ids, rank = tb.contains_terms(fold, lang, limit), False
        else:
            ids, rank = _fuzzy(tb, fold, lang, limit), False
        if ids:
            concepts = tb.load_concepts(ids if rank else ids[:limit], contexts=contexts)
            if rank:
                concepts = _rank(concepts)
            return LookupResult(query=text, tier=tier, concepts=concepts[:limit])
    return None


def _either_spelling(tb: Termbase, column: str, key: str, lang: str | None) -> list[int]:
    """Terms with this key, or with its other spelling of "i"/"y" ("tỉ lệ" finds "tỷ lệ")."""
    ids = tb.match_terms(column, key, lang)
    other = i_y_variant(key)
    if other is not None:
        ids = list(dict.fromkeys([*ids, *tb.match_terms(column, other, lang)]))
    return ids


def _fuzzy(tb: Termbase, key: str, lang: str | None, limit: int) -> list[int]:
    """Concept ids whose terms are within a few typos of ``key``, closest first."""
    # ratio = 2M / (len(a) + len(b)) >= c bounds len(b) between c/(2-c) and (2-c)/c of len(a).
    cut = FUZZY_CUTOFF / 100
    low = int(len(key) * cut / (2 - cut))
    high = int(len(key) * (2 - cut) / cut) + 1
    term_ids, choices = tb.fold_keys(low, high)
    if not choices:
        return []
    # Extra matches make up for those another language's filter drops.
    from rapidfuzz import fuzz, process  # here: the other tiers need none of it

    matches = process.extract(
        key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit * 8
    )
    return tb.concepts_of_terms([int(term_ids[index]) for _, _, index in matches], lang)[
        : limit * 4
    ]


def concepts_named(tb: Termbase, text: str, lang: str | None = None) -> list[int]:
    """Concepts with a term written ``text`` up to tone placement and case, else its diacritics.

    ``lang`` None looks at Vietnamese terms, then English ones, then both without
    diacritics.  No prefix or fuzzy tier: the user names a term.
    """
    for each in (lang,) if lang else ("vi", "en"):
        ids = tb.concepts_with_term(each, text)
        if ids:
            return ids
    return tb.match_terms("fold_key", fold_key(text), lang)


def term_span(context: str, text: str) -> tuple[int, int] | None:
    """Where ``text`` stands in ``context``: ignoring case, else with another tone placement."""
    start = context.casefold().find(text.casefold())
    if start < 0:
        # Another tone placement ("hoà" for "hòa"): compare word by word.
        key = tone_key(text)
        words = context.split(" ")
        n = len(text.split(" "))
        for i in range(len(words) - n + 1):
            if tone_key(" ".join(words[i : i + n])) == key:
                start = len(" ".join(words[:i])) + (1 if i else 0)
                break
    if start < 0:
        return None
    return start, start + len(text)
