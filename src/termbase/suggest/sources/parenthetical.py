"""English glosses found in parentheses while mining: "… tầm trung (INF)".

Mining stores them as English terms with status "suggested" and source
"parenthetical"; this source ranks them beside the others: the more often the
gloss was seen, the surer; an acronym gloss of a full Vietnamese name is
English's short form, slightly below a full-form gloss.
"""

from __future__ import annotations

from collections.abc import Sequence

from termbase.suggest.sources import Candidate, Suggestion, clamp

NAME = "parenthetical"
BASE = 0.72


class ParentheticalSource:
    """The candidate's own English terms that mining took from parentheses."""

    name = NAME

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        return [self._one(c) for c in candidates]

    def _one(self, candidate: Candidate) -> list[Suggestion]:
        out: list[Suggestion] = []
        full_vi = candidate.vietnamese[0].type not in ("acronym", "abbreviation")
        for term in candidate.english:
            if term.source != NAME or term.status != "suggested":
                continue
            seen = max(1, len(term.occurrences))
            confidence = BASE + 0.03 * min(seen - 1, 5)
            if full_vi and term.type in ("acronym", "abbreviation"):
                confidence -= 0.08
            lines = sorted({o.line for o in term.occurrences if o.line is not None})
            where = f" (lines {', '.join(map(str, lines[:5]))})" if lines else ""
            out.append(
                Suggestion(
                    term.text,
                    NAME,
                    clamp(confidence),
                    f"parenthetical: written in parentheses after the term {seen}x{where}",
                    term.type,
                )
            )
        return out
