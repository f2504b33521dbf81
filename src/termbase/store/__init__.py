"""The SQLite termbase: the only package that speaks SQL.

Every command opens the termbase with :func:`open_db` and does its writes
inside one :meth:`Termbase.transaction`, so a failure leaves the file as it was.
The parts: :mod:`.core` (concepts, terms, occurrences, history), :mod:`.mined`
(mined documents and counts), :mod:`.suggestions` (suggestion targets, the MT
cache).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from termbase.errors import InputError
from termbase.store.core import (
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
from termbase.store.migrations import apply_migrations
from termbase.store.suggestions import SuggestionStore

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


class Termbase(SuggestionStore):
    """An open termbase: concepts and terms, mined documents, suggestions."""


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
