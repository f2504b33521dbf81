"""The SQLite termbase: the only package that speaks SQL.

Every command opens the termbase with :func:`open_db` and does its writes
inside one :meth:`Termbase.transaction`, so a failure leaves the file as it was.

Why this shape: a command's writes share one connection, one transaction and
one timestamp, so :class:`Termbase` stays one object and callers keep saying
``tb.add_term(...)``.  Its parts are mix-ins, each one level over
:class:`~.concepts.ConceptStore` (connection, clock, concept and term writes
with their history, which every part writes through) and none over another:
:mod:`.queries` (reads, lookup), :mod:`.documents` (mined documents, counts),
:mod:`.suggestions` (suggestion targets, MT cache).  The store keeps no state
between calls but the open transaction's time; a mining run's own (which score
counts, which concepts to leave alone) lives in :mod:`termbase.mining.concepts`.
:mod:`.rows` builds the rows every write path stores; :mod:`.migrations` the schema.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from termbase.errors import InputError
from termbase.store.documents import MinedDocuments
from termbase.store.memory import MemoryStore
from termbase.store.migrations import apply_migrations
from termbase.store.queries import Queries
from termbase.store.rows import (
    BULK_TERMS,
    CONCEPT_FIELDS,
    CONCEPT_ORDER,
    DEFAULT_DB,
    TERM_FIELDS,
    TermRow,
    current_user,
    default_db_path,
    now,
)
from termbase.store.suggestions import Suggestions

__all__ = [
    "BULK_TERMS",
    "CONCEPT_FIELDS",
    "CONCEPT_ORDER",
    "DEFAULT_DB",
    "TERM_FIELDS",
    "TermRow",
    "Termbase",
    "current_user",
    "default_db_path",
    "now",
    "open_db",
]


class Termbase(Queries, MinedDocuments, Suggestions, MemoryStore):
    """An open termbase: concepts and terms, mined documents, suggestions, translation memory."""


def open_db(path: Path | str | None = None, create: bool = True) -> Termbase:
    """Open (and, when ``create``, create) the termbase at ``path``, migrated."""
    path = Path(path) if path is not None else default_db_path()
    if path.is_dir():
        raise InputError(f"{path}: is a directory; pass a database file with --db")
    if not path.exists() and not create:
        raise InputError(
            f"no termbase at {path}; create one with 'termbase init' or pass --db PATH"
        )
    if not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist; create it first")
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        with db.atomic():
            apply_migrations(db)
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"{path}: not a termbase database ({exc}); pass another file with --db"
        ) from None
    return Termbase(db, path)
