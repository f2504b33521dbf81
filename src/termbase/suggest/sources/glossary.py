"""Whole-term matches in the curated glossary and in other approved concepts.

A candidate whose Vietnamese term (or a variant) equals, up to tone-mark
placement and case, a term of an approved concept gets that concept's
English, the preferred term first.  Several concepts may share the term: a
title is a different concept per country ("Thứ trưởng Ngoại giao": Deputy
Secretary of State in the US, Deputy Foreign Minister of Russia), beside a
country-neutral one ("deputy foreign minister").  Which comes first is read
from the words attached to each occurrence (:mod:`.country`): a country
named right after the term, an official's name, "nước này".  Only when they
make the term stand for one country in every occurrence (see
:func:`settled_country`) does its concept come first; otherwise the neutral
English does, with the countries' forms as alternatives that say how many
occurrences name their country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from termbase.normalize import tone_key
from termbase.suggest.sources import Candidate, Suggestion, clamp
from termbase.suggest.sources.country import Reading
from termbase.suggest.sources.lexicon import Entry, Lexicon

SINGLE = 0.95  # one concept holds the term
SHARED = 0.82  # several do, before country cues
CUE_WEIGHT = 0.13
# Several countries' concepts and a neutral one share the term:
OWN = 0.92  # the concept of the one country the attached words name
NEUTRAL = 0.9  # the neutral concept, when they name no single country
NEUTRAL_BEHIND = 0.78  # the neutral concept, behind the named country's
OTHER = 0.5  # another country's concept, plus up to OTHER_CUE by the share naming it
OTHER_CUE = 0.2
# Vietnamese press with no country named usually means Viet Nam's own body or title;
# only where the glossary has no neutral concept for the term.
HOME_COUNTRY = "Viet Nam"


def settled_country(readings: Sequence[Reading]) -> str | None:
    """The country the term itself stands for in every occurrence, if there is one.

    Every occurrence must name that country, and at least one through an official's
    name or "nước này": where only a country's name follows ("Thứ trưởng Ngoại giao
    Nga"), the text wrote the longer term, which is a candidate of its own, and the
    bare term stays a title of no country in particular.  One occurrence that names
    no country, or another, or several, leaves it so too: its neutral English first.
    """
    named = Counter(r.country for r in readings if r.country)
    if len(named) != 1 or all(r.by == "name" for r in readings):
        return None
    country, n = next(iter(named.items()))
    return country if n == len(readings) else None


class GlossarySource:
    """English of the approved concepts that share the candidate's Vietnamese term."""

    name = "glossary"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        return [self._one(c) for c in candidates]

    def _one(self, candidate: Candidate) -> list[Suggestion]:
        matches: list[tuple[Entry, str]] = []
        for term in candidate.vietnamese:
            key = tone_key(term.text)
            for entry in self.lexicon.entries_for(key):
                if entry.concept_id != candidate.concept_id and all(
                    e.concept_id != entry.concept_id for e, _ in matches
                ):
                    # An acronym on either side ("INF") asks for the English acronym.
                    matched = next(t for t in entry.vietnamese if tone_key(t.text) == key)
                    short = {term.type, matched.type} & {"acronym", "abbreviation"}
                    matches.append((entry, "acronym" if short else term.type))
        if not matches:
            return []
        weights = self._weights([e for e, _ in matches], candidate)
        out: list[Suggestion] = []
        for (entry, vi_type), (weight, why) in zip(matches, weights, strict=True):
            acronym = vi_type in ("acronym", "abbreviation")
            ordered = sorted(
                entry.english,
                key=lambda t: (t.type in ("acronym", "abbreviation")) != acronym,
            )
            for rank, term in enumerate(ordered):
                same_kind = (term.type in ("acronym", "abbreviation")) == acronym
                confidence = weight * (0.97**rank) * (1.0 if same_kind else 0.85)
                where = f"{entry.label} concept {entry.concept_id}"
                if entry.domain:
                    where += f" ({entry.domain})"
                evidence = f"{where}: {'preferred' if rank == 0 else 'also'} English"
                if why:
                    evidence += f"; {why}"
                out.append(
                    Suggestion(term.text, entry.label, clamp(confidence), evidence, term.type)
                )
        return out

    def _weights(self, entries: Sequence[Entry], candidate: Candidate) -> list[tuple[float, str]]:
        if len(entries) == 1:
            return [(SINGLE, "")]
        lexicon = self.lexicon
        readings = lexicon.country_reader().read(
            [t.text for t in candidate.vietnamese], candidate.contexts
        )
        named = Counter(r.country for r in readings if r.country)
        settled = settled_country(readings)
        keys = [lexicon.country_key(e.country) if e.country else None for e in entries]
        others = f"{len(entries)} glossary concepts share this term"
        total = len(readings)
        if any(e.neutral for e in entries):
            out: list[tuple[float, str]] = []
            for i, (entry, key) in enumerate(zip(entries, keys, strict=True)):
                if key is not None:
                    n = named[key]
                    name = lexicon.country_name(key)
                    why = f"{name}: {n} of {total} occurrences name {name} right after the term"
                    weight = OWN if key == settled else OTHER + OTHER_CUE * n / (total or 1)
                elif entry.neutral:
                    weight = NEUTRAL_BEHIND if settled else NEUTRAL
                    why = "country-neutral English; " + self._summary(readings, named)
                else:
                    weight, why = SHARED, others
                out.append((weight - 0.001 * i, why))
            return out
        counted = sum(named[k] for k in keys if k is not None)
        out = []
        for i, (entry, key) in enumerate(zip(entries, keys, strict=True)):
            n = named[key] if key is not None else 0
            country = entry.country or "no country"
            if counted:
                weight = SHARED + CUE_WEIGHT * n / counted - 0.001 * i
                why = f"{others}; {n} of {total} occurrences name {country} right after the term"
            else:
                home = (entry.country or "").lower() == HOME_COUNTRY.lower()
                weight = SHARED + (0.02 if home else 0.0) - 0.001 * i
                why = f"{others}; no country named right after the term" + (
                    f", so {HOME_COUNTRY}'s first" if home else ""
                )
            out.append((weight, why))
        return out

    def _summary(self, readings: Sequence[Reading], named: Counter[str]) -> str:
        """In words: which countries the attached words name, over how many occurrences."""
        total = len(readings)
        if not total:
            return "no occurrence in the contexts to tell a country by"
        parts = [f"{n} {self.lexicon.country_name(k)}" for k, n in named.most_common()]
        several = sum(r.several for r in readings)
        if several:
            parts.append(f"{several} several countries")
        if not parts:
            return f"none of {total} occurrences names a country right after the term"
        return f"of {total} occurrences, right after the term: " + ", ".join(parts)
