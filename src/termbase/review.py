"""``termbase review``: deciding on concepts one at a time, best first, and coming back later.

The session here holds the queue (the store's :meth:`next_to_review`, minus
what this session has shown), what each key does, and the decisions made so
far (for ``u`` and the pace).  It never prints; :mod:`termbase.cli.review`
shows a :class:`ReviewItem` and reads the keys.

What each key decides, as a terminologist expects it:

- ``1``–``9`` approve that English suggestion (and the concept's Vietnamese
  term with it, as ``termbase approve`` does).  The suggestions not chosen stay
  as they are: not choosing is not rejecting (a second English term may be a
  fine synonym); ``x N`` rejects one explicitly.
- ``e`` approves the English typed (prefilled with the best suggestion): an
  existing term of the concept when it is the same up to case and tone marks
  (its spelling becomes the one typed), else a new term (source manual).
- ``a`` approves the Vietnamese term alone: it is a term, its English to come.
- ``r`` rejects the Vietnamese term itself: not a term.  The English
  suggestions are left as they are (only the term named changes).
- ``x N`` rejects English suggestion N, ``f N`` forbids it (a translation that
  must not be used); the concept stays on screen.
- ``n TEXT`` adds a note to the concept; ``s`` skips it (it comes after the
  others next time, per reviewer); ``u`` undoes this session's last change.

Each change is its own transaction, recorded in the history under the
command "review": quitting, or a crash, loses nothing already decided.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from termbase.decide import Decision, StatusChange, apply_decision, describe, plan_decision
from termbase.errors import InputError
from termbase.models import STATUS_RANK, Term
from termbase.normalize import clean
from termbase.store import ReviewFilter, Termbase, TermFilter, TermRow
from termbase.undo import apply_undo, plan_undo_sets

CONTEXTS = 3
UNDECIDED = ("candidate", "suggested")

# (key, what it does): the help the CLI shows for ``?``.
KEYS: tuple[tuple[str, str], ...] = (
    ("1-9", "approve that English suggestion (and the Vietnamese term with it)"),
    ("e", "edit: type the English (prefilled with the best suggestion) and approve it"),
    ("a", "approve the Vietnamese term alone (a term; its English to come)"),
    ("r", "reject the Vietnamese term: not a term"),
    ("x N", "reject English suggestion N (never suggested again)"),
    ("f N", "forbid English suggestion N (a translation that must not be used)"),
    ("n", "add a note to the concept"),
    ("s", "skip: it comes after the others next time"),
    ("u", "undo this session's last change"),
    ("?", "this help"),
    ("q", "quit (every decision is already saved; review again to go on)"),
)
KEY_NOTES = (
    "Suggestions not chosen stay as they are: approving one does not reject the others.",
    "Typed English that matches a suggestion (any case) approves that suggestion.",
)
# Keys that take their argument on the same line ("x 2", "e Deputy Foreign Minister").
_ARG_KEYS = {"e", "x", "f", "n"}
_KEYS = {"a", "r", "s", "u", "?", "q", *_ARG_KEYS}


@dataclass(frozen=True)
class Command:
    """One reviewer command: ``key`` ("1" … "9" as "approve", or a letter) and its argument."""

    key: str
    arg: str = ""
    number: int | None = None  # the suggestion's number for approve, x and f


def parse_command(line: str) -> Command:
    """``"2"``, ``"e Deputy Foreign Minister"``, ``"x 2"``, ``"q"``…; InputError for the rest."""
    line = line.strip()
    if not line:
        raise InputError("type a key and Enter (? for help)")
    if line.isdigit():
        return Command("approve", number=int(line))
    key, _, arg = line.partition(" ")
    key, arg = key.lower(), arg.strip()
    if key == "help":
        key = "?"
    if key not in _KEYS:
        raise InputError(f"unknown command {line!r}; ? for help")
    if key not in _ARG_KEYS and arg:
        raise InputError(f"{key!r} takes nothing after it; ? for help")
    number = None
    if key in ("x", "f") and arg:
        if not arg.isdigit():
            raise InputError(f"{key} takes a suggestion's number, e.g. '{key} 2'")
        number = int(arg)
    return Command(key, arg, number)


@dataclass(frozen=True)
class Context:
    """A sentence the concept's Vietnamese term was seen in, and the term to highlight in it."""

    text: str
    term: str
    document: str
    line: int | None


