"""Copying a whole termbase between engines or servers (``termbase copy SRC DST``).

Every table is copied row for row, ids included, parents before children, in
one transaction on the target: the copy exports the same JSON as the source.
The target must be empty (new): copying is not merging (``import`` merges).
The target's own bookkeeping stays its own: its record of migrations, and on
SQLite the substring index, which is rebuilt once from the copied terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from termbase.errors import InputError
from termbase.store import Termbase
from termbase.store.postgres import PgConnection

# Rows sent to the target at a time.
BATCH = 5000


def _counted(
    rows: Iterable[Sequence[object]], progress: Callable[[int], None] | None
) -> Iterator[Sequence[object]]:
    """``rows``, telling ``progress`` every BATCH of them."""
    n = 0
    for row in rows:
        yield row
        n += 1
        if n == BATCH:
            if progress is not None:
                progress(n)
            n = 0
    if n and progress is not None:
        progress(n)


def table_order() -> list[str]:
    """The termbase's tables, each after the tables it references."""
    from termbase.store.migrations import current_schema

    items, _applied = current_schema()
    return [name for kind, name, _sql in items if kind == "table" and name != "_migrations"]


def _columns(tb: Termbase, table: str) -> list[str]:
    if tb.dialect == "sqlite":
        return [str(r[1]) for r in tb.conn.execute(f'PRAGMA table_info("{table}")')]
    rows = tb.conn.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def _key(columns: list[str]) -> str:
    """The order rows are read in: by id, else by every column (a stable, full order)."""
    return "id" if "id" in columns else ", ".join(f'"{c}"' for c in columns)


def row_counts(tb: Termbase) -> dict[str, int]:
    """Rows per table, in copy order."""
    return {
        table: int(tb.conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
        for table in table_order()
    }


def refuse_unless_empty(target: Termbase) -> None:
    """An error naming what ``target`` holds, unless it holds nothing."""
    counts = row_counts(target)
    if any(counts.values()):
        held = ", ".join(f"{table}: {n}" for table, n in counts.items() if n)
        raise InputError(
            f"{target.path}: not empty ({held}); copy into a new file or an empty database"
            " ('termbase import' merges a file into a termbase)"
        )


def copy_termbase(
    source: Termbase, target: Termbase, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target``; rows copied per table."""
    refuse_unless_empty(target)
    copied: dict[str, int] = {}
    with target.transaction(), target.bulk_index():
        for table in table_order():
            columns = _columns(source, table)
            if columns != _columns(target, table):
                raise InputError(
                    f"{table}: the two termbases' columns differ; open both with this"
                    " termbase first so that both are upgraded to the same schema"
                )
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            rows = source.conn.execute(f'SELECT {names} FROM "{table}" ORDER BY {_key(columns)}')
            if isinstance(target.conn, PgConnection):
                copied[table] = target.conn.copy_rows(table, columns, _counted(rows, progress))
                continue
            done = 0
            batch: list[tuple[object, ...]] = []
            for row in rows:
                batch.append(tuple(row))
                if len(batch) >= BATCH:
                    target.conn.executemany(insert, batch)
                    done += len(batch)
                    if progress is not None:
                        progress(len(batch))
                    batch = []
            if batch:
                target.conn.executemany(insert, batch)
                done += len(batch)
                if progress is not None:
                    progress(len(batch))
            copied[table] = done
    return copied
