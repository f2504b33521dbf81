"""Keeping a termbase file healthy: online backup, checks and repairs (``backup``, ``doctor``).

:func:`check_termbase` reads only and says what is wrong; :func:`repair_termbase`
first copies the file beside itself, then rebuilds what can be rebuilt in one
transaction: the substring index and its triggers, SQLite's own indexes, and
rows that point nowhere (removed, or their dangling link cleared where the
schema says ``ON DELETE SET NULL``).  Damage to the tables themselves cannot
be rebuilt from inside; the report says so and names the copy to go back to.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from termbase.errors import InputError, ReadOnlyError
from termbase.store import Termbase
from termbase.store.connection import copy_database, free_name
from termbase.store.dbapi import Connection
from termbase.store.memory_index import index_problems, rebuild_index
from termbase.store.migrations import FTS_TRIGGERS

# What a row of each child table is, for the messages.
ROW_NAMES = {
    "terms": "terms",
    "occurrences": "occurrences",
    "term_counts": "term counts",
    "history": "history rows",
}
# Lines of PRAGMA integrity_check that REINDEX mends: an index out of step with its table.
INDEX_DAMAGE = ("missing from index", "wrong # of entries in index", "non-unique entry in index")


@dataclass(frozen=True)
class Finding:
    """A problem found: its kind (integrity, orphans, index), what, whether repair mends it."""

    kind: str
    message: str
    repairable: bool


@dataclass
class RepairReport:
    """What ``doctor --repair`` did, and what is still wrong after it."""

    backup: Path | None = None
    reindexed: bool = False
    index_rebuilt: bool = False
    triggers_restored: list[str] = field(default_factory=list)
    word_indexes_rebuilt: list[str] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)  # table -> rows removed
    cleared: dict[str, int] = field(default_factory=dict)  # table -> dangling links set NULL
    remaining: list[Finding] = field(default_factory=list)


def _sqlite(tb: Termbase, what: str) -> tuple[sqlite3.Connection, Path]:
    """The SQLite file behind ``tb``; an error for a server, whose own tools do ``what``."""
    if not isinstance(tb.conn, sqlite3.Connection) or not isinstance(tb.path, Path):
        raise InputError(
            f"{tb.path}: {what} works on an SQLite file; for a PostgreSQL termbase use the"
            " server's own tools (pg_dump), or 'termbase copy' to an SQLite file"
        )
    return tb.conn, tb.path


def backup_termbase(tb: Termbase, target: Path, force: bool = False) -> Path:
    """Copy the open termbase to ``target`` (SQLite's online backup: others may go on using it)."""
    conn, path = _sqlite(tb, "backup")
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give the backup a file name")
    if not target.parent.exists():
        raise InputError(f"{target}: folder {target.parent} does not exist; create it first")
    if target.exists():
        if target.resolve() == path.resolve():
            raise InputError(f"{target}: is the termbase itself; give the backup another name")
        if not force:
            raise InputError(f"{target}: already exists; pass --force to overwrite it")
    if not os.access(target.parent, os.W_OK):
        raise InputError(f"{target}: folder {target.parent} is not writable; pick another place")
    return copy_database(conn, target)


def check_termbase(tb: Termbase) -> list[Finding]:
    """Everything wrong with the open termbase; an empty list when it is sound.

    On PostgreSQL only the memory's word index is ours to check: the server
    keeps its tables, indexes and links whole itself.
    """
    if not isinstance(tb.conn, sqlite3.Connection):
        return _word_indexes(tb.conn)
    return [
        *_integrity(tb.conn),
        *_orphans(tb.conn),
        *_index(tb.conn),
        *_word_indexes(tb.conn),
    ]


def repair_termbase(tb: Termbase) -> RepairReport:
    """Mend what :func:`check_termbase` finds, after a copy of the file kept beside it."""
    if tb.readonly:
        raise ReadOnlyError(
            f"{tb.path}: read-only (the file or its folder cannot be written): doctor can"
            " check it but not repair it; copy it somewhere writable first"
        )
    report = RepairReport()
    found = check_termbase(tb)
    if not any(f.repairable for f in found):
        report.remaining = found
        return report
    if not isinstance(tb.conn, sqlite3.Connection):
        with tb.transaction():
            rebuild_index(tb.conn)
        report.word_indexes_rebuilt.append("of the translation memory")
        report.remaining = check_termbase(tb)
        return report
    conn, path = _sqlite(tb, "doctor --repair")
    stale = [n for n in _fts_tables(conn) if n != "terms_fts" and not _fts_consistent(conn, n)]
    memory_stale = bool(index_problems(conn))
    report.backup = copy_database(conn, free_name(path, ".bak-doctor"))
    with tb.transaction():
        if any(f.kind == "integrity" and f.repairable for f in found):
            tb.conn.execute("REINDEX")
            report.reindexed = True
        # With the index triggers off, deleting terms does not touch a damaged index;
        # the rebuild at the end makes it anew from the terms that are left.
        present = _triggers(tb.conn)
        report.triggers_restored = [name for name in FTS_TRIGGERS if name not in present]
        with tb.bulk_index():
            _remove_orphans(tb, report)
        for name in report.triggers_restored:
            tb.conn.execute(FTS_TRIGGERS[name])
        report.index_rebuilt = True
        for name in stale:
            tb.conn.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')
        report.word_indexes_rebuilt = stale
        if memory_stale:
            rebuild_index(tb.conn)
            report.word_indexes_rebuilt.append("of the translation memory")
    report.remaining = check_termbase(tb)
    return report


def _integrity(conn: sqlite3.Connection) -> list[Finding]:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    if rows == ["ok"]:
        return []
    return [Finding("integrity", line, any(mark in line for mark in INDEX_DAMAGE)) for line in rows]


def _orphans(conn: sqlite3.Connection) -> list[Finding]:
    """Rows whose link points to a row that is not there (PRAGMA foreign_key_check)."""
    counts: dict[tuple[str, str, str], int] = {}
    for table, _rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check"):
        column = _foreign_key(conn, table, fkid)[0]
        counts[(table, column, parent)] = counts.get((table, column, parent), 0) + 1
    return [
        Finding(
            "orphans",
            f"{n} {ROW_NAMES.get(table, table + ' rows')} point to no {parent} row ({column})",
            True,
        )
        for (table, column, parent), n in sorted(counts.items())
    ]


def _index(conn: sqlite3.Connection) -> list[Finding]:
    """The substring index against the terms it is built from, and its triggers."""
    found: list[Finding] = []
    missing = [name for name in FTS_TRIGGERS if name not in _triggers(conn)]
    if missing:
        found.append(
            Finding(
                "index",
                f"trigger{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing:"
                " the substring index no longer follows the terms",
                True,
            )
        )
    try:
        unindexed, stale = conn.execute(
            "SELECT (SELECT COUNT(*) FROM terms WHERE id NOT IN"
            " (SELECT id FROM terms_fts_docsize)),"
            " (SELECT COUNT(*) FROM terms_fts_docsize WHERE id NOT IN (SELECT id FROM terms))"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        return [*found, Finding("index", f"the substring index cannot be read ({exc})", True)]
    if unindexed:
        found.append(Finding("index", f"{unindexed} terms missing from the substring index", True))
    if stale:
        found.append(
            Finding("index", f"{stale} substring index entries for terms no longer there", True)
        )
    if not unindexed and not stale and not _fts_consistent(conn):
        found.append(Finding("index", "the substring index does not match the terms' text", True))
    return found


def _word_indexes(conn: Connection) -> list[Finding]:
    """The translation memory's word index, and other full-text indexes, against their tables."""
    found = [Finding("index", f"translation memory: {p}", True) for p in index_problems(conn)]
    if isinstance(conn, sqlite3.Connection):
        found += [
            Finding("index", f"the word index {name} does not match its table", True)
            for name in _fts_tables(conn)
            if name != "terms_fts" and not _fts_consistent(conn, name)
        ]
    return found


def _fts_tables(conn: sqlite3.Connection) -> list[str]:
    """The FTS5 tables built over another table (content=...): rebuildable from it."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    return sorted(
        name for name, sql in rows if "fts5" in sql.lower() and "content=" in sql.replace(" ", "")
    )


def _fts_consistent(conn: sqlite3.Connection, name: str = "terms_fts") -> bool:
    """FTS5's own integrity-check, against the indexed table (rank 1); it writes nothing.

    Outside a transaction only: the statement opens one, rolled back here.
    """
    if conn.in_transaction:
        raise RuntimeError("_fts_consistent() runs outside a transaction")
    try:
        conn.execute(f'INSERT INTO "{name}"("{name}", rank) VALUES (\'integrity-check\', 1)')
    except sqlite3.OperationalError as exc:
        # A read-only file cannot run it: the row comparison before is all there is.
        return "readonly" in str(exc)
    except sqlite3.DatabaseError:
        return False
    finally:
        if conn.in_transaction:
            conn.rollback()
    return True


def _triggers(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def _foreign_key(conn: sqlite3.Connection, table: str, fkid: int) -> tuple[str, str]:
    """(column, on-delete action) of foreign key ``fkid`` of ``table`` (one of ours)."""
    for row in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
        if row[0] == fkid:
            return str(row[3]), str(row[6])
    return "?", "NO ACTION"


def _remove_orphans(tb: Termbase, report: RepairReport) -> None:
    """Remove rows that point nowhere (clear the link where the schema says SET NULL).

    Removing an orphan term removes its counts and occurrences too (ON DELETE
    CASCADE), so this goes round until nothing is left to do.
    """
    conn, _path = _sqlite(tb, "doctor --repair")
    for _ in range(10):
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
        if not rows:
            return
        for table, rowid, _parent, fkid in rows:
            column, on_delete = _foreign_key(conn, table, fkid)
            if on_delete == "SET NULL":
                conn.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', [rowid])
                report.cleared[table] = report.cleared.get(table, 0) + 1
                continue
            if table == "terms":
                tb.delete_term(rowid)  # recorded in the history, like any removed term
            else:
                conn.execute(f'DELETE FROM "{table}" WHERE rowid = ?', [rowid])
            report.removed[table] = report.removed.get(table, 0) + 1