@dataclass(frozen=True)
class ReviewItem:
    """One concept as the reviewer sees it."""

    concept_id: int
    score: float | None
    domain: str | None
    definition: str | None
    note: str | None
    vietnamese: list[TermRow]  # preferred first
    variants: list[tuple[str, int]]  # surface forms of the preferred term, and how often
    contexts: list[Context]
    suggestions: list[TermRow]  # English still to decide on, best first: numbered 1, 2, …
    decided: list[TermRow]  # English already rejected or forbidden

    @property
    def term(self) -> TermRow:
        return self.vietnamese[0]

    @property
    def prefill(self) -> str:
        """What ``e`` starts from: the best suggestion, else nothing."""
        return self.suggestions[0].term.text if self.suggestions else ""


@dataclass(frozen=True)
class Outcome:
    """What a command did: a line to show, and whether to move on to the next concept."""

    message: str
    done: bool
    changes: tuple[StatusChange, ...] = ()
    concept_id: int | None = None  # for undo: the concept to show again


@dataclass(frozen=True)
class Progress:
    """How many concepts are left (of them skipped before) and how fast this session goes."""

    left: int
    skipped: int
    decisions: int
    minutes: float

    @property
    def per_minute(self) -> float | None:
        return self.decisions / self.minutes if self.minutes > 0 and self.decisions else None


@dataclass
class _Done:
    change_set: int
    concept_id: int
    label: str
    decision: bool  # a decision on terms (counted in the pace), not a note


