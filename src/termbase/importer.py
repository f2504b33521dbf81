"""Merging concepts read from files (or typed with ``add``) into the termbase.

Two kinds of file come back to us:

* full-concept files (TBX, JSON): every term of a concept is there, so terms
  are merged one by one and new ones are added;
* single-equivalent files (PO, CSV, TSV): one source term and the one target a
  reviewer saw and maybe edited.  A changed target *replaces* the suggestion
  that was exported (the history keeps the old text); a target no longer
  marked fuzzy becomes approved; an emptied target is left alone.

Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from termbase.models import Concept, Term, best_term
from termbase.normalize import tone_key
from termbase.store import Termbase, TermRow

# From this many concepts on, an import rebuilds the substring index once at the end.
BULK = 1000


@dataclass
class ImportReport:
    """What an import did, for the CLI to print."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _shares_term(rows: list[TermRow], term: Term) -> TermRow | None:
    key = tone_key(term.text)
    for row in rows:
        if row.term.lang == term.lang and tone_key(row.term.text) == key:
            return row
    return None


def find_match(tb: Termbase, concept: Concept, single_equivalent: bool) -> int | None:
    """The stored concept ``concept`` describes, or None for a new one."""
    if not concept.terms:
        return None
    if concept.id is not None and tb.has_concept(concept.id):
        rows = tb.term_rows(concept.id)
        if any(_shares_term(rows, t) for t in concept.terms[:2]):
            return concept.id
    if single_equivalent:
        source = concept.terms[0]
        candidates = tb.concepts_with_term(source.lang, source.text)
        if len(concept.terms) > 1:
            target = concept.terms[1]
            for cid in candidates:
                if _shares_term(tb.term_rows(cid), target):
                    return cid
        if concept.id is not None:
            # The file names a concept this termbase does not have: it comes from
            # another termbase, so a different target means a different concept.
            return None
        if concept.domain:
            candidates = [c for c in candidates if tb.concept_domain(c) in (None, concept.domain)]
        return candidates[0] if len(candidates) == 1 else None
    # Full concepts: the same concept shares a term in every language both
    # sides have; sharing only the Vietnamese term is not enough ("Thứ trưởng
    # Ngoại giao" is two concepts, one per country).
    langs = {t.lang for t in concept.terms}
    first = concept.terms[0]
    for cid in tb.concepts_with_term(first.lang, first.text):
        rows = tb.term_rows(cid)
        stored_langs = {r.term.lang for r in rows}
        if all(
            any(_shares_term(rows, t) for t in concept.terms if t.lang == lang)
            for lang in langs & stored_langs
        ):
            return cid
    return None


def _merge_term(tb: Termbase, concept_id: int, term: Term, status_from_file: bool) -> bool:
    rows = tb.term_rows(concept_id)
    row = _shares_term(rows, term)
    if row is None:
        tb.add_term(concept_id, term)
        return True
    changes: dict[str, object] = {}
    # The stored surface form stays as the user first gave it.
    for name in ("type", "source", "confidence", "pos", "note"):
        value = getattr(term, name)
        if value is not None and value != getattr(row.term, name):
            changes[name] = value
    if status_from_file and term.status != row.term.status:
        changes["status"] = term.status
    changed = tb.update_term(row.id, **changes) if changes else False
    return bool(tb.add_occurrences(row.id, term.occurrences)) or changed


def _merge_single(tb: Termbase, concept_id: int, concept: Concept) -> bool:
    source, *rest = concept.terms
    changed = False
    if _shares_term(tb.term_rows(concept_id), source) is None:
        tb.add_term(concept_id, source)
        changed = True
    else:
        changed = _merge_term(tb, concept_id, replace(source, status="candidate"), False)
    if not rest:
        return changed  # an emptied target is left alone
    target = rest[0]
    rows = tb.term_rows(concept_id)
    same = _shares_term(rows, target)
    if same is not None:
        updates: dict[str, object] = {}
        if target.status != same.term.status:
            updates["status"] = target.status
        return tb.update_term(same.id, **updates) or changed
    # The reviewer typed a different equivalent: it replaces the one exported.
    stored = tb.load_concepts([concept_id])[0]
    shown = best_term(stored, target.lang)
    if shown is None:
        tb.add_term(concept_id, target)
        return True
    shown_row = next(
        r
        for r in rows
        if r.term.lang == target.lang and tone_key(r.term.text) == tone_key(shown.text)
    )
    tb.update_term(
        shown_row.id,
        text=target.text,
        type=target.type,
        status=target.status,
        source="review",
        confidence=None,
    )
    tb.add_occurrences(shown_row.id, target.occurrences)
    return True


