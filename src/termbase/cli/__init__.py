"""The ``termbase`` command line: parse, call the library, print, map errors.

Each module holds a family of commands: :mod:`~termbase.cli.terms` (init, add,
lookup, list, stats), :mod:`~termbase.cli.exchange` (import, export),
:mod:`~termbase.cli.mine` (mine, show) and :mod:`~termbase.cli.suggest`;
:mod:`~termbase.cli.common` holds what they share.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from typing import Any

import click

from termbase import __version__
from termbase.cli.options import DB_HELP
from termbase.errors import TermbaseError

# Each command is imported only when run (or listed), to keep start-up short for
# the quick ones: ``termbase lookup`` never imports mining.
LAZY_COMMANDS = {
    "add": "termbase.cli.terms:add",
    "approve": "termbase.cli.decide:approve",
    "backup": "termbase.cli.maintenance:backup",
    "check": "termbase.cli.check:check",
    "copy": "termbase.cli.maintenance:copy",
    "doctor": "termbase.cli.maintenance:doctor",
    "export": "termbase.cli.exchange:export",
    "forbid": "termbase.cli.decide:forbid",
    "history": "termbase.cli.decide:history",
    "import": "termbase.cli.exchange:import_",
    "init": "termbase.cli.terms:init",
    "list": "termbase.cli.terms:list_",
    "lookup": "termbase.cli.terms:lookup",
    "mine": "termbase.cli.mine:mine",
    "reject": "termbase.cli.decide:reject",
    "review": "termbase.cli.review:review",
    "show": "termbase.cli.mine:show",
    "stats": "termbase.cli.terms:stats",
    "suggest": "termbase.cli.suggest:suggest",
    "tm": "termbase.cli.tm:tm",
    "undo": "termbase.cli.decide:undo",
}


class TermbaseGroup(click.Group):
    """A group that turns termbase's own errors into one-line messages, exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

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
        except sqlite3.DatabaseError:
            # Our own bug, or a damaged file: SQLite's wording ("malformed") would
            # tell the user their data is gone when the transaction kept it.
            raise click.ClickException(
                "an unexpected database error stopped the command; nothing was changed"
                " (its transaction was rolled back). Run 'termbase doctor' to check the"
                " termbase, and report this as a bug"
            ) from None
        except BrokenPipeError:
            sys.stderr.close()  # e.g. `termbase export | head`: not an error
            return None
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):  # PostgreSQL's, as SQLite's above
                raise click.ClickException(server_error(exc)) from None
            raise


def server_error(exc: Exception) -> str:
    """A one-line message for an error the PostgreSQL server or its driver raised."""
    import psycopg

    detail = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, psycopg.OperationalError):
        return f"the PostgreSQL server is unavailable ({detail}); check it runs, and retry"
    return (
        f"an unexpected database error stopped the command ({detail}); nothing was"
        " changed (its transaction was rolled back). Report this as a bug"
    )


@click.group(cls=TermbaseGroup)
@click.version_option(__version__, prog_name="termbase")
@click.option("--db", "db_path", type=str, help=DB_HELP)
def cli(db_path: str | None) -> None:
    """termbase: a Vietnamese→English termbase for translators and terminologists.

    Mine terms, review their English equivalents, look them up whatever way you
    type them, and exchange them with CAT tools as TBX, PO, CSV/TSV or JSON.
    """
