"""``termbase approve``, ``reject``, ``forbid``, ``history``, ``undo``: a reviewer's decisions."""

from __future__ import annotations

import json
from typing import Any

import click

from termbase.cli.common import db_option, echo_table, opened
from termbase.decide import ACTIONS, Decision, apply_decision, describe, plan_decision
from termbase.models import STATUSES
from termbase.store import DbTarget, HistoryEntry, TermFilter
from termbase.undo import apply_undo, plan_undo
from termbase.undo import describe as describe_reversal

VERBS = {"approved": "approve", "rejected": "reject", "forbidden": "forbid"}

_SELECTION_HELP = """
Name one term: its text in a concept (--concept 770 "Deputy Foreign
Minister"), a Vietnamese term and its English ("Thứ trưởng Ngoại giao"
"deputy foreign minister"), or a text alone when only one term has it.
Texts match whatever the case and tone-mark placement.  Text matching
several terms is an error that lists their concepts.

Or give filters (--source, --status, --min-confidence, --max-confidence,
--domain, --lang, --concept) to decide on every term passing them; a batch
changes only candidates and suggestions unless --status names another
status.  --dry-run shows the changes without making them.  Every change
goes into the history (termbase history) and 'termbase undo' reverts it.
"""

_HELP = {
    "approve": (
        "Approve terms: mark them the translation to use.\n\nApproving an English term"
        " also approves the concept's preferred Vietnamese term when that is still a"
        " candidate or a suggestion (an approved pair is what you have just checked);"
        " the output lists it as 'with its English'.\n"
    ),
    "reject": (
        "Reject terms: wrong for this concept; never suggested again.\n\nRejecting an"
        " English term changes only that term: the Vietnamese term and the concept stay,"
        " and exports keep them.\n"
    ),
    "forbid": (
        "Forbid terms: a translation that must not be used (a check reports it).\n\n"
        "Only the term named changes, as with reject.\n"
    ),
}


def _decision_command(action: str) -> click.Command:
    status = ACTIONS[action]

    @click.command(action, help=_HELP[action] + _SELECTION_HELP)
    @click.argument("texts", nargs=-1, metavar="[TEXT | VI EN]")
    @db_option
    @click.option(
        "--concept", "concept_id", type=click.IntRange(min=1), help="Only this concept (its id)."
    )
    @click.option("--lang", type=click.Choice(["vi", "en"]), help="Only terms in this language.")
    @click.option(
        "--status",
        "statuses",
        type=click.Choice(STATUSES),
        multiple=True,
        help="Only terms of this status (repeat for several; batch default: candidate, suggested).",
    )
    @click.option(
        "--source",
        "sources",
        multiple=True,
        help="Only terms from this source: glossary, dictionary, compositional, tm, manual, ….",
    )
    @click.option("--domain", help="Only concepts of this subject field (any case).")
    @click.option(
        "--min-confidence", type=click.FloatRange(0.0, 1.0), help="Only terms this confident."
    )
    @click.option(
        "--max-confidence",
        type=click.FloatRange(0.0, 1.0),
        help="Only terms at most this confident.",
    )
    @click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
    def command(
        texts: tuple[str, ...],
        db_path: DbTarget,
        concept_id: int | None,
        lang: str | None,
        statuses: tuple[str, ...],
        sources: tuple[str, ...],
        domain: str | None,
        min_confidence: float | None,
        max_confidence: float | None,
        dry_run: bool,
    ) -> None:
        if len(texts) > 2:
            raise click.UsageError("give one term, or a Vietnamese term and its English")
        where = TermFilter(
            concept_id, lang, statuses, sources, domain, min_confidence, max_confidence
        )
        if not texts and not where.narrows():
            raise click.UsageError(
                "name a term (TEXT, VI EN, or --concept ID TEXT) or give a filter"
                " (--source, --status, --min-confidence, --domain, --lang, --concept)"
            )
        with opened(db_path, action, create=False) as tb:
            if dry_run:
                decision = plan_decision(tb, status, texts, where)
            else:
                with tb.transaction():
                    decision = plan_decision(tb, status, texts, where)
                    apply_decision(tb, decision)
        _echo_decision(decision, bool(texts), dry_run)

    return command


def _echo_decision(decision: Decision, named: bool, dry_run: bool) -> None:
    status, changes = decision.status, decision.changes
    if not changes:
        if named and decision.unchanged:
            row = decision.unchanged[0]
            click.echo(
                f"Already {status}: {row.term.lang} {row.term.text!r} in concept"
                f" {row.concept_id}; nothing changed."
            )
        elif decision.unchanged:
            click.echo(f"Nothing to change: {len(decision.unchanged)} terms already {status}.")
        else:
            click.echo("No term passes these filters; nothing changed.")
        return
    rows: list[tuple[str, ...]] = [
        (str(c.concept_id), c.lang, c.text, describe(c)) for c in changes
    ]
    echo_table(("concept", "lang", "term", "change"), rows)
    n, concepts = len(changes), decision.concepts
    counted = f"{n} term{'s' if n != 1 else ''} in {concepts} concept{'s' if concepts != 1 else ''}"
    verb = VERBS[status]
    if dry_run:
        click.echo(f"Would {verb} {counted}; nothing changed (--dry-run).")
    else:
        click.echo(f"{status.capitalize()} {counted}.")


