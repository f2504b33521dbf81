"""Plain data carried between the store, the formats and the CLI."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

LANGS = ("vi", "en")
STATUSES = ("candidate", "suggested", "approved", "rejected", "forbidden")
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "variant", "phrase")
# TBX-Basic's partOfSpeech picklist.
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "properNoun", "other")


@dataclass(frozen=True)
class Occurrence:
    """Where a term was seen: document, 1-based line and column, and its sentence."""

    document: str
    line: int | None = None
    column: int | None = None
    context: str | None = None


@dataclass(frozen=True)
class Term:
    """One designation of a concept in one language."""

    lang: str
    text: str
    type: str = "fullForm"
    status: str = "candidate"
    source: str | None = None
    confidence: float | None = None
    pos: str | None = None
    note: str | None = None
    occurrences: tuple[Occurrence, ...] = ()


@dataclass(frozen=True)
class Exported:
    """What termbase wrote for a concept into a review file (PO, TBX), read back from it.

    ``revision`` fingerprints the concept's decisions at export
    (:func:`termbase.merge.revision`); ``target`` is the term a PO entry showed
    (its text and status), or None when the msgstr was left empty.  The import
    compares them with the termbase now and with the file's msgstr, to tell a
    change made here since the export from one the reviewer made.  A file of
    whole concepts (TBX) says instead in ``edited`` whether the terms or their
    statuses differ from what it was exported with (None: not known).
    """

    revision: str
    target: Term | None = None
    edited: bool | None = None


@dataclass(frozen=True)
class Concept:
    """A unit of meaning holding its Vietnamese and English terms.

    ``id`` is the termbase's id when the concept came from (or goes to) a
    termbase; files carry it so that a reviewed file finds its concept again.
    ``exported``: what a review file recorded of it (see :class:`Exported`).
    """

    id: int | None = None
    domain: str | None = None
    definition: str | None = None
    note: str | None = None
    score: float | None = None
    frequency: int | None = None
    terms: tuple[Term, ...] = field(default=())
    exported: Exported | None = None

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.lang == lang)


# -- mined rows: what mining hands the store -------------------------------------


class DocumentRecord(NamedTuple):
    """A mined document to record: its key (the path), name, content digest and size."""

    key: str
    name: str
    digest: str
    words: int


class SavedDocument(NamedTuple):
    """A recorded document: its id, and whether it was mined before with other content.

    A replaced document's counts and occurrences are dropped; ``counted`` names
    the concepts they counted in it.
    """

    id: int
    replaced: bool
    counted: list[int]


class TermCount(NamedTuple):
    """How often one surface form of a term occurs in one mined document."""

    document_id: int
    surface: str
    times: int


class DocumentOccurrence(NamedTuple):
    """An occurrence of a term in one mined document."""

    document_id: int
    occurrence: Occurrence


@dataclass(frozen=True)
class MinedTermRow:
    """A mined term to store, with its counts and a few occurrences."""

    lang: str
    text: str
    type: str
    status: str
    source: str | None
    counts: Sequence[TermCount]
    occurrences: Sequence[DocumentOccurrence]


@dataclass(frozen=True)
class MinedConceptRow:
    """A mined concept to store: new (``concept_id`` None) or merged into a stored one."""

    concept_id: int | None
    score: float
    terms: Sequence[MinedTermRow]


class StatusTerm(NamedTuple):
    """An approved or forbidden term of a concept that has an approved term (for ``check``)."""

    concept_id: int
    lang: str
    text: str
    status: str


STATUS_RANK = {"approved": 0, "suggested": 1, "candidate": 2, "rejected": 3, "forbidden": 4}


def best_term(concept: Concept, lang: str) -> Term | None:
    """The term a tool should show for ``lang``: approved first, then most confident."""
    usable = [t for t in concept.terms_in(lang) if t.status not in ("rejected", "forbidden")]
    if not usable:
        return None
    return min(usable, key=lambda t: (STATUS_RANK[t.status], -(t.confidence or 0.0)))


def without_guesses(concept: Concept, min_confidence: float) -> Concept:
    """``concept`` without its suggested terms less confident than ``min_confidence``.

    Approved, candidate, rejected and forbidden terms stay: only a machine's guess
    is hidden, never a person's decision.
    """
    if min_confidence <= 0:
        return concept
    terms = tuple(
        t
        for t in concept.terms
        if t.status != "suggested" or (t.confidence or 0.0) >= min_confidence
    )
    return concept if len(terms) == len(concept.terms) else replace(concept, terms=terms)


# A country-dependent title or body carries its country in the domain: "government: Russia".
_COUNTRY_DOMAIN = re.compile(r"^(?:government|military|politics|law)\s*:\s*(?P<country>.+)$")


def domain_country(domain: str | None) -> str | None:
    """The country a concept's domain names ("government: Russia" → "Russia"), if any."""
    match = _COUNTRY_DOMAIN.match(domain or "")
    return match["country"].strip() if match else None


# The same domains without a country mark the country-neutral concept of a title or body
# that several countries have ("Bộ Quốc phòng": defence ministry), see glossary/README.md.
_NEUTRAL_DOMAINS = frozenset({"government", "military", "politics", "law"})


def neutral_domain(domain: str | None) -> bool:
    """A title or body of no country in particular: a domain like "government" alone."""
    return (domain or "").strip().lower() in _NEUTRAL_DOMAINS
