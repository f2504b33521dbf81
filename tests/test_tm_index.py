"""The memory's word index: built by m005 from a memory of m004, kept compact over many imports."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from termbase.store import Termbase, open_db
from termbase.store.memory_index import MAX_CHUNKS, index_problems, rebuild_index, token_char
from termbase.store.migrations import MIGRATIONS, m005_memory_index
from termbase.tm.concordance import find_phrase
from termbase.tm.importer import import_units, memory_row
from termbase.tm.search import search_memory
from termbase.tm.segments import markup_from_text
from termbase.tm.units import ImportReport, TmUnit

PAIRS = [
    ("Chính phủ đã ký thỏa thuận hòa bình với 12 tỉnh", "The government signed a peace deal"),
    ("Không thể mở tập tin khóa %s", "Could not open lock file %s"),
    ("Không thể mở tập tin %s", "Could not open file %s"),
]


def units(pairs: list[tuple[str, str]]) -> list[TmUnit]:
    return [
        TmUnit(markup_from_text(vi), markup_from_text(en), f"line {i}")
        for i, (vi, en) in enumerate(pairs, 1)
    ]


@pytest.mark.sqlite_only  # an SQLite file's migration
def test_m005_indexes_a_memory_stored_before_it(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for fn in MIGRATIONS[: MIGRATIONS.index(m005_memory_index)]:
        fn(db)
        db.execute("INSERT INTO _migrations VALUES (?, '2026-01-01')", [fn.__name__])
    db.execute("INSERT INTO tm_sources VALUES (1, 'old.tsv', 'tsv', '2026-01-01', 'me')")
    for i, unit in enumerate(units(PAIRS), 1):
        row = memory_row(unit)
        db.execute(
            "INSERT INTO tm_units (id, source_id, pair_hash, vi, en, vi_key, en_key, vi_len,"
            " en_len, vi_hash, en_hash, locator) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [i, *row[:10]],
        )
    db.conn.commit()
    db.close()
    tb = open_db(db_path)
    assert not tb.conn.execute(
        "SELECT name FROM sqlite_master WHERE name LIKE 'tm_%fts%'"
    ).fetchall()
    matches = search_memory(tb, "Không thể mở tập tin khoá %s", limit=3)
    assert [(m.unit.id, m.score) for m in matches] == [(2, 100), (3, 85)]
    assert [h.unit.id for h in find_phrase(tb, "tap tin")] == [2, 3]
    assert [m.unit.id for m in search_memory(tb, "a peace deal", lang="en", min_score=40)] == [1]


def import_one_by_one(tb: Termbase, pairs: list[tuple[str, str]]) -> None:
    for unit in units(pairs):
        with tb.transaction():
            import_units(tb, [unit], ImportReport("one", "tsv"))


def test_many_small_imports_keep_few_chunks_per_list(db_path: Path) -> None:
    tb = open_db(db_path)
    pairs = [(f"Không thể mở tập tin số {i} x{i}", f"file {i}") for i in range(3 * MAX_CHUNKS)]
    import_one_by_one(tb, pairs)
    (most,) = tb.conn.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM tm_vi_postings GROUP BY token, length) AS c"
    ).fetchone()
    assert most <= MAX_CHUNKS
    # every unit is still found through the merged lists
    hits = find_phrase(tb, "tập tin", limit=100)
    assert [h.unit.id for h in hits] == list(range(1, len(pairs) + 1))
    best = search_memory(tb, "Không thể mở tập tin số 7 x7", limit=1)[0]
    assert (best.unit.en, best.score) == ("file 7", 100)


def test_token_codes_skip_surrogates_and_stay_distinct() -> None:
    codes = [token_char(i) for i in (1, 0xD7FF, 0xD800, 0xDFFF, 0x10F7FF)]
    assert [ord(c) for c in codes] == [1, 0xD7FF, 0xE000, 0xE7FF, 0x10FFFF]
    assert len({token_char(i) for i in range(1, 70_000)}) == 69_999
    assert all(c.encode() for c in codes)  # valid UTF-8: SQLite stores them as text


def test_lost_word_lists_are_found_and_rebuilt(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        import_units(tb, units(PAIRS), ImportReport("t", "tsv"))
    assert index_problems(tb.conn) == []
    with tb.transaction():
        (phu,) = tb.tm_token_ids("vi", ["phủ"]).values()
        tb.conn.execute("DELETE FROM tm_vi_postings WHERE token = ?", [phu])
    assert index_problems(tb.conn) == ["the vi word lists hold 23 entries, the keys 24"]
    with tb.transaction():
        rebuild_index(tb.conn)
    assert index_problems(tb.conn) == []
    assert search_memory(tb, "Không thể mở tập tin %s", limit=1)[0].unit.id == 3
