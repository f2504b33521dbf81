"""``termbase init``, ``add``, ``lookup``, ``list`` and ``stats``: the termbase itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from termbase.cli.common import (
    LANG_CHOICE,
    concepts_json,
    db_option,
    echo_table,
    highlight,
    opened,
)
from termbase.lookup import lookup_term
from termbase.models import PARTS_OF_SPEECH, STATUSES, Concept, best_term
from termbase.store import DbTarget

if TYPE_CHECKING:
    from termbase.glossary import GlossaryFile


@click.command()
@db_option
@click.option(
    "--glossary",
    "glossary_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TERMBASE_GLOSSARY",
    help=(
        "Load this folder of glossary files (any format termbase imports) instead of"
        " the glossary that comes with termbase. Repeat for several folders."
    ),
)
@click.option(
    "--add-glossary",
    "extra_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Load this folder too, after the shipped glossary (or the --glossary folders).",
)
@click.option("--no-glossary", is_flag=True, help="Create the termbase empty.")
def init(
    db_path: DbTarget,
    glossary_dirs: tuple[Path, ...],
    extra_dirs: tuple[Path, ...],
    no_glossary: bool,
) -> None:
    """Create the termbase and load the curated glossary into it.

    By default that is the glossary that comes with termbase (arms control,
    diplomacy, government bodies and titles); run again on an existing
    termbase, it adds what is new without touching what you decided.
    """
    from termbase.glossary import load_glossary, shipped_glossary

    try:
        default = () if glossary_dirs or no_glossary else (shipped_glossary(),)
    except FileNotFoundError as err:
        raise click.ClickException(f"{err}: reinstall termbase, or use --glossary DIR") from err
    folders = [] if no_glossary else [*(glossary_dirs or default), *extra_dirs]
    for folder in folders:
        if not folder.is_dir():
            raise click.ClickException(
                f"no glossary folder at {folder}: give an existing folder"
                " (--glossary DIR, --add-glossary DIR or TERMBASE_GLOSSARY),"
                " or --no-glossary for an empty termbase"
            )
    with opened(db_path, "init") as tb:
        loaded: list[GlossaryFile] = []
        if folders:
            with tb.transaction():
                for folder in folders:
                    loaded += load_glossary(tb, folder)
        state = "Created" if tb.created else "Opened existing"
        click.echo(f"{state} termbase {db_path}")
        for file in loaded:
            click.echo(
                f"  glossary {file.path.name}: {file.report.created} new,"
                f" {file.report.updated} updated"
            )


@click.command()
@click.argument("vi")
@click.argument("en", required=False)
@db_option
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default="approved",
    show_default=True,
    help="Status of both terms.",
)
@click.option("--domain", help="Subject field, e.g. 'arms control'.")
@click.option("--definition", help="A definition of the concept.")
@click.option("--note", help="A note for translators.")
@click.option("--pos", type=click.Choice(PARTS_OF_SPEECH), help="Part of speech.")
@click.option(
    "--concept",
    "concept_id",
    type=click.IntRange(min=1),
    help="Add to this concept (its id, from lookup or list).",
)
@click.option("--new-concept", is_flag=True, help="Make a new concept even if VI is known.")
@click.option(
    "--overwrite",
    is_flag=True,
    help="Change the status of an approved, rejected or forbidden term, or a field already set.",
)
def add(
    vi: str,
    en: str | None,
    db_path: DbTarget,
    status: str,
    domain: str | None,
    definition: str | None,
    note: str | None,
    pos: str | None,
    concept_id: int | None,
    new_concept: bool,
    overwrite: bool,
) -> None:
    """Add a Vietnamese term VI with its English equivalent EN.

    EN joins the one concept that has VI; when several do, name one with
    --concept, or make another with --new-concept.
    """
    if concept_id is not None and new_concept:
        raise click.UsageError("give --concept ID or --new-concept, not both")
    from termbase.add import add_terms

    with opened(db_path, "add") as tb, tb.transaction():
        result = add_terms(
            tb,
            vi,
            en,
            status=status,
            domain=domain,
            definition=definition,
            note=note,
            pos=pos,
            concept_id=concept_id,
            new_concept=new_concept,
            overwrite=overwrite,
        )
    pair = vi + (f" = {en}" if en else "")
    if result.created:
        click.echo(f"Added concept {result.concept_id}: {pair}")
    elif not result.changes:
        click.echo(
            f"Already in the termbase: nothing changed (concept {result.concept_id}: {pair})"
        )
    for change in result.changes:
        click.echo(change.describe())


@click.command()
@click.argument("query")
@db_option
@click.option(
    "--lang",
    type=LANG_CHOICE,
    default="any",
    show_default=True,
    help="Search Vietnamese terms, English terms, or both.",
)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--contexts",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="How many contexts to show per concept.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def lookup(
    query: str, db_path: DbTarget, lang: str, limit: int, contexts: int, as_json: bool
) -> None:
    """Look QUERY up: exact, then tone-, diacritic-insensitive, prefix, contains, fuzzy."""
    with opened(db_path, "lookup", create=False) as tb:
        result = lookup_term(
            tb, query, lang=None if lang == "any" else lang, limit=limit, contexts=contexts
        )
    if result is None:
        raise click.ClickException(
            f"no term matches {query!r}, not even loosely; try fewer words or another spelling"
        )
    if as_json:
        payload = {"query": result.query, "tier": result.tier}
        payload.update(concepts_json(result.concepts))
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    n = len(result.concepts)
    click.echo(f"{n} concept{'s' if n != 1 else ''} found by {result.tier} match for {query!r}")
    for concept in result.concepts:
        click.echo()
        _echo_concept(concept, contexts)


def _echo_concept(concept: Concept, contexts: int) -> None:
    vi, en = best_term(concept, "vi"), best_term(concept, "en")
    head = f"[{concept.id}] " + (vi.text if vi else "?")
    if en:
        head += f"  =  {en.text}"
    click.secho(head, bold=True)
    for label, value in (
        ("domain", concept.domain),
        ("definition", concept.definition),
        ("note", concept.note),
    ):
        if value:
            click.echo(f"    {label}: {value}")
    for term in concept.terms:
        extra = []
        if term.type != "fullForm":
            extra.append(term.type)
        if term.source:
            extra.append(f"source: {term.source}")
        if term.confidence is not None:
            extra.append(f"confidence: {term.confidence:.2f}")
        if term.pos:
            extra.append(term.pos)
        tail = f"  ({', '.join(extra)})" if extra else ""
        click.echo(f"    {term.lang}  {term.text}  [{term.status}]{tail}")
    shown = 0
    for term in concept.terms:
        for occ in term.occurrences:
            if shown >= contexts:
                break
            where = occ.document + (f":{occ.line}" if occ.line else "")
            context = highlight(occ.context or "", term.text)
            click.echo(f"      {where}  {context}")
            shown += 1


@click.command("list")
@db_option
@click.option(
    "--status", type=click.Choice(STATUSES), help="Only concepts with a term of this status."
)
@click.option("--lang", type=click.Choice(["vi", "en"]), help="Only terms in this language count.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(
    db_path: DbTarget, status: str | None, lang: str | None, limit: int, as_json: bool
) -> None:
    """List concepts, mined candidates by score first."""
    with opened(db_path, "list", create=False) as tb:
        ids = tb.concept_ids([status] if status else None, lang=lang, limit=limit)
        concepts = tb.load_concepts(ids, contexts=0)
    if as_json:
        click.echo(json.dumps(concepts_json(concepts), ensure_ascii=False, indent=2))
        return
    if not concepts:
        click.echo("No concepts match.")
        return
    rows: list[tuple[str, ...]] = []
    for c in concepts:
        vi, en = best_term(c, "vi"), best_term(c, "en")
        shown = en or vi
        rows.append(
            (
                str(c.id),
                vi.text if vi else "",
                en.text if en else "",
                shown.status if shown else "",
                (en.source or "") if en else "",
                "" if c.score is None else f"{c.score:.2f}",
            )
        )
    echo_table(("id", "vi", "en", "status", "source", "score"), rows)


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(db_path: DbTarget, as_json: bool) -> None:
    """Count concepts, terms by language and status, and occurrences."""
    with opened(db_path, "stats", create=False) as tb:
        data = tb.stats()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"termbase {data['database']}")
    click.echo(f"  concepts     {data['concepts']}")
    click.echo(f"  terms        {data['terms']}")
    for lang, counts in data["terms_by_language_and_status"].items():
        parts = ", ".join(f"{status} {n}" for status, n in counts.items())
        click.echo(f"    {lang}: {parts}")
    click.echo(f"  occurrences  {data['occurrences']}")
    click.echo(f"  history      {data['history_entries']} changes")
