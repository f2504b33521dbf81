"""``termbase review``'s reads and writes: the queue of concepts to decide on, and skips.

What counts as still to decide (no approved English term yet, a Vietnamese term
not rejected, something undecided) is written here once, for the next concept
and for the count of those left, so the two never disagree.  The rules of what
each key does live in :mod:`termbase.review`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from termbase.store.concepts import ConceptStore


@dataclass(frozen=True)
class ReviewFilter:
    """Which concepts a review goes through.

    ``status``: "suggested" (those with an English suggestion to decide on),
    "candidate" (those whose Vietnamese term is still a mined candidate), or
    None for both.
    """

    status: str | None = None
    min_score: float | None = None
    domain: str | None = None


class ReviewQueue(ConceptStore):
    """The review queue and the concepts each reviewer skipped.

    A mix-in of :class:`termbase.store.Termbase`.
    """

    def _review_where(
        self, where: ReviewFilter, exclude: Sequence[int]
    ) -> tuple[list[str], list[Any]]:
        cond = [
            # Decided ones drop out: an approved English term, or no Vietnamese term left to use.
            "NOT EXISTS (SELECT 1 FROM terms e WHERE e.concept_id = c.id AND e.lang = 'en'"
            " AND e.status = 'approved')",
            "EXISTS (SELECT 1 FROM terms v WHERE v.concept_id = c.id AND v.lang = 'vi'"
            " AND v.status NOT IN ('rejected', 'forbidden'))",
        ]
        suggested = (
            "EXISTS (SELECT 1 FROM terms e WHERE e.concept_id = c.id AND e.lang = 'en'"
            " AND e.status IN ('suggested', 'candidate'))"
        )
        candidate = (
            "EXISTS (SELECT 1 FROM terms v WHERE v.concept_id = c.id AND v.lang = 'vi'"
            " AND v.status = 'candidate')"
        )
        if where.status == "suggested":
            cond.append(suggested)
        elif where.status == "candidate":
            cond.append(candidate)
        else:
            cond.append(f"({suggested} OR {candidate})")
        params: list[Any] = []
        if where.min_score is not None:
            cond.append("c.score >= ?")
            params.append(where.min_score)
        if where.domain is not None:
            cond.append("lower(c.domain) = lower(?)")  # ASCII case, as NOCASE
            params.append(where.domain)
        if exclude:
            cond.append(f"c.id NOT IN ({','.join('?' * len(exclude))})")
            params.extend(exclude)
        return cond, params

    def next_to_review(
        self, where: ReviewFilter, reviewer: str, exclude: Sequence[int] = ()
    ) -> int | None:
        """The next concept to review: not skipped by ``reviewer`` first, highest score first."""
        cond, params = self._review_where(where, exclude)
        row = self.conn.execute(
            "SELECT c.id FROM concepts c LEFT JOIN review_skips s"
            " ON s.concept_id = c.id AND s.reviewer = ?"
            f" WHERE {' AND '.join(cond)}"
            " ORDER BY s.skipped_at IS NOT NULL, s.skipped_at,"
            " c.score IS NULL, c.score DESC, c.id LIMIT 1",
            [reviewer, *params],
        ).fetchone()
        return None if row is None else int(row[0])

    def review_counts(self, where: ReviewFilter, reviewer: str) -> tuple[int, int]:
        """(concepts still to review, of which ``reviewer`` skipped before)."""
        cond, params = self._review_where(where, ())
        row = self.conn.execute(
            "SELECT COUNT(*), COUNT(s.concept_id) FROM concepts c LEFT JOIN review_skips s"
            " ON s.concept_id = c.id AND s.reviewer = ?"
            f" WHERE {' AND '.join(cond)}",
            [reviewer, *params],
        ).fetchone()
        return int(row[0]), int(row[1])

    def skip_concept(self, reviewer: str, concept_id: int) -> None:
        """Remember that ``reviewer`` skipped the concept (it comes after the others next time)."""
        self.conn.execute(
            "INSERT INTO review_skips (reviewer, concept_id, skipped_at) VALUES (?, ?, ?)"
            " ON CONFLICT (reviewer, concept_id) DO UPDATE SET skipped_at = excluded.skipped_at",
            [reviewer, concept_id, self.now()],
        )

    def forget_skip(self, reviewer: str, concept_id: int) -> None:
        self.conn.execute(
            "DELETE FROM review_skips WHERE reviewer = ? AND concept_id = ?",
            [reviewer, concept_id],
        )

    def history_mark(self) -> int:
        """The newest history row's id (0 for none): a transaction's change set is the next one."""
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0])

    def change_set_after(self, mark: int) -> int | None:
        """The change set of the first history row after ``mark`` (None: nothing written)."""
        row = self.conn.execute("SELECT MIN(id) FROM history WHERE id > ?", [mark]).fetchone()
        return None if row[0] is None else int(row[0])
