"""The ``termbase`` command line: parse, call the library, print, map errors."""

from __future__ import annotations

import codecs
import importlib
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from termbase import __version__
from termbase.errors import TermbaseError
from termbase.formats import WriteOptions, detect_format, format_names, get_format
from termbase.importer import add_pair, import_concepts
from termbase.lookup import lookup_term
from termbase.models import PARTS_OF_SPEECH, STATUSES, Concept, best_term
from termbase.store import Termbase, default_db_path, open_db

F = TypeVar("F", bound=Callable[..., Any])
LANG_CHOICE = click.Choice(["vi", "en", "any"])


# Commands in their own modules, imported only when run (or listed), to keep
# start-up short for the quick ones such as lookup.
LAZY_COMMANDS = {
    "mine": "termbase.cli.mine:mine",
    "show": "termbase.cli.mine:show",
    "suggest": "termbase.cli.suggest:suggest",
    "tm": "termbase.cli.tm:tm",
}


class TermbaseGroup(click.Group):
    """A group that turns termbase's own errors into one-line messages, exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, _, name = LAZY_COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), name)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TermbaseError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.OperationalError as exc:
            raise click.ClickException(
                f"the database is unavailable ({exc}); close other programs using it and retry"
            ) from None
        except BrokenPipeError:
            sys.stderr.close()  # e.g. `termbase export | head`: not an error
            return None


DB_HELP = "The termbase file (default: $TERMBASE_DB, else ./termbase.db)."


def _resolve_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    """The command's --db, else the group's (`termbase --db X lookup …`), else the default."""
    if value is not None:
        return value
    group_db = ctx.find_root().params.get("db_path")
    return group_db if group_db is not None else default_db_path()


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        callback=_resolve_db,
        help=DB_HELP,
    )(fn)


@contextmanager
def opened(db_path: Path, command: str, create: bool = True) -> Iterator[Termbase]:
    tb = open_db(db_path, create=create)
    tb.command = command
    try:
        yield tb
    finally:
        tb.close()


@click.group(cls=TermbaseGroup)
@click.version_option(__version__, prog_name="termbase")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
def cli(db_path: Path | None) -> None:
    """termbase: a Vietnamese→English termbase for translators and terminologists.

    Mine terms, review their English equivalents, look them up whatever way you
    type them, and exchange them with CAT tools as TBX, PO, CSV/TSV or JSON.
    """


# -- init / add -----------------------------------------------------------


def _glossary_files(folder: Path) -> list[Path]:
    """The files in ``folder`` whose extension names a format termbase reads."""
    extensions = {ext for name in format_names() for ext in get_format(name).extensions}
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and any(p.name.lower().endswith("." + ext) for ext in extensions)
    )


@cli.command()
@db_option
@click.option(
    "--glossary",
    "glossary_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TERMBASE_GLOSSARY",
    default="glossary",
    show_default=True,
    help="Folder of curated glossary files to load (any format termbase imports).",
)
@click.option("--no-glossary", is_flag=True, help="Create the termbase empty.")
def init(db_path: Path, glossary_dir: Path, no_glossary: bool) -> None:
    """Create the termbase and load the curated glossary into it."""
    existed = db_path.exists()
    with opened(db_path, "init") as tb:
        loaded: list[str] = []
        if not no_glossary and glossary_dir.is_dir():
            with tb.transaction():
                for path in _glossary_files(glossary_dir):
                    fmt = detect_format(path)
                    concepts = [_as_glossary(c) for c in fmt.read(path)]
                    report = import_concepts(tb, concepts, fmt.single_equivalent, keep_ids=False)
                    loaded.append(f"{path.name}: {report.created} new, {report.updated} updated")
        state = "Opened existing" if existed else "Created"
        click.echo(f"{state} termbase {db_path}")
        for line in loaded:
            click.echo(f"  glossary {line}")
        if not no_glossary and not glossary_dir.is_dir():
            click.echo(f"  no glossary folder at {glossary_dir}; nothing loaded")


def _as_glossary(concept: Concept) -> Concept:
    from dataclasses import replace

    terms = tuple(
        replace(
            t,
            status="approved" if t.status in ("candidate", "suggested") else t.status,
            source=t.source or "glossary",
        )
        for t in concept.terms
    )
    return replace(concept, id=None, terms=terms)


@cli.command()
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
def add(
    vi: str,
    en: str | None,
    db_path: Path,
    status: str,
    domain: str | None,
    definition: str | None,
    note: str | None,
    pos: str | None,
) -> None:
    """Add a Vietnamese term VI with its English equivalent EN."""
    with opened(db_path, "add") as tb, tb.transaction():
        concept_id, created = add_pair(
            tb, vi, en, status=status, domain=domain, definition=definition, note=note, pos=pos
        )
    verb = "Added" if created else "Already in the termbase:"
    click.echo(f"{verb} concept {concept_id}: {vi}" + (f" = {en}" if en else ""))


# -- lookup / list / stats --------------------------------------------------


def _concepts_json(concepts: list[Concept]) -> dict[str, Any]:
    from termbase.formats.jsonfile import concepts_to_json

    return concepts_to_json(concepts)


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
            context = _highlight(occ.context or "", term.text)
            click.echo(f"      {where}  {context}")
            shown += 1


def _highlight(context: str, text: str) -> str:
    start = context.lower().find(text.lower())
    if start < 0:
        return context
    end = start + len(text)
    return context[:start] + click.style(context[start:end], bold=True) + context[end:]


@cli.command()
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
def lookup(query: str, db_path: Path, lang: str, limit: int, contexts: int, as_json: bool) -> None:
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
        payload.update(_concepts_json(result.concepts))
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    n = len(result.concepts)
    click.echo(f"{n} concept{'s' if n != 1 else ''} found by {result.tier} match for {query!r}")
    for concept in result.concepts:
        click.echo()
        _echo_concept(concept, contexts)


@cli.command("list")
@db_option
@click.option(
    "--status", type=click.Choice(STATUSES), help="Only concepts with a term of this status."
)
@click.option("--lang", type=click.Choice(["vi", "en"]), help="Only terms in this language count.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(db_path: Path, status: str | None, lang: str | None, limit: int, as_json: bool) -> None:
    """List concepts, mined candidates by score first."""
    with opened(db_path, "list", create=False) as tb:
        ids = tb.concept_ids([status] if status else None, lang=lang, limit=limit)
        concepts = tb.load_concepts(ids, contexts=0)
    if as_json:
        click.echo(json.dumps(_concepts_json(concepts), ensure_ascii=False, indent=2))
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
    _echo_table(("id", "vi", "en", "status", "source", "score"), rows)


def _echo_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    widths = [min(w, 48) for w in widths]

    def fmt(cells: tuple[str, ...]) -> str:
        out = []
        for cell, width in zip(cells, widths, strict=True):
            cell = cell if len(cell) <= width else cell[: width - 1] + "…"
            out.append(cell.ljust(width))
        return "  ".join(out).rstrip()

    click.echo(fmt(header))
    click.echo(fmt(tuple("-" * w for w in widths)))
    for row in rows:
        click.echo(fmt(row))


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(db_path: Path, as_json: bool) -> None:
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


# -- export / import --------------------------------------------------------


@cli.command()
@db_option
@click.option("--format", "-f", "format_name", help="tbx, tbx2, po, csv, tsv, omegat, json.")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="File to write, or - for standard output.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only concepts with a term of this status (repeatable).",
)
@click.option(
    "--direction",
    type=click.Choice(["vi-en", "en-vi"]),
    default="vi-en",
    show_default=True,
    help="Source and target language of PO, CSV and TSV.",
)
@click.option(
    "--bom",
    is_flag=True,
    help="Start the file with a UTF-8 byte-order mark (Excel needs one to show Vietnamese).",
)
def export(
    db_path: Path,
    format_name: str | None,
    output: str,
    statuses: tuple[str, ...],
    direction: str,
    bom: bool,
) -> None:
    """Export the termbase for a CAT tool or spreadsheet."""
    if format_name is None:
        if output == "-":
            raise click.UsageError("name a format with --format when writing to standard output")
        format_name = _format_from_suffix(Path(output))
    fmt = get_format(format_name)
    options = WriteOptions(direction=direction)
    with opened(db_path, "export", create=False) as tb:
        concepts = tb.iter_concepts(list(statuses) or None)
        if output == "-":
            if bom:
                sys.stdout.buffer.write(codecs.BOM_UTF8)
            fmt.write(concepts, sys.stdout.buffer, options)
            sys.stdout.buffer.flush()
            return
        target = Path(output)
        if target.is_dir():
            raise click.ClickException(f"{target}: is a directory; give a file name with -o")
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as out:
                if bom:
                    out.write(codecs.BOM_UTF8)
                fmt.write(concepts, out, options)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise click.ClickException(f"{target}: cannot write ({exc.strerror})") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    click.echo(f"Wrote {target} ({fmt.name})", err=True)


def _format_from_suffix(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    for name in format_names():
        fmt = get_format(name)
        if suffix in fmt.extensions:
            return name
    raise click.UsageError(f"cannot tell the format from {path.name!r}; name it with --format")


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.option("--format", "-f", "format_name", help="Override the format detected from content.")
def import_(file: Path, db_path: Path, format_name: str | None) -> None:
    """Import FILE (TBX, PO, CSV/TSV, OmegaT glossary, JSON) into the termbase.

    Reviewed PO files approve what the reviewer un-fuzzied and replace edited
    suggestions; importing the same file twice changes nothing.
    """
    from termbase.text.decode import check_file

    check_file(file)
    fmt = get_format(format_name) if format_name else detect_format(file)
    concepts = fmt.read(file)
    with opened(db_path, f"import {file.name}") as tb, tb.transaction():
        report = import_concepts(tb, concepts, fmt.single_equivalent)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"Imported {file} ({fmt.name}): {report.created} new, {report.updated} updated,"
        f" {report.unchanged} unchanged"
    )
