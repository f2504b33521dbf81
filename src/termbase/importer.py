"""Merging concepts read from files (or typed with ``add``) into the termbase.

Each concept of a file is matched to a stored concept (:func:`find_match`) or
becomes a new one; each of its terms is then merged as :func:`termbase.merge.decide`
says, so that no approved, rejected, forbidden or glossary term is changed
without ``overwrite``.  Two kinds of file come back to us:

* full-concept files (TBX, JSON): every term of a concept is there, so terms
  are merged one by one and new ones are added;
* single-equivalent files (PO, CSV, TSV, OmegaT): one source term and the one
  target a reviewer saw and maybe edited.

A review file that recorded what it exported (PO's ``termbase: concept N rev
R``, TBX's ``termbase-revision`` note) speaks only for the entries the
reviewer changed; where the termbase's decisions on the concept changed since
the export as well, the import reports a conflict and leaves the concept
alone, unless ``side`` says which wins ("theirs": the file, "ours": the
termbase).  A TBX concept the reviewer left as exported still brings its other
fields, but its terms keep the statuses the termbase gave them since.

Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from termbase.merge import (
    DECIDED,
    SUGGESTED,
    Action,
    Conflict,
    Decision,
    decide,
    decide_fields,
    is_decided,
    is_protected,
    revision,
)
from termbase.models import Concept, Exported, Term
from termbase.normalize import fold_key, tone_key
from termbase.store import Termbase, TermRow

# From this many concepts on, an import rebuilds the substring index once at the end.
BULK = 1000
# Concept fields a file may carry.
FIELDS = ("domain", "definition", "note", "score", "frequency")
LANG_NAMES = {"vi": "Vietnamese", "en": "English"}
# The source of a term a reviewer typed into a file termbase exported.
REVIEW_SOURCE = "review"


@dataclass(frozen=True)
class Change:
    """One write to a concept that existed before the command.

    ``decision`` is True when it changed a decided term or a protected
    concept's field (only ``overwrite`` allows that).
    """

    concept_id: int
    what: str  # "added", a term field ("status", "pos", …) or a concept field
    lang: str | None = None
    text: str | None = None
    old: Any = None
    new: Any = None
    decision: bool = False

    def describe(self) -> str:
        if self.lang is None:
            if self.old is None:
                return f"Set {self.what} of concept {self.concept_id} to {self.new!r}"
            return (
                f"Changed {self.what} of concept {self.concept_id}"
                f" from {self.old!r} to {self.new!r}"
            )
        term = f"{LANG_NAMES.get(self.lang, self.lang)} {self.text!r}"
        if self.what == "added":
            return f"Added {term} to concept {self.concept_id} ({self.new})"
        return (
            f"Changed {self.what} of {term} in concept {self.concept_id}"
            f" from {self.old} to {self.new}"
        )


@dataclass(frozen=True)
class ConflictRecord:
    """Where a file disagreed with a decision and the decision stayed."""

    concept_id: int
    kind: Conflict | None  # None: a concept field the file would change
    lang: str | None
    text: str  # the file's term, or the field's name
    wanted: Any  # the file's status, or the field's value in the file
    standing: str  # what stays

    def describe(self) -> str:
        where = f"concept {self.concept_id}"
        if self.kind is None:
            return f"{where}: {self.text} stays {self.standing!r} (the file has {self.wanted!r})"
        term = f"{LANG_NAMES.get(self.lang or '', self.lang)} {self.text!r}"
        if self.kind is Conflict.SUGGESTION:
            return f"{where}: {term} kept as a suggestion; {self.standing} stays"
        if self.kind is Conflict.BOTH:
            return (
                f"{where}: the file has {term} ({self.wanted}), but the termbase's decisions"
                f" changed since the export (now {self.standing}); nothing written,"
                " --theirs or --ours chooses"
            )
        return f"{where}: {term} stays {self.standing} (the file says {self.wanted})"


@dataclass
class ImportReport:
    """What an import did, for the CLI to print."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Entries merged into a concept an earlier entry of the same file created.
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)
    conflicts: list[ConflictRecord] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # Entries changed in the file and in the termbase that --ours left as the termbase has them.
    ours: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def suggestions(self) -> int:
        """Conflicts kept as suggestions for review."""
        return sum(1 for c in self.conflicts if c.kind is Conflict.SUGGESTION)

    @property
    def both(self) -> int:
        """Entries changed in the file and, since the export, in the termbase: left alone."""
        return sum(1 for c in self.conflicts if c.kind is Conflict.BOTH)

    @property
    def kept(self) -> int:
        """Decided values the file would change, left as they were."""
        return len(self.conflicts) - self.suggestions - self.both

    @property
    def decisions_changed(self) -> list[Change]:
        return [c for c in self.changes if c.decision]

    def summary(self) -> str:
        """``3 new, 1 updated, 0 unchanged`` and, when there are any, conflicts and duplicates."""
        parts = [f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged"]
        if self.suggestions:
            parts.append(f"kept as suggestions: {_count(self.suggestions, 'conflict')}")
        if self.kept:
            parts.append(f"left as they were: {_count(self.kept, 'decision')} the file differs on")
        if self.both:
            parts.append(
                f"changed in the termbase since the export and in the file:"
                f" {_count(self.both, 'entry', 'entries')}, left alone (--theirs or --ours)"
            )
        if self.ours:
            parts.append(
                f"kept the termbase's: {_count(self.ours, 'entry', 'entries')}"
                " changed on both sides"
            )
        if self.duplicates:
            parts.append(
                f"{_count(self.duplicates, 'repeated entry', 'repeated entries')}"
                " kept as variants of one concept"
            )
        if self.decisions_changed:
            parts.append(f"overwritten: {_count(len(self.decisions_changed), 'decision')}")
        return "; ".join(parts)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _edited(target: Term, exported: Term | None) -> bool:
    """Whether the reviewer changed the target the file showed (its text, or approved it)."""
    if exported is None:
        return True
    return tone_key(target.text) != tone_key(exported.text) or target.status != exported.status


def concept_fields(tb: Termbase, concept_id: int) -> dict[str, Any]:
    stored = tb.load_concepts([concept_id], contexts=0)[0]
    return {name: getattr(stored, name) for name in FIELDS}


def shares_term(rows: list[TermRow], term: Term) -> TermRow | None:
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
        if any(shares_term(rows, t) for t in concept.terms[:2]):
            return concept.id
    if single_equivalent:
        source = concept.terms[0]
        candidates = tb.concepts_with_term(source.lang, source.text)
        if len(concept.terms) > 1:
            target = concept.terms[1]
            for cid in candidates:
                if shares_term(tb.term_rows(cid), target):
                    return cid
            if source.lang != "vi" and target.lang == "vi":
                candidates = [c for c in candidates if _same_word_or_none(tb, c, target)]
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
            any(shares_term(rows, t) for t in concept.terms if t.lang == lang)
            for lang in langs & stored_langs
        ):
            return cid
    return None


