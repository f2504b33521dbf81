"""``termbase add``: a pair the user typed, merged as :mod:`termbase.merge` rule 6 says.

The English joins the one concept that has the Vietnamese term; when several
do, the caller names one or asks for a new concept.  The result lists every
change made, so that the command can say exactly what it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from termbase.errors import InputError
from termbase.importer import LANG_NAMES, Change, concept_fields, shares_term
from termbase.merge import Action, decide, decide_fields
from termbase.models import Concept, Term
from termbase.store import Termbase


@dataclass(frozen=True)
class AddResult:
    """What ``add`` did: the concept, whether it is new, and each change made to it."""

    concept_id: int
    created: bool
    changes: list[Change]


def _target_concept(tb: Termbase, vi: str, en: str | None) -> int | None:
    """The one concept ``add VI EN`` adds to, None for a new one; InputError when several."""
    candidates = tb.concepts_with_term("vi", vi)
    if len(candidates) > 1 and en:
        with_en = [c for c in candidates if shares_term(tb.term_rows(c), Term("en", en))]
        if len(with_en) == 1:
            return with_en[0]
    if len(candidates) > 1:
        ids = ", ".join(str(c) for c in candidates)
        raise InputError(
            f"{vi!r} is in concepts {ids}; add --concept ID to add to one of them,"
            " or --new-concept for a new one"
        )
    return candidates[0] if candidates else None


def add_terms(
    tb: Termbase,
    vi: str,
    en: str | None,
    status: str = "approved",
    domain: str | None = None,
    definition: str | None = None,
    note: str | None = None,
    pos: str | None = None,
    source: str = "manual",
    *,
    concept_id: int | None = None,
    new_concept: bool = False,
    overwrite: bool = False,
) -> AddResult:
    """Add a Vietnamese term and its English equivalent, as :mod:`termbase.merge` rule 6 says.

    The pair goes to the concept ``concept_id``, else to the one concept that
    has the Vietnamese term (several: the one that also has the English, else
    an InputError asks which), else, or with ``new_concept``, to a new concept.
    A decided term's status, or a concept field already set, changes only with
    ``overwrite``; otherwise an InputError says so and nothing is written.
    """
    terms = [Term(lang="vi", text=vi, status=status, source=source, pos=pos)]
    if en:
        terms.append(Term(lang="en", text=en, status=status, source=source, pos=pos))
    concept = Concept(domain=domain, definition=definition, note=note, terms=tuple(terms))
    if concept_id is not None:
        if not tb.has_concept(concept_id):
            raise InputError(f"no concept with id {concept_id}; see 'termbase list' for ids")
        match: int | None = concept_id
    elif new_concept:
        match = None
    else:
        match = _target_concept(tb, vi, en)
    if match is None:
        return AddResult(tb.create_concept(concept), True, [])
    changes: list[Change] = []
    stored_fields = concept_fields(tb, match)
    wanted = {"domain": domain, "definition": definition, "note": note}
    updates, kept = decide_fields(stored_fields, wanted, protected=True, overwrite=overwrite)
    if kept:
        name = kept[0]
        raise InputError(
            f"concept {match} has {name} {stored_fields[name]!r}; add --overwrite"
            f" to change it to {wanted[name]!r}"
        )
    if updates and tb.update_concept(match, **updates):
        changes += [Change(match, k, old=stored_fields[k], new=v) for k, v in updates.items()]
    for term in terms:
        rows = tb.term_rows(match)
        decision = decide(term, [r.term for r in rows], overwrite=overwrite, explicit=True)
        if decision.conflict is not None:
            assert decision.same is not None
            current = rows[decision.same].term
            raise InputError(
                f"{LANG_NAMES[term.lang]} {current.text!r} is {current.status} in concept"
                f" {match}; add --overwrite to make it {term.status}"
            )
        if decision.same is None:
            tb.add_term(match, term)
            changes.append(Change(match, "added", term.lang, term.text, None, term.status))
            continue
        if decision.action is Action.KEEP:
            continue
        row = rows[decision.same]
        updates = {}
        if decision.status != row.term.status:
            updates["status"] = decision.status
        if pos is not None and pos != row.term.pos:
            updates["pos"] = pos
        if updates and tb.update_term(row.id, **updates):
            changes += [
                Change(match, k, term.lang, row.term.text, getattr(row.term, k), v)
                for k, v in updates.items()
            ]
    return AddResult(match, False, changes)


def add_pair(tb: Termbase, vi: str, en: str | None, **options: Any) -> tuple[int, bool]:
    """:func:`add_terms` (same options), answering (concept id, created?)."""
    result = add_terms(tb, vi, en, **options)
    return result.concept_id, result.created
