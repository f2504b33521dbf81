"""Suggestion targets, stale suggestions and the machine-translation cache."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from termbase.errors import InputError
from termbase.models import Term
from termbase.normalize import clean, tone_key
from termbase.store.concepts import ConceptStore
from termbase.store.rows import CHUNK, CONCEPT_ORDER


class Suggestions(ConceptStore):
    """What ``termbase suggest`` asks of the termbase.

    A mix-in of :class:`termbase.store.Termbase`.
    """

    def suggestion_targets(self, limit: int | None = None) -> list[int]:
        """Concepts that want English: a usable Vietnamese term and no approved English."""
        sql = (
            "SELECT c.id FROM concepts c WHERE EXISTS (SELECT 1 FROM terms t"
            " WHERE t.concept_id = c.id AND t.lang = 'vi'"
            " AND t.status NOT IN ('rejected', 'forbidden'))"
            " AND NOT EXISTS (SELECT 1 FROM terms t WHERE t.concept_id = c.id"
            " AND t.lang = 'en' AND t.status = 'approved')"
            f" ORDER BY {CONCEPT_ORDER}"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [int(r[0]) for r in self.conn.execute(sql, params).fetchall()]

    def delete_term(self, term_id: int) -> None:
        """Remove a term (a stale suggestion), recording it in the history."""
        row = self.conn.execute(
            "SELECT concept_id, lang, text, status FROM terms WHERE id = ?", [term_id]
        ).fetchone()
        if row is None:
            raise InputError(f"no term with id {term_id}")
        concept_id, lang, text, status = row
        self.conn.execute("DELETE FROM terms WHERE id = ?", [term_id])
        self._log(int(concept_id), term_id, "term", f"{lang}:{text} ({status})", None)
        self.touch(int(concept_id))

    def cached_translations(
        self, engine: str, src: str, tgt: str, texts: Sequence[str]
    ) -> dict[str, str]:
        """Translations of ``texts`` already fetched from ``engine`` (text -> translation)."""
        found: dict[str, str] = {}
        for start in range(0, len(texts), CHUNK):
            chunk = list(texts[start : start + CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT text, translation FROM mt_cache WHERE engine = ? AND src = ?"
                f" AND tgt = ? AND text IN ({marks})",
                [engine, src, tgt, *chunk],
            ).fetchall()
            found.update({r[0]: r[1] for r in rows})
        return found

    def cache_translations(
        self, engine: str, src: str, tgt: str, pairs: Iterable[tuple[str, str]]
    ) -> None:
        """Remember translations fetched from ``engine`` (a text already there is kept)."""
        stamp = self.now()
        self.conn.executemany(
            "INSERT OR IGNORE INTO mt_cache (engine, src, tgt, text, translation, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(engine, src, tgt, text, translation, stamp) for text, translation in pairs],
        )

    def index_rebuild_pays(self, new_terms: int) -> bool:
        """Whether adding ``new_terms`` one by one costs more than one :meth:`bulk_index`.

        A rebuild indexes every term, about six times cheaper per row than the trigger.
        """
        row = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM terms").fetchone()
        return new_terms * 6 >= int(row[0])

    def add_new_terms(self, terms: Sequence[tuple[int, Term]]) -> list[int]:
        """Add terms known to be new in their concepts, in bulk; return their ids.

        What :meth:`add_term` does one by one (a position after the concept's
        terms, a history row), in three statements for the whole batch: ``termbase
        mine`` suggests English for thousands of new candidates at a time.
        """
        if not terms:
            return []
        ids = sorted({cid for cid, _ in terms})
        positions: dict[int, int] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            positions.update(
                (int(cid), int(top) + 1)
                for cid, top in self.conn.execute(
                    "SELECT concept_id, MAX(position) FROM terms"
                    f" WHERE concept_id IN ({marks}) GROUP BY concept_id",
                    chunk,
                )
            )
        rows = self._new_rows()
        out: list[int] = []
        for cid, term in terms:
            text = clean(term.text)
            if not text:
                raise InputError("a term cannot be empty")
            position = positions.get(cid, 0)
            positions[cid] = position + 1
            out.append(rows.add_term(cid, term, text, tone_key(text), position))
        self._write_rows(rows)
        return out
