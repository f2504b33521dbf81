"""The connection, concept and term writes, and their history: what every part builds on.

:class:`ConceptStore` holds the open file, the clock of the running command and
the writes of concepts, terms and occurrences, each recorded in ``history``.
The other parts of :class:`termbase.store.Termbase` (reads, mined documents,
suggestions) are mix-ins over it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from termbase.errors import InputError, ReadOnlyError
from termbase.models import Concept, Occurrence, Term
from termbase.normalize import clean, exact_key, fold_key, tone_key
from termbase.store.connection import BUSY_TIMEOUT, Upgrade, lock_error
from termbase.store.dbapi import Connection
from termbase.store.rows import (
    CHUNK,
    CONCEPT_FIELDS,
    INSERT_CONCEPT,
    INSERT_COUNT,
    INSERT_HISTORY,
    INSERT_OCCURRENCE,
    INSERT_TERM,
    TERM_FIELDS,
    NewRows,
    TermRow,
    concept_row,
    current_user,
    now,
    occurrence_row,
    occurrence_rows_of,
    optional_text,
    term_created,
    term_row,
    term_row_from,
)
from termbase.store.target import ServerTarget


class ConceptStore:
    """A termbase file opened for reading and writing: concepts, terms and their history."""

    def __init__(
        self,
        conn: Connection,
        path: Path | ServerTarget,
        readonly: bool = False,
        upgrade: Upgrade | None = None,
        timeout: float = BUSY_TIMEOUT,
    ) -> None:
        self.path = path  # the file, or the server's URL (printed without its password)
        self.conn = conn
        # "sqlite" or "postgresql": the few statements that differ ask (see store.postgres).
        self.dialect: str = getattr(conn, "dialect", "sqlite")
        self.readonly = readonly
        self.created = False  # opening made a new termbase
        self.upgrade = upgrade  # the schema migration opening made, if any
        self.timeout = timeout
        self.lock_wait = 0.0  # seconds the last transaction waited for the write lock
        self.user = current_user()
        self.command: str | None = None
        self._stamp: str | None = None
        self._bulk = False

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """One transaction: all of the block's writes land, or none.

        It takes the write lock first (``BEGIN IMMEDIATE``), waiting up to the
        busy timeout for another process's write to finish.  Every change made
        in it carries the same timestamp: one command, one time.  Nested, it is
        a savepoint of the outer one.
        """
        if self.conn.in_transaction:
            with self.savepoint("nested"):
                yield self
            return
        if self.readonly:
            where = (
                "this database user may only read"
                if isinstance(self.path, ServerTarget)
                else f"the file or its folder {self.path.parent} cannot be written"
            )
            raise ReadOnlyError(
                f"{self.path}: read-only ({where}), so {self.command or 'this command'}"
                " cannot change it; lookup, list and export still work"
            )
        started = time.monotonic()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except Exception as exc:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise self._write_error(exc) from None
        self.lock_wait = time.monotonic() - started
        self._stamp = now()
        try:
            mark = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0]
            yield self
            self._close_change_set(int(mark))
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.rollback()
            if self.dialect == "postgresql" and isinstance(exc, Exception):
                converted = self._write_error(exc)  # a read-only role, a lock waited on
                if converted is not exc:
                    raise converted from None
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except Exception as exc:
                if self.conn.in_transaction:
                    self.conn.rollback()
                raise self._write_error(exc) from None
        finally:
            self._stamp = None

    def _write_error(self, exc: Exception) -> Exception:
        """The one-line error for a write refused or kept waiting; other errors as they are."""
        if isinstance(self.path, ServerTarget):
            from termbase.store.postgres import write_error

            return write_error(exc, self.path, self.timeout)
        if isinstance(exc, sqlite3.OperationalError):
            return lock_error(exc, self.path, self.timeout)
        return exc

    @contextmanager
    def savepoint(self, name: str) -> Iterator[None]:
        """A savepoint inside the open transaction: the block's writes undone if it fails."""
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        else:
            self.conn.execute(f"RELEASE {name}")

    def now(self) -> str:
        return self._stamp or now()

    def _close_change_set(self, mark: int) -> None:
        """Give the history rows this transaction wrote (ids above ``mark``) one change set.

        Its id is the set's first row id: ``termbase undo`` reverts a command by it.
        """
        self.conn.execute(
            "UPDATE history SET change_set = (SELECT MIN(id) FROM history WHERE id > ?)"
            " WHERE id > ? AND change_set IS NULL",
            [mark, mark],
        )

    @contextmanager
    def bulk_index(self) -> Iterator[None]:
        """For large writes: rebuild the substring index once at the end.

        Updating the trigram index row by row costs about six times more than
        rebuilding it.  Every trigger that writes the index goes, not only the
        insert one: an update or delete trigger would otherwise tell the index
        to forget a row it never held, which corrupts it ("database disk image
        is malformed").  The block runs in a savepoint of the caller's
        transaction, so an error inside undoes its writes and the triggers' removal.
        """
        if self._bulk:  # an outer block rebuilds
            yield
            return
        if not self.conn.in_transaction:
            raise RuntimeError("bulk_index() needs the caller's transaction()")
        if self.dialect == "postgresql":  # its trigram index is kept by PostgreSQL itself
            self._bulk = True
            try:
                with self.savepoint("bulk_index"):
                    yield
            finally:
                self._bulk = False
            return
        triggers = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'terms'"
            " AND instr(sql, 'terms_fts') > 0 ORDER BY name"
        ).fetchall()
        self.conn.execute("SAVEPOINT bulk_index")
        self._bulk = True
        try:
            for name, _sql in triggers:
                self.conn.execute(f'DROP TRIGGER "{name}"')
            yield
            self.conn.execute("INSERT INTO terms_fts(terms_fts) VALUES ('rebuild')")
            for _name, sql in triggers:
                self.conn.execute(sql)
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO bulk_index")
                self.conn.execute("RELEASE bulk_index")
            raise
        else:
            self.conn.execute("RELEASE bulk_index")
        finally:
            self._bulk = False

    # -- history -----------------------------------------------------------

    def _log(
        self,
        concept_id: int | None,
        term_id: int | None,
        field: str,
        old: Any,
        new: Any,
    ) -> None:
        self.conn.execute(
            INSERT_HISTORY,
            [
                concept_id,
                term_id,
                field,
                None if old is None else str(old),
                None if new is None else str(new),
                self.now(),
                self.user,
                self.command,
            ],
        )

    def history(self, concept_id: int) -> list[dict[str, Any]]:
        fields = ("field", "old_value", "new_value", "changed_at", "changed_by", "command")
        rows = self.conn.execute(
            f"SELECT {', '.join(fields)} FROM history WHERE concept_id = ? ORDER BY id",
            [concept_id],
        )
        return [dict(zip(fields, row, strict=True)) for row in rows]

    # -- bulk writes -------------------------------------------------------

    def _next_id(self, table: str) -> int:
        """The id SQLite gives the next row of ``table`` (one of ours, never user input)."""
        row = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()
        return int(row[0])

    def _new_rows(self) -> NewRows:
        return NewRows(self.now(), self.user, self.command, self._next_id("terms"))

    def _write_rows(self, rows: NewRows) -> None:
        """Insert the rows gathered (new terms: no count or occurrence of theirs is there yet)."""
        self.conn.executemany(INSERT_CONCEPT, rows.concepts)
        self.conn.executemany(INSERT_TERM, rows.terms)
        self.conn.executemany(INSERT_HISTORY, rows.history)
        self.conn.executemany(INSERT_OCCURRENCE, rows.occurrences)
        self.conn.executemany(INSERT_COUNT, rows.counts)
        rows.clear()

    # -- concepts and terms ------------------------------------------------

    def create_concept(self, concept: Concept, keep_id: bool = False) -> int:
        """Insert ``concept`` with its terms; keep its id when asked and the id is free."""
        stamp = self.now()
        concept_id = None
        if keep_id and concept.id is not None and not self.has_concept(concept.id):
            concept_id = concept.id
        cur = self.conn.execute(
            INSERT_CONCEPT + " RETURNING id", concept_row(concept_id, concept, stamp)
        )
        new_id = int(cur.fetchone()[0])
        self._log(new_id, None, "concept", None, "created")
        seen: dict[tuple[str, str], int] = {}
        for term in concept.terms:
            key = (term.lang, tone_key(term.text))
            if key in seen:  # the same term twice in one concept: one row
                self.add_occurrences(seen[key], term.occurrences)
            else:
                seen[key] = self._insert_term(new_id, term, len(seen))
        return new_id

    def create_concepts(self, concepts: Sequence[Concept], keep_ids: bool = False) -> list[int]:
        """:meth:`create_concept` for many new concepts, in a few statements; their ids.

        The rows, ids and history are those the one-by-one calls would write, in the
        same order.  A concept that names one term twice goes through
        :meth:`create_concept`.
        """
        if not concepts:
            return []
        rows = self._new_rows()
        top_concept = self._next_id("concepts") - 1
        stored = self._stored_concepts([c.id for c in concepts if keep_ids and c.id is not None])
        ids: list[int] = []
        for concept in concepts:
            texts = [clean(t.text) for t in concept.terms]
            keys = [tone_key(text) for text in texts]
            pairs = [(t.lang, key) for t, key in zip(concept.terms, keys, strict=True)]
            if len(set(pairs)) < len(pairs) or not all(texts):
                # Rare: merged occurrences or an error; the one-by-one path handles both.
                self._write_rows(rows)
                concept_id = self.create_concept(concept, keep_id=keep_ids)
                rows.next_term = self._next_id("terms")
            else:
                if keep_ids and concept.id is not None and concept.id not in stored:
                    concept_id = concept.id
                else:
                    concept_id = top_concept + 1
                rows.add_concept(concept_id, concept)
                for position, (term, text, key) in enumerate(
                    zip(concept.terms, texts, keys, strict=True)
                ):
                    term_id = rows.add_term(concept_id, term, text, key, position)
                    rows.occurrences.extend(occurrence_rows_of(term_id, term))
            ids.append(concept_id)
            stored.add(concept_id)
            top_concept = max(top_concept, concept_id)
        self._write_rows(rows)
        return ids

    def _stored_concepts(self, ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` are concepts of the termbase."""
        stored: set[int] = set()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            stored.update(
                int(r[0])
                for r in self.conn.execute(f"SELECT id FROM concepts WHERE id IN ({marks})", chunk)
            )
        return stored

    def add_term(self, concept_id: int, term: Term) -> int:
        """Add ``term`` to a concept, or merge it into the term it duplicates."""
        text = clean(term.text)
        if not text:
            raise InputError("a term cannot be empty")
        existing = self.conn.execute(
            "SELECT id FROM terms WHERE concept_id = ? AND lang = ? AND tone_key = ?",
            [concept_id, term.lang, tone_key(text)],
        ).fetchone()
        if existing:
            term_id = int(existing[0])
            self.add_occurrences(term_id, term.occurrences)
            return term_id
        position = self.conn.execute(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM terms WHERE concept_id = ?", [concept_id]
        ).fetchone()[0]
        return self._insert_term(concept_id, term, int(position))

    def _insert_term(self, concept_id: int, term: Term, position: int) -> int:
        """Insert a term known to be new in its concept, with its occurrences."""
        text = clean(term.text)
        if not text:
            raise InputError("a term cannot be empty")
        stamp = self.now()
        row = term_row(None, concept_id, term, text, tone_key(text), position, stamp)
        term_id = int(self.conn.execute(INSERT_TERM + " RETURNING id", row).fetchone()[0])
        self.conn.execute(
            INSERT_HISTORY,
            term_created(concept_id, term_id, term, text, stamp, self.user, self.command),
        )
        if term.occurrences:
            self.conn.executemany(INSERT_OCCURRENCE, occurrence_rows_of(term_id, term))
        return term_id

    def add_occurrences(
        self, term_id: int, occurrences: Iterable[Occurrence], document_id: int | None = None
    ) -> int:
        """Add the occurrences not already recorded for ``term_id``; return how many.

        ``document_id`` links them to a mined document, whose re-mining replaces them.
        """
        added = 0
        for occ in occurrences:
            # A file that carries less than we store (a PO reference has no
            # column) still names the same occurrence: unknown parts match any.
            sql = "SELECT 1 FROM occurrences WHERE term_id = ? AND document = ?"
            params: list[Any] = [term_id, occ.document]
            for column, value in (("line", occ.line), ("col", occ.column)):
                if value is not None:
                    sql += f" AND {column} IS ?"
                    params.append(value)
            seen = self.conn.execute(sql, params).fetchone()
            if seen:
                continue
            self.conn.execute(INSERT_OCCURRENCE, occurrence_row(term_id, occ, document_id))
            added += 1
        return added

    def update_concept(self, concept_id: int, **changes: Any) -> bool:
        """Change concept fields that differ, recording history; True if any changed."""
        row = self.conn.execute(
            "SELECT domain, definition, note, score, frequency FROM concepts WHERE id = ?",
            [concept_id],
        ).fetchone()
        if row is None:
            raise InputError(f"no concept with id {concept_id}")
        current = dict(zip(CONCEPT_FIELDS, row, strict=True))
        changed = False
        for field, value in changes.items():
            if field not in CONCEPT_FIELDS:
                raise ValueError(f"unknown concept field {field}")
            if isinstance(value, str):
                value = optional_text(value)
            if value == current[field]:
                continue
            self.conn.execute(f"UPDATE concepts SET {field} = ? WHERE id = ?", [value, concept_id])
            self._log(concept_id, None, field, current[field], value)
            changed = True
        if changed:
            self.touch(concept_id)
        return changed

    def update_term(self, term_id: int, **changes: Any) -> bool:
        """Change term fields that differ, recording history; True if any changed."""
        row = self.conn.execute(
            "SELECT concept_id, text, type, status, source, confidence, pos, note"
            " FROM terms WHERE id = ?",
            [term_id],
        ).fetchone()
        if row is None:
            raise InputError(f"no term with id {term_id}")
        concept_id = int(row[0])
        current = dict(zip(TERM_FIELDS, row[1:], strict=True))
        changed = False
        for field, value in changes.items():
            if field not in TERM_FIELDS:
                raise ValueError(f"unknown term field {field}")
            if isinstance(value, str) and field != "text":
                value = optional_text(value)
            if field == "text":
                value = clean(value)
                if value == current["text"]:
                    continue
                self.conn.execute(
                    "UPDATE terms SET text = ?, exact_key = ?, tone_key = ?, fold_key = ?"
                    " WHERE id = ?",
                    [value, exact_key(value), tone_key(value), fold_key(value), term_id],
                )
            elif value == current[field]:
                continue
            else:
                self.conn.execute(f"UPDATE terms SET {field} = ? WHERE id = ?", [value, term_id])
            self._log(concept_id, term_id, field, current[field], value)
            changed = True
        if changed:
            self.conn.execute("UPDATE terms SET updated_at = ? WHERE id = ?", [self.now(), term_id])
            self.touch(concept_id)
        return changed

    def touch(self, concept_id: int) -> None:
        self.conn.execute(
            "UPDATE concepts SET updated_at = ? WHERE id = ?", [self.now(), concept_id]
        )

    # -- the reads the writes need -------------------------------------------

    def has_concept(self, concept_id: int) -> bool:
        found = self.conn.execute("SELECT 1 FROM concepts WHERE id = ?", [concept_id]).fetchone()
        return found is not None

    def term_rows(self, concept_id: int) -> list[TermRow]:
        """The terms of one concept, with their ids, in stored order."""
        rows = self.conn.execute(
            "SELECT id, concept_id, lang, text, type, status, source, confidence, pos, note"
            " FROM terms WHERE concept_id = ? ORDER BY position, id",
            [concept_id],
        ).fetchall()
        return [term_row_from(r) for r in rows]
