"""The translation memory's SQL: segment pairs, their keys and word index, and their reads.

Which rows to read and how to score them is :mod:`termbase.tm`'s business;
this module only stores and fetches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from termbase.store.concepts import ConceptStore
from termbase.store.dbapi import Connection
from termbase.store.rows import CHUNK
from termbase.tm.units import Candidate, KeyedBatch, StoredUnit

if TYPE_CHECKING:
    from termbase.store.memory_index import Postings


def _index() -> ModuleType:
    """The memory's word index, imported when first used (numpy is slow to import)."""
    from termbase.store import memory_index

    return memory_index


LANGS = ("vi", "en")
# Unit ids per read of keys (SQLite allows 32,766 parameters).
CODES_CHUNK = 5000
_ROW_FIELDS = (
    "pair_hash, vi, en, vi_key, en_key, vi_len, en_len, vi_hash, en_hash, locator,"
    " source_lang, context, creator, created_at, changer, changed_at, properties, count"
)
_UNIT_SELECT = (
    "SELECT u.id, u.vi, u.en, u.count, s.path, u.locator, u.source_lang, u.context,"
    " u.creator, u.created_at, u.changer, u.changed_at, u.properties"
    " FROM tm_units u JOIN tm_sources s ON s.id = u.source_id"
)


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language must be vi or en, not {lang!r}")
    return lang


def _unit(row: Sequence[Any]) -> StoredUnit:
    props = json.loads(row[12]) if row[12] else {}
    (uid, vi, en, count, origin, locator, source_lang, context) = row[:8]
    creator, created_at, changer, changed_at = row[8:12]
    return StoredUnit(
        uid,
        vi,
        en,
        count,
        origin,
        locator,
        source_lang,
        context,
        creator,
        created_at,
        changer,
        changed_at,
        props,
    )


class MemoryStore(ConceptStore):
    """Segment pairs of the translation memory. A mix-in of :class:`termbase.store.Termbase`."""

    @contextmanager
    def tm_writer(self, megabytes: int = 256) -> Iterator[MemoryWriter]:
        """A writer of segment pairs for one import (inside a transaction).

        The index is completed when the block ends without an error. A larger
        page cache is set for the time of the import: the hash and pair indexes
        are written in random order, and SQLite's default 2 MB cache would make a
        million-pair import spend its time paging them.
        """
        with self._page_cache(megabytes):
            writer = MemoryWriter(self.conn)
            yield writer
            writer.index.close()

    @contextmanager
    def _page_cache(self, megabytes: int) -> Iterator[None]:
        """SQLite's page cache at ``megabytes`` for the block (PostgreSQL's is the server's)."""
        if self.dialect != "sqlite":
            yield
            return
        (before,) = self.conn.execute("PRAGMA cache_size").fetchone()
        self.conn.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    def add_tm_source(self, path: str, fmt: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO tm_sources (path, format, imported_at, imported_by) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            [path, fmt, self.now(), self.user],
        )
        return int(cursor.fetchone()[0])

    # -- reads ---------------------------------------------------------------

    def tm_size(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM tm_units").fetchone()[0])

    def tm_size_estimate(self) -> int:
        """The number of units, from the largest id (no count over a million rows)."""
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM tm_units").fetchone()[0])

    def tm_token_ids(self, lang: str, tokens: Iterable[str]) -> dict[str, int]:
        """The ids of the tokens the ``lang`` side of the memory has (others left out)."""
        wanted = list(dict.fromkeys(tokens))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            found.update(
                self.conn.execute(
                    f"SELECT token, id FROM tm_{_lang(lang)}_tokens"
                    f" WHERE token IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return found

    def tm_posting_sizes(
        self, lang: str, token_ids: Sequence[int], shortest: int, longest: int
    ) -> dict[int, int]:
        """How many units with ``shortest`` to ``longest`` tokens contain each token."""
        found = dict.fromkeys(token_ids, 0)
        for start in range(0, len(token_ids), CHUNK):
            chunk = list(token_ids[start : start + CHUNK])
            found.update(
                self.conn.execute(
                    f"SELECT token, sum(units) FROM tm_{_lang(lang)}_postings"
                    f" WHERE token IN ({','.join('?' * len(chunk))})"
                    " AND length BETWEEN ? AND ? GROUP BY token",
                    [*chunk, *_index().bucket_range(0, shortest, longest)[1:]],
                )
            )
        return found

    def tm_postings(self, lang: str, token_id: int, shortest: int, longest: int) -> Postings:
        """The units with ``shortest`` to ``longest`` tokens that contain a token."""
        postings: Postings = _index().read_postings(
            self.conn, _lang(lang), token_id, shortest, longest
        )
        return postings

    def tm_vocabulary(self, lang: str, low: str, high: str) -> list[str]:
        """The indexed tokens ``t`` with ``low <= t < high``."""
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT token FROM tm_{_lang(lang)}_tokens WHERE token >= ? AND token < ?",
                [low, high],
            )
        ]

    def tm_codes(self, lang: str, ids: Sequence[int]) -> list[Candidate]:
        """The ``lang`` keys of units as token codes (see :mod:`.memory_index`)."""
        lang = _lang(lang)
        found: list[Candidate] = []
        for start in range(0, len(ids), CODES_CHUNK):
            chunk = list(ids[start : start + CODES_CHUNK])
            found.extend(
                map(
                    Candidate._make,
                    self.conn.execute(
                        f"SELECT id, {lang} FROM tm_keys WHERE id IN"
                        f" ({','.join('?' * len(chunk))})",
                        chunk,
                    ),
                )
            )
        return found

    def tm_exact(self, lang: str, key_hash: int) -> list[Candidate]:
        """Units whose ``lang`` key has this hash (the key as text)."""
        lang = _lang(lang)
        return list(
            map(
                Candidate._make,
                self.conn.execute(
                    f"SELECT id, {lang}_key FROM tm_units WHERE {lang}_hash = ?", [key_hash]
                ),
            )
        )

    def tm_containing(self, lang: str, tokens: Sequence[str], cap: int) -> list[Candidate]:
        """Up to ``cap`` units whose ``lang`` key has every one of ``tokens``, oldest first.

        For term alignment (:mod:`termbase.tm.terms`), which checks the order itself.
        The lists are intersected rarest first (the key as text comes with each unit).
        """
        lang = _lang(lang)
        wanted = list(dict.fromkeys(tokens))
        token_ids = self.tm_token_ids(lang, wanted)
        if len(token_ids) < len(wanted) or cap <= 0:
            return []
        sizes = self.tm_posting_sizes(lang, list(token_ids.values()), 0, _index().LENGTH_CAP)
        ids = (
            _index()
            .units_with_all(
                self.conn, lang, sorted(sizes, key=sizes.__getitem__), self.tm_size_estimate() + 1
            )[:cap]
            .tolist()
        )
        found: list[Candidate] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            found.extend(
                map(
                    Candidate._make,
                    self.conn.execute(
                        f"SELECT id, {lang}_key FROM tm_units"
                        f" WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id",
                        chunk,
                    ),
                )
            )
        return found

    def tm_units(self, ids: Sequence[int]) -> dict[int, StoredUnit]:
        found: dict[int, StoredUnit] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"{_UNIT_SELECT} WHERE u.id IN ({marks})", chunk):
                found[int(row[0])] = _unit(row)
        return found

    def iter_tm_units(self) -> Iterator[StoredUnit]:
        """Every unit, in the order stored (for export)."""
        for row in self.conn.execute(f"{_UNIT_SELECT} ORDER BY u.id"):
            yield _unit(row)


