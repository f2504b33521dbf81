"""Decisions on terms and the history that records them: selection, change sets, undo's writes.

``termbase approve|reject|forbid`` select terms here (by text through the
normalisation keys, or by filters); ``termbase history`` reads the ``history``
table; ``termbase undo`` reads a command's change set (one transaction's rows,
see :meth:`ConceptStore.transaction`) and deletes or restores whole rows here,
keeping what it deleted as a snapshot so that undoing the undo puts it back.
The rules (which terms a decision changes, what undo may revert) live in
:mod:`termbase.decide`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from termbase.normalize import tone_key
from termbase.store.concepts import ConceptStore
from termbase.store.rows import TermRow, term_row_from

TERM_COLUMNS = "t.id, t.concept_id, t.lang, t.text, t.type, t.status, t.source, t.confidence,"
TERM_COLUMNS += " t.pos, t.note"
HISTORY_COLUMNS = (
    "h.id, h.change_set, h.concept_id, h.term_id, h.field, h.old_value, h.new_value,"
    " h.changed_at, h.changed_by, h.command, h.snapshot, t.lang, t.text"
)


@dataclass(frozen=True)
class TermFilter:
    """Which terms a batch decision (or a named term's lookup) considers; empty parts match all."""

    concept_id: int | None = None
    lang: str | None = None
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    domain: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None

    def narrows(self) -> bool:
        """Whether any part is set (a batch decision over the whole termbase needs one)."""
        return any(
            value not in (None, ())
            for value in (
                self.concept_id,
                self.lang,
                self.statuses,
                self.sources,
                self.domain,
                self.min_confidence,
                self.max_confidence,
            )
        )


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the history: who changed what (field old → new), when, by which command."""

    id: int
    change_set: int | None
    concept_id: int | None
    term_id: int | None
    field: str
    old: str | None
    new: str | None
    changed_at: str
    changed_by: str
    command: str | None
    snapshot: str | None
    lang: str | None  # the term's language and text now (None: no term, or deleted)
    text: str | None


def _entry(r: Sequence[Any]) -> HistoryEntry:
    return HistoryEntry(*r)


class Decisions(ConceptStore):
    """The reads and writes of approve, reject, forbid, history and undo.

    A mix-in of :class:`termbase.store.Termbase`.
    """

    # -- choosing terms ------------------------------------------------------

    def find_terms(
        self,
        where: TermFilter,
        text: str | None = None,
        vi: str | None = None,
    ) -> list[TermRow]:
        """Terms passing ``where``, equal to ``text`` (any case, tone placement, NFC) if given.

        With ``vi``, only terms of concepts that also have that Vietnamese term.
        In concept order, then the concept's own order.
        """
        cond: list[str] = []
        params: list[Any] = []
        if text is not None:
            cond.append("t.tone_key = ?")
            params.append(tone_key(text))
        if vi is not None:
            cond.append(
                "EXISTS (SELECT 1 FROM terms v WHERE v.concept_id = t.concept_id"
                " AND v.lang = 'vi' AND v.tone_key = ?)"
            )
            params.append(tone_key(vi))
        if where.concept_id is not None:
            cond.append("t.concept_id = ?")
            params.append(where.concept_id)
        if where.lang is not None:
            cond.append("t.lang = ?")
            params.append(where.lang)
        for column, values in (("t.status", where.statuses), ("t.source", where.sources)):
            if values:
                cond.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        if where.domain is not None:
            cond.append("lower(c.domain) = lower(?)")  # ASCII case, as NOCASE
            params.append(where.domain)
        if where.min_confidence is not None:
            cond.append("t.confidence >= ?")
            params.append(where.min_confidence)
        if where.max_confidence is not None:
            cond.append("t.confidence <= ?")
            params.append(where.max_confidence)
        sql = f"SELECT {TERM_COLUMNS} FROM terms t JOIN concepts c ON c.id = t.concept_id"
        if cond:
            sql += " WHERE " + " AND ".join(cond)
        sql += " ORDER BY t.concept_id, t.position, t.id"
        return [term_row_from(r) for r in self.conn.execute(sql, params).fetchall()]

    # -- the history ---------------------------------------------------------

    def history_entries(
        self, concept_ids: Sequence[int] | None = None, limit: int | None = None
    ) -> list[HistoryEntry]:
        """History rows, newest first: of ``concept_ids`` only when given."""
        sql = f"SELECT {HISTORY_COLUMNS} FROM history h LEFT JOIN terms t ON t.id = h.term_id"
        params: list[Any] = []
        if concept_ids is not None:
            sql += f" WHERE h.concept_id IN ({','.join('?' * len(concept_ids))})"
            params.extend(concept_ids)
        sql += " ORDER BY h.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_entry(r) for r in self.conn.execute(sql, params).fetchall()]

    def last_change_sets(self, commands: Sequence[str], n: int) -> list[int]:
        """The ids of the last ``n`` change sets made by one of ``commands``, newest first."""
        rows = self.conn.execute(
            "SELECT change_set FROM history WHERE change_set IS NOT NULL"
            f" AND command IN ({','.join('?' * len(commands))})"
            " GROUP BY change_set ORDER BY change_set DESC LIMIT ?",
            [*commands, n],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def change_set_entries(self, change_set: int) -> list[HistoryEntry]:
        """The rows of one change set, newest first (the order to revert them in)."""
        rows = self.conn.execute(
            f"SELECT {HISTORY_COLUMNS} FROM history h LEFT JOIN terms t ON t.id = h.term_id"
            " WHERE h.change_set = ? ORDER BY h.id DESC",
            [change_set],
        ).fetchall()
        return [_entry(r) for r in rows]

    def later_change(
        self,
        after: int,
        skip_sets: Sequence[int],
        concept_id: int | None,
        term_id: int | None,
        field: str | None = None,
    ) -> HistoryEntry | None:
        """The first history row after row ``after``, outside ``skip_sets``, on the same thing.

        The same thing: the term ``term_id``; else the concept's ``field``; else
        anything of the concept.
        """
        sql = (
            f"SELECT {HISTORY_COLUMNS} FROM history h LEFT JOIN terms t ON t.id = h.term_id"
            " WHERE h.id > ? AND (h.change_set IS NULL"
            f" OR h.change_set NOT IN ({','.join('?' * len(skip_sets))}))"
        )
        params: list[Any] = [after, *skip_sets]
        if term_id is not None:
            sql += " AND h.term_id = ?"
            params.append(term_id)
        else:
            sql += " AND h.concept_id = ?"
            params.append(concept_id)
            if field is not None:
                sql += " AND h.field = ? AND h.term_id IS NULL"
                params.append(field)
        row = self.conn.execute(sql + " ORDER BY h.id LIMIT 1", params).fetchone()
        return None if row is None else _entry(row)

    def term_value(self, term_id: int, field: str) -> tuple[bool, Any]:
        """(whether the term exists, its ``field``) for undo's check."""
        assert field in ("text", "type", "status", "source", "confidence", "pos", "note")
        row = self.conn.execute(f"SELECT {field} FROM terms WHERE id = ?", [term_id]).fetchone()
        return (row is not None, row[0] if row else None)

    def concept_value(self, concept_id: int, field: str) -> tuple[bool, Any]:
        """(whether the concept exists, its ``field``) for undo's check."""
        assert field in ("domain", "definition", "note", "score", "frequency")
        row = self.conn.execute(
            f"SELECT {field} FROM concepts WHERE id = ?", [concept_id]
        ).fetchone()
        return (row is not None, row[0] if row else None)

    def term_count(self, concept_id: int) -> int:
        row = self.conn.execute("SELECT COUNT(*) FROM terms WHERE concept_id = ?", [concept_id])
        return int(row.fetchone()[0])

    def term_key_taken(self, concept_id: int, lang: str, key: str) -> bool:
        found = self.conn.execute(
            "SELECT 1 FROM terms WHERE concept_id = ? AND lang = ? AND tone_key = ?",
            [concept_id, lang, key],
        ).fetchone()
        return found is not None

    # -- undo's whole-row writes ---------------------------------------------

    def _log_snapshot(
        self,
        concept_id: int,
        term_id: int | None,
        field: str,
        old: str | None,
        new: str | None,
        snapshot: dict[str, Any] | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO history (concept_id, term_id, field, old_value, new_value, changed_at,"
            " changed_by, command, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                concept_id,
                term_id,
                field,
                old,
                new,
                self.now(),
                self.user,
                self.command,
                None if snapshot is None else json.dumps(snapshot, ensure_ascii=False),
            ],
        )

    def _rows_as_dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def remove_term(self, term_id: int) -> None:
        """Delete a term and its occurrences, keeping them in the history row as a snapshot."""
        term = self._rows_as_dicts("SELECT * FROM terms WHERE id = ?", [term_id])[0]
        occurrences = self._rows_as_dicts(
            "SELECT * FROM occurrences WHERE term_id = ? ORDER BY id", [term_id]
        )
        self.conn.execute("DELETE FROM terms WHERE id = ?", [term_id])
        label = f"{term['lang']}:{term['text']} ({term['status']})"
        snapshot = {"term": term, "occurrences": occurrences}
        self._log_snapshot(term["concept_id"], term_id, "term", label, None, snapshot)
        self.touch(int(term["concept_id"]))

    def restore_term(self, snapshot: str) -> None:
        """Put back a term :meth:`remove_term` deleted, with its id and occurrences."""
        data = json.loads(snapshot)
        term, occurrences = data["term"], data["occurrences"]
        self._insert_dict("terms", term)
        for occurrence in occurrences:
            document = occurrence.get("document_id")
            if (
                document is not None
                and not self.conn.execute(
                    "SELECT 1 FROM documents WHERE id = ?", [document]
                ).fetchone()
            ):
                occurrence = {**occurrence, "document_id": None}  # re-mined since
            self._insert_dict("occurrences", occurrence)
        label = f"{term['lang']}:{term['text']} ({term['status']})"
        self._log_snapshot(term["concept_id"], term["id"], "term", None, label, None)
        self.touch(int(term["concept_id"]))

    def remove_concept(self, concept_id: int) -> None:
        """Delete a concept left without terms, keeping it in the history row as a snapshot."""
        concept = self._rows_as_dicts("SELECT * FROM concepts WHERE id = ?", [concept_id])[0]
        self.conn.execute("DELETE FROM concepts WHERE id = ?", [concept_id])
        self._log_snapshot(concept_id, None, "concept", "created", None, {"concept": concept})

    def restore_concept(self, snapshot: str) -> None:
        """Put back a concept :meth:`remove_concept` deleted, with its id."""
        concept = json.loads(snapshot)["concept"]
        self._insert_dict("concepts", concept)
        self._log_snapshot(concept["id"], None, "concept", None, "created", None)

    def _insert_dict(self, table: str, row: dict[str, Any]) -> None:
        assert table in ("terms", "occurrences", "concepts")
        columns = [c for c in row if c.isidentifier()]
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[c] for c in columns],
        )
