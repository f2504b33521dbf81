"""What ``--db`` names: an SQLite file, or a PostgreSQL server by its URL.

Kept apart from :mod:`.postgres` so that a command on an SQLite file imports
nothing of the server's (its SQL rewriting, psycopg) at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(value: str) -> bool:
    """Whether ``--db`` names a PostgreSQL server rather than an SQLite file."""
    return value.lower().startswith(SCHEMES)


def redacted(url: str) -> str:
    """The URL as it may be printed: the password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


@dataclass(frozen=True)
class ServerTarget:
    """A termbase on a PostgreSQL server, named by its URL (printed without the password)."""

    url: str

    def __str__(self) -> str:
        return redacted(self.url)


DbTarget = Path | ServerTarget  # what --db names


def locate(value: Path | str | ServerTarget) -> DbTarget:
    """What ``--db`` names: a PostgreSQL server (``postgresql://…``) or an SQLite file."""
    if isinstance(value, ServerTarget | Path):
        return value
    return ServerTarget(value) if is_server_url(value) else Path(value)
