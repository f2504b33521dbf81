"""``termbase import`` and ``export``: exchanging the termbase with CAT tools and spreadsheets."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from termbase.cli.common import (
    db_option,
    encoding_option,
    min_confidence_option,
    opened,
    output_option,
)
from termbase.formats import WriteOptions, detect_format, format_names, get_format
from termbase.formats._cat import (
    CAT_CAPABLE,
    CAT_DEFAULT,
    CAT_MIN_CONFIDENCE,
    CAT_STATUSES,
    PROFILES,
    translator_view,
)
from termbase.importer import merge_file
from termbase.models import STATUSES, Concept, without_guesses
from termbase.store import DbTarget

# How many conflicts an import lists (a dry run lists them all).
CONFLICTS_LISTED = 10


@click.command()
@db_option
@click.option("--format", "-f", "format_name", help="tbx, tbx2, po, csv, tsv, omegat, json.")
@output_option
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only concepts with a term of this status (repeatable); with --profile cat,"
    " the English terms of these statuses [default: approved, suggested].",
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
@min_confidence_option(
    "Leave out English suggestions less confident than this (approved and other"
    f" decided terms are always written) [default: {CAT_MIN_CONFIDENCE} with --profile cat,"
    " else 0].",
    default=None,
)
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default=None,
    help="cat: what a translator needs in a CAT tool's glossary (approved terms and confident"
    " suggestions, one short note per concept); full: every field, for a round trip."
    " [default: cat for tbx2, omegat, csv, tsv; full for the others]",
)
@click.option(
    "--evidence", is_flag=True, help="With --profile cat, add each suggestion's evidence."
)
def export(
    db_path: DbTarget,
    format_name: str | None,
    output: str,
    statuses: tuple[str, ...],
    direction: str,
    bom: bool,
    min_confidence: float | None,
    profile: str | None,
    evidence: bool,
) -> None:
    """Export the termbase for a CAT tool or spreadsheet."""
    if format_name is None:
        if output == "-":
            raise click.UsageError("name a format with --format when writing to standard output")
        format_name = _format_from_suffix(Path(output))
    fmt = get_format(format_name)
    if profile is None:
        profile = "cat" if fmt.name in CAT_DEFAULT else "full"
    elif profile == "cat" and fmt.name not in CAT_CAPABLE:
        known = ", ".join(sorted(CAT_CAPABLE))
        raise click.BadParameter(
            f"{fmt.name} has no cat profile; use one of {known}", param_hint="'--profile'"
        )
    if evidence and profile != "cat":
        raise click.BadParameter(
            "goes with --profile cat (the full profile always carries the evidence)",
            param_hint="'--evidence'",
        )
    options = WriteOptions(direction=direction, profile=profile, evidence=evidence)
    with opened(db_path, "export", create=False) as tb:
        concepts: Iterable[Concept]
        if profile == "cat":
            wanted = statuses or CAT_STATUSES
            floor = CAT_MIN_CONFIDENCE if min_confidence is None else min_confidence
            views = (
                translator_view(c, options.source_lang, options.target_lang, wanted, floor)
                for c in tb.iter_concepts(None)
            )
            concepts = (view for view in views if view is not None)
        else:
            floor = min_confidence or 0.0
            concepts = (without_guesses(c, floor) for c in tb.iter_concepts(list(statuses) or None))
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


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.option("--format", "-f", "format_name", help="Override the format detected from content.")
@click.option(
    "--encoding",
    callback=encoding_option,
    help="The file's encoding when it is not UTF-8: cp1258, tcvn3, vni or any Python codec.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Let the file change approved, rejected, forbidden and glossary terms.",
)
@click.option(
    "--theirs",
    is_flag=True,
    help="Where the termbase changed since the export too, the file wins (and may change"
    " decisions on the concepts it names).",
)
@click.option(
    "--ours",
    is_flag=True,
    help="Where the termbase changed since the export too, the termbase wins.",
)
@click.option("--dry-run", is_flag=True, help="List what the import would change; write nothing.")
def import_(
    file: Path,
    db_path: DbTarget,
    format_name: str | None,
    encoding: str | None,
    overwrite: bool,
    theirs: bool,
    ours: bool,
    dry_run: bool,
) -> None:
    """Import FILE (TBX, PO, CSV/TSV, OmegaT glossary, JSON) into the termbase.

    Approved, rejected, forbidden and glossary terms stay as they are: what the
    file says differently comes in as a suggestion, counted as a conflict.
    Reviewed PO files approve what the reviewer un-fuzzied and replace edited
    suggestions; importing the same file twice changes nothing. An entry
    changed in the file whose concept's decisions also changed in the termbase
    since the export is reported and left alone: --theirs or --ours chooses.
    """
    from termbase.text.decode import check_file

    if theirs and ours:
        raise click.UsageError("--theirs and --ours exclude each other; give one")

    check_file(file)
    fmt = get_format(format_name) if format_name else detect_format(file, encoding)
    concepts = fmt.read(file, encoding)
    with opened(db_path, f"import {file.name}") as tb:
        report = merge_file(
            tb,
            concepts,
            fmt.single_equivalent,
            source=file.name,
            overwrite=overwrite,
            dry_run=dry_run,
            side="theirs" if theirs else "ours" if ours else None,
        )
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if dry_run:
        click.echo(f"Dry run of {file} ({fmt.name}): {report.summary()}; nothing written")
    else:
        click.echo(f"Imported {file} ({fmt.name}): {report.summary()}")
    for change in report.decisions_changed:
        click.echo(f"  {change.describe()}")
    listed = report.conflicts if dry_run else report.conflicts[:CONFLICTS_LISTED]
    for conflict in listed:
        click.echo(f"  {conflict.describe()}")
    if len(listed) < len(report.conflicts):
        more = len(report.conflicts) - len(listed)
        click.echo(f"  … and {more} more; --dry-run lists them all")