def _same_word_or_none(tb: Termbase, concept_id: int, target: Term) -> bool:
    """Whether a file's Vietnamese for an English source can join this concept.

    A concept is known by its Vietnamese: an English word names many
    ("authority": a body, "cục", or the power to act, "thẩm quyền"), so an entry
    keyed by English joins a concept only when the concept has no Vietnamese yet,
    or Vietnamese that holds the file's or is held in it, up to diacritics ("Ao"
    or "Nước Áo" for "Áo"); otherwise it is another concept.
    """
    stored = [r.term for r in tb.term_rows(concept_id) if r.term.lang == "vi"]
    folded = f" {_words(target.text)} "
    return not stored or any(
        f" {w} " in folded or folded in f" {w} " for w in (_words(t.text) for t in stored)
    )


def _words(text: str) -> str:
    """A term's words, lower case without diacritics or punctuation ("Nước Áo." → "nuoc ao")."""
    return " ".join(re.findall(r"\w+", fold_key(text).lower()))


def find_glossary_match(tb: Termbase, concept: Concept) -> int | None:
    """The stored glossary concept a glossary line describes, or None.

    A glossary concept is known by its first Vietnamese term (up to tone
    placement and case) and its domain: every line of the curated glossary
    differs in these, and they survive an edit of the English, so loading the
    glossary again after such an edit finds the concept instead of adding a
    second one.  Otherwise the rule of :func:`find_match` applies (an edited
    domain, the English still shared).
    """
    vi = concept.terms_in("vi")
    if vi:
        key = tone_key(vi[0].text)
        for cid in tb.concepts_with_term("vi", vi[0].text):
            rows = tb.term_rows(cid)
            first = next((r.term for r in rows if r.term.lang == "vi"), None)
            if (
                first is not None
                and tone_key(first.text) == key
                and tb.concept_domain(cid) == concept.domain
                and any(r.term.source == "glossary" for r in rows)
            ):
                return cid
    return find_match(tb, concept, single_equivalent=False)


