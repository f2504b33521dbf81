"""Mined documents, their per-document counts and occurrences (``termbase mine``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any

from termbase.models import (
    Concept,
    DocumentRecord,
    MinedConceptRow,
    Occurrence,
    SavedDocument,
    Term,
)
from termbase.normalize import clean, tone_key
from termbase.store.concepts import ConceptStore
from termbase.store.rows import BULK_TERMS, CHUNK, INSERT_COUNT, NewRows


def evidence_key(text: str, key: str | None = None) -> str:
    """The key mining evidence is filed under: the tone key, but an acronym keeps its capitals.

    "AI" (the acronym) and "ai" (who) are two terms; ``key``: the text's tone key if known.
    """
    stripped = text.strip()
    if len(stripped) > 1 and stripped.isupper() and " " not in stripped:
        return stripped
    return tone_key(text) if key is None else key


class MinedDocuments(ConceptStore):
    """What ``termbase mine`` keeps beside the concepts: documents, counts, occurrences.

    A mix-in of :class:`termbase.store.Termbase`.
    """

    def document_digests(self) -> dict[str, str]:
        """Digest of every mined document, by its key."""
        rows = self.conn.execute("SELECT key, digest FROM documents").fetchall()
        return {key: digest for key, digest in rows}

    def save_document(self, key: str, name: str, digest: str, words: int) -> tuple[int, bool]:
        """Record a mined document; (its id, True when it was mined before with other content).

        A changed document loses its earlier counts and occurrences here, so
        that mining it again replaces them.
        """
        row = self.conn.execute("SELECT id, digest FROM documents WHERE key = ?", [key]).fetchone()
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO documents (key, name, digest, words, mined_at) VALUES (?, ?, ?, ?, ?)"
                " RETURNING id",
                [key, name, digest, words, self.now()],
            )
            return int(cur.fetchone()[0]), False
        doc_id = int(row[0])
        self.conn.execute(
            "UPDATE documents SET name = ?, digest = ?, words = ?, mined_at = ? WHERE id = ?",
            [name, digest, words, self.now(), doc_id],
        )
        self.conn.execute("DELETE FROM term_counts WHERE document_id = ?", [doc_id])
        self.conn.execute("DELETE FROM occurrences WHERE document_id = ?", [doc_id])
        return doc_id, True

    def save_documents(self, records: Sequence[DocumentRecord]) -> list[SavedDocument]:
        """Record mined documents in bulk, in order (see :class:`SavedDocument`).

        A document mined before loses its counts and occurrences, as in
        :meth:`save_document`.  New documents are inserted in one statement.
        """
        known = self._document_ids([r.key for r in records])
        next_id = self._next_id("documents")
        stamp = self.now()
        out: list[SavedDocument] = []
        new_rows: list[tuple[Any, ...]] = []
        fresh: dict[str, int] = {}  # key -> index in new_rows
        for key, name, digest, words in records:
            if key in fresh:
                # The same document twice in one batch: the later one replaces it.
                doc_id = new_rows[fresh[key]][0]
                new_rows[fresh[key]] = (doc_id, key, name, digest, words, stamp)
                out.append(SavedDocument(doc_id, True, []))
                continue
            old = known.get(key)
            if old is not None:
                counted = self.concepts_counted_in(old)
                doc_id, replaced = self.save_document(key, name, digest, words)
                out.append(SavedDocument(doc_id, replaced, counted))
                continue
            fresh[key] = len(new_rows)
            new_rows.append((next_id, key, name, digest, words, stamp))
            out.append(SavedDocument(next_id, False, []))
            next_id += 1
        self.conn.executemany(
            "INSERT INTO documents (id, key, name, digest, words, mined_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            new_rows,
        )
        return out

    def _document_ids(self, keys: Sequence[str]) -> dict[str, int]:
        """The ids of the documents of ``keys`` already recorded, by key."""
        known: dict[str, int] = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            known.update(
                (k, int(i))
                for k, i in self.conn.execute(
                    f"SELECT key, id FROM documents WHERE key IN ({marks})", chunk
                )
            )
        return known

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
            INSERT_COUNT
            + " ON CONFLICT (term_id, document_id, surface) DO UPDATE SET count = excluded.count",
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
        for key, text, cid, source in self.conn.execute(
            "SELECT tone_key, text, concept_id, source FROM terms WHERE lang = 'vi'"
        ):
            key = evidence_key(text, key)
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

    def save_mined(self, concepts: Sequence[MinedConceptRow]) -> list[int]:
        """Store mined concepts; return their ids, in the order given.

        New concepts (``concept_id`` None) are written in bulk.  A stored concept
        gets the terms it lacks, their counts and occurrences, and the score
        given: which concepts to leave alone, and which score counts when
        several land in one, is the caller's decision.
        """
        rows = self._new_rows()
        next_concept = self._next_id("concepts")
        ids: list[int] = []
        for concept in concepts:
            if concept.concept_id is not None:
                ids.append(concept.concept_id)
                continue
            self._add_mined(rows, next_concept, concept)
            ids.append(next_concept)
            next_concept += 1
        bulk = self.bulk_index() if len(rows.terms) >= BULK_TERMS else nullcontext()
        with bulk:
            self._write_rows(rows)
        # Merges insert terms with fresh ids, so they run after the bulk inserts,
        # whose ids were counted from MAX(id) beforehand.
        for concept in concepts:
            if concept.concept_id is not None:
                self._merge_mined(concept.concept_id, concept)
        return ids

    def _add_mined(self, rows: NewRows, concept_id: int, concept: MinedConceptRow) -> None:
        """Gather the rows of a new mined concept: its terms, counts and occurrences."""
        frequency = sum(c.times for t in concept.terms if t.lang == "vi" for c in t.counts)
        rows.add_concept(concept_id, Concept(score=concept.score, frequency=frequency))
        seen: set[tuple[str, str]] = set()
        for position, mined in enumerate(concept.terms):
            text = clean(mined.text)
            key = tone_key(text)
            if not text or (mined.lang, key) in seen:
                continue
            seen.add((mined.lang, key))
            term = Term(mined.lang, text, type=mined.type, status=mined.status, source=mined.source)
            tid = rows.add_term(concept_id, term, text, key, position)
            rows.counts.extend((tid, doc, surface, n) for doc, surface, n in mined.counts)
            places = {(o.document, o.line, o.column): (doc, o) for doc, o in mined.occurrences}
            rows.occurrences.extend(
                (tid, o.document, o.line, o.column, " ".join(o.context.split()) or None, doc)
                if o.context
                else (tid, o.document, o.line, o.column, None, doc)
                for doc, o in places.values()
            )

    def _merge_mined(self, concept_id: int, concept: MinedConceptRow) -> None:
        """Add a mined concept's terms and evidence to a stored concept (see save_mined)."""
        stored = {(r.term.lang, tone_key(r.term.text)): r.id for r in self.term_rows(concept_id)}
        for mined in concept.terms:
            term_id = stored.get((mined.lang, tone_key(clean(mined.text))))
            if term_id is None:
                term = Term(
                    mined.lang,
                    mined.text,
                    type=mined.type,
                    status=mined.status,
                    source=mined.source,
                )
                term_id = self.add_term(concept_id, term)
            per_doc: dict[int, dict[str, int]] = {}
            for doc, surface, n in mined.counts:
                per_doc.setdefault(doc, {})[surface] = n
            for doc, surfaces in per_doc.items():
                self.add_term_counts(term_id, doc, surfaces)
            by_doc: dict[int, list[Occurrence]] = {}
            for doc, occ in mined.occurrences:
                by_doc.setdefault(doc, []).append(occ)
            for doc, found in by_doc.items():
                self.add_document_occurrences(term_id, doc, found)
        # The score is a statistic of the texts, not a reviewer's decision: always kept fresh.
        self.update_concept(concept_id, score=concept.score)

    def protected_concepts(self) -> set[int]:
        """Concepts holding a decided term (approved, rejected, forbidden) or a glossary one."""
        rows = self.conn.execute(
            "SELECT DISTINCT concept_id FROM terms"
            " WHERE status IN ('approved', 'rejected', 'forbidden') OR source = 'glossary'"
        ).fetchall()
        return {int(cid) for (cid,) in rows}

    def rejected_terms(self) -> set[tuple[int, str, str]]:
        """(concept id, language, tone key) of every rejected or forbidden term."""
        rows = self.conn.execute(
            "SELECT concept_id, lang, tone_key FROM terms WHERE status IN ('rejected', 'forbidden')"
        ).fetchall()
        return {(int(cid), lang, key) for cid, lang, key in rows}

    def refresh_frequencies(self, concept_ids: Sequence[int]) -> None:
        """Set each concept's frequency to the sum of its terms' counts (history kept)."""
        for start in range(0, len(concept_ids), CHUNK):
            chunk = list(concept_ids[start : start + CHUNK])
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
