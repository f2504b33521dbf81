"""What the store asks of a database connection: SQLite's own, or PostgreSQL's through
:class:`termbase.store.postgres.PgConnection`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class Cursor(Protocol):
    """A statement's result: rows one at a time, all at once, or iterated."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...


class Connection(Protocol):
    """The calls the store makes: statements, batches of rows, the transaction's state."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...
