"""Opening a termbase file: what it is, whether it can be written, its schema.

A file is one of: empty or absent (a new termbase), a termbase of a known
schema version (migrated when older, after a copy of it is kept beside it),
a termbase of a newer version (refused), or another program's database or
no database at all (refused, untouched: no table added, no WAL switch).

A file or folder that cannot be written is opened read-only (SQLite's
``mode=ro`` URI, ``immutable`` when not even the ``-shm`` file can be made):
reads work, writes raise :class:`~termbase.errors.ReadOnlyError`.

Writes take the write lock first (``BEGIN IMMEDIATE``) and wait for it up to
the busy timeout: a deferred transaction that later needs the lock fails at
once with "database is locked" when another process got there first.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from termbase import __version__
from termbase.errors import InputError, ReadOnlyError, StoreError
from termbase.store.dbapi import Connection
from termbase.store.migrations import (
    MIGRATIONS,
    apply_migrations,
    known_version,
    recorded_migrations,
    schema_version,
)
from termbase.store.target import ServerTarget

# Seconds a write waits for another command's write to finish: two large
# imports at once take turns instead of failing.  $TERMBASE_BUSY_TIMEOUT overrides it.
BUSY_TIMEOUT = 60.0


@dataclass(frozen=True)
class Upgrade:
    """A schema migration made when the file was opened."""

    old_version: int
    new_version: int
    backup: Path  # the file as it was, copied beside it first


@dataclass(frozen=True)
class Connected:
    """An open termbase: its connection, whether it is read-only, what opening did."""

    conn: Connection
    readonly: bool
    upgrade: Upgrade | None
    timeout: float
    created: bool = False  # a new termbase was made by opening


def connect_server(
    target: ServerTarget, create: bool = True, timeout: float | None = None
) -> Connected:
    """Open the termbase in a PostgreSQL database; create its schema in an empty one.

    The schema is created under the write lock, so two commands opening a new
    database at once make it once.  A database holding other tables, or a
    termbase of a newer (or, for now, older) schema, is refused untouched.
    """
    from termbase.store import postgres

    timeout = busy_timeout() if timeout is None else timeout
    conn = postgres.connect(target, timeout)
    try:
        created = False
        found = postgres.tables(conn)
        if "_migrations" not in found:
            if found:
                shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
                raise StoreError(
                    f"{target}: the database holds other tables ({shown}), not a termbase;"
                    " left untouched. Give termbase a database of its own"
                )
            if not create:
                raise InputError(
                    f"no termbase in {target}; create one with 'termbase init' or pass --db"
                )
            try:
                conn.execute("BEGIN IMMEDIATE")
                if "_migrations" not in postgres.tables(conn):  # not made meanwhile
                    postgres.create_schema(conn)
                    created = True
                conn.execute("COMMIT")
            except Exception as exc:
                if conn.in_transaction:
                    conn.rollback()
                raise postgres.write_error(exc, target, timeout) from None
        names = postgres.recorded(conn)
        known = {fn.__name__ for fn in MIGRATIONS}
        if names - known:
            raise StoreError(
                f"{target}: written by a newer termbase; this termbase ({__version__}) knows"
                f" schema versions up to {known_version()}. Upgrade termbase to open it"
            )
        if known - names:
            raise StoreError(
                f"{target}: a termbase of an older schema; upgrading a PostgreSQL termbase"
                " is not supported yet, so it was left untouched"
            )
        readonly = not postgres.may_write(conn)
    except BaseException:
        conn.close()
        raise
    return Connected(conn, readonly, None, timeout, created)


def busy_timeout() -> float:
    """Seconds a write waits for the write lock: $TERMBASE_BUSY_TIMEOUT, else 60."""
    raw = os.environ.get("TERMBASE_BUSY_TIMEOUT", "").strip()
    if not raw:
        return BUSY_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise InputError(
            f"TERMBASE_BUSY_TIMEOUT={raw!r} is not a number of seconds; unset it or give e.g. 60"
        )
    return value


def connect_termbase(path: Path, create: bool = True, timeout: float | None = None) -> Connected:
    """Open the termbase at ``path`` (see the module's docstring for what is refused)."""
    timeout = busy_timeout() if timeout is None else timeout
    if path.is_dir():
        raise InputError(f"{path}: is a directory; pass a database file with --db")
    exists = path.exists()
    if not exists and not create:
        raise InputError(
            f"no termbase at {path}; create one with 'termbase init' or pass --db PATH"
        )
    if not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist; create it first")
    readonly = not _writable(path)
    if readonly and not exists:
        raise ReadOnlyError(
            f"{path}: cannot create a termbase there, folder {path.parent} is read-only;"
            " pass --db with a place you can write"
        )
    conn = _connect_readonly(path, timeout) if readonly else _connect(path, timeout)
    try:
        version = inspect_file(conn, path)
        pending = version is None or _pending(conn)
        upgrade = None
        if readonly:
            if version is None:
                raise InputError(f"{path}: an empty file, not a termbase; pass another with --db")
            if pending:
                raise ReadOnlyError(
                    f"{path}: read-only, and its schema (version {version}) must be upgraded"
                    f" to version {known_version()} before this termbase can read it;"
                    " open it once where it can be written"
                )
        else:
            _use_wal(conn, timeout)
            if pending:
                upgrade = _migrate(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        conn.close()
        raise lock_error(exc, path, timeout) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise InputError(
            f"{path}: not a termbase database ({exc}); pass another file with --db"
        ) from None
    except BaseException:
        conn.close()
        raise
    return Connected(conn, readonly, upgrade, timeout, created=version is None and not readonly)


def inspect_file(conn: sqlite3.Connection, path: Path) -> int | None:
    """The schema version of an open termbase file; None for an empty one (a new termbase).

    Raises :class:`StoreError` for another program's database or a newer termbase's.
    """
    tables = sorted(
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT LIKE 'sqlite_%'"
        )
    )
    if not tables:
        return None
    recorded = recorded_migrations(conn)
    if recorded is None:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(
            f"{path}: another program's SQLite database (tables: {shown}), not a termbase;"
            " left untouched. Pass a termbase file with --db, or a new file name to create one"
        )
    version = max((schema_version(name) for name in recorded), default=0)
    unknown = recorded - {fn.__name__ for fn in MIGRATIONS}
    if unknown:
        raise StoreError(
            f"{path}: written by a newer termbase (schema version {version}); this termbase"
            f" ({__version__}) knows schema versions up to {known_version()}."
            " Upgrade termbase to open it"
        )
    return version


def lock_error(exc: sqlite3.OperationalError, path: Path, timeout: float) -> Exception:
    """A clear error for SQLite's "database is locked" or "readonly"; else ``exc`` itself."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return StoreError(
            f"{path}: another termbase command kept it busy for more than {timeout:g} s;"
            " retry when it has finished (or set TERMBASE_BUSY_TIMEOUT to wait longer)"
        )
    if "readonly" in message or "read-only" in message:
        return ReadOnlyError(
            f"{path}: read-only (the file or its folder {path.parent} cannot be written);"
            " nothing was changed"
        )
    return exc


def copy_database(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the database of ``conn`` to ``target`` with SQLite's online backup.

    One step, so the copy is one consistent snapshot: in WAL mode readers and
    writers go on meanwhile.  Written beside ``target`` first, then renamed.
    ``conn`` must not be in a transaction (SQLite would answer "locked" forever).
    """
    if conn.in_transaction:
        raise RuntimeError("copy_database() needs a connection outside any transaction")
    partial = target.with_name(f"{target.name}.part-{os.getpid()}")
    try:
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _writable(path: Path) -> bool:
    # WAL needs the folder too: SQLite makes the -wal and -shm files beside the file.
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def _connect_readonly(path: Path, timeout: float) -> sqlite3.Connection:
    """Open for reading only, never creating a file beside it unless SQLite can."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        # A WAL file in a folder where the -shm cannot be made: nobody can be
        # writing here, so read the file as it stands.
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=timeout)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def _use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Put the file in WAL mode (once per file: the mode stays with it), waiting for others.

    The change needs the file to itself, and SQLite answers "database is locked" at
    once, without the busy timeout, while another connection reads or writes it: three
    commands creating one new file together failed so. So: try again with backoff up
    to ``timeout``, and stop as soon as the file is in WAL mode, whoever put it there.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                return
            failure = sqlite3.OperationalError("database is locked")  # the mode did not change
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            failure = exc
        if time.monotonic() >= deadline:
            raise failure
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def _pending(conn: sqlite3.Connection) -> bool:
    recorded = recorded_migrations(conn) or set()
    return any(fn.__name__ not in recorded for fn in MIGRATIONS)


def _migrate(conn: sqlite3.Connection, path: Path) -> Upgrade | None:
    """Apply the pending migrations under the write lock, after a copy of an older file."""
    import sqlite_utils  # only here: it imports numpy, slow for every command's start

    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the lock: another process may have migrated meanwhile.
        version = inspect_file(conn, path)
        upgrade = None
        if _pending(conn):
            if version:
                # Through a second connection: SQLite copies nothing from one that holds
                # the write lock; this one reads the file as it stands, unchanged as yet.
                with closing(sqlite3.connect(path)) as reader:
                    backup = copy_database(reader, free_name(path, f".bak-v{version}"))
                upgrade = Upgrade(version, known_version(), backup)
            apply_migrations(db)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    return upgrade


def free_name(path: Path, suffix: str) -> Path:
    """``path`` with ``suffix`` added, numbered when that name is taken: never overwrite."""
    target = path.with_name(path.name + suffix)
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}{suffix}-{n}")
        n += 1
    return target
