"""Schema migrations, applied in order and recorded in the database.

A shipped migration is never edited: change the schema by adding a new
``m00N_…`` function at the end of the list.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

Migration = Callable[["sqlite_utils.Database"], None]

# The triggers that keep the substring index in step with ``terms``; bulk writes
# drop every trigger that writes ``terms_fts`` and rebuild the index instead
# (see ConceptStore.bulk_index).
FTS_INSERT_TRIGGER = """CREATE TRIGGER terms_ai AFTER INSERT ON terms BEGIN
    INSERT INTO terms_fts(rowid, fold_key) VALUES (new.id, new.fold_key);
END"""
# (Their text, indentation included, is what m001 has always stored in sqlite_master.)
FTS_DELETE_TRIGGER = """CREATE TRIGGER terms_ad AFTER DELETE ON terms BEGIN
            INSERT INTO terms_fts(terms_fts, rowid, fold_key)
            VALUES ('delete', old.id, old.fold_key);
        END"""
FTS_UPDATE_TRIGGER = """CREATE TRIGGER terms_au AFTER UPDATE OF fold_key ON terms BEGIN
            INSERT INTO terms_fts(terms_fts, rowid, fold_key)
            VALUES ('delete', old.id, old.fold_key);
            INSERT INTO terms_fts(rowid, fold_key) VALUES (new.id, new.fold_key);
        END"""
FTS_TRIGGERS = {
    "terms_ai": FTS_INSERT_TRIGGER,
    "terms_ad": FTS_DELETE_TRIGGER,
    "terms_au": FTS_UPDATE_TRIGGER,
}
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE concepts (
            id INTEGER PRIMARY KEY,
            domain TEXT,
            definition TEXT,
            note TEXT,
            score REAL,
            frequency INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            exact_key TEXT NOT NULL,
            tone_key TEXT NOT NULL,
            fold_key TEXT NOT NULL,
            type TEXT NOT NULL DEFAULT 'fullForm',
            status TEXT NOT NULL DEFAULT 'candidate',
            source TEXT,
            confidence REAL,
            pos TEXT,
            note TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (concept_id, lang, tone_key)
        )"""
    )
    db.execute("CREATE INDEX terms_concept ON terms(concept_id)")
    db.execute("CREATE INDEX terms_exact ON terms(exact_key)")
    db.execute("CREATE INDEX terms_tone ON terms(tone_key)")
    db.execute("CREATE INDEX terms_fold ON terms(fold_key)")
    db.execute("CREATE INDEX terms_status ON terms(status)")
    db.execute(
        """
        CREATE TABLE occurrences (
            id INTEGER PRIMARY KEY,
            term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
            document TEXT NOT NULL,
            line INTEGER,
            col INTEGER,
            context TEXT
        )"""
    )
    db.execute("CREATE INDEX occurrences_term ON occurrences(term_id)")
    db.execute(
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            concept_id INTEGER,
            term_id INTEGER,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            changed_at TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            command TEXT
        )"""
    )
    db.execute("CREATE INDEX history_concept ON history(concept_id)")
    # Trigram index over the diacritic-fold key: substring search for lookup.
    db.execute(
        """
        CREATE VIRTUAL TABLE terms_fts USING fts5(
            fold_key, content='terms', content_rowid='id', tokenize='trigram'
        )"""
    )
    db.execute(FTS_INSERT_TRIGGER)
    db.execute(FTS_DELETE_TRIGGER)
    db.execute(FTS_UPDATE_TRIGGER)


@migration
def m002_mined_documents(db: sqlite_utils.Database) -> None:
    """Documents mined (for re-mining by content hash) and per-document term counts."""
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            digest TEXT NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            mined_at TEXT NOT NULL
        )"""
    )
    # How often each surface form of a term was seen in each document: the
    # term's frequency, document frequency and variants are sums over this.
    db.execute(
        """
        CREATE TABLE term_counts (
            term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            surface TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (term_id, document_id, surface)
        )"""
    )
    db.execute("CREATE INDEX term_counts_document ON term_counts(document_id)")
    db.execute(
        "ALTER TABLE occurrences ADD COLUMN document_id INTEGER"
        " REFERENCES documents(id) ON DELETE SET NULL"
    )
    db.execute("CREATE INDEX occurrences_document ON occurrences(document_id)")


