"""The termbase, in an SQLite file or on a PostgreSQL server: the only package that speaks SQL.

Every command opens the termbase with :func:`open_db` and does its writes
inside one :meth:`Termbase.transaction`, so a failure leaves it as it was.

Two engines, one SQL: the statements are written once, in the SQL both
understand, and :mod:`.postgres` rewrites SQLite's few own forms for
PostgreSQL (placeholders, ``INSERT OR IGNORE``, ``x IS ?``) behind a connection
with sqlite3's calls (:mod:`.dbapi`).  Why a small layer of our own and not
SQLAlchemy Core: only a handful of statements differ (the substring search and
a string aggregate ask ``self.dialect``), rewriting 3,000 lines of SQL tuned
for SQLite (bulk ``executemany`` of tuples, the memory's packed word index) as
expressions would gain nothing, and importing SQLAlchemy 2.1 takes about 0.28 s
(``python -X importtime``, this machine idle), against an aim of 0.15 s for a
command's whole start-up.

Why this shape: a command's writes share one connection, one transaction and
one timestamp, so :class:`Termbase` stays one object and callers keep saying
``tb.add_term(...)``.  Its parts are mix-ins, each one level over
:class:`~.concepts.ConceptStore` (connection, clock, concept and term writes
with their history, which every part writes through) and none over another:
:mod:`.queries` (reads, lookup), :mod:`.documents` (mined documents, counts),
:mod:`.suggestions` (suggestion targets, MT cache), :mod:`.decisions` (approve,
reject, forbid, history, undo), :mod:`.review` (the review queue, skips).  The
store keeps no state between calls but the open transaction's time; a mining
run's own (which score counts, which concepts to leave alone) lives in
:mod:`termbase.mining.concepts`.
:mod:`.rows` builds the rows every write path stores; :mod:`.migrations` the schema;
:mod:`.connection` opens a file (read-only, foreign, older or newer schema) or a server;
:mod:`.maintenance` backs a file up and checks it (``termbase backup``, ``doctor``);
:mod:`.copying` copies a whole termbase between engines (``termbase copy``).
"""

from __future__ import annotations

from pathlib import Path

from termbase.store.connection import Upgrade, connect_server, connect_termbase
from termbase.store.decisions import Decisions, HistoryEntry, TermFilter
from termbase.store.documents import MinedDocuments
from termbase.store.memory import MemoryStore
from termbase.store.queries import Queries
from termbase.store.review import ReviewFilter, ReviewQueue
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
from termbase.store.target import DbTarget, ServerTarget, locate

__all__ = [
    "BULK_TERMS",
    "CONCEPT_FIELDS",
    "CONCEPT_ORDER",
    "DEFAULT_DB",
    "TERM_FIELDS",
    "DbTarget",
    "HistoryEntry",
    "ReviewFilter",
    "ServerTarget",
    "TermFilter",
    "TermRow",
    "Termbase",
    "Upgrade",
    "current_user",
    "default_db_path",
    "locate",
    "now",
    "open_db",
]


class Termbase(Queries, MinedDocuments, Suggestions, MemoryStore, Decisions, ReviewQueue):
    """An open termbase: concepts, terms, mined documents, suggestions, memory, decisions."""


def open_db(
    path: Path | str | ServerTarget | None = None,
    create: bool = True,
    timeout: float | None = None,
) -> Termbase:
    """Open (and, when ``create``, create) the termbase at ``path``, migrated.

    A file that cannot be written opens read-only; an older schema is migrated
    after a copy of the file is kept beside it (``tb.upgrade`` says where);
    another program's database or a newer termbase's is refused untouched.
    ``timeout``: seconds a write waits for another one (default
    $TERMBASE_BUSY_TIMEOUT, else 60).
    """
    where = locate(path) if path is not None else default_db_path()
    if isinstance(where, ServerTarget):
        opened = connect_server(where, create, timeout)
    else:
        opened = connect_termbase(where, create, timeout)
    tb = Termbase(
        opened.conn,
        where,
        readonly=opened.readonly,
        upgrade=opened.upgrade,
        timeout=opened.timeout,
    )
    tb.created = opened.created
    return tb
