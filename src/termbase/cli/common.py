"""What every family of commands shares: the --db option, opening the termbase, printing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from termbase.cli.options import DB_HELP
from termbase.lookup import term_span
from termbase.models import Concept
from termbase.store import DbTarget, Termbase, default_db_path, locate, open_db

F = TypeVar("F", bound=Callable[..., Any])
LANG_CHOICE = click.Choice(["vi", "en", "any"])


def _resolve_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> DbTarget:
    """The command's --db, else the group's (`termbase --db X lookup …`), else the default."""
    if value is not None:
        return locate(value)
    group_db = ctx.find_root().params.get("db_path")
    return locate(group_db) if group_db is not None else default_db_path()


def db_option(fn: F) -> F:
    return click.option(
        "--db", "db_path", type=str, default=None, callback=_resolve_db, help=DB_HELP
    )(fn)


@contextmanager
def opened(db_path: DbTarget, command: str, create: bool = True) -> Iterator[Termbase]:
    tb = open_db(db_path, create=create)
    tb.command = command
    if tb.upgrade is not None:
        click.echo(
            f"Upgraded {db_path} from schema version {tb.upgrade.old_version} to"
            f" {tb.upgrade.new_version}; the file as it was is kept as {tb.upgrade.backup}",
            err=True,
        )
    try:
        yield tb
    finally:
        tb.close()


def concepts_json(concepts: list[Concept]) -> dict[str, Any]:
    from termbase.formats.jsonfile import concepts_to_json

    return concepts_to_json(concepts)


def echo_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
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


def highlight(context: str, text: str, fg: str | None = None) -> str:
    """``context`` with ``text`` in bold (and in colour ``fg``) where :func:`term_span` finds it."""
    span = term_span(context, text)
    if span is None:
        return context
    start, end = span
    return context[:start] + click.style(context[start:end], bold=True, fg=fg) + context[end:]


def encoding_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """``--encoding``: a legacy Vietnamese encoding or a Python codec, checked before reading."""
    if value is None:
        return None
    from termbase.errors import InputError
    from termbase.text.decode import encoding_name

    try:
        return encoding_name(value)
    except InputError as exc:
        raise click.BadParameter(str(exc)) from None


# ``-o/--output`` of every command that writes a file.
output_option = click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="File to write, or - for standard output.",
)


def min_confidence_option(help_text: str, default: float | None = 0.0) -> Callable[[F], F]:
    """``--min-confidence``: hide suggested English below this confidence (0 to 1);
    ``default`` None lets the command choose (the help text then says how)."""
    return click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        default=default,
        show_default=default is not None,
        help=help_text,
    )