class _Merger:
    """Applies the policy's decisions for one import to the store, and reports them."""

    def __init__(
        self,
        tb: Termbase,
        report: ImportReport,
        source: str,
        overwrite: bool,
        side: str | None = None,
    ) -> None:
        self.tb = tb
        self.report = report
        self.source = source
        self.overwrite = overwrite
        self.side = side
        # Concepts this import created: the file's own, merged into freely.
        self.fresh: set[int] = set()

    def merge(self, concept_id: int, concept: Concept, single: bool, round_trip: bool) -> bool:
        """Merge ``concept`` into the stored concept; True if anything was written."""
        fresh = concept_id in self.fresh
        overwrite = self.overwrite or fresh or (round_trip and self.side == "theirs")
        rows = self.tb.term_rows(concept_id)
        shown: str | None = None
        # The file's statuses are older than the termbase's: its terms keep those.
        stale = False
        if round_trip and single and concept.exported is not None and not fresh:
            if not self._reviewed(concept_id, concept, concept.exported, rows):
                # An entry left undecided may still carry the reviewer's comment (PO's
                # "# …", the concept's note): it fills an empty note, else is reported
                # (--overwrite or --theirs writes it).
                note = Concept(note=concept.note, terms=())
                return self._fields(concept_id, note, True, overwrite)
            target_shown = concept.exported.target
            shown = target_shown.text if target_shown is not None else ""
        elif round_trip and concept.exported is not None and not fresh:
            review = self._reviewed_concept(concept_id, concept, concept.exported, rows)
            if review is None:
                return False
            stale = review == "stale"
            if stale:
                overwrite = self.overwrite
        protected = not fresh and is_protected([r.term for r in rows])
        changed = self._fields(concept_id, concept, protected, overwrite)
        for index, term in enumerate(concept.terms):
            rows = self.tb.term_rows(concept_id)
            target = single and index == 1 and not fresh
            if (single and index == 0) or stale:
                # A PO/CSV source term says nothing about its status, nor does a stale file.
                same = shares_term(rows, term)
                if same is not None:
                    term = replace(term, status=same.term.status)
            decision = decide(
                term,
                [r.term for r in rows],
                replaces=target,
                round_trip=round_trip,
                overwrite=overwrite,
                shown=shown if target else None,
            )
            changed = self._apply(concept_id, rows, term, decision, target, round_trip) or changed
        if round_trip and single and shown is not None and changed:
            changed = self._approve_source(concept_id, concept) or changed
        return changed

    def _approve_source(self, concept_id: int, concept: Concept) -> bool:
        """A review file approved the English: its Vietnamese term, if still a candidate or
        a suggestion, is approved with it (as ``termbase approve`` does with a pair)."""
        rows = self.tb.term_rows(concept_id)
        target = concept.terms[1] if len(concept.terms) > 1 else None
        if target is None or target.status != "approved":
            return False
        approved = any(
            r.term.lang == target.lang
            and r.term.status == "approved"
            and tone_key(r.term.text) == tone_key(target.text)
            for r in rows
        )
        source = shares_term(rows, concept.terms[0])
        if not approved or source is None or source.term.status not in ("candidate", SUGGESTED):
            return False
        return self.tb.update_term(source.id, status="approved")

    def _reviewed(
        self, concept_id: int, concept: Concept, exported: Exported, rows: list[TermRow]
    ) -> bool:
        """Whether a review file's entry is to be merged: the reviewer changed it, and
        either the termbase's decisions did not change since the export or ``side``
        says the file wins.  A conflict is reported (or counted, for --ours) here."""
        target = concept.terms[1] if len(concept.terms) > 1 else None
        if target is None or not _edited(target, exported.target):
            return False  # the reviewer left it as exported: it decides nothing
        stored = [r.term for r in rows]
        if revision(stored) == exported.revision or self.side == "theirs":
            return True
        same = shares_term(rows, target)
        if same is not None and same.term.status == target.status:
            return False  # both sides made the same decision
        if self.side == "ours":
            self.report.ours += 1
            return False
        self._both(concept_id, target, stored)
        return False

    def _reviewed_concept(
        self, concept_id: int, concept: Concept, exported: Exported, rows: list[TermRow]
    ) -> Literal["merge", "stale"] | None:
        """How a whole concept from a review file (TBX) is merged: "merge" as the rules say,
        "stale" with the statuses the termbase has now, or None (not at all).

        Where the termbase's decisions are as exported, the file's changes are the only
        ones.  Where they changed, a file whose terms are as exported is stale; one whose
        terms changed too is a conflict wherever it gives a term another status than the
        termbase now does, one side of which is a decision: reported (or counted, for
        --ours) here, and merged only with --theirs.
        """
        stored = [r.term for r in rows]
        if revision(stored) == exported.revision:
            return "merge"
        if not exported.edited:
            return "stale"
        differing = []
        for term in concept.terms:
            same = shares_term(rows, term)
            if (
                same is not None
                and same.term.status != term.status
                and (term.status in DECIDED or is_decided(same.term))
            ):
                differing.append(term)
        if not differing or self.side == "theirs":
            return "merge"
        if self.side == "ours":
            self.report.ours += 1
            return None
        # Named: a decision the file makes, before a term it merely shows as exported.
        differing.sort(key=lambda t: t.status not in DECIDED)
        self._both(concept_id, differing[0], stored)
        return None

    def _both(self, concept_id: int, term: Term, stored: list[Term]) -> None:
        """Report ``term`` of a file as changed there while the termbase's decisions changed."""
        now = [f"{t.text!r} {t.status}" for t in stored if t.lang == term.lang and is_decided(t)]
        self.report.conflicts.append(
            ConflictRecord(
                concept_id,
                Conflict.BOTH,
                term.lang,
                term.text,
                term.status,
                ", ".join(now) or "no decided term",
            )
        )

    def _fields(self, concept_id: int, concept: Concept, protected: bool, overwrite: bool) -> bool:
        stored = concept_fields(self.tb, concept_id)
        incoming = {name: getattr(concept, name) for name in FIELDS}
        changes, kept = decide_fields(stored, incoming, protected=protected, overwrite=overwrite)
        for name in kept:
            self.report.conflicts.append(
                ConflictRecord(concept_id, None, None, name, incoming[name], stored[name])
            )
        if not changes or not self.tb.update_concept(concept_id, **changes):
            return False
        fresh = concept_id in self.fresh
        for name, value in changes.items():
            if not fresh:
                decision = protected and stored[name] is not None
                self.report.changes.append(
                    Change(concept_id, name, old=stored[name], new=value, decision=decision)
                )
        return True

    def _apply(
        self,
        concept_id: int,
        rows: list[TermRow],
        term: Term,
        decision: Decision,
        attributes: bool,
        round_trip: bool,
    ) -> bool:
        """Write what ``decision`` says; ``attributes``: a target, whose status alone is merged."""
        same = rows[decision.same] if decision.same is not None else None
        rival = rows[decision.rival] if decision.rival is not None else None
        changed = False
        if decision.conflict is not None:
            if decision.conflict is Conflict.KEPT:
                assert same is not None
                standing = same.term.status
            else:
                assert rival is not None
                standing = f"{rival.term.text!r} ({rival.term.status})"
            self.report.conflicts.append(
                ConflictRecord(
                    concept_id, decision.conflict, term.lang, term.text, term.status, standing
                )
            )
        if decision.action in (Action.ADD, Action.SUGGEST) or (
            decision.action is Action.REPLACE and same is None
        ):
            source = term.source
            if decision.action is Action.SUGGEST:
                source = self.source
            elif decision.action is Action.REPLACE and round_trip:
                source, term = REVIEW_SOURCE, replace(term, confidence=None)
            elif concept_id not in self.fresh:
                source = source or self.source
            self.tb.add_term(concept_id, replace(term, status=decision.status, source=source))
            self._record(concept_id, "added", term, None, decision.status, decision=False)
            changed = True
        elif same is not None:
            updates: dict[str, Any] = {}
            if decision.action is not Action.KEEP:
                if not attributes:
                    for name in ("type", "source", "confidence", "pos", "note"):
                        value = getattr(term, name)
                        if value is not None and value != getattr(same.term, name):
                            updates[name] = value
                if decision.status != same.term.status:
                    updates["status"] = decision.status
                # The reviewer's spelling of what they approved ("Deputy Foreign
                # Minister" for "deputy foreign minister"): case, tone marks.
                if (
                    attributes
                    and round_trip
                    and decision.status == "approved"
                    and term.text != same.term.text
                ):
                    updates["text"] = term.text
            if updates and self.tb.update_term(same.id, **updates):
                for name, value in updates.items():
                    old = getattr(same.term, name)
                    self._record(concept_id, name, same.term, old, value, same=same)
                changed = True
            if self.tb.add_occurrences(same.id, term.occurrences):
                changed = True
        replaced = decision.action is Action.REPLACE and rival is not None
        if replaced and rival is not None and self.tb.update_term(rival.id, status="rejected"):
            self._record(concept_id, "status", rival.term, rival.term.status, "rejected", rival)
            changed = True
        return changed

    def _record(
        self,
        concept_id: int,
        what: str,
        term: Term,
        old: Any,
        new: Any,
        same: TermRow | None = None,
        decision: bool | None = None,
    ) -> None:
        if concept_id in self.fresh:
            return
        if decision is None:
            decision = same is not None and is_decided(same.term)
        self.report.changes.append(
            Change(concept_id, what, term.lang, term.text, old, new, decision=decision)
        )