@migration
def m003_suggestions(db: sqlite_utils.Database) -> None:
    """Machine translations already fetched, per engine and language pair (termbase suggest)."""
    db.execute(
        """
        CREATE TABLE mt_cache (
            engine TEXT NOT NULL,
            src TEXT NOT NULL,
            tgt TEXT NOT NULL,
            text TEXT NOT NULL,
            translation TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (engine, src, tgt, text)
        )"""
    )


@migration
def m004_translation_memory(db: sqlite_utils.Database) -> None:
    """Segment pairs (termbase tm): their sources, matching keys and a word index per language.

    ``pair_hash`` makes an imported pair stored once; ``*_key`` are the matching
    keys (termbase.tm.segments), ``*_len`` their token counts, ``*_hash`` their
    exact-match hashes. The FTS5 indexes keep rowids only (detail=none) and keep
    diacritics: "mở", "mỡ" and "mộ" are different words.
    """
    db.execute(
        """
        CREATE TABLE tm_sources (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE tm_units (
            id INTEGER PRIMARY KEY,
            pair_hash INTEGER NOT NULL UNIQUE,
            vi TEXT NOT NULL,
            en TEXT NOT NULL,
            vi_key TEXT NOT NULL,
            en_key TEXT NOT NULL,
            vi_len INTEGER NOT NULL,
            en_len INTEGER NOT NULL,
            vi_hash INTEGER NOT NULL,
            en_hash INTEGER NOT NULL,
            count INTEGER NOT NULL DEFAULT 1,
            source_id INTEGER NOT NULL REFERENCES tm_sources(id),
            locator TEXT NOT NULL,
            source_lang TEXT,
            context TEXT,
            creator TEXT,
            created_at TEXT,
            changer TEXT,
            changed_at TEXT,
            properties TEXT
        )"""
    )
    for lang in ("vi", "en"):
        db.execute(f"CREATE INDEX tm_units_{lang}_hash ON tm_units({lang}_hash)")
        db.execute(
            f"""CREATE VIRTUAL TABLE tm_{lang}_fts USING fts5(
                {lang}_key, content='tm_units', content_rowid='id', detail=none,
                tokenize='unicode61 remove_diacritics 0'
            )"""
        )
        db.execute(f"CREATE VIRTUAL TABLE tm_{lang}_vocab USING fts5vocab(tm_{lang}_fts, row)")


@migration
def m005_memory_index(db: sqlite_utils.Database) -> None:
    """The memory's own word index replaces FTS5 (termbase.store.memory_index).

    Token ids per language, each unit's keys as token codes (``tm_keys``) and
    posting lists by (token, key length) stored as packed unit ids: a search
    reads only the units of the lengths that can match and re-ranks without
    re-tokenising. Units already stored are indexed here.
    """
    from termbase.store.memory_index import build_index

    for lang in ("vi", "en"):
        db.execute(f"DROP TABLE tm_{lang}_vocab")
        db.execute(f"DROP TABLE tm_{lang}_fts")
        db.execute(
            f"CREATE TABLE tm_{lang}_tokens (token TEXT PRIMARY KEY, id INTEGER NOT NULL)"
            " WITHOUT ROWID"
        )
        db.execute(
            f"""CREATE TABLE tm_{lang}_postings (
                token INTEGER NOT NULL,
                length INTEGER NOT NULL,
                first INTEGER NOT NULL,
                units INTEGER NOT NULL,
                ids BLOB NOT NULL,
                PRIMARY KEY (token, length, first)
            ) WITHOUT ROWID"""
        )
    db.execute("CREATE TABLE tm_keys (id INTEGER PRIMARY KEY, vi TEXT NOT NULL, en TEXT NOT NULL)")
    build_index(db.conn, db.execute("SELECT id, vi_key, en_key FROM tm_units ORDER BY id"))


