"""Importing segment pairs: keys computed, duplicates counted, one transaction per file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from termbase.normalize import clean
from termbase.tm.segments import cleaned_key_tokens, key_hash, words_text
from termbase.tm.units import ImportReport, MemoryRow, Refusal, TmUnit

if TYPE_CHECKING:
    from termbase.store import Termbase

BATCH = 2000


# One encoder for every unit: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def side_key(markup: str) -> tuple[str, list[str]]:
    """One side's stored form as cleaned for the pair hash, and its key tokens."""
    cleaned = clean(markup)
    if "<" in markup or "&" in markup:  # markup or entities: the words only
        return cleaned, cleaned_key_tokens(clean(words_text(markup)))
    return cleaned, cleaned_key_tokens(cleaned)


def memory_row(unit: TmUnit) -> MemoryRow:
    """A unit with its keys: what the store writes."""
    vi_clean, vi_tokens = side_key(unit.vi)
    en_clean, en_tokens = side_key(unit.en)
    vi_key, en_key = " ".join(vi_tokens), " ".join(en_tokens)
    return MemoryRow(
        key_hash(f"{vi_clean}\x00{en_clean}"),
        unit.vi,
        unit.en,
        vi_key,
        en_key,
        len(vi_tokens),
        len(en_tokens),
        key_hash(vi_key),
        key_hash(en_key),
        unit.locator,
        unit.source_lang,
        unit.context,
        unit.creator,
        unit.created_at,
        unit.changer,
        unit.changed_at,
        _JSON.encode(unit.properties) if unit.properties else None,
        unit.count,
        vi_tokens,
        en_tokens,
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
