"""The SQLite termbase: the only module that speaks SQL.

Every command opens the termbase with :func:`open_db` and does its writes
inside one :meth:`Termbase.transaction`, so a failure leaves the file as it was.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from termbase.errors import InputError
from termbase.migrations import FTS_INSERT_TRIGGER, apply_migrations
from termbase.models import Concept, Occurrence, Term
from termbase.normalize import clean, exact_key, fold_key, tone_key

DEFAULT_DB = "termbase.db"
CONCEPT_FIELDS = ("domain", "definition", "note", "score", "frequency")
TERM_FIELDS = ("text", "type", "status", "source", "confidence", "pos", "note")
# From this many new terms on, a bulk write rebuilds the substring index once.
BULK_TERMS = 2000
# Concepts with a score (mined candidates) first, best first; then by id.
CONCEPT_ORDER = "c.score IS NULL, c.score DESC, c.id"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def current_user() -> str:
    """Who is making changes: $TERMBASE_USER, else the login name."""
    user = os.environ.get("TERMBASE_USER")
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def default_db_path() -> Path:
    return Path(os.environ.get("TERMBASE_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class TermRow:
    """A stored term with its ids, as the importer and lookup need it."""

    id: int
    concept_id: int
    term: Term


def _opt(value: str | None) -> str | None:
    if value is None:
        return None
    value = clean(value)
    return value or None


class Termbase:
    """A termbase file opened for reading and writing."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.conn: sqlite3.Connection = db.conn
        self.user = current_user()
        self.command: str | None = None
        self._stamp: str | None = None
        self._run_scores: dict[int, float] = {}

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Termbase]:
        """One transaction: all of the block's writes land, or none.

        Every change made in it carries the same timestamp: one command, one time.
        """
        with self.db.atomic():
            self._stamp = now()
            try:
                yield self
            finally:
                self._stamp = None

    def now(self) -> str:
        return self._stamp or now()

    @contextmanager
    def bulk_index(self) -> Iterator[None]:
        """For large writes: rebuild the substring index once at the end.

        Updating the trigram index row by row costs about six times more than
        rebuilding it; inside a transaction the trigger's removal rolls back too.
        """
        self.conn.execute("DROP TRIGGER IF EXISTS terms_ai")
        yield
        self.conn.execute("INSERT INTO terms_fts(terms_fts) VALUES ('rebuild')")
        self.conn.execute(FTS_INSERT_TRIGGER)

    # -- writing ---------------------------------------------------------

    def _log(
        self,
        concept_id: int | None,
        term_id: int | None,
        field: str,
        old: Any,
        new: Any,
    ) -> None:
        self.conn.execute(
            "INSERT INTO history (concept_id, term_id, field, old_value, new_value,"
            " changed_at, changed_by, command) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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

    def create_concept(self, concept: Concept, keep_id: bool = False) -> int:
        """Insert ``concept`` with its terms; keep its id when asked and the id is free."""
        stamp = self.now()
        concept_id = None
        if keep_id and concept.id is not None and not self.has_concept(concept.id):
            concept_id = concept.id
        cur = self.conn.execute(
            "INSERT INTO concepts (id, domain, definition, note, score, frequency,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                concept_id,
                _opt(concept.domain),
                _opt(concept.definition),
                _opt(concept.note),
                concept.score,
                concept.frequency,
                stamp,
                stamp,
            ],
        )
        new_id = int(cur.lastrowid or 0)
        self._log(new_id, None, "concept", None, "created")
        seen: dict[tuple[str, str], int] = {}
        for term in concept.terms:
            key = (term.lang, tone_key(term.text))
            if key in seen:  # the same term twice in one concept: one row
                self.add_occurrences(seen[key], term.occurrences)
            else:
                seen[key] = self._insert_term(new_id, term, len(seen))
        return new_id

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
        cur = self.conn.execute(
            "INSERT INTO terms (concept_id, lang, text, exact_key, tone_key, fold_key, type,"
            " status, source, confidence, pos, note, position, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                concept_id,
                term.lang,
                text,
                exact_key(text),
                tone_key(text),
                fold_key(text),
                term.type,
                term.status,
                _opt(term.source),
                term.confidence,
                _opt(term.pos),
                _opt(term.note),
                position,
                stamp,
                stamp,
            ],
        )
        term_id = int(cur.lastrowid or 0)
        self._log(concept_id, term_id, "term", None, f"{term.lang}:{text} ({term.status})")
        if term.occurrences:
            self.conn.executemany(
                "INSERT INTO occurrences (term_id, document, line, col, context)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (term_id, o.document, o.line, o.column, _opt(o.context))
                    for o in dict.fromkeys(term.occurrences)
                ],
            )
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
            seen = self.conn.execute(
                "SELECT 1 FROM occurrences WHERE term_id = ? AND document = ?"
                " AND (? IS NULL OR line IS ?) AND (? IS NULL OR col IS ?)",
                [term_id, occ.document, occ.line, occ.line, occ.column, occ.column],
            ).fetchone()
            if seen:
                continue
            self.conn.execute(
                "INSERT INTO occurrences (term_id, document, line, col, context, document_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [term_id, occ.document, occ.line, occ.column, _opt(occ.context), document_id],
            )
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
                value = _opt(value)
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
                value = _opt(value)
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

    # -- reading ---------------------------------------------------------

    def has_concept(self, concept_id: int) -> bool:
        found = self.conn.execute("SELECT 1 FROM concepts WHERE id = ?", [concept_id]).fetchone()
        return found is not None

    def concept_domain(self, concept_id: int) -> str | None:
        row = self.conn.execute("SELECT domain FROM concepts WHERE id = ?", [concept_id]).fetchone()
        return row[0] if row else None

    def concepts_with_term(self, lang: str, text: str) -> list[int]:
        """Ids of concepts holding a term equal to ``text`` up to tone placement and case."""
        rows = self.conn.execute(
            "SELECT DISTINCT concept_id FROM terms WHERE lang = ? AND tone_key = ?"
            " ORDER BY concept_id",
            [lang, tone_key(text)],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def term_rows(self, concept_id: int) -> list[TermRow]:
        """The terms of one concept, with their ids, in stored order."""
        rows = self.conn.execute(
            "SELECT id, concept_id, lang, text, type, status, source, confidence, pos, note"
            " FROM terms WHERE concept_id = ? ORDER BY position, id",
            [concept_id],
        ).fetchall()
        return [
            TermRow(
                int(r[0]),
                int(r[1]),
                Term(
                    lang=r[2],
                    text=r[3],
                    type=r[4],
                    status=r[5],
                    source=r[6],
                    confidence=r[7],
                    pos=r[8],
                    note=r[9],
                ),
            )
            for r in rows
        ]

    def load_concepts(self, ids: Sequence[int], contexts: int | None = None) -> list[Concept]:
        """Concepts by id, in the order given, with terms and occurrences.

        ``contexts`` caps the occurrences loaded per term (None: all).
        """
        if not ids:
            return []
        found: dict[int, Concept] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            for concept in self._load_chunk(chunk, contexts):
                if concept.id is not None:
                    found[concept.id] = concept
        return [found[i] for i in ids if i in found]

    def _load_chunk(self, ids: list[int], contexts: int | None) -> list[Concept]:
        marks = ",".join("?" * len(ids))
        occ_rows = self.conn.execute(
            "SELECT o.term_id, o.document, o.line, o.col, o.context FROM occurrences o"
            f" JOIN terms t ON t.id = o.term_id WHERE t.concept_id IN ({marks})"
            " ORDER BY o.term_id, o.id",
            ids,
        ).fetchall()
        occurrences: dict[int, list[Occurrence]] = {}
        for term_id, document, line, col, context in occ_rows:
            bucket = occurrences.setdefault(term_id, [])
            if contexts is None or len(bucket) < contexts:
                bucket.append(Occurrence(document, line, col, context))
        term_rows = self.conn.execute(
            "SELECT id, concept_id, lang, text, type, status, source, confidence, pos, note"
            f" FROM terms WHERE concept_id IN ({marks}) ORDER BY concept_id, position, id",
            ids,
        ).fetchall()
        terms: dict[int, list[Term]] = {}
        for tid, cid, lang, text, ttype, status, source, conf, pos, note in term_rows:
            terms.setdefault(cid, []).append(
                Term(
                    lang=lang,
                    text=text,
                    type=ttype,
                    status=status,
                    source=source,
                    confidence=conf,
                    pos=pos,
                    note=note,
                    occurrences=tuple(occurrences.get(tid, ())),
                )
            )
        concept_rows = self.conn.execute(
            "SELECT id, domain, definition, note, score, frequency FROM concepts"
            f" WHERE id IN ({marks})",
            ids,
        ).fetchall()
        return [
            Concept(
                id=cid,
                domain=domain,
                definition=definition,
                note=note,
                score=score,
                frequency=frequency,
                terms=tuple(terms.get(cid, ())),
            )
            for cid, domain, definition, note, score, frequency in concept_rows
        ]

    def concept_ids(
        self,
        statuses: Sequence[str] | None = None,
        lang: str | None = None,
        limit: int | None = None,
    ) -> list[int]:
        """Ids of concepts with a term of one of ``statuses`` (in ``lang``), best first."""
        where = []
        params: list[Any] = []
        if statuses or lang:
            cond = []
            if statuses:
                cond.append(f"t.status IN ({','.join('?' * len(statuses))})")
                params.extend(statuses)
            if lang:
                cond.append("t.lang = ?")
                params.append(lang)
            where.append(
                f"EXISTS (SELECT 1 FROM terms t WHERE t.concept_id = c.id AND {' AND '.join(cond)})"
            )
        sql = "SELECT c.id FROM concepts c"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {CONCEPT_ORDER}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [int(r[0]) for r in self.conn.execute(sql, params).fetchall()]

    def iter_concepts(
        self, statuses: Sequence[str] | None = None, chunk: int = 2000
    ) -> Iterator[Concept]:
        """Every concept (filtered by term status), best first, loaded in chunks."""
        ids = self.concept_ids(statuses)
        for start in range(0, len(ids), chunk):
            yield from self.load_concepts(ids[start : start + chunk])

    def match_terms(self, column: str, key: str, lang: str | None) -> list[int]:
        """Ids of concepts with a term whose ``column`` key equals ``key``."""
        assert column in ("exact_key", "tone_key", "fold_key")
        sql = f"SELECT DISTINCT concept_id FROM terms WHERE {column} = ?"
        params: list[Any] = [key]
        if lang:
            sql += " AND lang = ?"
            params.append(lang)
        return [int(r[0]) for r in self.conn.execute(sql, params).fetchall()]

    def prefix_terms(self, key: str, lang: str | None, limit: int) -> list[int]:
        """Concept ids whose fold key starts with ``key``, shortest first."""
        sql = (
            "SELECT concept_id FROM terms WHERE fold_key >= ? AND fold_key < ?"
            + (" AND lang = ?" if lang else "")
            + " ORDER BY length(fold_key) LIMIT ?"
        )
        params: list[Any] = [key, key + "\U0010ffff"]
        if lang:
            params.append(lang)
        params.append(limit * 4)
        return _unique(int(r[0]) for r in self.conn.execute(sql, params).fetchall())

    def contains_terms(self, key: str, lang: str | None, limit: int) -> list[int]:
        """Concept ids whose fold key contains ``key`` (trigram index; 3+ characters)."""
        if len(key) < 3:
            rows = self.conn.execute(
                "SELECT concept_id FROM terms WHERE instr(fold_key, ?) > 0"
                + (" AND lang = ?" if lang else "")
                + " ORDER BY length(fold_key) LIMIT ?",
                [key, lang, limit * 4] if lang else [key, limit * 4],
            ).fetchall()
            return _unique(int(r[0]) for r in rows)
        phrase = '"' + key.replace('"', '""') + '"'
        sql = (
            "SELECT t.concept_id FROM terms_fts f JOIN terms t ON t.id = f.rowid"
            " WHERE terms_fts MATCH ?"
            + (" AND t.lang = ?" if lang else "")
            + " ORDER BY length(t.fold_key) LIMIT ?"
        )
        params: list[Any] = [phrase]
        if lang:
            params.append(lang)
        params.append(limit * 4)
        return _unique(int(r[0]) for r in self.conn.execute(sql, params).fetchall())

    def fold_keys(
        self, min_length: int = 0, max_length: int = 1 << 30
    ) -> tuple[list[str], list[str]]:
        """Term ids (as text) and fold keys of every term of a length in range.

        For fuzzy matching over the whole termbase: the fold-key index covers
        the scan, and two concatenated strings come back instead of one Python
        tuple per row (about 4x faster at 100k concepts). Fold keys never hold
        a newline (clean() collapses whitespace).
        """
        ids, keys = self.conn.execute(
            "SELECT group_concat(id), group_concat(fold_key, char(10))"
            " FROM terms INDEXED BY terms_fold WHERE length(fold_key) BETWEEN ? AND ?",
            [min_length, max_length],
        ).fetchone()
        if not ids:
            return [], []
        return ids.split(","), keys.split("\n")

    def concepts_of_terms(self, term_ids: Sequence[int], lang: str | None) -> list[int]:
        """The concepts of ``term_ids`` (in ``lang``), in the order of the terms given."""
        if not term_ids:
            return []
        marks = ",".join("?" * len(term_ids))
        sql = f"SELECT id, concept_id FROM terms WHERE id IN ({marks})"
        params: list[Any] = list(term_ids)
        if lang:
            sql += " AND lang = ?"
            params.append(lang)
        owner = {int(t): int(c) for t, c in self.conn.execute(sql, params)}
        return _unique(owner[t] for t in term_ids if t in owner)

    def stats(self) -> dict[str, Any]:
        """Counts of concepts, terms by language and status, occurrences and history."""
        count = self.conn.execute
        by_status: dict[str, dict[str, int]] = {}
        for lang, status, n in count(
            "SELECT lang, status, COUNT(*) FROM terms GROUP BY lang, status ORDER BY lang, status"
        ):
            by_status.setdefault(lang, {})[status] = n
        return {
            "database": str(self.path),
            "concepts": count("SELECT COUNT(*) FROM concepts").fetchone()[0],
            "terms": count("SELECT COUNT(*) FROM terms").fetchone()[0],
            "terms_by_language_and_status": by_status,
            "occurrences": count("SELECT COUNT(*) FROM occurrences").fetchone()[0],
            "history_entries": count("SELECT COUNT(*) FROM history").fetchone()[0],
        }

    def history(self, concept_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT field, old_value, new_value, changed_at, changed_by, command"
                " FROM history WHERE concept_id = ? ORDER BY id",
                [concept_id],
            )
        )

    # -- mined documents and counts (termbase mine) ------------------------

    def document_digests(self) -> dict[str, str]:
        """Digest of every mined document, by its key."""
        rows = self.conn.execute("SELECT key, digest FROM documents").fetchall()
        return {key: digest for key, digest in rows}

    def document_id(self, key: str) -> int | None:
        """The id of a mined document, by its key."""
        row = self.conn.execute("SELECT id FROM documents WHERE key = ?", [key]).fetchone()
        return None if row is None else int(row[0])

    def save_document(self, key: str, name: str, digest: str, words: int) -> tuple[int, bool]:
        """Record a mined document; (its id, True when it was mined before with other content).

        A changed document loses its earlier counts and occurrences here, so
        that mining it again replaces them.
        """
        row = self.conn.execute("SELECT id, digest FROM documents WHERE key = ?", [key]).fetchone()
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO documents (key, name, digest, words, mined_at) VALUES (?, ?, ?, ?, ?)",
                [key, name, digest, words, self.now()],
            )
            return int(cur.lastrowid or 0), False
        doc_id = int(row[0])
        self.conn.execute(
            "UPDATE documents SET name = ?, digest = ?, words = ?, mined_at = ? WHERE id = ?",
            [name, digest, words, self.now(), doc_id],
        )
        self.conn.execute("DELETE FROM term_counts WHERE document_id = ?", [doc_id])
        self.conn.execute("DELETE FROM occurrences WHERE document_id = ?", [doc_id])
        return doc_id, True

    def concepts_counted_in(self, document_id: int) -> list[int]:
        """Concepts with terms counted in a document."""
        rows = self.conn.execute(
            "SELECT DISTINCT t.concept_id FROM term_counts c JOIN terms t ON t.id = c.term_id"
            " WHERE c.document_id = ?",
            [document_id],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def add_term_counts(self, term_id: int, document_id: int, counts: dict[str, int]) -> None:
        """Set how often each surface form of a term occurs in a document."""
        self.conn.executemany(
            "INSERT INTO term_counts (term_id, document_id, surface, count) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (term_id, document_id, surface) DO UPDATE SET count = excluded.count",
            [(term_id, document_id, surface, n) for surface, n in counts.items()],
        )

    def add_document_occurrences(
        self, term_id: int, document_id: int, occurrences: Iterable[Occurrence]
    ) -> int:
        """Add occurrences found in one mined document (replaced when it is re-mined)."""
        return self.add_occurrences(term_id, occurrences, document_id)

    def counted_frequency(self, concept_id: int) -> tuple[int, int]:
        """(occurrences, documents) of a concept's terms over every mined document."""
        row = self.conn.execute(
            "SELECT COALESCE(SUM(c.count), 0), COUNT(DISTINCT c.document_id) FROM term_counts c"
            " JOIN terms t ON t.id = c.term_id WHERE t.concept_id = ?",
            [concept_id],
        ).fetchone()
        return int(row[0]), int(row[1])

    def term_variants(self, term_id: int) -> list[tuple[str, int]]:
        """Surface forms seen for a term with their counts, most frequent first."""
        rows = self.conn.execute(
            "SELECT surface, SUM(count) AS n FROM term_counts WHERE term_id = ?"
            " GROUP BY surface ORDER BY n DESC, surface",
            [term_id],
        ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def term_document_counts(self, term_id: int) -> list[tuple[str, int]]:
        """(document name, occurrences) of a term, most first."""
        rows = self.conn.execute(
            "SELECT d.name, SUM(c.count) AS n FROM term_counts c JOIN documents d"
            " ON d.id = c.document_id WHERE c.term_id = ? GROUP BY d.id ORDER BY n DESC, d.name",
            [term_id],
        ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def mined_term_index(self) -> dict[str, int]:
        """The concept that mining evidence for each Vietnamese term belongs to, by tone key.

        A term held by one concept belongs to it. A term several concepts share
        ("Thứ trưởng Ngoại giao": one concept per country) belongs to none of
        them, only to the one mined concept among them if there is one; mining
        then keeps it apart as its own candidate.
        """
        holders: dict[str, set[int]] = {}
        mined: dict[str, set[int]] = {}
        for key, cid, source in self.conn.execute(
            "SELECT tone_key, concept_id, source FROM terms WHERE lang = 'vi'"
        ):
            holders.setdefault(key, set()).add(int(cid))
            if source == "mined":
                mined.setdefault(key, set()).add(int(cid))
        index = {}
        for key, cids in holders.items():
            if len(cids) == 1:
                index[key] = next(iter(cids))
            elif len(mined.get(key, ())) == 1:
                index[key] = next(iter(mined[key]))
        return index

    def save_mined(
        self,
        concepts: Sequence[
            tuple[
                int | None,
                float,
                Sequence[
                    tuple[
                        str,
                        str,
                        str,
                        str,
                        str | None,
                        Sequence[tuple[int, str, int]],
                        Sequence[tuple[int, Occurrence]],
                    ]
                ],
            ]
        ],
    ) -> tuple[int, int, int, list[int], set[int]]:
        """Store mined concepts: (existing concept id or None, score, terms) each.

        A term is (lang, text, type, status, source, counts, occurrences):
        counts are (document id, surface, n), occurrences (document id,
        occurrence).  New concepts are written in bulk; an existing concept
        gets the terms it lacks, its counts and occurrences, and a new score
        unless a reviewer touched it; one holding a rejected or forbidden term
        is left alone.  Returns (created, updated, left alone, concept ids in
        order, ids of the updated concepts).
        """
        stamp = self.now()
        next_concept = int(
            self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM concepts").fetchone()[0]
        )
        next_term = int(
            self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM terms").fetchone()[0]
        )
        concept_rows: list[tuple[Any, ...]] = []
        term_rows: list[tuple[Any, ...]] = []
        history: list[tuple[Any, ...]] = []
        counts: list[tuple[int, int, str, int]] = []
        occurrences: list[tuple[Any, ...]] = []
        updated_ids: set[int] = set()
        created = updated = left_alone = 0
        self._run_scores = {}
        # Merges into existing concepts insert terms with fresh ids, so they run after
        # the bulk inserts below, whose ids were counted from MAX(id) beforehand.
        merges: list[tuple[int, int, float, Any]] = []
        slots: list[int | None] = []
        for existing, score, terms in concepts:
            if existing is not None:
                merges.append((len(slots), existing, score, terms))
                slots.append(None)
                continue
            cid = next_concept
            next_concept += 1
            frequency = sum(n for t in terms if t[0] == "vi" for _d, _s, n in t[5])
            concept_rows.append((cid, score, frequency, stamp, stamp))
            history.append((cid, None, "concept", None, "created", stamp, self.user, self.command))
            seen: set[tuple[str, str]] = set()
            for position, (lang, text, ttype, status, source, found, occs) in enumerate(terms):
                text = clean(text)
                key = tone_key(text)
                if not text or (lang, key) in seen:
                    continue
                seen.add((lang, key))
                tid = next_term
                next_term += 1
                term_rows.append(
                    (tid, cid, lang, text, exact_key(text), key, fold_key(text), ttype, status,
                     _opt(source), position, stamp, stamp)
                )  # fmt: skip
                history.append(
                    (cid, tid, "term", None, f"{lang}:{text} ({status})", stamp, self.user,
                     self.command)
                )  # fmt: skip
                counts.extend((tid, doc, surface, n) for doc, surface, n in found)
                places = {(o.document, o.line, o.column): (doc, o) for doc, o in occs}
                occurrences.extend(
                    (tid, o.document, o.line, o.column, " ".join(o.context.split()) or None, doc)
                    if o.context
                    else (tid, o.document, o.line, o.column, None, doc)
                    for doc, o in places.values()
                )
            created += 1
            slots.append(cid)
        bulk = self.bulk_index() if len(term_rows) >= BULK_TERMS else nullcontext()
        with bulk:
            self._insert_mined(concept_rows, term_rows, history, counts, occurrences)
        for slot, existing, score, terms in merges:
            merged = self._merge_mined(existing, score, terms)
            if merged is None:
                left_alone += 1
                continue
            updated += 1
            updated_ids.add(merged)
            slots[slot] = merged
        ids = [cid for cid in slots if cid is not None]
        return created, updated, left_alone, ids, updated_ids

    def _insert_mined(
        self,
        concept_rows: list[tuple[Any, ...]],
        term_rows: list[tuple[Any, ...]],
        history: list[tuple[Any, ...]],
        counts: list[tuple[int, int, str, int]],
        occurrences: list[tuple[Any, ...]],
    ) -> None:
        self.conn.executemany(
            "INSERT INTO concepts (id, score, frequency, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            concept_rows,
        )
        self.conn.executemany(
            "INSERT INTO terms (id, concept_id, lang, text, exact_key, tone_key, fold_key, type,"
            " status, source, position, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            term_rows,
        )
        self.conn.executemany(
            "INSERT INTO history (concept_id, term_id, field, old_value, new_value,"
            " changed_at, changed_by, command) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            history,
        )
        # New terms: no count or occurrence of theirs can be there yet (plain inserts).
        self.conn.executemany(
            "INSERT INTO term_counts (term_id, document_id, surface, count) VALUES (?, ?, ?, ?)",
            counts,
        )
        self.conn.executemany(
            "INSERT INTO occurrences (term_id, document, line, col, context, document_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            occurrences,
        )

    def _merge_mined(
        self,
        concept_id: int,
        score: float,
        terms: Sequence[
            tuple[
                str,
                str,
                str,
                str,
                str | None,
                Sequence[tuple[int, str, int]],
                Sequence[tuple[int, Occurrence]],
            ]
        ],
    ) -> int | None:
        """Add a mined concept's terms and evidence to an existing concept (see save_mined)."""
        rows = {(r.term.lang, tone_key(r.term.text)): r for r in self.term_rows(concept_id)}
        keys = [(t[0], tone_key(clean(t[1]))) for t in terms]
        if any(rows[k].term.status in ("rejected", "forbidden") for k in keys if k in rows):
            return None
        for (lang, text, ttype, status, source, found, occs), key in zip(terms, keys, strict=True):
            row = rows.get(key)
            term_id = (
                row.id
                if row is not None
                else self.add_term(
                    concept_id,
                    Term(lang=lang, text=text, type=ttype, status=status, source=source),
                )
            )
            per_doc: dict[int, dict[str, int]] = {}
            for doc, surface, n in found:
                per_doc.setdefault(doc, {})[surface] = n
            for doc, surfaces in per_doc.items():
                self.add_term_counts(term_id, doc, surfaces)
            by_doc: dict[int, list[Occurrence]] = {}
            for doc, occ in occs:
                by_doc.setdefault(doc, []).append(occ)
            for doc, found_occs in by_doc.items():
                self.add_document_occurrences(term_id, doc, found_occs)
        # The score is a statistic of the texts, not a reviewer's decision: always kept
        # fresh. Several mined variants may land in one concept: the best score counts.
        best = max(score, self._run_scores.get(concept_id, score))
        self._run_scores[concept_id] = best
        self.update_concept(concept_id, score=best)
        return concept_id

    def refresh_frequencies(self, concept_ids: Sequence[int]) -> None:
        """Set each concept's frequency to the sum of its terms' counts (history kept)."""
        for start in range(0, len(concept_ids), 500):
            chunk = list(concept_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            counted = dict(
                self.conn.execute(
                    "SELECT t.concept_id, COALESCE(SUM(c.count), 0) FROM terms t"
                    f" LEFT JOIN term_counts c ON c.term_id = t.id WHERE t.concept_id IN ({marks})"
                    " GROUP BY t.concept_id",
                    chunk,
                ).fetchall()
            )
            for cid in chunk:
                if cid in counted:
                    self.update_concept(cid, frequency=int(counted[cid]))

    # -- suggestions (termbase suggest) -------------------------------------

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
        for start in range(0, len(texts), 500):
            chunk = list(texts[start : start + 500])
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


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def open_db(path: Path | str | None = None, create: bool = True) -> Termbase:
    """Open (and, when ``create``, create) the termbase at ``path``, migrated."""
    path = Path(path) if path is not None else default_db_path()
    if path.is_dir():
        raise InputError(f"{path}: is a directory; pass a database file with --db")
    if not path.exists() and not create:
        raise InputError(
            f"no termbase at {path}; create one with 'termbase init' or pass --db PATH"
        )
    if not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist; create it first")
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        with db.atomic():
            apply_migrations(db)
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"{path}: not a termbase database ({exc}); pass another file with --db"
        ) from None
    return Termbase(db, path)
