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
import signal
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from termbase.mining.clean import RepeatedLines, Span
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
from termbase.models import DocumentRecord
from termbase.store import Termbase
from termbase.text.documents import Document, iter_documents, read_document

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import Pool

    from termbase.suggest.sources.memory import TranslationMemory

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
    """A :class:`~termbase.mining.scan.Scanner` set up from :class:`MineOptions`.

    It also counts the words of the text it mines (``kept_words``, the spans page
    cleaning kept), which :attr:`Scanner.words` (every line read) is compared with.
    """

    def __init__(self, options: MineOptions | None = None) -> None:
        options = options or MineOptions()
        super().__init__(keep_boilerplate=options.keep_boilerplate)
        self.max_syllables = options.max_syllables
        self.kept_words = 0

    def scan(self, kept: Sequence[Span], index: int) -> None:
        # Words as Scanner.add counts a line's: its spaces + 1.
        self.kept_words += sum(span.text.count(" ") for span in kept) + len(kept)
        super().scan(kept, index)


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


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: no traceback from each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_pool(context: BaseContext, processes: int) -> Pool:
    """A pool of workers that ignore Ctrl-C (SIGINT), however soon after their start it comes.

    Where signals can be blocked, SIGINT is blocked while the workers start, so that
    they are born with it blocked until :func:`_ignore_interrupts` ignores it; this
    process's mask is then restored, and a Ctrl-C meanwhile arrives here.
    """
    if not hasattr(signal, "pthread_sigmask"):
        return context.Pool(processes, _ignore_interrupts)
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return context.Pool(processes, _ignore_interrupts)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


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


def merge(into: Miner, other: Miner) -> None:
    """Add what ``other`` counted (another process's share of the documents) to ``into``."""
    into.kept_words += other.kept_words
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
        with _start_pool(context, max(1, len(shares) - 1)) as pool:
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
    memory: TranslationMemory | None = None,
) -> MineReport:
    """Mine files, folders and ``-`` into ``tb``: read, skip unchanged, mine, store.

    A document mined before with the same content is not mined again, so its
    counts are not doubled; one with new content replaces what it gave before.
    The same content under another name (a copy, or a file named twice) is
    mined once: the others are counted as duplicates (see :class:`_Intake`).
    With ``suggest``, the offline sources (and ``memory``, a translation memory,
    when given) then propose English for the concepts mined, in the same transaction.
    """
    options = options or MineOptions()
    report = MineReport()
    intake = _Intake(tb.document_digests(), options, report)
    for doc in iter_documents(inputs, on_skip, options.encoding):
        intake.add(doc)
    sources = intake.finish()
    report.mined = len(sources)
    if not sources and not intake.emptied:
        return report
    with tb.transaction():
        if intake.emptied:
            _drop_counts(tb, intake.emptied, report)
        if not sources:
            return report
        miner = _scan(sources, options, intake.repeated, jobs, intake.words, on_document)
        kept_words = miner.kept_words
        result = _result(miner, options)
        report.words = result.words
        report.words_mined = result.words if options.keep_boilerplate else kept_words
        report.words_cut = max(0, report.words - report.words_mined)
        report.candidates = result.candidates
        store_result(tb, result, report)
        if suggest and report.concept_ids:
            from termbase.suggest.engine import suggest_concepts

            # Each concept gets a few English suggestions: when they are many beside
            # the termbase, rebuilding the substring index once is cheaper.
            many = tb.index_rebuild_pays(2 * len(report.concept_ids))
            with tb.bulk_index() if many else nullcontext():
                suggest_concepts(tb, report.concept_ids, memory=memory)
    return report


class _Intake:
    """The documents of a run that will be mined, told apart from those that will not.

    Unchanged documents (same key, same digest) are skipped.  A document whose
    content digest another document holds (one mined before, or earlier in this
    run) is a duplicate: skipped, unless that content's only holders are mined
    again with other content in this same run (then the first copy is mined).
    A document mined before whose new content is a duplicate is ``emptied``:
    its earlier counts go, and nothing replaces them.
    """

    def __init__(self, known: dict[str, str], options: MineOptions, report: MineReport) -> None:
        self.known = known
        self.options = options
        self.report = report
        # The keys holding each content mined before.
        self.holders: dict[str, set[str]] = {}
        for key, digest in known.items():
            self.holders.setdefault(digest, set()).add(key)
        self.taken: set[str] = set()  # digests mined in this run
        self.copies: dict[str, Source] = {}  # digest -> the first copy of stored content
        self.emptied: dict[str, DocumentRecord] = {}  # by key
        self.repeated = None if options.keep_boilerplate else RepeatedLines()
        self.sources: list[Source] = []
        self.kept = 0  # characters of text held in memory
        self.words = 0  # an estimate, to choose how many processes to start

    def add(self, doc: Document) -> None:
        old = self.known.get(doc.key)
        if old == doc.digest:
            self.report.unchanged += 1
            return
        if old is not None:
            self.holders[old].discard(doc.key)  # this document gives up its old content
        if doc.digest in self.taken or self.holders.get(doc.digest):
            self.report.duplicates += 1
            if doc.digest not in self.taken and doc.digest not in self.copies:
                # Only its path is kept, unless it cannot be read again (stdin, or a
                # file in a named encoding, which _load does not know).
                path = None if self.options.encoding else doc.path
                self.copies[doc.digest] = doc if path is None else path
            if old is not None:
                self.emptied[doc.key] = DocumentRecord(
                    doc.key, doc.name, doc.digest, _words(doc.lines)
                )
            return
        self._take(doc)

    def finish(self) -> list[Source]:
        """The sources to mine, with the copies whose content has no other holder left."""
        for digest, source in self.copies.items():
            if not self.holders[digest] and digest not in self.taken:
                doc = _load(source)
                self.emptied.pop(doc.key, None)
                self.report.duplicates -= 1
                self._take(doc)
        return self.sources

    def _take(self, doc: Document) -> None:
        self.taken.add(doc.digest)
        if self.repeated is not None:
            self.repeated.add(doc.lines, doc.digest)
        size = sum(map(len, doc.lines))
        self.words += size // 6
        # A file in a named encoding stays in memory: it is never read again.
        budget = self.options.text_budget
        if doc.path is None or self.options.encoding or self.kept + size <= budget:
            self.sources.append(doc)
            self.kept += size
        else:
            self.sources.append(doc.path)


def _words(lines: Sequence[str]) -> int:
    """Words as :meth:`Scanner.add` counts them: spaces + 1 per non-empty line."""
    return sum(line.count(" ") for line in lines) + len(lines) - lines.count("")


def _drop_counts(tb: Termbase, emptied: dict[str, DocumentRecord], report: MineReport) -> None:
    """Documents whose new content is a duplicate: their earlier counts go (see _Intake)."""
    saved = tb.save_documents(list(emptied.values()))
    report.replaced += sum(doc.replaced for doc in saved)
    tb.refresh_frequencies(sorted({cid for doc in saved for cid in doc.counted}))
