"""``termbase undo``: revert the last change sets (one command's transaction each).

Undo reverts what a reviewer's commands did (approve, reject, forbid, add, review
and undo itself), whose every write is in the history; mine, suggest and import
also write what the history does not hold (occurrences, counts, documents), so
they are skipped, not half-reverted (``termbase backup`` is their undo).  It is
itself a change set, so undoing an undo redoes.

It never clobbers: when something outside the sets being undone changed the
same term (or the same concept field) afterwards, or the value is no longer
what the set left, it refuses the whole undo and says which change is in the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from termbase.errors import InputError
from termbase.normalize import tone_key
from termbase.store import CONCEPT_FIELDS, TERM_FIELDS, HistoryEntry, Termbase

UNDOABLE = ("add", "approve", "reject", "forbid", "review", "undo")
_TYPES: dict[str, type] = {"confidence": float, "score": float, "frequency": int}


@dataclass(frozen=True)
class Reversal:
    """One history row reverted: ``kind`` is field, remove_term, restore_term,
    remove_concept or restore_concept; ``value`` the field's value to set back."""

    entry: HistoryEntry
    kind: str
    value: Any = None


@dataclass(frozen=True)
class SetUndo:
    """A change set and the reversals that undo it, newest row first."""

    change_set: int
    command: str | None
    changed_by: str
    changed_at: str
    reversals: list[Reversal]


@dataclass
class _State:
    """What the termbase would hold after the reversals planned so far."""

    values: dict[tuple[str, int, str], str | None] = field(default_factory=dict)
    exists: dict[tuple[str, int], bool] = field(default_factory=dict)
    terms_gone: dict[int, int] = field(default_factory=dict)  # concept → terms removed


def plan_undo(tb: Termbase, n: int = 1) -> list[SetUndo]:
    """The reversals undoing the last ``n`` undoable change sets, newest first.

    InputError when there are fewer, or when one of them cannot be undone
    without overwriting a later change.
    """
    sets = tb.last_change_sets(UNDOABLE, n)
    if not sets:
        raise InputError(
            "nothing to undo: the history has no change made by " + ", ".join(UNDOABLE)
        )
    if len(sets) < n:
        raise InputError(f"only {len(sets)} change set(s) can be undone; give N up to {len(sets)}")
    return plan_undo_sets(tb, sets)


def plan_undo_sets(tb: Termbase, sets: list[int]) -> list[SetUndo]:
    """The reversals undoing the change sets ``sets`` (newest first), with plan_undo's checks.

    ``termbase review``'s ``u`` undoes its own last decision by its set, even when
    other sets (another reviewer's, or its own undos) came after it.
    """
    state = _State()
    plans: list[SetUndo] = []
    for change_set in sets:
        entries = tb.change_set_entries(change_set)
        head = entries[-1]
        reversals = []
        for entry in entries:
            try:
                reversals.append(_reverse(tb, entry, sets, state))
            except _Refused as refused:
                raise InputError(
                    f"cannot undo change set {change_set} ({head.command} by {head.changed_by}"
                    f" at {head.changed_at}): {refused}; nothing was undone"
                ) from None
        plans.append(SetUndo(change_set, head.command, head.changed_by, head.changed_at, reversals))
    return plans


def apply_undo(tb: Termbase, plans: list[SetUndo]) -> None:
    """Make the reversals (recorded in the history as one change set); call in a transaction."""
    for plan in plans:
        for step in plan.reversals:
            entry = step.entry
            if step.kind == "field" and entry.term_id is not None:
                tb.update_term(entry.term_id, **{entry.field: step.value})
            elif step.kind == "field":
                assert entry.concept_id is not None
                tb.update_concept(entry.concept_id, **{entry.field: step.value})
            elif step.kind == "remove_term":
                assert entry.term_id is not None
                tb.remove_term(entry.term_id)
            elif step.kind == "remove_concept":
                assert entry.concept_id is not None
                tb.remove_concept(entry.concept_id)
            else:
                assert entry.snapshot is not None
                if step.kind == "restore_term":
                    tb.restore_term(entry.snapshot)
                else:
                    tb.restore_concept(entry.snapshot)


def describe(step: Reversal) -> str:
    """What a reversal does, in words: ``status: approved → suggested``."""
    entry = step.entry
    if step.kind == "field":
        return f"{entry.field}: {_shown(entry.new)} → {_shown(entry.old)}"
    return {
        "remove_term": "remove the term it added",
        "restore_term": "put back the term it removed",
        "remove_concept": "remove the concept it added",
        "restore_concept": "put back the concept it removed",
    }[step.kind]


def _shown(value: str | None) -> str:
    return "(none)" if value is None else value


class _Refused(Exception):
    """Why a history row cannot be reverted (made into the undo's InputError)."""


