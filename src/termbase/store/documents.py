"""Mined documents, their per-document counts and occurrences (``termbase mine``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any

from termbase.models import Concept, Occurrence, Term
from termbase.normalize import clean, tone_key
from termbase.store.core import BULK_TERMS, TermbaseCore, concept_row, term_row


class MinedStore(TermbaseCore):
    """What ``termbase mine`` keeps beside the concepts: documents, counts, occurrences."""

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

    def save_documents(
        self, records: Sequence[tuple[str, str, str, int]]
    ) -> list[tuple[int, bool, list[int]]]:
        """Record mined documents (key, name, digest, words) in bulk, in order.

        For each: its id, whether it was mined before (its counts and occurrences
        are dropped, as :meth:`save_document` does), and the concepts counted in
        it before.  New documents are inserted in one statement.
        """
        keys = [r[0] for r in records]
        known: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            known.update(
                (k, int(i))
                for k, i in self.conn.execute(
                    f"SELECT key, id FROM documents WHERE key IN ({marks})", chunk
                )
            )
        next_id = int(
            self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM documents").fetchone()[0]
        )
        stamp = self.now()
        out: list[tuple[int, bool, list[int]]] = []
        new_rows: list[tuple[Any, ...]] = []
        fresh: dict[str, int] = {}  # key -> index in new_rows
        for key, name, digest, words in records:
            if key in fresh:
                # The same document twice in one batch: the later one replaces it.
                row = new_rows[fresh[key]]
                new_rows[fresh[key]] = (row[0], key, name, digest, words, stamp)
                out.append((row[0], True, []))
                continue
            old = known.get(key)
            if old is not None:
                counted = self.concepts_counted_in(old)
                doc_id, replaced = self.save_document(key, name, digest, words)
                out.append((doc_id, replaced, counted))
                continue
            fresh[key] = len(new_rows)
            new_rows.append((next_id, key, name, digest, words, stamp))
            out.append((next_id, False, []))
            next_id += 1
        self.conn.executemany(
            "INSERT INTO documents (id, key, name, digest, words, mined_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            new_rows,
        )
        return out

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
            concept_rows.append(concept_row(cid, Concept(score=score, frequency=frequency), stamp))
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
                term = Term(lang, text, type=ttype, status=status, source=source)
                term_rows.append(term_row(tid, cid, term, text, key, position, stamp))
                history.append(self._term_created(cid, tid, term, text, stamp))
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
        # New terms: no count or occurrence of theirs can be there yet (plain inserts).
        self._insert_rows(concept_rows, term_rows, history, occurrences)
        self.conn.executemany(
            "INSERT INTO term_counts (term_id, document_id, surface, count) VALUES (?, ?, ?, ?)",
            counts,
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
