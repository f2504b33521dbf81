"""What a translator sees of a concept in a CAT tool: the ``cat`` export profile.

A CAT tool's glossary pane shows every term of every entry that matches a
segment, with everything the entry carries as its comment. So the ``cat``
profile writes only what a translator can use: the English terms a person
approved and the suggestions confident enough to be worth a look (never raw
candidates, rejected or forbidden terms), a name or acronym English writes the
same way as its own English, and one short note per concept in words (domain,
definition or usage note, one sentence with the term). The evidence behind a
suggestion is written only when asked for.

The ``full`` profile (every other exporter's only one) writes every field, for
a round trip through termbase.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from termbase.models import STATUS_RANK, Concept, Term

PROFILES = ("cat", "full")
# Formats written for a translator's glossary unless --profile full is asked for.
CAT_DEFAULT = frozenset({"tbx2", "omegat", "csv", "tsv"})
# Formats that have a cat profile at all (TBX v3 only when asked for).
CAT_CAPABLE = CAT_DEFAULT | {"tbx"}
CAT_STATUSES = ("approved", "suggested")
# Suggestions below this calibrated confidence are left out of the cat profile.
# On the development lists (bench/eval_suggest.py --dev, reliability of every
# suggestion) suggestions from 0.6 up were right 71-100 % of the time, those
# between 0.4 and 0.6 14-75 %, and those below 0.4 16-64 %: below 0.6 a
# translator would meet a wrong suggestion about as often as a right one.
CAT_MIN_CONFIDENCE = 0.6
# Written at the top of every cat-profile file, so that importing one is refused: it holds
# no statuses and a note in words, and would turn suggestions into candidates.
CAT_MARK = "translators' view (termbase export --profile cat)"
_USABLE = frozenset({"approved", "suggested", "candidate"})
_REFUSED = frozenset({"rejected", "forbidden"})


@dataclass(frozen=True)
class Pair:
    """One glossary line: a source term, a target term, and the comment lines shown with it."""

    concept_id: int | None
    source: Term
    target: Term
    comment: tuple[str, ...]


def same_in_english(text: str) -> bool:
    """A name or acronym in Latin letters, as English writes it ("NATO", "Robert O’Brien")."""
    from termbase.suggest.sources.identity import is_latin_name, looks_english

    plain = text.replace("\u2019", "'")
    return is_latin_name(plain) or looks_english(plain)


def translator_view(
    concept: Concept,
    source_lang: str,
    target_lang: str,
    statuses: Iterable[str],
    min_confidence: float,
) -> Concept | None:
    """``concept`` with only the terms a translator should see, or None when none is left.

    Target terms: those whose status is in ``statuses``, a suggestion only from
    ``min_confidence`` up. Source terms: all but rejected and forbidden ones. A
    source term that is a name or acronym English writes the same way stands
    for its own English when the concept has no target term to show.
    """
    wanted = frozenset(statuses)
    sources = [t for t in concept.terms_in(source_lang) if t.status in _USABLE]
    if not sources:
        return None
    targets = [
        t
        for t in concept.terms_in(target_lang)
        if t.status in wanted
        and (t.status != "suggested" or (t.confidence or 0.0) >= min_confidence)
    ]
    if not targets and not any(t.status in _REFUSED for t in concept.terms_in(target_lang)):
        best = min(sources, key=lambda t: STATUS_RANK[t.status])
        status = "approved" if best.status == "approved" else "suggested"
        if status in wanted and same_in_english(best.text):
            targets = [Term(lang=target_lang, text=best.text, status=status, source="identity")]
    if not targets:
        return None
    targets.sort(key=lambda t: (STATUS_RANK[t.status], -(t.confidence or 0.0)))
    return replace(concept, terms=(*sources, *targets))


def concept_lines(concept: Concept, source: Term) -> list[str]:
    """The concept's note for a translator: domain, definition (or usage note), one context."""
    lines = []
    if concept.domain:
        lines.append(f"Domain: {_flat(concept.domain)}")
    if concept.definition:
        lines.append(f"Definition: {_flat(concept.definition)}")
    elif concept.note:
        lines.append(f"Note: {_flat(concept.note)}")
    context = next((o.context for o in source.occurrences if o.context), None)
    if context:
        lines.append(f"Context: {_flat(context)}")
    return lines


def term_lines(term: Term, evidence: bool) -> list[str]:
    """What a translator should know of one target term: unreviewed, from where, how sure."""
    lines = []
    if term.status != "approved":
        where = f" ({term.source})" if term.source else ""
        sure = "" if term.confidence is None else f", confidence {float(term.confidence):.2f}"
        lines.append(f"Suggestion{where}, not reviewed{sure}")
    if evidence and term.note:
        lines.append(f"Evidence: {_flat(term.note)}")
    return lines


def pairs(concept: Concept, source_lang: str, target_lang: str, evidence: bool) -> Iterator[Pair]:
    """One pair per source term and target term; the concept's note only with a source's first."""
    targets = concept.terms_in(target_lang)
    for source in concept.terms_in(source_lang):
        for position, target in enumerate(targets):
            comment = concept_lines(concept, source) if position == 0 else []
            comment += term_lines(target, evidence)
            yield Pair(concept.id, source, target, tuple(comment))


def _flat(text: str) -> str:
    return " ".join(text.split())
