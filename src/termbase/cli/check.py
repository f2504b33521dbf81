"""``termbase check``: check translations against the termbase's approved terms."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from termbase.check import DIRECTIONS, Checkers, SegmentResult, Tally, check_items
from termbase.check.readers import Item, read_parallel, read_segments
from termbase.check.report import describe, where, write_json, write_junit
from termbase.cli.common import db_option, opened
from termbase.errors import TermbaseError
from termbase.store import DbTarget

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


class InputProblem(click.ClickException):
    """Bad input: exit 2, so that CI tells it from findings (exit 1)."""

    exit_code = 2


@click.command()
@click.argument("files", nargs=-1, type=FILE)
@click.option("--vi", "vi_path", type=FILE, help="Line-aligned text: the Vietnamese side.")
@click.option("--en", "en_path", type=FILE, help="Line-aligned text: the English side.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="How to write the findings (junit: JUnit XML for CI test reports).",
)
@click.option(
    "--direction",
    type=click.Choice(DIRECTIONS),
    help="Which side is the source (default: what the file says, else vi-en).",
)
@db_option
def check(
    files: tuple[Path, ...],
    vi_path: Path | None,
    en_path: Path | None,
    fmt: str,
    direction: str | None,
    db_path: DbTarget,
) -> None:
    """Check translations in FILE… against the termbase's approved terms.

    Reads PO, TMX, XLIFF 1.2/2.0 (.xlf, .xliff), CSV/TSV with vi and en columns,
    and line-aligned text (--vi/--en). Wherever the source side holds an approved
    term, the translation must hold one of the concept's approved terms in the
    other language, and none of its forbidden ones. Exit status: 0 when every
    check passes, 1 when there are findings, 2 for bad input.
    """
    if (vi_path is None) != (en_path is None):
        raise click.UsageError("--vi and --en come together: the two sides of line-aligned text")
    if not files and vi_path is None:
        raise click.UsageError("name a file to check, or --vi and --en")
    inputs: list[tuple[str, Iterator[Item]]] = [
        (str(path), read_segments(path, direction.split("-")[0] if direction else None))
        for path in files
    ]
    if vi_path is not None and en_path is not None:
        inputs.append((str(vi_path), read_parallel(vi_path, en_path)))
    tally = Tally()
    names = [name for name, _ in inputs]

    def results(checkers: Checkers) -> Iterator[SegmentResult]:
        for name, items in inputs:
            yield from check_items(checkers, name, items, direction, tally)

    try:
        with opened(db_path, "check", create=False) as tb:
            checkers = Checkers(tb.status_terms())
        if fmt == "json":
            write_json(_echo, results(checkers), tally, names)
        elif fmt == "junit":
            write_junit(_echo, results(checkers), tally, names)
        else:
            for result in results(checkers):
                for finding in result.findings:
                    click.echo(f"{where(finding)}: {describe(finding)}")
            click.echo(_summary(tally))
    except TermbaseError as exc:
        raise InputProblem(str(exc)) from None
    if tally.findings:
        click.get_current_context().exit(1)


def _echo(text: str | bytes) -> None:
    click.echo(text, nl=False)


def _summary(tally: Tally) -> str:
    found = "no findings" if not tally.findings else _plural(tally.findings, "finding")
    text = (
        f"{found}: {_plural(tally.segments, 'segment')} read,"
        f" {tally.with_terms} with approved terms"
    )
    if tally.skipped:
        text += f", {len(tally.skipped)} skipped (untranslated, fuzzy or empty)"
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
