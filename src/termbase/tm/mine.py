"""Term pairs from bilingual text: mine the Vietnamese side, align the English.

:func:`mine_memory` mines the Vietnamese side of the termbase's translation
memory (one document per imported file); :func:`mine_parallel` mines the
Vietnamese file of a line-aligned pair of files without importing them.  Both
store the candidates as ``termbase mine`` does and then run the suggestion
engine with the bilingual text as its memory, so every candidate seen in two
segment pairs or more gets the aligner's English (source ``tm``) beside the
offline sources' — all in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from termbase.errors import InputError
from termbase.mining.concepts import MineReport, store_result
from termbase.mining.pipeline import MineOptions, mine_documents, mine_paths
from termbase.suggest.engine import suggest_concepts
from termbase.text.documents import Document, make_document
from termbase.tm.readers import read_parallel
from termbase.tm.terms import (
    AlignedMemory,
    MemoryOptions,
    PairsMemory,
    StoredMemory,
    plain_text_of,
)
from termbase.tm.units import TmUnit

if TYPE_CHECKING:
    from termbase.store import Termbase


@dataclass
class MemoryMineReport:
    """What mining bilingual text did."""

    mine: MineReport
    pairs: int = 0  # segment pairs read
    aligned: int = 0  # candidates mined that the aligner gave English
    notes: list[str] = field(default_factory=list)


def memory_documents(tb: Termbase) -> list[Document]:
    """The Vietnamese side of the memory as documents: one per imported file, a segment a line."""
    lines: dict[str, list[str]] = defaultdict(list)
    for unit in tb.iter_tm_units():
        lines[unit.origin].append(plain_text_of(unit.vi))
    docs = []
    for origin, segments in lines.items():
        data = "\n".join(segments).encode("utf-8")
        docs.append(make_document(data, origin, f"tm:{origin}"))
    return docs


def mine_memory(
    tb: Termbase,
    options: MineOptions | None = None,
    memory_options: MemoryOptions | None = None,
    suggest: bool = True,
) -> MemoryMineReport:
    """Mine the memory's Vietnamese side; the candidates get English from its pairs.

    A segment is a line of text, never page furniture (``keep_boilerplate``).
    An imported file mined before and unchanged since is not mined again.
    """
    pairs = tb.tm_size()
    if not pairs:
        raise InputError(
            "the translation memory is empty; import segment pairs first"
            " (termbase tm import FILE, or --vi FILE --en FILE)"
        )
    options = replace(options or MineOptions(), keep_boilerplate=True)
    report = MemoryMineReport(MineReport(), pairs=pairs)
    known = tb.document_digests()
    docs = memory_documents(tb)
    fresh = [d for d in docs if known.get(d.key) != d.digest]
    report.mine.unchanged = len(docs) - len(fresh)
    report.mine.mined = len(fresh)
    if not fresh:
        return report
    result = mine_documents(fresh, options)
    report.mine.words = report.mine.words_mined = result.words  # segments are never furniture
    report.mine.candidates = result.candidates
    memory = StoredMemory(tb, memory_options)
    with tb.transaction():
        store_result(tb, result, report.mine)
        ids = report.mine.concept_ids
        if suggest and ids:
            # As mine_paths does: many new terms, one rebuild of the substring index.
            with tb.bulk_index() if tb.index_rebuild_pays(2 * len(ids)) else nullcontext():
                suggest_concepts(tb, ids, memory=memory)
            report.aligned = aligned_count(tb, ids, memory)
    return report


def aligned_count(tb: Termbase, ids: Sequence[int], memory: AlignedMemory) -> int:
    """How many of the concepts ``ids`` the memory has English for (from its cache)."""
    return sum(
        1
        for concept in tb.load_concepts(list(dict.fromkeys(ids)), contexts=0)
        if any(memory.aligned(t.text) for t in concept.terms if t.lang == "vi")
    )


def read_pairs(vi_path: Path, en_path: Path, notes: list[str]) -> list[tuple[str, str]]:
    """The line pairs of two line-aligned files (plain text; empty lines left out)."""
    return [
        (plain_text_of(item.vi), plain_text_of(item.en))
        for item in read_parallel(vi_path, en_path, notes)
        if isinstance(item, TmUnit)
    ]


def mine_parallel(
    tb: Termbase,
    vi_path: Path,
    en_path: Path,
    options: MineOptions | None = None,
    memory_options: MemoryOptions | None = None,
    suggest: bool = True,
) -> MemoryMineReport:
    """Mine ``vi_path`` as ``termbase mine`` does, with the line pairs as the memory.

    The pairs are aligned in memory and not kept in the termbase.  Unequal line
    counts are an :class:`InputError` naming both.
    """
    notes: list[str] = []
    pairs = read_pairs(vi_path, en_path, notes)
    memory = PairsMemory(pairs, vi_path.name, memory_options)
    report = MemoryMineReport(MineReport(), pairs=len(pairs), notes=notes)
    report.mine = mine_paths(tb, [str(vi_path)], options, suggest=suggest, memory=memory)
    if suggest:
        report.aligned = aligned_count(tb, report.mine.concept_ids, memory)
    return report