class MemoryWriter:
    """Stores the segment pairs of one import: rows, keys and the word index."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.index = _index().IndexWriter(conn)

    def store(self, batch: KeyedBatch, source_id: int) -> tuple[int, int]:
        """Store new pairs, raise the count of pairs already there; (new, duplicates)."""
        rows = batch.rows
        self.index.learn(batch.new_keys)
        counts: dict[int, int] = {}
        first: dict[int, int] = {}  # pair hash -> the row that brings it
        for i, row in enumerate(rows):
            counts[row.pair_hash] = counts.get(row.pair_hash, 0) + row.times
            first.setdefault(row.pair_hash, i)
        hashes = list(counts)
        existing: set[int] = set()
        for start in range(0, len(hashes), CHUNK):
            chunk = hashes[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            existing.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT pair_hash FROM tm_units WHERE pair_hash IN ({marks})", chunk
                )
            )
        if existing:
            self.conn.executemany(
                "UPDATE tm_units SET count = count + ? WHERE pair_hash = ?",
                [(counts[h], h) for h in existing],
            )
        new = [first[h] for h in hashes if h not in existing]  # ascending
        if new:
            (next_id,) = self.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM tm_units"
            ).fetchone()
            ids = range(next_id, next_id + len(new))
            self.conn.executemany(
                f"INSERT INTO tm_units (id, source_id, {_ROW_FIELDS})"
                f" VALUES (?, ?, {','.join('?' * 18)})",
                [
                    (i, source_id, *rows[r][:17], counts[rows[r].pair_hash])
                    for i, r in zip(ids, new, strict=True)
                ],
            )
            add = self.index.add_batch
            vi_codes = add("vi", ids, new, batch.vi_tokens, [r.vi_len for r in rows])
            en_codes = add("en", ids, new, batch.en_tokens, [r.en_len for r in rows])
            self.conn.executemany(
                "INSERT INTO tm_keys (id, vi, en) VALUES (?, ?, ?)",
                zip(ids, vi_codes, en_codes, strict=True),
            )
        return len(new), len(rows) - len(new)
