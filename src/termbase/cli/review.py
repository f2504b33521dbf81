"""``termbase review``: decide on concepts one at a time in the terminal, or from a script.

With stdin a terminal it reads single keys (no Enter) and clears the screen per
concept; otherwise one command per line ("1", "e Deputy Foreign Minister",
"x 2", "r", "s", "q"), EOF quitting.  Colours only when stdout is a terminal
and NO_COLOR is unset.  What each key does is :mod:`termbase.review`'s.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click

from termbase.cli.common import db_option, highlight, opened
from termbase.errors import InputError
from termbase.lookup import term_span
from termbase.review import (
    KEY_NOTES,
    KEYS,
    Command,
    Progress,
    ReviewItem,
    ReviewSession,
    parse_command,
)
from termbase.store import DbTarget, ReviewFilter

_HELP = (
    "Review concepts one at a time, highest score first.\n\n"
    "Each concept shows its Vietnamese term and variants, a few sentences it was\n"
    "seen in, and its English suggestions numbered with source, confidence and\n"
    "evidence.  Keys:\n\n\b\n"
    + "\n".join(f"  {key:<5} {what}" for key, what in KEYS)
    + "\n\n"
    + "  ".join(KEY_NOTES)
    + "\n\nEach decision is saved at once (its own transaction) and recorded in the"
    " history under 'review' with your name ($TERMBASE_USER, else the login name):"
    " quitting loses nothing.  Run it again to go on where you stopped; concepts you"
    " skipped come after the others.  With stdin not a terminal it reads one command"
    ' per line ("1", "e Deputy Foreign Minister", "x 2", "r", "s", "q"), so a script'
    " can drive it."
)


@click.command(help=_HELP)
@db_option
@click.option(
    "--status",
    type=click.Choice(["suggested", "candidate"]),
    help="Only concepts with English suggestions to decide on, or whose Vietnamese"
    " term is a mined candidate (default: both).",
)
@click.option("--min-score", type=float, help="Only concepts scored at least this.")
@click.option("--domain", help="Only concepts of this subject field (any case).")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after this many concepts.")
def review(
    db_path: DbTarget,
    status: str | None,
    min_score: float | None,
    domain: str | None,
    limit: int | None,
) -> None:
    interactive = sys.stdin.isatty()
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    screen = _Screen(colour, interactive)
    with opened(db_path, "review", create=False) as tb:
        session = ReviewSession(tb, ReviewFilter(status, min_score, domain), limit)
        read = _read_key if interactive else _read_line
        _loop(session, screen, read)
        progress = session.progress()
    screen.echo(_summary(progress))


class _Screen:
    """Where the review is printed: colours stripped unless wanted, cleared per concept on a TTY."""

    def __init__(self, colour: bool, interactive: bool) -> None:
        self.colour = colour
        self.interactive = interactive

    def echo(self, text: str = "", err: bool = False) -> None:
        click.echo(text, color=self.colour, err=err)

    def style(self, text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs)  # type: ignore[arg-type]

    def clear(self) -> None:
        if self.interactive:
            click.clear()


Reader = Callable[[ReviewItem, _Screen], Command | None]


def _loop(session: ReviewSession, screen: _Screen, read: Reader) -> None:
    item = session.next_item()
    if item is None:
        screen.echo("Nothing to review: no concept passes these filters undecided.")
        return
    message: str | None = None  # shown above the concept on a TTY (the screen is cleared)
    show = True  # a script sees the concept again only when it changed
    while item is not None:
        if show or screen.interactive:
            screen.clear()
            if message:
                screen.echo(message)
                message = None
            _show(item, session.progress(), screen)
        try:
            command = read(item, screen)
            if command is None or command.key == "q":
                return
            if command.key == "?":
                message, show = _help_text(), False
            else:
                outcome = session.run(item, command)
                message, show = screen.style(outcome.message, fg="green"), True
                if outcome.concept_id is not None:  # undo: back to that concept
                    item = session.item(outcome.concept_id)
                elif outcome.done:
                    item = session.next_item()
                else:
                    item = session.item(item.concept_id)
        except InputError as exc:
            message, show = screen.style(f"! {exc}", fg="red"), False
            if not screen.interactive:
                screen.echo(message, err=True)
                message = None
        if message and not screen.interactive:
            screen.echo(message)
            message = None
    if message:
        screen.echo(message)
    if session.limit is not None and len(session.shown) >= session.limit:
        screen.echo(f"Stopped after {session.limit} concepts (--limit).")
    else:
        screen.echo("No more concepts to review.")


def _help_text() -> str:
    lines = ["Keys:"] + [f"  {key:<5} {what}" for key, what in KEYS] + list(KEY_NOTES)
    return "\n".join(lines)


def _progress_line(progress: Progress) -> str:
    left = f"{progress.left} left"
    if progress.skipped:
        left += f" ({progress.skipped} skipped)"
    n = progress.decisions
    pace = f"{n} decision{'s' if n != 1 else ''} in {progress.minutes:.1f} min"
    if progress.per_minute is not None and progress.minutes >= 1:
        pace += f", {progress.per_minute:.1f}/min"
    return f"{left} · {pace}"


def _show(item: ReviewItem, progress: Progress, screen: _Screen) -> None:
    width = max(40, shutil.get_terminal_size((100, 24)).columns)
    screen.echo(screen.style(f"── {_progress_line(progress)}", dim=True))
    vi = item.term.term
    facts = [vi.status]
    if item.score is not None:
        facts.append(f"score {item.score:.2f}")
    if item.domain:
        facts.append(item.domain)
    title = screen.style(vi.text, bold=True)
    screen.echo(f"[{item.concept_id}] {title}  ({', '.join(facts)})")
    seen_as = [f"{s} ×{n}" for s, n in item.variants if s != vi.text or len(item.variants) > 1]
    if seen_as:
        screen.echo(_cut("    seen as: " + ", ".join(seen_as), width))
    others = [f"{r.term.text} ({r.term.status})" for r in item.vietnamese[1:]]
    if others:
        screen.echo(_cut("    also: " + ", ".join(others), width))
    if item.definition:
        screen.echo(_cut(f"    definition: {item.definition}", width))
    if item.note:
        screen.echo(_cut(f"    note: {item.note}", width))
    for context in item.contexts:
        where = _relative(context.document) + (f":{context.line}" if context.line else "")
        screen.echo(screen.style(f"    {where}", dim=True))
        line = _around(context.text, context.term, width - 6)
        screen.echo("      " + highlight(line, context.term, "yellow"))
    if item.suggestions:
        screen.echo("  English:")
    else:
        screen.echo("  No English suggestion: e to type one, a to approve the term alone.")
    for number, row in enumerate(item.suggestions, 1):
        t = row.term
        confidence = "" if t.confidence is None else f"{t.confidence:.2f}"
        head = f"  {number:>2}  {t.text}  {t.source or ''} {confidence}".rstrip()
        screen.echo(screen.style(head, bold=number == 1))
        if t.note:
            screen.echo(screen.style(_cut(f"      {' '.join(t.note.split())}", width), dim=True))
    if item.decided:
        decided = ", ".join(f"{r.term.text} ({r.term.status})" for r in item.decided)
        screen.echo(_cut(f"  already decided: {decided}", width))
    n = len(item.suggestions)
    keys = [f"1-{n} approve" if n > 1 else "1 approve"] if n else []
    keys += ["e edit", "a term only", "r not a term"]
    if n:
        keys += ["x reject one", "f forbid one"]
    keys += ["n note", "s skip", "u undo", "? help", "q quit"]
    lines = [keys[0]]
    for key in keys[1:]:  # wrapped between keys, never inside one
        if len(lines[-1]) + 3 + len(key) > width - 2:
            lines.append(key)
        else:
            lines[-1] += " · " + key
    for line in lines:
        screen.echo(screen.style("  " + line, dim=True))


def _relative(document: str) -> str:
    """A mined file's path from the working directory when it is under it (shorter)."""
    path = Path(document)
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        return str(path.relative_to(Path.cwd()))
    return document


