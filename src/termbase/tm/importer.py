"""Importing segment pairs: keys computed, duplicates counted, one transaction per file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from termbase.normalize import clean
from termbase.tm.segments import key_hash, key_tokens, words_text
from termbase.tm.units import ImportReport, MemoryRow, Refusal, TmUnit

if TYPE_CHECKING:
    from termbase.store import Termbase

BATCH = 2000


def side_key(markup: str) -> tuple[str, int, int]:
    """The matching key of one side, its token count and its hash."""
    tokens = key_tokens(words_text(markup))
    key = " ".join(tokens)
    return key, len(tokens), key_hash(key)


def memory_row(unit: TmUnit) -> MemoryRow:
    """A unit with its keys: what the store writes."""
    vi_key, vi_len, vi_hash = side_key(unit.vi)
    en_key, en_len, en_hash = side_key(unit.en)
    return MemoryRow(
        pair_hash=key_hash(f"{clean(unit.vi)}\x00{clean(unit.en)}"),
        vi=unit.vi,
        en=unit.en,
        vi_key=vi_key,
        en_key=en_key,
        vi_len=vi_len,
        en_len=en_len,
        vi_hash=vi_hash,
        en_hash=en_hash,
        locator=unit.locator,
        source_lang=unit.source_lang,
        context=unit.context,
        creator=unit.creator,
        created_at=unit.created_at,
        changer=unit.changer,
        changed_at=unit.changed_at,
        properties=json.dumps(unit.properties, ensure_ascii=False, sort_keys=True)
        if unit.properties
        else None,
        times=unit.count,
    )


def import_units(
    tb: Termbase,
    items: Iterable[TmUnit | Refusal],
    report: ImportReport,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Store every unit of ``items`` (call inside ``tb.transaction()``); refusals are reported."""
    source_id = tb.add_tm_source(report.path, report.format)
    batch: list[MemoryRow] = []
    with tb.tm_writer() as writer:

        def flush() -> None:
            new, duplicates = writer.store(batch, source_id)
            report.new += new
            report.duplicates += duplicates
            if progress is not None:
                progress(len(batch))
            batch.clear()

        for item in items:
            report.read += 1
            if isinstance(item, Refusal):
                report.refused.append(item)
                continue
            batch.append(memory_row(item))
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
    return report