approve = _decision_command("approve")
reject = _decision_command("reject")
forbid = _decision_command("forbid")


@click.command()
@click.argument("term", required=False)
@db_option
@click.option("--concept", "concept_id", type=click.IntRange(min=1), help="Only this concept.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def history(
    term: str | None, db_path: DbTarget, concept_id: int | None, limit: int, as_json: bool
) -> None:
    """Show who changed what, when, and by which command, newest first.

    TERM (any case or tone-mark placement) shows the history of the concepts
    that have it; --concept ID one concept's.  The 'set' column is the change
    set: one command's changes, which 'termbase undo' reverts together.
    """
    if term is not None and concept_id is not None:
        raise click.UsageError("give TERM or --concept ID, not both")
    with opened(db_path, "history", create=False) as tb:
        concepts: list[int] | None = None
        if term is not None:
            concepts = sorted(
                {*tb.concepts_with_term("vi", term), *tb.concepts_with_term("en", term)}
            )
            if not concepts:
                raise click.ClickException(
                    f"no term {term!r} in the termbase; see 'termbase lookup {term}'"
                )
        elif concept_id is not None:
            if not tb.has_concept(concept_id):
                raise click.ClickException(f"no concept with id {concept_id}")
            concepts = [concept_id]
        entries = tb.history_entries(concepts, limit)
    if as_json:
        click.echo(json.dumps([_entry_json(e) for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("No changes recorded.")
        return
    rows: list[tuple[str, ...]] = [
        (
            str(e.change_set or ""),
            _when(e.changed_at),
            e.changed_by,
            e.command or "",
            str(e.concept_id or ""),
            _term_label(e),
            _change_label(e),
        )
        for e in entries
    ]
    echo_table(("set", "when (UTC)", "who", "command", "concept", "term", "change"), rows)


def _when(stamp: str) -> str:
    """``2025-03-01 09:30`` from the stored ISO time (UTC)."""
    return stamp.replace("T", " ")[:16]


def _term_label(entry: HistoryEntry) -> str:
    if entry.text is not None:
        return f"{entry.lang}:{entry.text}"
    if entry.field == "term":  # a term added or removed: its label is the value
        label = entry.new or entry.old or ""
        return label.rsplit(" (", 1)[0]
    return ""


def _change_label(entry: HistoryEntry) -> str:
    if entry.field == "concept":
        return "concept created" if entry.new else "concept removed"
    if entry.field == "term":
        label = entry.new or entry.old or ""
        status = label.rsplit(" (", 1)[-1].rstrip(")")
        return f"added ({status})" if entry.new else f"removed (was {status})"
    old = "(none)" if entry.old is None else entry.old
    new = "(none)" if entry.new is None else entry.new
    return f"{entry.field}: {old} → {new}"


def _entry_json(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "change_set": entry.change_set,
        "changed_at": entry.changed_at,
        "changed_by": entry.changed_by,
        "command": entry.command,
        "concept_id": entry.concept_id,
        "term_id": entry.term_id,
        "term": _term_label(entry) or None,
        "field": entry.field,
        "old": entry.old,
        "new": entry.new,
    }


@click.command()
@click.argument("n", type=click.IntRange(min=1), default=1, required=False)
@db_option
@click.option("--dry-run", is_flag=True, help="Show what would be reverted; change nothing.")
def undo(n: int, db_path: DbTarget, dry_run: bool) -> None:
    """Revert the last N change sets (default 1) made by approve, reject, forbid, add or undo.

    A change set is one command's changes.  Undo is itself recorded, so undoing
    an undo redoes.  It refuses, changing nothing, when something changed the
    same term afterwards; mine, suggest and import are not undone (their
    undo is a backup: termbase backup).
    """
    with opened(db_path, "undo", create=False) as tb:
        if dry_run:
            plans = plan_undo(tb, n)
        else:
            with tb.transaction():
                plans = plan_undo(tb, n)
                apply_undo(tb, plans)
    verb = "Would undo" if dry_run else "Undid"
    for plan in plans:
        click.echo(
            f"{verb} change set {plan.change_set} ({plan.command} by {plan.changed_by}"
            f" at {_when(plan.changed_at)} UTC):"
        )
        rows: list[tuple[str, ...]] = [
            (
                str(step.entry.concept_id or ""),
                _term_label(step.entry),
                describe_reversal(step),
            )
            for step in plan.reversals
        ]
        echo_table(("concept", "term", "change"), rows)
    if dry_run:
        click.echo("Nothing changed (--dry-run).")