def import_concepts(
    tb: Termbase,
    concepts: Sequence[Concept],
    single_equivalent: bool,
    keep_ids: bool = True,
    *,
    source: str = "import",
    overwrite: bool = False,
    glossary: bool = False,
    side: str | None = None,
) -> ImportReport:
    """Merge ``concepts`` into ``tb`` as :mod:`termbase.merge` says (in the caller's transaction).

    ``source`` (the file's name) is the source of the terms kept as suggestions;
    ``overwrite`` lets the file change decisions; ``glossary`` matches stored
    concepts as :func:`find_glossary_match` does; ``side`` ("theirs" or "ours")
    says who wins where the termbase and a file termbase exported both changed
    a concept ("theirs" also lets such a file change decisions, as ``overwrite``).
    """
    report = ImportReport()
    merger = _Merger(tb, report, source, overwrite, side)
    if len(concepts) >= BULK:
        with tb.bulk_index():
            _import_all(merger, concepts, single_equivalent, keep_ids, glossary)
    else:
        _import_all(merger, concepts, single_equivalent, keep_ids, glossary)
    return report


class _DryRun(Exception):
    """Raised inside the transaction of a dry run to roll it back."""


def merge_file(
    tb: Termbase,
    concepts: Sequence[Concept],
    single_equivalent: bool,
    *,
    source: str,
    overwrite: bool = False,
    dry_run: bool = False,
    side: str | None = None,
) -> ImportReport:
    """:func:`import_concepts` in one transaction; a dry run rolls it back and reports."""
    report: ImportReport | None = None
    try:
        with tb.transaction():
            report = import_concepts(
                tb,
                concepts,
                single_equivalent,
                source=source,
                overwrite=overwrite,
                side=side,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert report is not None
    return report


def _import_all(
    merger: _Merger,
    concepts: Sequence[Concept],
    single_equivalent: bool,
    keep_ids: bool,
    glossary: bool,
) -> None:
    tb, report = merger.tb, merger.report
    # New concepts wait here and are written in bulk; a concept that could match one of
    # them, or a change to a stored concept, writes them first (ids stay in file order).
    pending: list[Concept] = []
    pending_keys: set[tuple[str, str]] = set()
    pending_ids: set[int] = set()
    # A concept whose first term no stored or new concept has is new: no query needed.
    firsts = {(c.terms[0].lang, tone_key(c.terms[0].text)) for c in concepts if c.terms}
    known = tb.term_keys(firsts)

    def flush() -> None:
        merger.fresh.update(tb.create_concepts(pending, keep_ids=keep_ids))
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
        elif glossary:
            match = find_glossary_match(tb, concept)
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
        if match in merger.fresh:
            report.duplicates += 1
        round_trip = concept.id is not None and concept.id == match
        if merger.merge(match, concept, single_equivalent, round_trip):
            report.updated += 1
        else:
            report.unchanged += 1
    flush()
