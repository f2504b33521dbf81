"""``termbase tm``: import, search, concordance and export of the translation memory."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from termbase.cli.common import db_option, opened, output_option
from termbase.store import DbTarget
from termbase.tm import readers
from termbase.tm.concordance import find_phrase
from termbase.tm.export import EXPORT_FORMATS, write_po, write_tmx, write_tsv
from termbase.tm.importer import import_units
from termbase.tm.search import search_memory
from termbase.tm.segments import plain_text, styled_runs
from termbase.tm.units import ImportReport, StoredUnit

TM_LANG = click.Choice(["vi", "en"])
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
# Input size from which ``tm import`` reads in a second process (about 3,000 TMX units).
FORK_BYTES = 1_000_000


@click.group()
def tm() -> None:
    """Translation memory: import TMX, PO, parallel and CSV/TSV files; search; export."""


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _styled(runs: list[tuple[str, str]]) -> str:
    styles: dict[str, dict[str, Any]] = {
        "mark": {"fg": "yellow", "bold": True},
        "counterpart": {"fg": "cyan", "bold": True},
        "code": {"dim": True},
        "text": {},
    }
    return "".join(click.style(text, **styles[kind]) for kind, text in runs)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=0, label=label, file=sys.stderr, show_pos=True) as bar:

        def advance(count: int) -> None:
            bar.length = max(bar.length or 0, bar.pos + count)
            bar.update(count)

        yield advance


@tm.command("import")
@click.argument("file", type=FILE, required=False)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(readers.FORMATS),
    default=None,
    help="The file's format (default: from its extension).",
)
@click.option(
    "--source-lang",
    type=TM_LANG,
    default=None,
    help="PO: the language of msgid (default: from the header's Language).",
)
@click.option("--vi", "vi_file", type=FILE, help="Line-aligned Vietnamese file (with --en).")
@click.option("--en", "en_file", type=FILE, help="Line-aligned English file (with --vi).")
@db_option
def import_(
    file: Path | None,
    format_name: str | None,
    source_lang: str | None,
    vi_file: Path | None,
    en_file: Path | None,
    db_path: DbTarget,
) -> None:
    """Import segment pairs: TMX, PO, CSV/TSV (vi and en columns) or --vi/--en files."""
    if (vi_file is None) != (en_file is None):
        raise click.UsageError("pass both --vi FILE and --en FILE")
    if (file is None) == (vi_file is None):
        raise click.UsageError("pass a FILE, or --vi FILE --en FILE, not both")
    if file is not None:
        fmt = format_name or readers.detect_tm_format(file)
        report = ImportReport(str(file), fmt)
        if fmt == "tmx":
            items = readers.read_tmx(file)
        elif fmt == "po":
            items = readers.read_po(file, source_lang)
        else:
            items = readers.read_table(file, "," if fmt == "csv" else "\t", report.notes)
    else:
        assert vi_file is not None and en_file is not None
        report = ImportReport(f"{vi_file} + {en_file}", "parallel")
        items = readers.read_parallel(vi_file, en_file, report.notes)
    # The command decides how the import runs: a file of more than a few thousand pairs is
    # read and keyed in a forked process while this one stores (where fork exists).
    inputs = [f for f in (file, vi_file, en_file) if f is not None]
    fork = "fork" in multiprocessing.get_all_start_methods() and (
        sum(f.stat().st_size for f in inputs) >= FORK_BYTES
    )
    with (
        opened(db_path, "tm import") as tb,
        _progress("Importing") as progress,
        tb.transaction(),
    ):
        import_units(tb, items, report, progress, fork=fork)
    click.echo(
        f"Imported {report.path} ({report.format}): {report.read} pairs read, {report.new} new,"
        f" {report.duplicates} duplicates, {len(report.refused)} refused"
    )
    for note in report.notes:
        click.echo(f"  note: {note}")
    for refusal in report.refused:
        click.echo(f"  refused {refusal.locator}: {refusal.reason}")


def _unit_json(unit: StoredUnit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "vi": plain_text(unit.vi),
        "en": plain_text(unit.en),
        "vi_markup": unit.vi,
        "en_markup": unit.en,
        "count": unit.count,
        "origin": unit.origin,
        "locator": unit.locator,
        "context": unit.context,
        "creator": unit.creator,
        "created_at": unit.created_at,
        "changed_at": unit.changed_at,
    }


def _origin(unit: StoredUnit) -> str:
    times = f", seen {unit.count} times" if unit.count > 1 else ""
    return f"{unit.origin} {unit.locator}{times}"


@tm.command()
@click.argument("text")
@click.option("--lang", type=TM_LANG, default="vi", show_default=True, help="The language of TEXT.")
@click.option(
    "--min",
    "min_score",
    type=click.IntRange(1, 100),
    default=70,
    show_default=True,
    help="Lowest match percentage shown.",
)
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def search(
    text: str, lang: str, min_score: int, limit: int, as_json: bool, db_path: DbTarget
) -> None:
    """Fuzzy matches for TEXT: match %, both sides, the changed words highlighted."""
    with opened(db_path, "tm search", create=False) as tb:
        matches = search_memory(tb, text, lang, min_score, limit)
    if as_json:
        rows = [
            {
                "score": m.score,
                "minor": list(m.minor),
                "changed": list(m.changed),
                **_unit_json(m.unit),
            }
            for m in matches
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo(f"No match of {min_score}% or more.")
        return
    other = "en" if lang == "vi" else "vi"
    color = _color()
    for match in matches:
        unit = match.unit
        mark = ""
        if match.minor:
            words = "same words;" if match.score + len(match.minor) == 100 else "also"
            mark = f" ({words} differs in {', '.join(match.minor)})"
        click.echo(f"{match.score}%{mark}  {_origin(unit)}", color=color)
        own = styled_runs(getattr(unit, lang), set(match.changed))
        click.echo(f"  {lang}: {_styled(own)}", color=color)
        click.echo(f"  {other}: {_styled(styled_runs(getattr(unit, other), set()))}", color=color)


@tm.command()
@click.argument("phrase")
@click.option(
    "--lang", type=TM_LANG, default="vi", show_default=True, help="The language of PHRASE."
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def concordance(phrase: str, lang: str, limit: int, as_json: bool, db_path: DbTarget) -> None:
    """Every segment containing PHRASE (typed with or without diacritics), highlighted.

    On a terminal the phrase is yellow and the English the aligner linked to it in
    that pair cyan (an English PHRASE gets no counterpart yet).  --json gives token
    indexes: the phrase's start/end, and the counterpart's text, start and end (or null).
    """
    with opened(db_path, "tm concordance", create=False) as tb:
        hits = find_phrase(tb, phrase, lang, limit)
    if as_json:
        rows = [
            {
                "start": h.start,
                "end": h.end,
                "counterpart": dataclasses.asdict(h.counterpart) if h.counterpart else None,
                **_unit_json(h.unit),
            }
            for h in hits
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"No segment contains {phrase!r}.")
        return
    other = "en" if lang == "vi" else "vi"
    color = _color()
    for hit in hits:
        own = styled_runs(getattr(hit.unit, lang), set(range(hit.start, hit.end)))
        click.echo(f"{_origin(hit.unit)}", color=color)
        click.echo(f"  {lang}: {_styled(own)}", color=color)
        found = hit.counterpart
        theirs = styled_runs(
            getattr(hit.unit, other), set(range(found.start, found.end)) if found else set()
        )
        counterpart = [("counterpart" if kind == "mark" else kind, text) for kind, text in theirs]
        click.echo(f"  {other}: {_styled(counterpart)}", color=color)
    if len(hits) == limit:
        click.echo(f"(first {limit}; raise --limit for more)")


@tm.command()
@click.option(
    "--format", "format_name", type=click.Choice(EXPORT_FORMATS), default="tmx", show_default=True
)
@output_option
@click.option(
    "--source-lang",
    type=TM_LANG,
    default=None,
    help="The source side: TMX srclang, PO msgid (default: vi for TMX, en for PO).",
)
@db_option
def export(format_name: str, output: str, source_lang: str | None, db_path: DbTarget) -> None:
    """Write the memory as TMX 1.4b (all kept), TSV or PO."""
    with opened(db_path, "tm export", create=False) as tb:
        units = tb.iter_tm_units()
        if output == "-":
            _write(format_name, units, sys.stdout, source_lang)
            return
        target = Path(output)
        if target.is_dir():
            raise click.ClickException(f"{target}: is a directory; give a file name with -o")
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("w", encoding="utf-8", newline="\n") as out:
                written = _write(format_name, units, out, source_lang)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise click.ClickException(f"{target}: cannot write ({exc.strerror})") from None
    click.echo(f"Wrote {written} units to {target} ({format_name})", err=True)


def _write(fmt: str, units: Iterator[StoredUnit], out: Any, source_lang: str | None) -> int:
    if fmt == "tmx":
        return write_tmx(units, out, source_lang or "vi")
    if fmt == "po":
        return write_po(units, out, source_lang or "en")
    return write_tsv(units, out)
