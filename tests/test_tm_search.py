"""Fuzzy search and concordance: the scoring rules, the index plan against a scan, the CLI."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from rapidfuzz.distance import Levenshtein

from conftest import shared_path
from termbase.cli import cli
from termbase.store import Termbase, open_db
from termbase.tm.candidates import need
from termbase.tm.concordance import find_phrase
from termbase.tm.importer import import_units
from termbase.tm.readers import read_parallel
from termbase.tm.search import search_memory, window, word_score
from termbase.tm.segments import markup_from_text
from termbase.tm.units import ImportReport, TmUnit

BASE = "Chính phủ đã ký thỏa thuận hòa bình với 12 tỉnh vào năm 2019"


def memory(db_path: Path, pairs: list[tuple[str, str]]) -> Termbase:
    tb = open_db(db_path)
    units = [
        TmUnit(vi if "<" in vi else markup_from_text(vi), markup_from_text(en), f"line {i}")
        for i, (vi, en) in enumerate(pairs, 1)
    ]
    with tb.transaction():
        import_units(tb, units, ImportReport("test", "tsv"))
    return tb


@pytest.fixture
def tb(db_path: Path) -> Termbase:
    return memory(
        db_path,
        [
            (BASE, "The government signed a peace agreement with 12 provinces in 2019"),
            ("Chính phủ đã ký hiệp định thương mại với 12 tỉnh vào năm 2019", "trade"),
            ("Một câu hoàn toàn khác không liên quan", "unrelated"),
            (
                'Nhấn <bpt i="1">&lt;b&gt;</bpt>Lưu<ept i="1">&lt;/b&gt;</ept> ngay',
                "Click Save now",
            ),
        ],
    )


def best(tb: Termbase, text: str, **kw: object) -> tuple[int, tuple[str, ...], str]:
    match = search_memory(tb, text, **kw)[0]  # type: ignore[arg-type]
    return match.score, match.minor, match.unit.en


@pytest.mark.parametrize(
    ("query", "score", "minor"),
    [
        (BASE, 100, ()),
        # tone placement (new style) and NFD are not differences
        (BASE.replace("thỏa", "thoả").replace("hòa", "hoà"), 100, ()),
        (unicodedata.normalize("NFD", BASE), 100, ()),
        (BASE.replace("2019", "2020"), 99, ("numbers",)),
        (BASE.replace("Chính phủ", "chính phủ"), 99, ("case",)),
        (BASE + ".", 99, ("punctuation",)),
        (BASE.replace("12", "15") + "!", 98, ("punctuation", "numbers")),
        # one syllable of 14 replaced: 100 * 13 / 14, rounded down
        (BASE.replace("ký", "kí"), 92, ()),
        # one syllable removed: 13 of 14 kept
        (BASE.replace(" đã", ""), 92, ()),
    ],
)
def test_scoring_rules(tb: Termbase, query: str, score: int, minor: tuple[str, ...]) -> None:
    assert best(tb, query) == (score, minor, tb.tm_units([1])[1].en)


def test_markup_is_not_words_but_is_marked(tb: Termbase) -> None:
    assert best(tb, "Nhấn Lưu ngay") == (99, ("markup",), "Click Save now")


def test_ranking_and_threshold(tb: Termbase) -> None:
    matches = search_memory(tb, BASE.replace("hòa bình", "thương mại"), min_score=70)
    assert [m.unit.en[:5] for m in matches] == ["The g", "trade"]
    # 12 of 14 syllables in place each; equal scores keep the older unit first
    assert [m.score for m in matches] == [85, 85]
    assert matches[0].changed == (6, 7)  # "hòa bình" where the query has "thương mại"
    assert search_memory(tb, BASE.replace("hòa bình", "thương mại"), min_score=86) == []


def test_english_side(tb: Termbase) -> None:
    text = "The government signed a peace treaty with 12 provinces in 2019"
    assert best(tb, text, lang="en")[0] == 90  # 10 of 11 words


def test_window_and_bag_bound() -> None:
    assert window(10, 70) == (7, 14, 3)
    # a unit of m tokens must share max(n, m) - floor(0.3 * max(n, m)) of the query's
    assert need(10, np.arange(7, 15), 70).tolist() == [7, 7, 7, 7, 8, 9, 10, 10]


def test_common_words_only_no_cap(db_path: Path) -> None:
    """Thousands of units share every word of the query: the best one is still found."""
    common = "của và là có được cho những một"
    pairs = [(f"{common} x{i} y{i}", f"filler {i}") for i in range(6000)]
    pairs.append((f"{common} các x", "the best"))
    tb = memory(db_path, pairs)
    query = f"{common} các trong"
    matches = search_memory(tb, query, min_score=70, limit=1)
    assert [(m.score, m.unit.en) for m in matches] == [(90, "the best")]
    assert len(search_memory(tb, query, min_score=80, limit=10)) == 10


def test_minor_marks_rank_beyond_the_first_exact_keys(db_path: Path) -> None:
    """Forty units share the query's key; the one without marks comes last, and wins."""
    pairs = [("GIÁ 5 ĐỒNG!", f"price {i}") for i in range(40)] + [("Giá 7 đồng", "the one")]
    tb = memory(db_path, pairs)
    matches = search_memory(tb, "Giá 7 đồng", limit=2)
    assert [(m.score, m.unit.en) for m in matches] == [(100, "the one"), (97, "price 0")]