def _reverse(tb: Termbase, entry: HistoryEntry, sets: list[int], state: _State) -> Reversal:
    """The reversal of one row, checked against what came after and what is there now."""
    term_id, concept_id = entry.term_id, entry.concept_id
    if concept_id is None:
        raise _Refused(f"history row {entry.id} names no concept")
    later = tb.later_change(
        entry.id,
        sets,
        concept_id,
        term_id,
        None if entry.field in ("concept", "term") else entry.field,
    )
    if later is not None:
        what = f"term {term_id}" if term_id is not None else f"concept {concept_id}"
        raise _Refused(
            f"{what} was changed afterwards by {later.command} (change set {later.change_set},"
            f" {later.changed_by} at {later.changed_at}); undo that first, or decide again"
        )
    if entry.field == "term" and term_id is not None:
        return _reverse_term(tb, entry, term_id, concept_id, state)
    if entry.field == "concept":
        return _reverse_concept(tb, entry, concept_id, state)
    if term_id is not None and entry.field in TERM_FIELDS:
        table, row_id = "terms", term_id
        exists, value = _current(tb, state, table, row_id, entry.field)
    elif term_id is None and entry.field in CONCEPT_FIELDS:
        table, row_id = "concepts", concept_id
        exists, value = _current(tb, state, table, row_id, entry.field)
    else:
        raise _Refused(f"undo does not know how to revert a change of {entry.field!r}")
    if not exists:
        raise _Refused(f"{table[:-1]} {row_id} no longer exists")
    if value != entry.new:
        raise _Refused(
            f"{table[:-1]} {row_id}'s {entry.field} is now {_shown(value)},"
            f" not {_shown(entry.new)} as that change left it"
        )
    state.values[(table, row_id, entry.field)] = entry.old
    typed = entry.old if entry.old is None else _TYPES.get(entry.field, str)(entry.old)
    return Reversal(entry, "field", typed)


def _current(
    tb: Termbase, state: _State, table: str, row_id: int, name: str
) -> tuple[bool, str | None]:
    """(exists, value as the history writes it) after the reversals planned so far."""
    if not state.exists.get((table, row_id), True):
        return False, None
    if (table, row_id, name) in state.values:
        return True, state.values[(table, row_id, name)]
    if table == "terms":
        exists, value = tb.term_value(row_id, name)
    else:
        exists, value = tb.concept_value(row_id, name)
    return exists, None if value is None else str(value)


def _exists(tb: Termbase, state: _State, table: str, row_id: int) -> bool:
    if (table, row_id) in state.exists:
        return state.exists[(table, row_id)]
    if table == "terms":
        return tb.term_value(row_id, "status")[0]
    return tb.has_concept(row_id)


def _reverse_term(
    tb: Termbase, entry: HistoryEntry, term_id: int, concept_id: int, state: _State
) -> Reversal:
    if entry.old is None:  # the set added the term: remove it
        if not _exists(tb, state, "terms", term_id):
            raise _Refused(f"the term added ({entry.new}) is no longer there")
        state.exists[("terms", term_id)] = False
        state.terms_gone[concept_id] = state.terms_gone.get(concept_id, 0) + 1
        return Reversal(entry, "remove_term")
    if entry.snapshot is None:
        raise _Refused(
            f"it removed the term {entry.old} and the history does not keep its fields;"
            " restore it from a backup (termbase backup)"
        )
    lang, _, rest = entry.old.partition(":")
    text = rest.rsplit(" (", 1)[0]
    if _exists(tb, state, "terms", term_id) or not _exists(tb, state, "concepts", concept_id):
        raise _Refused(f"term {term_id} cannot be put back into concept {concept_id}")
    if tb.term_key_taken(concept_id, lang, tone_key(text)):
        raise _Refused(f"concept {concept_id} has {text!r} again, added since")
    state.exists[("terms", term_id)] = True
    state.terms_gone[concept_id] = state.terms_gone.get(concept_id, 0) - 1
    return Reversal(entry, "restore_term")


def _reverse_concept(tb: Termbase, entry: HistoryEntry, concept_id: int, state: _State) -> Reversal:
    if entry.old is None:  # the set created the concept: remove it, once it has no terms
        if not _exists(tb, state, "concepts", concept_id):
            raise _Refused(f"concept {concept_id} is no longer there")
        if tb.term_count(concept_id) - state.terms_gone.get(concept_id, 0) > 0:
            raise _Refused(f"concept {concept_id} has terms that change set did not add")
        state.exists[("concepts", concept_id)] = False
        return Reversal(entry, "remove_concept")
    if entry.snapshot is None:
        raise _Refused(f"it removed concept {concept_id} and the history does not keep it")
    if _exists(tb, state, "concepts", concept_id):
        raise _Refused(f"concept id {concept_id} is taken again")
    state.exists[("concepts", concept_id)] = True
    return Reversal(entry, "restore_concept")
