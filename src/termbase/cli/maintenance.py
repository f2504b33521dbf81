"""``termbase backup``, ``doctor`` and ``copy``: parse, call the store, print."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from termbase.cli.common import db_option, opened
from termbase.store import DbTarget
from termbase.store.maintenance import (
    Finding,
    backup_termbase,
    check_termbase,
    repair_termbase,
)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup(path: Path, db_path: DbTarget, force: bool) -> None:
    """Copy the termbase to PATH, safely while others use it (SQLite online backup)."""
    with opened(db_path, "backup", create=False) as tb:
        target = backup_termbase(tb, path, force=force)
    size = target.stat().st_size
    click.echo(f"Backed up {db_path} to {target} ({size / 1e6:.1f} MB)")


@click.command()
@db_option
@click.option(
    "--repair",
    is_flag=True,
    help="Rebuild what can be rebuilt (substring index, indexes, orphan rows), after a backup.",
)
def doctor(db_path: DbTarget, repair: bool) -> None:
    """Check the termbase: SQLite integrity, links between rows, the substring index.

    Prints what is wrong and exits 1 if anything is; --repair first copies the
    file beside itself, then mends what it can in one transaction.
    """
    with opened(db_path, "doctor --repair" if repair else "doctor", create=False) as tb:
        if not repair:
            found = check_termbase(tb)
            _echo_findings(db_path, found)
            if found:
                hint = " --repair" if any(f.repairable for f in found) else ""
                raise click.ClickException(
                    f"{len(found)} problem{'s' if len(found) != 1 else ''} found;"
                    + (f" 'termbase doctor{hint}' mends them" if hint else " restore a backup")
                )
            return
        report = repair_termbase(tb)
    if report.backup is not None:
        click.echo(f"Copied {db_path} to {report.backup} first")
    for table, n in sorted(report.removed.items()):
        click.echo(f"  removed {n} {table} rows pointing nowhere")
    for table, n in sorted(report.cleared.items()):
        click.echo(f"  cleared {n} dangling links in {table}")
    if report.reindexed:
        click.echo("  rebuilt SQLite's indexes")
    if report.triggers_restored:
        click.echo(f"  restored triggers {', '.join(report.triggers_restored)}")
    if report.index_rebuilt:
        click.echo("  rebuilt the substring index")
    for name in report.word_indexes_rebuilt:
        click.echo(f"  rebuilt the word index {name}")
    _echo_findings(db_path, report.remaining)
    if report.remaining:
        raise click.ClickException(
            f"{len(report.remaining)} problems remain that cannot be rebuilt;"
            " go back to a backup" + (f" (the copy is {report.backup})" if report.backup else "")
        )


def _echo_findings(db_path: DbTarget, found: list[Finding]) -> None:
    if not found:
        checked = (
            "integrity, links between rows, substring index"
            if isinstance(db_path, Path)
            else "the memory's word index; the server keeps its tables and links whole"
        )
        click.echo(f"{db_path}: ok ({checked})")
        return
    for finding in found:
        click.echo(f"{finding.kind}: {finding.message}")


@click.command()
@click.argument("source")
@click.argument("target")
def copy(source: str, target: str) -> None:
    """Copy the termbase SOURCE into the new TARGET, whole (files or postgresql:// URLs).

    Every concept, term, history row, mined document and translation-memory unit,
    ids included: TARGET exports the same JSON as SOURCE. TARGET must be new or
    empty; the copy is one transaction there.
    """
    from termbase.store import locate
    from termbase.store.copying import copy_termbase, refuse_unless_empty, row_counts

    src_target, dst_target = locate(source), locate(target)
    if str(src_target) == str(dst_target):
        raise click.ClickException(f"{source}: SOURCE and TARGET are the same termbase")
    with opened(src_target, "copy", create=False) as src, opened(dst_target, "copy") as dst:
        refuse_unless_empty(dst)
        total = sum(row_counts(src).values())
        with click.progressbar(length=total, label="Copying", file=sys.stderr) as bar:
            copied = copy_termbase(src, dst, progress=bar.update)
    moved = sum(copied.values())
    click.echo(
        f"Copied {src_target} to {dst_target}: {copied.get('concepts', 0)} concepts,"
        f" {copied.get('terms', 0)} terms, {copied.get('tm_units', 0)} memory units"
        f" ({moved} rows)"
    )