def _around(text: str, term: str, width: int) -> str:
    """``text`` cut to ``width``, starting a little before ``term`` when it would fall off."""
    span = term_span(text, term)
    if span is not None and span[1] > width - 1:
        text = "…" + text[max(0, span[0] - 30) :].lstrip()
    return _cut(text, width)


def _cut(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters."""
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= width else text[: width - 1] + "…"


def _read_line(item: ReviewItem, screen: _Screen) -> Command | None:
    """One command from a line of stdin (None at EOF)."""
    line = sys.stdin.readline()
    if not line:
        return None
    return parse_command(line)


def _read_key(item: ReviewItem, screen: _Screen) -> Command | None:
    """One command from single keys (None: quit, or Ctrl-C / Ctrl-D)."""
    click.echo("> ", nl=False)
    try:
        key = click.getchar()
    except (KeyboardInterrupt, EOFError):
        return None
    click.echo(key if key.isprintable() else "")
    if key in ("\x03", "\x04"):
        return None
    if key.isdigit():
        return parse_command(key)
    key = key.lower()
    if key == "e":
        text = _prefilled_input("English: ", item.prefill)
        if text is None or not text.strip():
            raise InputError("edit cancelled; nothing changed")
        return Command("e", text.strip())
    if key == "n":
        text = _prefilled_input("Note: ", "")
        if text is None or not text.strip():
            raise InputError("note cancelled; nothing changed")
        return Command("n", text.strip())
    if key in ("x", "f") and len(item.suggestions) > 1:
        verb = "reject" if key == "x" else "forbid"
        click.echo(f"{verb} which suggestion (1-{len(item.suggestions)})? ", nl=False)
        try:
            number = click.getchar()
        except (KeyboardInterrupt, EOFError):
            number = ""
        click.echo(number if number.isprintable() else "")
        if not number.isdigit():
            raise InputError(f"{verb} cancelled; nothing changed")
        return Command(key, number, int(number))
    if key.strip() == "":
        raise InputError("press a key (? for help)")
    return parse_command(key)


def _prefilled_input(prompt: str, text: str) -> str | None:
    """A line typed at ``prompt``, starting from ``text`` (editable with readline where it is)."""
    try:
        import readline
    except ImportError:  # no readline: the suggestion is the default for an empty answer
        answer = click.prompt(prompt.rstrip(": "), default=text, show_default=bool(text))
        return str(answer)
    readline.set_startup_hook(lambda: readline.insert_text(text))
    try:
        return input(prompt)
    except (KeyboardInterrupt, EOFError):
        click.echo()
        return None
    finally:
        readline.set_startup_hook()


def _summary(progress: Progress) -> str:
    n = progress.decisions
    text = f"{n} decision{'s' if n != 1 else ''} this session; {progress.left} left to review."
    if progress.left:
        text += " Run 'termbase review' again to go on."
    return text