def import_concepts(
    tb: Termbase,
    concepts: list[Concept],
    single_equivalent: bool,
    keep_ids: bool = True,
) -> ImportReport:
    """Merge ``concepts`` into ``tb`` (the caller holds the transaction)."""
    report = ImportReport()
    if len(concepts) >= BULK:
        with tb.bulk_index():
            _import_all(tb, concepts, single_equivalent, keep_ids, report)
    else:
        _import_all(tb, concepts, single_equivalent, keep_ids, report)
    return report


def _import_all(
    tb: Termbase,
    concepts: list[Concept],
    single_equivalent: bool,
    keep_ids: bool,
    report: ImportReport,
) -> None:
    # New concepts wait here and are written in bulk; a concept that could match one of
    # them, or a change to a stored concept, writes them first (ids stay in file order).
    pending: list[Concept] = []
    pending_keys: set[tuple[str, str]] = set()
    pending_ids: set[int] = set()
    # A concept whose first term no stored or new concept has is new: no query needed.
    firsts = {(c.terms[0].lang, tone_key(c.terms[0].text)) for c in concepts if c.terms}
    known = tb.term_keys(firsts)

    def flush() -> None:
        tb.create_concepts(pending, keep_ids=keep_ids)
        pending.clear()
        pending_keys.clear()
        pending_ids.clear()

    for concept in concepts:
        if not concept.terms:
            report.warnings.append(f"skipped concept {concept.id or '?'}: it has no terms")
            continue
        keys = {(t.lang, tone_key(t.text)) for t in concept.terms}
        if keys & pending_keys or (concept.id is not None and concept.id in pending_ids):
            flush()
        first = concept.terms[0]
        if concept.id is None and (first.lang, tone_key(first.text)) not in known:
            match = None
        else:
            match = find_match(tb, concept, single_equivalent)
        if match is None:
            pending.append(concept)
            pending_keys.update(keys)
            known.update(keys)
            if concept.id is not None:
                pending_ids.add(concept.id)
            report.created += 1
            continue
        flush()
        changed = tb.update_concept(
            match,
            **{
                name: getattr(concept, name)
                for name in ("domain", "definition", "note", "score", "frequency")
                if getattr(concept, name) is not None
            },
        )
        if single_equivalent:
            changed = _merge_single(tb, match, concept) or changed
        else:
            for term in concept.terms:
                changed = _merge_term(tb, match, term, True) or changed
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
    flush()


def add_pair(
    tb: Termbase,
    vi: str,
    en: str | None,
    status: str = "approved",
    domain: str | None = None,
    definition: str | None = None,
    note: str | None = None,
    pos: str | None = None,
    source: str = "manual",
) -> tuple[int, bool]:
    """Add a Vietnamese–English pair as a concept; (concept id, created?).

    The same pair added twice gives the same concept; the options given the
    second time update it.
    """
    terms = [Term(lang="vi", text=vi, status=status, source=source, pos=pos)]
    if en:
        terms.append(Term(lang="en", text=en, status=status, source=source, pos=pos))
    concept = Concept(domain=domain, definition=definition, note=note, terms=tuple(terms))
    match = find_match(tb, concept, single_equivalent=False)
    if match is None:
        return tb.create_concept(concept), True
    tb.update_concept(
        match,
        **{
            k: v
            for k, v in (("domain", domain), ("definition", definition), ("note", note))
            if v is not None
        },
    )
    for term in terms:
        row = _shares_term(tb.term_rows(match), term)
        if row is None:
            tb.add_term(match, term)
            continue
        changes: dict[str, object] = {}
        if status != row.term.status:
            changes["status"] = status
        if pos is not None and pos != row.term.pos:
            changes["pos"] = pos
        if changes:
            tb.update_term(row.id, **changes)
    return match, False
