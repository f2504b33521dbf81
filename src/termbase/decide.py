"""``termbase approve``, ``reject`` and ``forbid``: a reviewer's decision on terms.

A decision names one term (its text in a concept, or a Vietnamese term and its
English), or a set of terms by filters.  The rules a terminologist expects:

- Only the term named changes: rejecting or forbidding an English suggestion
  never touches the Vietnamese term, so the concept stays (and stays in exports).
- Approving an English term also approves the concept's preferred Vietnamese
  term when that is still a candidate or a suggestion: an approved pair is what
  the reviewer has just checked.  The change is listed, never made silently.
- A batch leaves decided terms (approved, rejected, forbidden) alone unless
  ``--status`` names their status: a filter never overturns a decision by itself.

:func:`plan_decision` says what would change; :func:`apply_decision` makes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from termbase.errors import InputError
from termbase.importer import LANG_NAMES
from termbase.models import Concept, best_term
from termbase.store import Termbase, TermFilter, TermRow

# The command, and the status it gives.
ACTIONS = {"approve": "approved", "reject": "rejected", "forbid": "forbidden"}
UNDECIDED = ("candidate", "suggested")


@dataclass(frozen=True)
class StatusChange:
    """One term's status changing: where, which term, from what to what, and why if not named."""

    concept_id: int
    term_id: int
    lang: str
    text: str
    old: str
    new: str
    because: str | None = None  # e.g. "with its English": a change the user did not name


@dataclass(frozen=True)
class Decision:
    """What one approve/reject/forbid does: the changes, and the terms already so."""

    status: str
    changes: list[StatusChange]
    unchanged: list[TermRow]  # named or selected, and already of that status

    @property
    def concepts(self) -> int:
        return len({c.concept_id for c in self.changes})


def plan_decision(
    tb: Termbase,
    status: str,
    texts: tuple[str, ...] = (),
    where: TermFilter | None = None,
) -> Decision:
    """What deciding ``status`` on the terms named by ``texts`` (or selected by ``where``) does.

    ``texts``: nothing (a batch over ``where``, which must narrow), one term's
    text, or a Vietnamese term and an English one.  A named term must be one
    term of one concept: none, or several, is an InputError saying which.
    """
    where = where or TermFilter()
    if texts:
        targets = [_named_term(tb, texts, where)]
    else:
        if not where.narrows():
            raise InputError(
                "name a term (TEXT, VI EN, or --concept ID TEXT) or give a filter"
                " (--source, --status, --min-confidence, --domain, --lang, --concept)"
            )
        if not where.statuses:
            where = replace(where, statuses=UNDECIDED)
        targets = tb.find_terms(where)
    changes: list[StatusChange] = []
    unchanged: list[TermRow] = []
    seen: set[int] = set()
    for row in targets:
        if row.term.status == status:
            unchanged.append(row)
            continue
        seen.add(row.id)
        changes.append(_change(row, status))
    if status == "approved":
        for row in [r for r in targets if r.term.lang == "en" and r.id in seen]:
            partner = _vietnamese_partner(tb, row.concept_id)
            if partner is not None and partner.id not in seen:
                seen.add(partner.id)
                changes.append(_change(partner, status, "with its English"))
    changes.sort(key=lambda c: (c.concept_id, c.lang != "vi", c.term_id))
    return Decision(status, changes, unchanged)


def apply_decision(tb: Termbase, decision: Decision) -> None:
    """Make the decision's changes (each recorded in the history); call in a transaction."""
    for change in decision.changes:
        tb.update_term(change.term_id, status=change.new)


def _change(row: TermRow, status: str, because: str | None = None) -> StatusChange:
    return StatusChange(
        row.concept_id, row.id, row.term.lang, row.term.text, row.term.status, status, because
    )


def _vietnamese_partner(tb: Termbase, concept_id: int) -> TermRow | None:
    """The concept's preferred Vietnamese term when it is still undecided, else None."""
    rows = tb.term_rows(concept_id)
    vi = best_term(Concept(terms=tuple(r.term for r in rows)), "vi")
    if vi is None or vi.status not in UNDECIDED:
        return None
    return next(r for r in rows if r.term is vi)


def _named_term(tb: Termbase, texts: tuple[str, ...], where: TermFilter) -> TermRow:
    """The one term ``texts`` names (under ``where``); InputError for none or several."""
    if len(texts) > 2:
        raise InputError(f"give one term, or a Vietnamese term and its English, not {len(texts)}")
    if len(texts) == 2:
        vi, en = texts
        found = tb.find_terms(replace(where, lang="en"), text=en, vi=vi)
        what = f"the English {en!r} of {vi!r}"
    else:
        found = tb.find_terms(where, text=texts[0])
        what = repr(texts[0])
    if not found:
        raise InputError(_nothing_matches(tb, texts, where))
    undecided = [r for r in found if r.term.status in UNDECIDED]
    if len(found) > 1 and len(undecided) == 1:
        # The same words approved elsewhere (the glossary's concept) and open here: the
        # decision is about the open one; the decided one changes only when named by id.
        return undecided[0]
    if len(found) > 1:
        ids = sorted({r.concept_id for r in found})
        if len(ids) == 1:
            langs = " and ".join(LANG_NAMES[r.term.lang] for r in found)
            raise InputError(
                f"{what} is both the {langs} term of concept {ids[0]}; add --lang vi or --lang en"
            )
        listed = ", ".join(str(i) for i in ids)
        raise InputError(f"{what} is in concepts {listed}; name one with --concept ID")
    return found[0]


def _nothing_matches(tb: Termbase, texts: tuple[str, ...], where: TermFilter) -> str:
    """The one-line error for a named term that matches nothing, with what there is instead."""
    if where.concept_id is not None and not tb.has_concept(where.concept_id):
        return f"no concept with id {where.concept_id}; see 'termbase list' for ids"
    if len(texts) == 2:
        vi, en = texts
        concepts = sorted({r.concept_id for r in tb.find_terms(TermFilter(lang="vi"), text=vi)})
        if not concepts:
            return f"no Vietnamese term {vi!r} in the termbase; see 'termbase lookup {vi}'"
        english = [r.term.text for c in concepts for r in tb.term_rows(c) if r.term.lang == "en"]
        has = f"its English: {', '.join(english)}" if english else "it has no English term"
        return f"{vi!r} (concept {', '.join(map(str, concepts))}) has no English {en!r}; {has}"
    text = texts[0]
    if where.concept_id is not None:
        terms = ", ".join(r.term.text for r in tb.term_rows(where.concept_id))
        return f"concept {where.concept_id} has no term {text!r}; its terms: {terms}"
    if tb.find_terms(TermFilter(), text=text):
        return f"no term {text!r} passes the filters given"
    return f"no term {text!r} in the termbase; see 'termbase lookup {text}'"


def describe(change: StatusChange) -> str:
    """``candidate → approved (with its English)``."""
    tail = f" ({change.because})" if change.because else ""
    return f"{change.old} → {change.new}{tail}"
