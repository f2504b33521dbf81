"""Whole-term matches in the curated glossary and in other approved concepts.

A candidate whose Vietnamese term (or a variant) equals, up to tone-mark
placement and case, a term of an approved concept gets that concept's
English, the preferred term first.  Several concepts may share the term: a
title is a different concept per country ("Thứ trưởng Ngoại giao": Deputy
Secretary of State in the US, Deputy Foreign Minister in Russia).  Each is
suggested, ranked by how often the candidate's contexts name its country.
"""

from __future__ import annotations

from collections.abc import Sequence

from termbase.normalize import tone_key
from termbase.suggest.sources import Candidate, Suggestion, clamp
from termbase.suggest.sources.lexicon import Entry, Lexicon

SINGLE = 0.95  # one concept holds the term
SHARED = 0.82  # several do, before country cues
CUE_WEIGHT = 0.13
# Vietnamese press with no country named usually means Viet Nam's own body or title.
HOME_COUNTRY = "Viet Nam"


def count_cues(contexts: Sequence[str], cues: Sequence[str]) -> int:
    """How many times any cue (a tone key) occurs as whole words in the contexts."""
    total = 0
    for context in contexts:
        text = f" {tone_key(context)} "
        for cue in cues:
            total += text.count(f" {cue} ") + text.count(f" {cue},") + text.count(f" {cue}.")
    return total


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
        weights = self._weights([e for e, _ in matches], candidate.contexts)
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

    def _weights(
        self, entries: Sequence[Entry], contexts: Sequence[str]
    ) -> list[tuple[float, str]]:
        if len(entries) == 1:
            return [(SINGLE, "")]
        counts = []
        for entry in entries:
            country = entry.country
            n = count_cues(contexts, self.lexicon.country_cues(country)) if country else 0
            counts.append(n)
        total = sum(counts)
        out: list[tuple[float, str]] = []
        for i, (entry, n) in enumerate(zip(entries, counts, strict=True)):
            country = entry.country or "no country"
            others = f"{len(entries)} glossary concepts share this term"
            if total:
                weight = SHARED + CUE_WEIGHT * n / total - 0.001 * i
                why = f"{others}; the contexts name {country} {n} of {total} times"
            else:
                home = (entry.country or "").lower() == HOME_COUNTRY.lower()
                weight = SHARED + (0.02 if home else 0.0) - 0.001 * i
                why = f"{others}; no country named in the contexts" + (
                    f", so {HOME_COUNTRY}'s first" if home else ""
                )
            out.append((weight, why))
        return out