@dataclass
class ReviewSession:
    """A reviewer's pass over the queue.  ``tb.command`` should be "review"."""

    tb: Termbase
    where: ReviewFilter = field(default_factory=ReviewFilter)
    limit: int | None = None
    clock: Callable[[], float] = time.monotonic
    shown: list[int] = field(default_factory=list)
    done: list[_Done] = field(default_factory=list)
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def reviewer(self) -> str:
        return self.tb.user

    # -- the queue -------------------------------------------------------------

    def next_item(self) -> ReviewItem | None:
        """The next concept to show (None: the queue, or the session's --limit, is done)."""
        if self.limit is not None and len(self.shown) >= self.limit:
            return None
        concept_id = self.tb.next_to_review(self.where, self.reviewer, self.shown)
        if concept_id is None:
            return None
        self.shown.append(concept_id)
        return self.item(concept_id)

    def item(self, concept_id: int) -> ReviewItem:
        """The concept as it is now (after a change on screen, or an undo)."""
        tb = self.tb
        concept = tb.load_concepts([concept_id], contexts=CONTEXTS)[0]
        rows = tb.term_rows(concept_id)
        vi = [r for r in rows if r.term.lang == "vi"]
        vi.sort(key=lambda r: (STATUS_RANK[r.term.status], -(r.term.confidence or 0.0)))
        english = [r for r in rows if r.term.lang == "en"]
        suggestions = [r for r in english if r.term.status in UNDECIDED]
        suggestions.sort(key=lambda r: (STATUS_RANK[r.term.status], -(r.term.confidence or 0.0)))
        contexts: list[Context] = []
        seen: set[str] = set()
        for row in vi:
            loaded = next(
                (t for t in concept.terms if t.lang == "vi" and t.text == row.term.text), None
            )
            for occ in loaded.occurrences if loaded else ():
                if occ.context and occ.context not in seen and len(contexts) < CONTEXTS:
                    seen.add(occ.context)
                    contexts.append(Context(occ.context, row.term.text, occ.document, occ.line))
        return ReviewItem(
            concept_id=concept_id,
            score=concept.score,
            domain=concept.domain,
            definition=concept.definition,
            note=concept.note,
            vietnamese=vi,
            variants=tb.term_variants(vi[0].id) if vi else [],
            contexts=contexts,
            suggestions=suggestions,
            decided=[r for r in english if r.term.status in ("rejected", "forbidden")],
        )

    def progress(self) -> Progress:
        left, skipped = self.tb.review_counts(self.where, self.reviewer)
        decisions = sum(1 for d in self.done if d.decision)
        return Progress(left, skipped, decisions, (self.clock() - self.started) / 60)

    # -- the keys --------------------------------------------------------------

    def run(self, item: ReviewItem, command: Command) -> Outcome:
        """Do what ``command`` says to ``item``: each change its own transaction.

        InputError (nothing changed) for a command that does not fit the item.
        """
        key = command.key
        if key == "approve":
            return self.approve(item, _number(item, command))
        if key == "e":
            return self.edit(item, command.arg or item.prefill)
        if key == "a":
            return self.approve_term(item)
        if key == "r":
            return self.reject_term(item)
        if key in ("x", "f"):
            status = "rejected" if key == "x" else "forbidden"
            return self.decide_suggestion(item, _number(item, command), status)
        if key == "n":
            return self.add_note(item, command.arg)
        if key == "s":
            return self.skip(item)
        if key == "u":
            return self.undo()
        raise InputError(f"{key!r} is not a decision")  # ? and q are the CLI's

    def approve(self, item: ReviewItem, number: int) -> Outcome:
        text = item.suggestions[number - 1].term.text
        where = TermFilter(concept_id=item.concept_id, lang="en")
        return self._decide(item, lambda: self._apply("approved", (text,), where), done=True)

    def edit(self, item: ReviewItem, text: str) -> Outcome:
        """Approve ``text`` as the concept's English: a matching term, else a new one."""
        text = clean(text)
        if not text:
            raise InputError("type the English term (e TEXT); nothing changed")

        def act() -> list[StatusChange]:
            tb = self.tb
            where = TermFilter(concept_id=item.concept_id, lang="en")
            same = tb.find_terms(where, text=text)
            if same:
                tb.update_term(same[0].id, text=text)  # the reviewer's spelling wins
                return self._apply("approved", (text,), where)
            term_id = tb.add_term(
                item.concept_id, Term(lang="en", text=text, status="approved", source="manual")
            )
            changes = [StatusChange(item.concept_id, term_id, "en", text, "new", "approved")]
            vi = self._vietnamese_undecided(item.concept_id)
            if vi is not None:
                tb.update_term(vi.id, status="approved")
                changes.insert(0, _change(vi, "approved", "with its English"))
            return changes

        return self._decide(item, act, done=True)

    def approve_term(self, item: ReviewItem) -> Outcome:
        row = item.term
        if row.term.status == "approved":
            raise InputError(f"{row.term.text!r} is already approved; nothing changed")
        return self._decide(item, lambda: self._set([row], "approved"), done=True)

    def reject_term(self, item: ReviewItem) -> Outcome:
        rows = [r for r in item.vietnamese if r.term.status in UNDECIDED]
        if not rows:
            raise InputError(
                f"{item.term.term.text!r} is {item.term.term.status}; reject it with"
                " 'termbase reject' if you mean to overturn that"
            )
        return self._decide(item, lambda: self._set(rows, "rejected"), done=True)

    def decide_suggestion(self, item: ReviewItem, number: int, status: str) -> Outcome:
        row = item.suggestions[number - 1]
        return self._decide(item, lambda: self._set([row], status), done=False)

    def add_note(self, item: ReviewItem, text: str) -> Outcome:
        text = clean(text)
        if not text:
            raise InputError("type the note (n TEXT); nothing changed")
        note = f"{item.note}; {text}" if item.note else text
        with self.tb.transaction():
            mark = self.tb.history_mark()
            self.tb.update_concept(item.concept_id, note=note)
            change_set = self.tb.change_set_after(mark)
        if change_set is not None:
            self.done.append(_Done(change_set, item.concept_id, "note", decision=False))
        return Outcome(f"Note added to concept {item.concept_id}.", done=False)

    def skip(self, item: ReviewItem) -> Outcome:
        with self.tb.transaction():
            self.tb.skip_concept(self.reviewer, item.concept_id)
        return Outcome(f"Skipped {item.term.term.text!r}: it comes last next time.", done=True)

    def undo(self) -> Outcome:
        """Revert this session's last change (a decision or a note), itself recorded."""
        if not self.done:
            raise InputError("nothing to undo in this session (termbase undo reverts older ones)")
        last = self.done[-1]
        with self.tb.transaction():
            plans = plan_undo_sets(self.tb, [last.change_set])
            apply_undo(self.tb, plans)
        self.done.pop()
        return Outcome(f"Undid: {last.label}.", done=False, concept_id=last.concept_id)

    # -- helpers ---------------------------------------------------------------

    def _vietnamese_undecided(self, concept_id: int) -> TermRow | None:
        """The concept's preferred Vietnamese term when it is still undecided."""
        rows = [r for r in self.tb.term_rows(concept_id) if r.term.lang == "vi"]
        rows = [r for r in rows if r.term.status not in ("rejected", "forbidden")]
        if not rows:
            return None
        best = min(rows, key=lambda r: (STATUS_RANK[r.term.status], -(r.term.confidence or 0.0)))
        return best if best.term.status in UNDECIDED else None

    def _apply(self, status: str, texts: tuple[str, ...], where: TermFilter) -> list[StatusChange]:
        decision = plan_decision(self.tb, status, texts, where)
        apply_decision(self.tb, decision)
        return decision.changes

    def _set(self, rows: list[TermRow], status: str) -> list[StatusChange]:
        changes = [_change(r, status) for r in rows]
        apply_decision(self.tb, Decision(status, changes, []))
        return changes

    def _decide(
        self, item: ReviewItem, act: Callable[[], list[StatusChange]], done: bool
    ) -> Outcome:
        """Make one decision in its own transaction, remembered for ``u`` and the pace."""
        with self.tb.transaction():
            mark = self.tb.history_mark()
            changes = act()
            self.tb.forget_skip(self.reviewer, item.concept_id)
            change_set = self.tb.change_set_after(mark)
        label = "; ".join(f"{c.text} {describe(c)}" for c in changes)
        if change_set is None:
            return Outcome("Nothing changed: already so.", done=done)
        self.done.append(_Done(change_set, item.concept_id, label, decision=True))
        return Outcome(f"{label}.", done, tuple(changes))


def _change(row: TermRow, status: str, because: str | None = None) -> StatusChange:
    return StatusChange(
        row.concept_id, row.id, row.term.lang, row.term.text, row.term.status, status, because
    )


def _number(item: ReviewItem, command: Command) -> int:
    """The suggestion ``command`` names (1-based), checked against the item's."""
    n = len(item.suggestions)
    if not n:
        raise InputError("this concept has no English suggestion; e to type one, ? for help")
    number = command.number
    if number is None:
        if n == 1:
            return 1
        raise InputError(f"which suggestion? '{command.key} N' with N from 1 to {n}")
    if not 1 <= number <= n:
        raise InputError(f"no suggestion {number}: this concept has {n} (1 to {n})")
    return number


__all__ = [
    "KEYS",
    "KEY_NOTES",
    "Command",
    "Context",
    "Outcome",
    "Progress",
    "ReviewItem",
    "ReviewSession",
    "parse_command",
]
