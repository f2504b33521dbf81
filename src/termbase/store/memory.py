"""The translation memory's SQL: segment pairs, their word indexes, exact and candidate reads.

Which rows to read and how to score them is :mod:`termbase.tm`'s business;
this module only stores and fetches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from termbase.store.concepts import ConceptStore
from termbase.store.rows import CHUNK
from termbase.tm.units import Candidate, MemoryRow, StoredUnit

LANGS = ("vi", "en")
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
    def tm_import_cache(self, megabytes: int = 256) -> Iterator[None]:
        """A larger page cache for this connection while a large import runs.

        The hash and pair indexes are written in random order; with SQLite's
        default 2 MB cache a million-pair import spends its time paging them.
        """
        (before,) = self.conn.execute("PRAGMA cache_size").fetchone()
        self.conn.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    def add_tm_source(self, path: str, fmt: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO tm_sources (path, format, imported_at, imported_by) VALUES (?, ?, ?, ?)",
            [path, fmt, self.now(), self.user],
        )
        return int(cursor.lastrowid or 0)

    def store_tm_rows(self, rows: Sequence[MemoryRow], source_id: int) -> tuple[int, int]:
        """Store new pairs, raise the count of pairs already there; (new, duplicates)."""
        counts: dict[int, int] = {}
        fresh: dict[int, MemoryRow] = {}
        for row in rows:
            counts[row.pair_hash] = counts.get(row.pair_hash, 0) + row.times
            fresh.setdefault(row.pair_hash, row)
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
        new = [fresh[h] for h in hashes if h not in existing]
        if new:
            (next_id,) = self.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM tm_units"
            ).fetchone()
            ids = range(next_id, next_id + len(new))
            self.conn.executemany(
                f"INSERT INTO tm_units (id, source_id, {_ROW_FIELDS})"
                f" VALUES (?, ?, {','.join('?' * 18)})",
                [
                    (i, source_id, *r._replace(times=counts[r.pair_hash]))
                    for i, r in zip(ids, new, strict=True)
                ],
            )
            for lang in LANGS:
                self.conn.executemany(
                    f"INSERT INTO tm_{lang}_fts (rowid, {lang}_key) VALUES (?, ?)",
                    [(i, getattr(r, f"{lang}_key")) for i, r in zip(ids, new, strict=True)],
                )
        return len(new), len(rows) - len(new)

    # -- reads ---------------------------------------------------------------

    def tm_size(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM tm_units").fetchone()[0])

    def tm_size_estimate(self) -> int:
        """The number of units, from the largest id (no count over a million rows)."""
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM tm_units").fetchone()[0])

    def tm_document_frequencies(self, lang: str, tokens: Iterable[str]) -> dict[str, int]:
        """How many units' ``lang`` side contain each token (absent tokens: 0)."""
        wanted = list(dict.fromkeys(tokens))
        found = dict.fromkeys(wanted, 0)
        marks = ",".join("?" * len(wanted))
        for term, doc in self.conn.execute(
            f"SELECT term, doc FROM tm_{_lang(lang)}_vocab WHERE term IN ({marks})", wanted
        ):
            found[term] = int(doc)
        return found

    def tm_vocabulary(self, lang: str, low: str, high: str) -> list[str]:
        """The indexed tokens ``t`` with ``low <= t < high``."""
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT term FROM tm_{_lang(lang)}_vocab WHERE term >= ? AND term < ?",
                [low, high],
            )
        ]

    def _candidates(self, sql: str, params: Sequence[Any]) -> list[Candidate]:
        return list(map(Candidate._make, self.conn.execute(sql, params)))

    def tm_exact(self, lang: str, key_hash: int) -> list[Candidate]:
        """Units whose ``lang`` key has this hash."""
        lang = _lang(lang)
        return self._candidates(
            f"SELECT id, {lang}_key FROM tm_units WHERE {lang}_hash = ?", [key_hash]
        )

    def tm_candidates(
        self, lang: str, match: str, shortest: int, longest: int, cap: int
    ) -> list[Candidate]:
        """Units whose ``lang`` side matches the FTS5 expression, within a length window."""
        lang = _lang(lang)
        return self._candidates(
            f"SELECT u.id, u.{lang}_key FROM tm_{lang}_fts f JOIN tm_units u ON u.id = f.rowid"
            f" WHERE tm_{lang}_fts MATCH ? AND u.{lang}_len BETWEEN ? AND ? LIMIT ?",
            [match, shortest, longest, cap],
        )

    def tm_window(self, lang: str, shortest: int, longest: int, cap: int) -> list[Candidate]:
        """Units whose ``lang`` side has between ``shortest`` and ``longest`` tokens."""
        lang = _lang(lang)
        return self._candidates(
            f"SELECT id, {lang}_key FROM tm_units WHERE {lang}_len BETWEEN ? AND ? LIMIT ?",
            [shortest, longest, cap],
        )

    def tm_matching(self, lang: str, match: str, cap: int) -> list[Candidate]:
        """Units whose ``lang`` side matches the FTS5 expression (any length), oldest first."""
        lang = _lang(lang)
        return self._candidates(
            f"SELECT u.id, u.{lang}_key FROM tm_{lang}_fts f JOIN tm_units u ON u.id = f.rowid"
            f" WHERE tm_{lang}_fts MATCH ? ORDER BY u.id LIMIT ?",
            [match, cap],
        )

    def tm_containing(self, lang: str, tokens: Sequence[str], cap: int) -> list[Candidate]:
        """Up to ``cap`` units whose ``lang`` key has every one of ``tokens``, oldest first.

        For term alignment (:mod:`termbase.tm.terms`), which checks the order itself.
        The index gives its matches in id order, so ``cap`` stops the read early.
        """
        lang = _lang(lang)
        match = " AND ".join(f'"{t}"' for t in dict.fromkeys(tokens))
        return self._candidates(
            f"SELECT u.id, u.{lang}_key FROM tm_{lang}_fts f JOIN tm_units u ON u.id = f.rowid"
            f" WHERE tm_{lang}_fts MATCH ? ORDER BY f.rowid LIMIT ?",
            [match, cap],
        )

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