@migration
def m006_change_sets(db: sqlite_utils.Database) -> None:
    """History rows grouped by the command's transaction that wrote them (termbase undo).

    ``change_set`` is the id of the set's first history row; ``snapshot`` keeps,
    as JSON, a row that ``undo`` deleted, so that undoing the undo can put it
    back.  Rows written before this migration are grouped by run of the same
    time, user and command: one command's transaction shares all three.
    """
    db.execute("ALTER TABLE history ADD COLUMN change_set INTEGER")
    db.execute("ALTER TABLE history ADD COLUMN snapshot TEXT")
    updates: list[tuple[int, int]] = []
    first, last_key = 0, None
    rows = db.execute("SELECT id, changed_at, changed_by, command FROM history ORDER BY id")
    for row_id, *key in rows.fetchall():
        if key != last_key:
            first, last_key = row_id, key
        updates.append((first, row_id))
    db.conn.executemany("UPDATE history SET change_set = ? WHERE id = ?", updates)
    db.execute("CREATE INDEX history_change_set ON history(change_set)")
    db.execute("CREATE INDEX history_term ON history(term_id)")


@migration
def m007_review_skips(db: sqlite_utils.Database) -> None:
    """Concepts a reviewer skipped in ``termbase review``, per reviewer: they come last next time.

    Not history: a skip decides nothing, so undo and the history leave it out.
    """
    db.execute(
        """
        CREATE TABLE review_skips (
            reviewer TEXT NOT NULL,
            concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
            skipped_at TEXT NOT NULL,
            PRIMARY KEY (reviewer, concept_id)
        ) WITHOUT ROWID"""
    )


SchemaItem = tuple[str, str, str]  # ("table" or "index", name, its CREATE statement)


@cache
def current_schema() -> tuple[list[SchemaItem], list[str]]:
    """The tables and indexes the migrations make, each after what it needs; the migrations.

    Read off a new termbase built in memory (SQLite's own full-text tables left
    out): what a PostgreSQL termbase is created from, and the order ``copy``
    fills tables in.  SQLite's order is not enough: a column that references
    ``documents`` was added to ``occurrences`` later.
    """
    import sqlite_utils

    conn = sqlite3.connect(":memory:")
    try:
        applied = apply_migrations(sqlite_utils.Database(conn))
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            " AND type IN ('table', 'index') AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " AND name NOT LIKE 'terms_fts%' ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()
    return _needed_first(rows), applied


_REFERENCES = re.compile(r"\bREFERENCES\s+(\w+)")
_ON_TABLE = re.compile(r"\bON\s+(\w+)")


def _needed_first(items: list[SchemaItem]) -> list[SchemaItem]:
    """``items`` with each table after the tables it references, each index after its table."""
    done: set[str] = set()
    out: list[SchemaItem] = []
    pending = list(items)
    while pending:
        ready = [item for item in pending if _needs(item) <= done | {item[1]}]
        if not ready:  # a cycle: cannot happen with our schema; keep SQLite's order
            ready = pending[:1]
        for item in ready:
            pending.remove(item)
            out.append(item)
            if item[0] == "table":
                done.add(item[1])
    return out


def _needs(item: SchemaItem) -> set[str]:
    """The tables a statement needs made first: those it references, or an index's table."""
    kind, _name, sql = item
    if kind == "index":
        return set(_ON_TABLE.findall(sql)[:1])
    return set(_REFERENCES.findall(sql))


def schema_version(name: str) -> int:
    """The schema version a migration brings the database to: ``m003_…`` gives 3."""
    digits = name[1:].split("_", 1)[0]
    return int(digits) if name.startswith("m") and digits.isdigit() else 0


def known_version() -> int:
    """The newest schema version this termbase knows."""
    return max((schema_version(fn.__name__) for fn in MIGRATIONS), default=0)


def recorded_migrations(conn: sqlite3.Connection) -> set[str] | None:
    """The migrations recorded in the database, or None where there is no record at all."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    if found is None:
        return None
    return {row[0] for row in conn.execute("SELECT name FROM _migrations")}


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet recorded; return the names applied.

    The caller holds the write lock (``BEGIN IMMEDIATE``) and has read the
    record inside it, so two processes opening a new file never both migrate.
    """
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = recorded_migrations(db.conn) or set()
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ in done:
            continue
        fn(db)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [fn.__name__, now])
        applied.append(fn.__name__)
    return applied
