"""PostgreSQL: a team's shared termbase, spoken to in the store's own SQL.

The store writes its statements once, in the SQL both engines understand
(SQLite's placeholders ``?``, ``INSERT OR IGNORE``, ``x IS ?``); :func:`pg_sql`
rewrites the few SQLite forms into PostgreSQL's, once per statement text, and
:class:`PgConnection` gives the store the calls of :class:`sqlite3.Connection`
it uses (``execute``, ``executemany``, ``in_transaction``, ``rollback``).

Why this small layer and not SQLAlchemy Core: see :mod:`termbase.store`.

What makes the two engines give the same answers:

- text columns compare and sort in code-point order (``COLLATE "C"``), as
  SQLite's default collation does; NULLs are ordered explicitly where it
  matters (the store writes ``x IS NULL, x`` as SQLite has always read it);
- a row inserted without an id gets the largest id plus one (a trigger), the
  way SQLite gives rowids, so ids and therefore exports are the same;
- sums come back as integers and truth values as 0 and 1, as in SQLite;
- ``instr`` is defined as a function, so the store's substring tests run
  unchanged; the substring index is a pg_trgm GIN index instead of FTS5.

Writes: a write transaction first takes one advisory lock
(``pg_advisory_xact_lock``), so writers take turns exactly as they do on
SQLite's write lock, while readers are never blocked (MVCC).  Under that lock
and READ COMMITTED no serialisation failure can happen to our own writes; the
wait for the lock is bounded by the busy timeout (``lock_timeout``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from termbase.errors import InputError, ReadOnlyError, StoreError
from termbase.store.target import ServerTarget

if TYPE_CHECKING:
    import psycopg

# The advisory lock every write transaction takes: "termbase" in ASCII, as a number.
WRITE_LOCK = 0x7465726D62617365


# -- SQL ----------------------------------------------------------------------

_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_IS_PARAM = re.compile(r"\bIS\s+(NOT\s+)?\?", re.IGNORECASE)
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_INDEXED_BY = re.compile(r"\bINDEXED\s+BY\s+\w+", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


@lru_cache(maxsize=2048)
def pg_sql(sql: str) -> str:
    """The store's statement as PostgreSQL reads it (placeholders, SQLite-only forms)."""
    ignore = _OR_IGNORE.match(sql) is not None
    if ignore:
        sql = _OR_IGNORE.sub("INSERT INTO", sql, count=1)
    parts = _QUOTED.split(sql)
    for i in range(0, len(parts), 2):  # the parts outside quotes
        part = parts[i].replace("%", "%%")
        part = _IS_PARAM.sub(
            lambda m: "IS DISTINCT FROM ?" if m.group(1) else "IS NOT DISTINCT FROM ?", part
        )
        part = _INDEXED_BY.sub("", part)
        parts[i] = part.replace("?", "%s")
    out = "".join(parts)
    if ignore:
        found = _RETURNING.search(out)
        if found:
            out = f"{out[: found.start()]}ON CONFLICT DO NOTHING {out[found.start() :]}"
        else:
            out += " ON CONFLICT DO NOTHING"
    return out


# -- connection ---------------------------------------------------------------


