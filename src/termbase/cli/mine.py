"""``termbase mine`` and ``termbase show``: parse, call the library, print.

Both are plain click commands that the group imports when they are run
(``LAZY_COMMANDS`` in :mod:`termbase.cli`).  Errors are the library's
TermbaseError, which the group turns into ``Error: …`` and exit status 1.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path
from typing import Any, Literal, NamedTuple

import click

from termbase.cli.common import (
    concepts_json,
    db_option,
    echo_table,
    encoding_option,
    highlight,
    min_confidence_option,
    opened,
)
from termbase.errors import InputError
from termbase.lookup import concepts_named
from termbase.mining.clean import RepeatedLines, clean_page
from termbase.mining.pipeline import MineOptions, MineReport, gc_paused, mine_paths
from termbase.models import Concept, best_term, without_guesses
from termbase.store import DbTarget
from termbase.text.documents import Document, iter_documents


@click.command()
@click.argument("paths", nargs=-1)
@db_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="How many candidates to print.",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="How many candidates to store in the termbase.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
@click.option(
    "--keep-boilerplate",
    is_flag=True,
    help="Mine every line, page furniture (footers, related links) included.",
)
@click.option(
    "--explain-boilerplate",
    "explain",
    is_flag=True,
    help="Show what page cleaning cuts from PATHS and why; store nothing.",
)
@click.option(
    "--skip-bad", is_flag=True, help="Warn about unreadable or undecodable files and mine the rest."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes to mine with (worth it for large inputs).",
)
@click.option(
    "--no-suggest",
    is_flag=True,
    help="Do not propose English equivalents (they come from offline sources only).",
)
@click.option(
    "--encoding",
    callback=encoding_option,
    help="The files' encoding when it is not UTF-8: cp1258, tcvn3, vni or any Python codec.",
)
@click.option(
    "--from-tm",
    is_flag=True,
    help="Mine the Vietnamese side of the translation memory; English from its segment pairs.",
)
@click.option(
    "--vi",
    "vi_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Mine this Vietnamese file; English from the line-aligned --en file (not kept).",
)
@click.option(
    "--en",
    "en_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The English translation of --vi, line by line.",
)
@click.option(
    "--no-memory",
    is_flag=True,
    help="Do not take English from the translation memory (used when it has segment pairs).",
)
@min_confidence_option(
    "Show only English suggestions at least this confident (a confidence is the share"
    " of such suggestions found right; see the README). All are stored either way."
)
def mine(
    paths: tuple[str, ...],
    db_path: DbTarget,
    limit: int,
    keep: int,
    as_json: bool,
    keep_boilerplate: bool,
    explain: bool,
    skip_bad: bool,
    jobs: int,
    no_suggest: bool,
    encoding: str | None,
    from_tm: bool,
    vi_path: Path | None,
    en_path: Path | None,
    no_memory: bool,
    min_confidence: float,
) -> None:
    """Mine Vietnamese term candidates from PATHS (files, folders, - for stdin).

    Plain text and HTML pages are read; page furniture is left out; candidates
    are ranked and stored with their counts and contexts.  Files mined before
    and unchanged are skipped; changed files replace what they gave before; a
    file with the same content as another (a copy) is mined once.
    English is proposed from offline sources and, when the termbase has segment
    pairs, from the translation memory.  --from-tm mines the memory's own
    Vietnamese side, --vi FILE --en FILE a parallel corpus without keeping it.
    """
    bilingual = _bilingual(paths, from_tm, vi_path, en_path, no_memory, explain)
    if bilingual is not None:
        options = MineOptions(keep_boilerplate=keep_boilerplate, keep=keep, encoding=encoding)
        shown = Shown(limit, as_json, min_confidence)
        _mine_bilingual(db_path, bilingual, options, shown, no_suggest)
        return
    if not paths:
        raise click.UsageError("name the PATHS to mine, or use --from-tm or --vi FILE --en FILE")

    def warn(message: str) -> None:
        click.echo(f"Warning: skipped {message}", err=True)

    on_skip = warn if skip_bad else None
    if explain:
        _explain(paths, on_skip, encoding)
        return
    bar = None
    on_document = None
    if sys.stderr.isatty() and not as_json:
        bar = click.progressbar(length=0, label="Mining", file=sys.stderr)
        bar.__enter__()

        def on_document(_doc: Document) -> None:
            assert bar is not None
            bar.length = max(bar.length or 0, bar.pos + 1)
            bar.update(1)

    # The command, not the library, decides how the process runs: workers forked where
    # that is possible (they inherit the documents), cycle collection off while mining.
    start_method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    options = MineOptions(
        keep_boilerplate=keep_boilerplate, keep=keep, start_method=start_method, encoding=encoding
    )
    report: MineReport | None = None
    try:
        with opened(db_path, "mine") as tb:
            from termbase.tm.terms import open_memory

            memory = None if no_memory or no_suggest else open_memory(tb)
            with gc_paused():
                report = mine_paths(
                    tb,
                    list(paths),
                    options,
                    jobs,
                    on_skip,
                    on_document,
                    suggest=not no_suggest,
                    memory=memory,
                )
            if bar is not None:
                bar.__exit__(None, None, None)
                bar = None
            # Two mined variants may have joined one concept: list it once.
            ids = list(dict.fromkeys(report.concept_ids)) or tb.concept_ids(
                ["candidate"], lang="vi"
            )
            concepts = [
                without_guesses(c, min_confidence)
                for c in tb.load_concepts(ids[:limit], contexts=0)
            ]
            rows = [(c, *tb.counted_frequency(c.id or 0)) for c in concepts]
    except KeyboardInterrupt:
        # Ctrl-C: the transaction rolled back (or had committed, when only the summary was
        # left); the worker processes ignore it and were stopped.  One line, no traceback.
        if bar is not None:
            bar.__exit__(None, None, None)
            bar = None
        done = "nothing was written" if report is None else "the mined documents were written"
        click.echo(f"Interrupted: {done}.", err=True)
        click.get_current_context().exit(130)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        click.echo(json.dumps(concepts_json(concepts), ensure_ascii=False, indent=2))
        return
    click.echo(_summary(report))
    if rows:
        click.echo()
        echo_table(("#", "term", "score", "freq", "docs", "english"), _table(rows))


def _summary(report: MineReport) -> str:
    """The line that says what was read, cut, mined, skipped and stored."""
    summary = f"Mined {report.mined} document{'s' if report.mined != 1 else ''}"
    summary += f" ({report.words:,} words read, {report.words_cut:,} cut as page furniture,"
    summary += f" {report.words_mined:,} mined): {report.candidates} candidates,"
    summary += f" {report.created} new, {report.updated} updated"
    if report.unchanged:
        summary += f"; {report.unchanged} unchanged since last mined, skipped"
    if report.duplicates == 1:
        summary += "; 1 duplicate of an already mined document, skipped"
    elif report.duplicates:
        summary += f"; {report.duplicates} duplicates of already mined documents, skipped"
    if report.replaced:
        summary += f"; {report.replaced} changed, their earlier counts replaced"
    if report.left_alone:
        summary += f"; {report.left_alone} rejected before, left alone"
    return summary


def _bilingual(
    paths: tuple[str, ...],
    from_tm: bool,
    vi_path: Path | None,
    en_path: Path | None,
    no_memory: bool,
    explain: bool,
) -> tuple[Path, Path] | Literal["tm"] | None:
    """What bilingual text to mine: the memory, a pair of files, or none (usage checked)."""
    pair = vi_path is not None or en_path is not None
    if not from_tm and not pair:
        return None
    what = "--from-tm" if from_tm else "--vi/--en"
    if from_tm and pair:
        raise click.UsageError("use either --from-tm or --vi FILE --en FILE, not both")
    if paths:
        raise click.UsageError(f"{what} mines no PATHS; leave them out or mine them separately")
    if no_memory:
        raise click.UsageError(f"{what} takes English from bilingual text; drop --no-memory")
    if explain:
        raise click.UsageError(f"--explain-boilerplate reads PATHS only, not {what}")
    if from_tm:
        return "tm"
    if vi_path is None or en_path is None:
        raise click.UsageError("--vi and --en go together: name both files")
    return vi_path, en_path


class Shown(NamedTuple):
    """What ``mine`` prints: how many candidates, as JSON or a table, from what confidence."""

    limit: int
    as_json: bool
    min_confidence: float


def _mine_bilingual(
    db_path: DbTarget,
    what: tuple[Path, Path] | Literal["tm"],
    options: MineOptions,
    shown: Shown,
    no_suggest: bool,
) -> None:
    """``mine --from-tm`` and ``mine --vi FILE --en FILE``: mine, align, print."""
    from termbase.tm.mine import mine_memory, mine_parallel

    with opened(db_path, "mine") as tb:
        with gc_paused():
            if what == "tm":
                found = mine_memory(tb, options, suggest=not no_suggest)
            else:
                found = mine_parallel(tb, *what, options, suggest=not no_suggest)
        report = found.mine
        ids = list(dict.fromkeys(report.concept_ids))
        concepts = [
            without_guesses(c, shown.min_confidence)
            for c in tb.load_concepts(ids[: shown.limit], contexts=0)
        ]
        rows = [(c, *tb.counted_frequency(c.id or 0)) for c in concepts]
    for note in found.notes:
        click.echo(f"Note: {note}", err=True)
    if shown.as_json:
        click.echo(json.dumps(concepts_json(concepts), ensure_ascii=False, indent=2))
        return
    source = "the translation memory" if what == "tm" else f"{what[0].name} + {what[1].name}"
    pairs = f"{found.pairs:,} segment pair{'s' if found.pairs != 1 else ''}"
    if not report.mined:
        click.echo(f"Mined nothing: {source} ({pairs}) is unchanged since last mined.")
        return
    summary = f"Mined {source} ({pairs}, {report.words:,} words): {report.candidates} candidates,"
    summary += f" {report.created} new, {report.updated} updated"
    if report.left_alone:
        summary += f"; {report.left_alone} rejected before, left alone"
    if not no_suggest:
        summary += f"; {found.aligned} given English from the segment pairs (source tm)"
    click.echo(summary)
    if rows:
        click.echo()
        echo_table(("#", "term", "score", "freq", "docs", "english"), _table(rows))


def _table(rows: list[tuple[Concept, int, int]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for rank, (concept, frequency, documents) in enumerate(rows, 1):
        vi, en = best_term(concept, "vi"), best_term(concept, "en")
        out.append(
            (
                str(rank),
                vi.text if vi else "",
                "" if concept.score is None else f"{concept.score:.2f}",
                str(frequency or concept.frequency or 0),
                str(documents),
                en.text if en else "",
            )
        )
    return out


def _explain(paths: tuple[str, ...], on_skip: Any, encoding: str | None) -> None:
    docs = list(iter_documents(paths, on_skip, encoding))
    repeated = RepeatedLines()
    for doc in docs:
        repeated.add(doc.lines, doc.digest)
    for doc in docs:
        page = clean_page(doc.lines, repeated)
        kept = sum(len(span.text.split()) for span in page.kept)
        click.secho(f"{doc.name}: {len(page.cuts)} pieces cut, {kept} words kept", bold=True)
        for cut in page.cuts:
            text = cut.text if len(cut.text) <= 70 else cut.text[:69] + "…"
            click.echo(f"  {cut.line:5}  cut   {text}")
            click.echo(f"         why   {cut.reason}")


@click.command()
@click.argument("term")
@db_option
@click.option(
    "--contexts",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many contexts to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(term: str, db_path: DbTarget, contexts: int, as_json: bool) -> None:
    """Show a mined TERM: score, counts, surface variants and its contexts, highlighted."""
    with opened(db_path, "show", create=False) as tb:
        ids = concepts_named(tb, term)
        if not ids:
            raise InputError(
                f"no term {term!r} in the termbase; mine some text first or check the spelling"
            )
        concept_id = ids[0]
        concept = tb.load_concepts([concept_id], contexts=contexts)[0]
        frequency, documents = tb.counted_frequency(concept_id)
        details = [
            (row, tb.term_variants(row.id), tb.term_document_counts(row.id))
            for row in tb.term_rows(concept_id)
        ]
    if as_json:
        payload = concepts_json([concept])
        payload["documents"] = documents
        payload["variants"] = {
            row.term.text: [{"text": s, "count": n} for s, n in variants]
            for row, variants, _ in details
            if variants
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    vi = best_term(concept, "vi")
    score = "" if concept.score is None else f"score {concept.score:.2f}, "
    click.secho(f"[{concept.id}] {vi.text if vi else term}", bold=True)
    click.echo(
        f"    {score}{frequency or concept.frequency or 0} occurrences in {documents} documents"
    )
    for row, variants, per_doc in details:
        t = row.term
        extra = ", ".join(x for x in (t.type if t.type != "fullForm" else "", t.source or "") if x)
        click.echo(f"    {t.lang}  {t.text}  [{t.status}]" + (f"  ({extra})" if extra else ""))
        if len(variants) > 1:
            click.echo("        seen as: " + ", ".join(f"{s} ×{n}" for s, n in variants))
        if per_doc:
            click.echo("        in: " + ", ".join(f"{d} ×{n}" for d, n in per_doc[:5]))
    shown = 0
    for t in concept.terms:
        for occ in t.occurrences:
            if shown >= contexts:
                break
            where = occ.document + (f":{occ.line}" if occ.line else "")
            where += f":{occ.column}" if occ.column else ""
            click.echo(f"      {where}")
            click.echo(f"        {highlight(occ.context or '', t.text, fg='yellow')}")
            shown += 1