def test_index_finds_what_a_scan_finds(db_path: Path) -> None:
    """Edited NTREX sentences: the best match through the index equals a full scan's."""
    ntrex = shared_path("data", "parallel", "ntrex128")
    tb = open_db(db_path)
    report = ImportReport("ntrex", "parallel")
    with tb.transaction():
        import_units(
            tb,
            read_parallel(
                ntrex / "newstest2019-ref.vie.txt", ntrex / "newstest2019-src.eng.txt", []
            ),
            report,
        )
    keys = [k.split(" ") for (k,) in tb.conn.execute("SELECT vi_key FROM tm_units")]
    rng = random.Random(7)
    for sentence in rng.sample(keys, 40):
        query = list(sentence)
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(len(query))
            query[i : i + 1] = rng.choice([[], ["xyz"], [query[i], "thêm"]])
        scan = max(
            (word_score(Levenshtein.distance(query, k), len(query), len(k)) for k in keys),
            default=0,
        )
        found = search_memory(tb, " ".join(query), min_score=70, limit=1)
        if scan >= 70:
            assert found, query
            assert found[0].score + len(found[0].minor) == scan


def test_concordance_through_the_keys(tb: Termbase) -> None:
    for phrase in ("hòa bình", "hoà bình", "HOA BINH", "hoa binh"):
        hits = find_phrase(tb, phrase)
        assert [(h.unit.id, h.start, h.end) for h in hits] == [(1, 6, 8)], phrase
    assert find_phrase(tb, "bình hòa") == []
    assert [h.unit.id for h in find_phrase(tb, "peace agreement", lang="en")] == [1]
    assert [h.unit.id for h in find_phrase(tb, "12 tinh")] == [1, 2]


def test_cli_search_plain_when_not_a_terminal(tb: Termbase) -> None:
    tb.close()
    result = CliRunner().invoke(cli, ["tm", "search", BASE.replace("2019", "2020")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "99% (same words; differs in numbers)  test line 1"
    assert lines[1] == f"  vi: {BASE}"
    assert "\x1b[" not in result.output
    data = json.loads(CliRunner().invoke(cli, ["tm", "search", "Nhấn Lưu ngay", "--json"]).output)
    assert data[0]["score"] == 99 and data[0]["vi"] == "Nhấn <b>Lưu</b> ngay"


def test_cli_concordance(tb: Termbase) -> None:
    tb.close()
    result = CliRunner().invoke(cli, ["tm", "concordance", "hoa binh"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == f"  vi: {BASE}"
