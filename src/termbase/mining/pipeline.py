"""Mining Vietnamese term candidates from text, with no segmenter and no model.

The pipeline (each step in its own module):

1. :mod:`termbase.text.documents` reads files, folders, stdin and HTML pages;
   :mod:`termbase.mining.clean` keeps each page's article and drops its furniture.
2. :mod:`termbase.mining.scan` turns the kept text into runs of content
   syllables (token classes in :mod:`~termbase.mining.tokens`, syllable keys in
   :mod:`~termbase.mining.syllables`) and counts each distinct run (the hot path).
3. :mod:`termbase.mining.expand` expands the distinct runs into candidate spans
   (names cut out by :mod:`~termbase.mining.names`); :mod:`termbase.mining.rank`
   scores them (termhood, unithood, cues; weights in :mod:`~termbase.mining.weights`).
4. :mod:`termbase.mining.concepts` groups the best into concepts with their
   glossed acronyms, counts them per document, picks a few occurrences, and
   writes the termbase.

Documents are streamed: a first pass reads each one for its hash and the
lines it shares with other documents (site furniture), keeping its text only
while the texts read stay under a memory budget; the mining pass reads the
others again.  ``jobs`` > 1 shares the documents among that many processes,
started as ``MineOptions.start_method`` says.  Nothing here changes the
process: a caller mining much at once may enter :func:`gc_paused` around it.
"""

from __future__ import annotations

import gc
import math
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from termbase.mining.clean import RepeatedLines
from termbase.mining.concepts import (
    MinedConcept,
    MinedTerm,
    MineReport,
    MiningResult,
    build_concepts,
    locate,
    sentence_at,
    store_result,
)
from termbase.mining.expand import expand
from termbase.mining.rank import Candidate, rank, rank_spans
from termbase.mining.scan import MAX_SYLLABLES, Scanner
from termbase.mining.tokens import classify
from termbase.store import Termbase
from termbase.text.documents import Document, iter_documents, read_document

__all__ = [
    "Candidate",
    "MineOptions",
    "MineReport",
    "MinedConcept",
    "MinedTerm",
    "Miner",
    "MiningResult",
    "classify",
    "gc_paused",
    "mine_documents",
    "mine_paths",
    "rank",
    "sentence_at",
]

# Below this many words per process, one process is faster than forking.
MIN_WORDS_PER_JOB = 50_000


@dataclass
class MineOptions:
    """How to mine: boilerplate handling, how many candidates to keep, memory for texts."""

    keep_boilerplate: bool = False
    keep: int = 2000
    max_syllables: int = MAX_SYLLABLES
    samples: int = 5
    # Characters of document text kept between the two passes; beyond, files are read again.
    text_budget: int = 8_000_000
    # How worker processes start for jobs > 1 (a multiprocessing start method; None: its
    # default).  Under "fork" they inherit the documents; otherwise the documents are pickled.
    start_method: str | None = None
    # The files' encoding when the user named one (--encoding); None: UTF-8 or a BOM.
    encoding: str | None = None


class Miner(Scanner):
    """A :class:`~termbase.mining.scan.Scanner` set up from :class:`MineOptions`."""

    def __init__(self, options: MineOptions | None = None) -> None:
        options = options or MineOptions()
        super().__init__(keep_boilerplate=options.keep_boilerplate)
        self.max_syllables = options.max_syllables


Source = Document | Path


def _load(source: Source) -> Document:
    return source if isinstance(source, Document) else read_document(source)


# The sources forked workers read (inherited from the parent, never pickled).
_SHARED: list[Source] = []


class _Share(NamedTuple):
    """A worker's share of the sources: ``_SHARED[start:end]`` when forked, else ``sources``."""

    start: int
    end: int
    sources: Sequence[Source] | None
    options: MineOptions
    repeated: RepeatedLines | None


def _mine_share(share: _Share) -> Miner:
    miner = Miner(share.options)
    miner.repeated = share.repeated
    sources = _SHARED[share.start : share.end] if share.sources is None else share.sources
    for source in sources:
        miner.add(_load(source), keep_lines=isinstance(source, Document))
    # The parent holds these documents' lines already: they are not pickled back.
    for record in miner.docs:
        record.lines = None
    return miner


def merge(into: Scanner, other: Scanner) -> None:
    """Add what ``other`` counted (another process's share of the documents) to ``into``."""
    into.tokens.key.update(other.tokens.key)
    into.tokens.kind.update(other.tokens.kind)
    run_ids = into.run_ids
    for surface in other.run_surface:
        if surface not in run_ids:
            run_ids[surface] = len(into.run_surface)
            into.run_surface.append(surface)
    remap = array("i", map(run_ids.__getitem__, other.run_surface))
    into.run_count.update(other.run_count)
    into.run_docs.update(other.run_docs)
    into.initial.update(other.initial)
    into.quoted.update(other.quoted)
    into.before_name.update(other.before_name)
    into.after_person.update(other.after_person)
    offset = len(into.docs)
    into.docs.extend(other.docs)
    into.words += other.words
    for gloss in other.glosses:
        gloss.doc += offset
        into.glosses.append(gloss)
    for ids, starts, segments in other.log.documents():
        into.log.write(array("i", map(remap.__getitem__, ids)), starts, segments)
    other.log.close()


