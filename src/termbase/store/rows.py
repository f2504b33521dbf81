"""The rows the termbase writes, and the statements that write them.

One place builds a ``concepts``, ``terms``, ``occurrences`` or ``history`` row,
so the one-by-one and the bulk write paths store the same values.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termbase.models import Concept, Occurrence, Term
from termbase.normalize import clean, fold_key
from termbase.store.target import ServerTarget, locate

DEFAULT_DB = "termbase.db"
CONCEPT_FIELDS = ("domain", "definition", "note", "score", "frequency")
TERM_FIELDS = ("text", "type", "status", "source", "confidence", "pos", "note")
# From this many new terms on, a bulk write rebuilds the substring index once.
BULK_TERMS = 2000
# Concepts with a score (mined candidates) first, best first; then by id.
CONCEPT_ORDER = "c.score IS NULL, c.score DESC, c.id"
# Ids per IN (...) list: well under SQLite's limit on bound parameters.
CHUNK = 500


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def current_user() -> str:
    """Who is making changes: $TERMBASE_USER, else the login name."""
    user = os.environ.get("TERMBASE_USER")
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def default_db_path() -> Path | ServerTarget:
    """$TERMBASE_DB (a file, or a PostgreSQL server's URL), else ./termbase.db."""
    return locate(os.environ.get("TERMBASE_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class TermRow:
    """A stored term with its ids, as the importer and lookup need it."""

    id: int
    concept_id: int
    term: Term


# The statements every write path uses (one by one, in bulk, mined); an id of None
# lets SQLite choose the next one.
INSERT_CONCEPT = (
    "INSERT INTO concepts (id, domain, definition, note, score, frequency,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_TERM = (
    "INSERT INTO terms (id, concept_id, lang, text, exact_key, tone_key, fold_key, type,"
    " status, source, confidence, pos, note, position, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_HISTORY = (
    "INSERT INTO history (concept_id, term_id, field, old_value, new_value,"
    " changed_at, changed_by, command) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_OCCURRENCE = (
    "INSERT INTO occurrences (term_id, document, line, col, context, document_id)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_COUNT = "INSERT INTO term_counts (term_id, document_id, surface, count) VALUES (?, ?, ?, ?)"


def term_row_from(r: Sequence[Any]) -> TermRow:
    """A ``TermRow`` from a row of ``SELECT id, concept_id, lang, text, type, status,
    source, confidence, pos, note FROM terms``."""
    return TermRow(
        int(r[0]),
        int(r[1]),
        Term(
            lang=r[2],
            text=r[3],
            type=r[4],
            status=r[5],
            source=r[6],
            confidence=r[7],
            pos=r[8],
            note=r[9],
        ),
    )


def concept_row(concept_id: int | None, concept: Concept, stamp: str) -> tuple[Any, ...]:
    """A ``concepts`` row (``INSERT_CONCEPT``)."""
    return (
        concept_id, optional_text(concept.domain), optional_text(concept.definition),
        optional_text(concept.note), concept.score, concept.frequency, stamp, stamp,
    )  # fmt: skip


def term_row(
    term_id: int | None, concept_id: int, term: Term, text: str, key: str, position: int, stamp: str
) -> tuple[Any, ...]:
    """A ``terms`` row (``INSERT_TERM``): ``text`` cleaned, ``key`` its tone key."""
    return (
        term_id, concept_id, term.lang, text, text.casefold(), key, fold_key(text), term.type,
        term.status, optional_text(term.source), term.confidence, optional_text(term.pos),
        optional_text(term.note), position, stamp, stamp,
    )  # fmt: skip


def occurrence_row(
    term_id: int, occ: Occurrence, document_id: int | None = None
) -> tuple[Any, ...]:
    """An ``occurrences`` row (``INSERT_OCCURRENCE``)."""
    return (term_id, occ.document, occ.line, occ.column, optional_text(occ.context), document_id)


def occurrence_rows_of(term_id: int, term: Term) -> list[tuple[Any, ...]]:
    """The rows of a new term's occurrences, each once."""
    return [occurrence_row(term_id, o) for o in dict.fromkeys(term.occurrences)]


def optional_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = clean(value)
    return value or None


@dataclass
class NewRows:
    """Rows of new concepts and terms for one bulk write, numbered ahead.

    SQLite gives a new row the largest id so far plus one: numbering the rows
    here the same way lets one ``executemany`` per table write what one-by-one
    inserts would have.
    """

    stamp: str
    user: str
    command: str | None
    next_term: int
    concepts: list[tuple[Any, ...]] = field(default_factory=list)
    terms: list[tuple[Any, ...]] = field(default_factory=list)
    history: list[tuple[Any, ...]] = field(default_factory=list)
    occurrences: list[tuple[Any, ...]] = field(default_factory=list)
    counts: list[tuple[int, int, str, int]] = field(default_factory=list)

    def add_concept(self, concept_id: int, concept: Concept) -> None:
        """A new concept (without its terms) and its history row."""
        self.concepts.append(concept_row(concept_id, concept, self.stamp))
        self.history.append(
            (concept_id, None, "concept", None, "created", self.stamp, self.user, self.command)
        )

    def add_term(self, concept_id: int, term: Term, text: str, key: str, position: int) -> int:
        """A new term (``text`` cleaned, ``key`` its tone key) and its history row; its id."""
        term_id = self.next_term
        self.next_term += 1
        self.terms.append(term_row(term_id, concept_id, term, text, key, position, self.stamp))
        self.history.append(
            term_created(concept_id, term_id, term, text, self.stamp, self.user, self.command)
        )
        return term_id

    def clear(self) -> None:
        for rows in (self.concepts, self.terms, self.history, self.occurrences, self.counts):
            rows.clear()


def term_created(
    concept_id: int, term_id: int, term: Term, text: str, stamp: str, user: str, command: str | None
) -> tuple[Any, ...]:
    """The history row of a new term."""
    created = f"{term.lang}:{text} ({term.status})"
    return (concept_id, term_id, "term", None, created, stamp, user, command)
