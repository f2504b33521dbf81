"""The merge policy: what a file, or ``termbase add``, may change in the termbase.

Every import and every ``add`` asks :func:`decide` what to do with each term it
brings to a stored concept, and :func:`decide_fields` what to do with the
concept's domain, definition, note, score and frequency.  Nothing else decides.

A term is **decided** when its status is approved, rejected or forbidden, or
when it came from the curated glossary (source ``glossary``); a concept with a
decided term is **protected**.  The rules:

1. A decided term is never changed by a file: a file that gives it another
   decided status leaves it as it is, and the import reports the conflict (a
   file that merely suggests the decided term agrees with it).  Only
   ``--overwrite`` (or ``add --overwrite``) changes it.
2. A file's term that would displace a decided term (a different target for a
   PO/CSV/OmegaT source term whose concept shows an approved one; a second
   approved term next to an approved one) comes in as a **suggestion**, with the
   file's name as its source: a conflict "kept as a suggestion" for review.
3. Candidate and suggested terms (machine-made, not yet decided) may be updated
   by any file: its status and attributes are written over theirs.
4. A file termbase exported (its concept ids in it) is the reviewer's word on
   the terms still open: an edited target replaces the suggestion shown, which
   stays in the concept as ``rejected`` (so it is never suggested again, and the
   history shows it); an un-fuzzied target becomes approved.
5. A file that does not name the concept adds a different target as another
   term of the concept, with the file's status: it replaces nothing.
6. ``add`` is the user's own word: the terms it names come in with the status
   asked for, next to any approved ones; only a decided term's status needs
   ``--overwrite`` to change.
7. A review file that recorded what it exported (PO's ``rev``, TBX's
   ``termbase-revision`` note; see :func:`revision`) only speaks where the
   reviewer changed the entry; where the termbase's decisions on the concept
   changed too since the export, the import reports a conflict and writes
   nothing unless told which side wins (``--theirs``: the file, ``--ours``:
   the termbase).
8. A protected concept's fields are only filled where empty; a different
   value needs ``--overwrite``.  Concepts the same import created are the
   file's own: its later entries merge into them freely (duplicates become
   variants of one concept).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from termbase.models import STATUS_RANK, Term
from termbase.normalize import tone_key

DECIDED = ("approved", "rejected", "forbidden")
GLOSSARY_SOURCE = "glossary"
# The status a term displacing a decision is kept with instead of the file's.
SUGGESTED = "suggested"


def is_decided(term: Term) -> bool:
    """True for a term a person decided on: approved, rejected, forbidden, or from the glossary.

    A *suggestion* whose source is the glossary (the suggestion engine proposing a
    glossary concept's English for a mined term) is a machine's proposal, not a
    decision: a reviewer may approve it or an alternative from a review file.
    """
    if term.status == SUGGESTED:
        return False
    return term.status in DECIDED or term.source == GLOSSARY_SOURCE


def is_protected(terms: Sequence[Term]) -> bool:
    """True for a concept holding a decided term: its fields are only filled, never changed."""
    return any(is_decided(t) for t in terms)


def revision(terms: Sequence[Term]) -> str:
    """A short fingerprint of a concept's decisions: its decided terms and their statuses.

    A review file records it at export; a different one at import means a
    decision on the concept was made (or undone) in the termbase since.  New
    machine suggestions do not change it: they are no decision.
    """
    decided = sorted(
        f"{t.lang}\t{tone_key(t.text)}\t{t.status}\t{t.source == GLOSSARY_SOURCE}"
        for t in terms
        if is_decided(t)
    )
    # surrogatepass: text that is no valid UTF-8 (never stored) still gets a fingerprint.
    return hashlib.sha256("\n".join(decided).encode("utf-8", "surrogatepass")).hexdigest()[:10]


class Action(StrEnum):
    """What to do with one incoming term."""

    KEEP = "keep"  # write nothing to the stored term (occurrences are still added)
    UPDATE = "update"  # write the file's status and attributes onto the stored term
    ADD = "add"  # add the file's term to the concept with ``status``
    SUGGEST = "suggest"  # add (or keep) the file's term as a suggestion: a conflict
    REPLACE = "replace"  # add or update the file's term; the term it displaces is rejected


class Conflict(StrEnum):
    """How a file disagreed with a decision, and lost."""

    SUGGESTION = "suggestion"  # the file's term is kept beside the decision as a suggestion
    KEPT = "kept"  # the file wanted another status for a decided term: left as it was
    BOTH = "both"  # changed in the termbase since the export and in the file: nothing written


@dataclass(frozen=True)
class Decision:
    """The policy's answer for one term.

    ``status`` is the status the incoming (or matching stored) term gets;
    ``same`` the index in ``stored`` of the term the incoming one is (by tone
    key), if any; ``rival`` the index of the term it would displace: the one
    REPLACE rejects, or the decision a conflict left standing.
    """

    action: Action
    status: str
    same: int | None = None
    rival: int | None = None
    conflict: Conflict | None = None


def _capped(status: str) -> str:
    """The file's status, no higher than suggested."""
    return SUGGESTED if status == "approved" else status


def _shown(stored: Sequence[Term], lang: str) -> int | None:
    """Index of the term a tool shows for ``lang`` (as :func:`termbase.models.best_term`)."""
    usable = [
        (STATUS_RANK[t.status], -(t.confidence or 0.0), i)
        for i, t in enumerate(stored)
        if t.lang == lang and t.status not in ("rejected", "forbidden")
    ]
    return min(usable)[2] if usable else None


def _usable(stored: Sequence[Term], lang: str, key: str) -> int | None:
    """Index of the usable (not rejected or forbidden) term of ``lang`` with tone key ``key``."""
    for i, t in enumerate(stored):
        if t.lang == lang and tone_key(t.text) == key and t.status not in ("rejected", "forbidden"):
            return i
    return None


def _standing(stored: Sequence[Term], lang: str, same: int | None) -> int | None:
    """Index of the first decided, usable term of ``lang`` other than ``same``."""
    for i, t in enumerate(stored):
        if (
            i != same
            and t.lang == lang
            and is_decided(t)
            and t.status not in ("rejected", "forbidden")
        ):
            return i
    return None


def decide(
    incoming: Term,
    stored: Sequence[Term],
    *,
    replaces: bool = False,
    round_trip: bool = False,
    overwrite: bool = False,
    explicit: bool = False,
    shown: str | None = None,
) -> Decision:
    """What merging ``incoming`` into a concept with the ``stored`` terms does (module rules).

    ``replaces``: ``incoming`` is the one target of a PO/CSV/OmegaT entry, which
    stands for the term the concept shows in its language (rules 2, 4, 5).
    ``round_trip``: the file is one termbase exported, naming this concept (rule 4).
    ``overwrite``: the user said decisions may change (rules 1, 2).
    ``explicit``: the user typed the term (``add``, rule 6).
    ``shown``: the text of the target the file showed (a review file records it;
    "" for none): the term an edited target replaces, instead of the one the
    concept shows now, which may have come in since the export.
    """
    key = tone_key(incoming.text)
    same = next(
        (i for i, t in enumerate(stored) if t.lang == incoming.lang and tone_key(t.text) == key),
        None,
    )
    if replaces:
        rival = _shown(stored, incoming.lang)
        if shown is not None:
            rival = _usable(stored, incoming.lang, tone_key(shown))
        rival = None if rival == same else rival
        competes = incoming.status in ("candidate", SUGGESTED, "approved")
    else:
        rival = _standing(stored, incoming.lang, same)
        competes = incoming.status == "approved"
    rival_decided = rival is not None and is_decided(stored[rival])
    blocked = competes and rival_decided and not overwrite and not explicit

    if same is not None:
        current = stored[same]
        if is_decided(current) and not overwrite:
            if incoming.status == current.status:
                # The user's own word may still set its other attributes (``add --pos``).
                return Decision(Action.UPDATE if explicit else Action.KEEP, current.status, same)
            if incoming.status not in DECIDED and not explicit:
                # The file only proposes what is decided already (OmegaT's lines are all
                # "suggested"): it agrees on the text, and there is nothing to report.
                return Decision(Action.KEEP, current.status, same)
            return Decision(Action.KEEP, current.status, same, conflict=Conflict.KEPT)
        if blocked:
            status = _capped(incoming.status)
            action = Action.UPDATE if status != current.status else Action.KEEP
            return Decision(action, status, same, rival, Conflict.SUGGESTION)
        if replaces and overwrite and rival_decided and incoming.status == "approved":
            return Decision(Action.REPLACE, incoming.status, same, rival)
        if (
            replaces
            and round_trip
            and rival is not None
            and not rival_decided
            and incoming.status == "approved"
        ):
            # A reviewer chose another of the concept's suggestions over the one the
            # file showed: that one is rejected, so it is not suggested again.
            return Decision(Action.REPLACE, incoming.status, same, rival)
        return Decision(Action.UPDATE, incoming.status, same)

    if blocked:
        return Decision(Action.SUGGEST, _capped(incoming.status), None, rival, Conflict.SUGGESTION)
    if (
        replaces
        and competes
        and rival is not None
        and (overwrite or (round_trip and not rival_decided))
    ):
        return Decision(Action.REPLACE, incoming.status, None, rival)
    return Decision(Action.ADD, incoming.status)


def decide_fields(
    stored: Mapping[str, Any],
    incoming: Mapping[str, Any],
    *,
    protected: bool,
    overwrite: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """The concept fields to write, and those a protected concept keeps against the file (rule 8).

    A field the file leaves empty (None) is never touched.
    """
    changes: dict[str, Any] = {}
    kept: list[str] = []
    for name, value in incoming.items():
        if value is None or value == stored.get(name):
            continue
        if stored.get(name) is None or not protected or overwrite:
            changes[name] = value
        else:
            kept.append(name)
    return changes, kept