def _scan(
    sources: Sequence[Source],
    options: MineOptions,
    repeated: RepeatedLines | None,
    jobs: int,
    words: int,
    on_document: Callable[[Document], None] | None,
) -> Miner:
    miner = Miner(options)
    miner.repeated = repeated
    jobs = max(1, min(jobs, len(sources), words // MIN_WORDS_PER_JOB or 1))
    if jobs == 1:
        for source in sources:
            doc = _load(source)
            miner.add(doc, keep_lines=isinstance(source, Document))
            if on_document is not None:
                on_document(doc)
        return miner
    import multiprocessing

    context = multiprocessing.get_context(options.start_method)
    forked = context.get_start_method() == "fork"
    if forked:
        _SHARED[:] = sources
    size = math.ceil(len(sources) / jobs)
    shares = [
        _Share(
            i,
            min(i + size, len(sources)),
            None if forked else sources[i : i + size],
            options,
            repeated,
        )
        for i in range(0, len(sources), size)
    ]
    try:
        # The other shares go to worker processes; this process mines the first share
        # meanwhile, into ``miner`` itself (nothing to pickle or merge for it).
        with context.Pool(max(1, len(shares) - 1)) as pool:
            parts = pool.imap(_mine_share, shares[1:])
            for source in sources[shares[0].start : shares[0].end]:
                doc = _load(source)
                miner.add(doc, keep_lines=isinstance(source, Document))
                if on_document is not None:
                    on_document(doc)
            for share, part in zip(shares[1:], parts, strict=True):
                offset = len(miner.docs)
                merge(miner, part)
                shared = sources[share.start : share.end]
                for record, source in zip(miner.docs[offset:], shared, strict=True):
                    if isinstance(source, Document):
                        record.lines = source.lines
                if on_document is not None:
                    for source in shared:
                        on_document(_placeholder(source))
    finally:
        _SHARED.clear()
    return miner


@contextmanager
def gc_paused() -> Iterator[None]:
    """Automatic cycle collection off for the block, for the whole process (opt-in).

    Mining makes millions of small containers and no reference cycles: each
    full collection walks them all again for nothing (7 % of a run at 5 MB,
    more with suggestions).  Forked workers inherit the pause.  The library
    never enters it itself: ``termbase mine`` does, around :func:`mine_paths`.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _placeholder(source: Source) -> Document:
    if isinstance(source, Document):
        return source
    return Document(str(source), str(source), "", ())


def _result(miner: Miner, options: MineOptions) -> MiningResult:
    spans = expand(miner, options.max_syllables)
    ranked = rank_spans(miner, spans, options.max_syllables)
    concepts = build_concepts(miner, ranked, options.keep)
    locate(miner, concepts, options.samples)
    miner.log.close()
    return MiningResult(miner.docs, concepts, miner.words, len(ranked))


def mine_documents(
    documents: Sequence[Document],
    options: MineOptions | None = None,
    jobs: int = 1,
    on_document: Callable[[Document], None] | None = None,
) -> MiningResult:
    """Mine ``documents`` and rank what they hold (the library entry point).

    Lines that recur across the documents are counted first, so that site
    furniture shared by pages is recognised.
    """
    options = options or MineOptions()
    repeated = None
    if not options.keep_boilerplate:
        repeated = RepeatedLines()
        for doc in documents:
            repeated.add(doc.lines, doc.digest)
    words = sum(len(doc.lines) for doc in documents) * 12
    miner = _scan(documents, options, repeated, jobs, words, on_document)
    return _result(miner, options)


def mine_paths(
    tb: Termbase,
    inputs: Sequence[str],
    options: MineOptions | None = None,
    jobs: int = 1,
    on_skip: Callable[[str], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    suggest: bool = True,
) -> MineReport:
    """Mine files, folders and ``-`` into ``tb``: read, skip unchanged, mine, store.

    A document mined before with the same content is not mined again, so its
    counts are not doubled; one with new content replaces what it gave before.
    With ``suggest``, the offline sources then propose English for the
    concepts mined, in the same transaction.
    """
    options = options or MineOptions()
    report = MineReport()
    known = tb.document_digests()
    repeated = None if options.keep_boilerplate else RepeatedLines()
    sources: list[Source] = []
    kept = words = 0
    for doc in iter_documents(inputs, on_skip, options.encoding):
        if known.get(doc.key) == doc.digest:
            report.unchanged += 1
            continue
        if repeated is not None:
            repeated.add(doc.lines, doc.digest)
        size = sum(map(len, doc.lines))
        words += size // 6
        # A file in a named encoding stays in memory: it is never read again.
        if doc.path is None or options.encoding or kept + size <= options.text_budget:
            sources.append(doc)
            kept += size
        else:
            sources.append(doc.path)
    report.mined = len(sources)
    if sources:
        miner = _scan(sources, options, repeated, jobs, words, on_document)
        result = _result(miner, options)
        report.words = result.words
        report.candidates = result.candidates
        with tb.transaction():
            store_result(tb, result, report)
            if suggest and report.concept_ids:
                from termbase.suggest.engine import suggest_concepts

                # Each concept gets a few English suggestions: when they are many beside
                # the termbase, rebuilding the substring index once is cheaper.
                many = tb.index_rebuild_pays(2 * len(report.concept_ids))
                with tb.bulk_index() if many else nullcontext():
                    suggest_concepts(tb, report.concept_ids)
    return report
