"""``termbase suggest``: parse, call :func:`termbase.suggest.suggest_concepts`, print.

A plain click command that the group imports when it is run
(``LAZY_COMMANDS`` in :mod:`termbase.cli`).  Errors are the library's
TermbaseError, which the group turns into ``Error: …`` and exit status 1; a
failing translator is a warning.
"""

from __future__ import annotations

import json

import click

from termbase.cli.common import concepts_json, db_option, echo_table, opened
from termbase.errors import InputError
from termbase.lookup import concepts_named
from termbase.models import best_term
from termbase.store import DbTarget, Termbase
from termbase.suggest.engine import suggest_concepts
from termbase.suggest.translators import get_translator, translator_names
from termbase.tm.terms import open_memory


def _translator_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and value not in translator_names():
        raise click.BadParameter(
            f"{value!r} is not one of {', '.join(translator_names())}", ctx=ctx, param=param
        )
    return value


@click.command()
@click.argument("terms", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every concept that has no approved English.")
@click.option(
    "--translator",
    callback=_translator_name,
    metavar="ENGINE",
    help="Also ask a machine translator: google, mymemory, libre, deepl, microsoft, yandex"
    " (keys from $LIBRE_API_KEY, $DEEPL_API_KEY, $MICROSOFT_API_KEY, $YANDEX_API_KEY).",
)
@db_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Suggestions kept per concept.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the concepts as JSON.")
@click.option(
    "--no-memory",
    is_flag=True,
    help="Do not take English from the translation memory (used when it has segment pairs).",
)
def suggest(
    terms: tuple[str, ...],
    all_: bool,
    translator: str | None,
    db_path: DbTarget,
    limit: int,
    as_json: bool,
    no_memory: bool,
) -> None:
    """(Re)compute ranked English suggestions for TERMS, or for --all concepts.

    Offline sources: the curated glossary, parenthetical glosses, the shipped
    dictionary, compositional translation and names kept as written; and,
    when the termbase has segment pairs, the English aligned with each term in
    the translation memory (source tm).  Each suggestion records its source,
    confidence and evidence; approved and rejected terms are never changed.
    """
    if not terms and not all_:
        raise click.UsageError("name the TERMS to suggest English for, or pass --all")
    engine = get_translator(translator) if translator else None
    with opened(db_path, "suggest", create=False) as tb:
        ids = tb.suggestion_targets() if all_ else _named(tb, terms)
        memory = None if no_memory else open_memory(tb)
        with tb.transaction():
            report = suggest_concepts(tb, ids, engine, memory=memory, limit=limit)
        concepts = tb.load_concepts(ids, contexts=0)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(concepts_json(concepts), ensure_ascii=False, indent=2))
        return
    n = report.concepts
    click.echo(
        f"Suggested English for {n} concept{'s' if n != 1 else ''}: {report.added} new,"
        f" {report.updated} updated, {report.removed} removed, {report.unchanged} unchanged"
        + (f"; {report.decided} already decided, left alone" if report.decided else "")
        + (f"; {report.without} with no suggestion" if report.without else "")
        + (f"; {report.memory} with English from the translation memory" if memory else "")
    )
    rows: list[tuple[str, ...]] = []
    for concept in concepts:
        vi, en = best_term(concept, "vi"), best_term(concept, "en")
        if vi is None:
            continue
        rows.append(
            (
                str(concept.id),
                vi.text,
                en.text if en else "",
                (en.source or "") if en else "",
                "" if en is None or en.confidence is None else f"{en.confidence:.2f}",
            )
        )
    if rows:
        click.echo()
        echo_table(("id", "vi", "best en", "source", "conf"), rows[:50])


def _named(tb: Termbase, terms: tuple[str, ...]) -> list[int]:
    """The concepts of Vietnamese TERMS, each once, in order; InputError names one not found."""
    ids: list[int] = []
    for text in terms:
        found = concepts_named(tb, text, "vi")
        if not found:
            raise InputError(f"no Vietnamese term {text!r} in the termbase; mine or add it first")
        ids.extend(i for i in found if i not in ids)
    return ids