class PgCursor:
    """What the store reads of a cursor: its rows, one or all, or iterated."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description


class PgConnection:
    """A psycopg connection with the sqlite3 calls the store makes.

    It runs in autocommit between transactions, so a command that only reads
    holds no snapshot; ``execute("BEGIN IMMEDIATE")`` opens a write transaction
    (taking the write lock) and ``COMMIT``/:meth:`rollback` end it.
    """

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any], timeout: float) -> None:
        self.raw = conn
        self.timeout = timeout

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Any = (), /) -> PgCursor:
        head = sql.lstrip()[:16].upper()
        if head.startswith("BEGIN"):
            return self._begin(write="IMMEDIATE" in head)
        if head.startswith("COMMIT"):
            self.raw.execute("COMMIT")
            return PgCursor(self.raw.cursor())
        cursor = self.raw.cursor()
        cursor.execute(pg_sql(sql), params or None)
        return PgCursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Any], /) -> PgCursor:
        cursor = self.raw.cursor()
        batch = list(rows)
        if batch:
            cursor.executemany(pg_sql(sql), batch)
        return PgCursor(cursor)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Write ``rows`` into ``table`` with COPY (many times faster than INSERTs); how many."""
        names = ", ".join(f'"{c}"' for c in columns)
        count = 0
        with (
            self.raw.cursor() as cursor,
            cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _begin(self, write: bool) -> PgCursor:
        self.raw.execute("BEGIN")
        if write:
            self.raw.execute(f"SET LOCAL lock_timeout = {int(self.timeout * 1000)}")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        return PgCursor(self.raw.cursor())

    def rollback(self) -> None:
        self.raw.rollback()

    def commit(self) -> None:
        self.raw.commit()

    def close(self) -> None:
        self.raw.close()


def _int_or_float(data: Any) -> int | float:
    text = bytes(data).decode()
    return int(text) if text.lstrip("-").isdigit() else float(text)


def connect(target: ServerTarget, timeout: float) -> PgConnection:
    """Connect to the server named by ``target``; a clear one-line error when it cannot."""
    try:
        import psycopg
        from psycopg.adapt import Loader
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise InputError(
            "a PostgreSQL termbase needs psycopg: pip install 'termbase[postgresql]'"
            " (or 'psycopg[binary]')"
        ) from None

    class NumberLoader(Loader):
        """numeric (what SUM of integers gives) as int, or float: SQLite's answer."""

        def load(self, data: Any) -> int | float:
            return _int_or_float(data)

    class TruthLoader(Loader):
        """bool as 0/1, as SQLite answers a comparison."""

        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    try:
        conn = psycopg.connect(target.url, autocommit=True, connect_timeout=int(timeout) or 1)
    except psycopg.OperationalError as exc:
        detail = " ".join(str(exc).split())
        # psycopg's message may repeat the connection string: never print a password.
        password = urlsplit(target.url).password
        if password:
            detail = detail.replace(password, "***")
        raise StoreError(
            f"{target}: cannot connect to the PostgreSQL server ({detail}); check the URL,"
            " that the server runs, and PGPASSWORD or ~/.pgpass"
        ) from None
    conn.adapters.register_loader("numeric", NumberLoader)
    conn.adapters.register_loader("bool", TruthLoader)
    return PgConnection(conn, timeout)


def write_error(exc: Exception, target: ServerTarget, timeout: float) -> Exception:
    """A clear error for a refused write (read-only role) or a lock waited on too long."""
    import psycopg.errors as pgerrors

    if isinstance(exc, pgerrors.InsufficientPrivilege | pgerrors.ReadOnlySqlTransaction):
        return ReadOnlyError(
            f"{target}: this database user may only read (PostgreSQL said: "
            f"{' '.join(str(exc).split())}); lookup, list and export still work."
            " Ask the termbase's administrator for a role that may write"
        )
    if isinstance(exc, pgerrors.LockNotAvailable):
        return StoreError(
            f"{target}: another termbase command kept it busy for more than {timeout:g} s;"
            " retry when it has finished (or set TERMBASE_BUSY_TIMEOUT to wait longer)"
        )
    return exc


# -- schema -------------------------------------------------------------------

_TYPES = (
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\s*WITHOUT ROWID"), ""),
)
_ROWID_TABLE = re.compile(r"\bid INTEGER PRIMARY KEY\b")


def schema_statements() -> tuple[list[str], list[str]]:
    """PostgreSQL's statements for the current schema, and the migrations it stands for.

    Read off the schema SQLite's migrations make (:func:`~.migrations.current_schema`),
    so the two engines always have the same tables, columns (in the same order) and
    indexes; SQLite's FTS5 table and its triggers become a pg_trgm index.
    """
    from termbase.store.migrations import current_schema

    items, applied = current_schema()
    statements = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        # SQLite's instr(), used by the store's substring tests.
        "CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE"
        " AS 'SELECT strpos($1, $2)'",
    ]
    for kind, name, sql in items:
        rowid = kind == "table" and _ROWID_TABLE.search(sql) is not None
        for pattern, replacement in _TYPES:
            sql = pattern.sub(replacement, sql)
        statements.append(sql)
        if rowid:  # a row inserted without an id gets the largest plus one, as SQLite's rowid
            statements.append(
                f"CREATE FUNCTION {name}_next_id() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN IF NEW.id IS NULL THEN SELECT COALESCE(MAX(id), 0) + 1 INTO NEW.id"
                f" FROM {name}; END IF; RETURN NEW; END $$"
            )
            statements.append(
                f"CREATE TRIGGER {name}_id BEFORE INSERT ON {name} FOR EACH ROW"
                f" EXECUTE FUNCTION {name}_next_id()"
            )
    statements.append("CREATE INDEX terms_fold_trgm ON terms USING gin (fold_key gin_trgm_ops)")
    return statements, applied


def create_schema(conn: PgConnection) -> None:
    """Create the current schema in an empty database and record its migrations."""
    import datetime as dt

    statements, applied = schema_statements()
    for sql in statements:
        conn.raw.execute(sql)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with conn.raw.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO _migrations (name, applied_at) VALUES (%s, %s)",
            [(name, stamp) for name in applied],
        )


def tables(conn: PgConnection) -> list[str]:
    """The tables of the database's current schema."""
    rows = conn.raw.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def recorded(conn: PgConnection) -> set[str]:
    return {str(r[0]) for r in conn.raw.execute("SELECT name FROM _migrations").fetchall()}


def may_write(conn: PgConnection) -> bool:
    """Whether the connected role may write the termbase's tables."""
    row = conn.raw.execute(
        "SELECT has_table_privilege(current_user, 'terms', 'INSERT')"
        " AND has_table_privilege(current_user, 'history', 'INSERT')"
    ).fetchone()
    return bool(row and row[0])
