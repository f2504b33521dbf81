"""Reading the termbase: concepts by id or status, term keys, lookup's matches, counts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from termbase.models import Concept, Occurrence, StatusTerm, Term
from termbase.normalize import tone_key
from termbase.store.concepts import ConceptStore
from termbase.store.rows import CHUNK, CONCEPT_ORDER


class Queries(ConceptStore):
    """The reads of the commands and of lookup (a mix-in of :class:`termbase.store.Termbase`)."""

    def concept_domain(self, concept_id: int) -> str | None:
        row = self.conn.execute("SELECT domain FROM concepts WHERE id = ?", [concept_id]).fetchone()
        return row[0] if row else None

    def term_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (language, tone key) pairs some stored term has."""
        wanted = list(keys)
        found: set[tuple[str, str]] = set()
        for lang in {lang for lang, _ in wanted}:
            texts = [k for lg, k in wanted if lg == lang]
            for start in range(0, len(texts), CHUNK):
                chunk = texts[start : start + CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(
                    (lang, r[0])
                    for r in self.conn.execute(
                        "SELECT DISTINCT tone_key FROM terms"
                        f" WHERE lang = ? AND tone_key IN ({marks})",
                        [lang, *chunk],
                    )
                )
        return found

    def concepts_with_term(self, lang: str, text: str) -> list[int]:
        """Ids of concepts holding a term equal to ``text`` up to tone placement and case."""
        rows = self.conn.execute(
            "SELECT DISTINCT concept_id FROM terms WHERE lang = ? AND tone_key = ?"
            " ORDER BY concept_id",
            [lang, tone_key(text)],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def load_concepts(self, ids: Sequence[int], contexts: int | None = None) -> list[Concept]:
        """Concepts by id, in the order given, with terms and occurrences.

        ``contexts`` caps the occurrences loaded per term (None: all).
        """
        if not ids:
            return []
        found: dict[int, Concept] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
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
            + " ORDER BY length(fold_key), fold_key, id LIMIT ?"
        )
        params: list[Any] = [key, key + "\U0010ffff"]
        if lang:
            params.append(lang)
        params.append(limit * 4)
        return _unique(int(r[0]) for r in self.conn.execute(sql, params).fetchall())

    def contains_terms(self, key: str, lang: str | None, limit: int) -> list[int]:
        """Concept ids whose fold key contains ``key`` (trigram index; 3+ characters)."""
        if len(key) < 3 or self.dialect == "postgresql":
            # PostgreSQL: LIKE through the pg_trgm index (substring search at any length).
            test = "instr(fold_key, ?) > 0" if self.dialect == "sqlite" else "fold_key LIKE ?"
            pattern = key if self.dialect == "sqlite" else f"%{like_escaped(key)}%"
            rows = self.conn.execute(
                f"SELECT concept_id FROM terms WHERE {test}"
                + (" AND lang = ?" if lang else "")
                + " ORDER BY length(fold_key), fold_key, id LIMIT ?",
                [pattern, lang, limit * 4] if lang else [pattern, limit * 4],
            ).fetchall()
            return _unique(int(r[0]) for r in rows)
        phrase = '"' + key.replace('"', '""') + '"'
        sql = (
            "SELECT t.concept_id FROM terms_fts f JOIN terms t ON t.id = f.rowid"
            " WHERE terms_fts MATCH ?"
            + (" AND t.lang = ?" if lang else "")
            + " ORDER BY length(t.fold_key), t.fold_key, t.id LIMIT ?"
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
        concat = (
            "group_concat(id), group_concat(fold_key, char(10))"
            if self.dialect == "sqlite"
            else "string_agg(id::text, ',' ORDER BY fold_key, id),"
            " string_agg(fold_key, chr(10) ORDER BY fold_key, id)"
        )
        ids, keys = self.conn.execute(
            f"SELECT {concat}"
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

    def status_terms(self) -> list[StatusTerm]:
        """Approved and forbidden terms of every concept with an approved term, in term order.

        What ``termbase check`` compares translations with: a concept none of whose
        terms is approved has nothing to check against.
        """
        rows = self.conn.execute(
            "SELECT concept_id, lang, text, status FROM terms"
            " WHERE status IN ('approved', 'forbidden') AND concept_id IN"
            " (SELECT concept_id FROM terms WHERE status = 'approved')"
            " ORDER BY concept_id, position, id"
        ).fetchall()
        return [StatusTerm(int(c), lang, text, status) for c, lang, text, status in rows]

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


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def like_escaped(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern (PostgreSQL's escape character is ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
