"""Concordance counterparts: the English the aligner links to a Vietnamese phrase, highlighted."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from termbase.cli import cli
from termbase.store import Termbase, open_db
from termbase.tm.concordance import find_phrase
from termbase.tm.importer import import_units
from termbase.tm.segments import markup_from_text, tokens_of
from termbase.tm.units import ImportReport, TmUnit

TREATY = [
    (
        "Hai nước đã ký hiệp ước hòa bình vào năm ngoái.",
        "The two countries signed a peace treaty last year.",
    ),
    ("Quốc hội phê chuẩn hiệp ước mới về thương mại.", "Parliament ratified the new treaty."),
    ("Hiệp ước này có hiệu lực từ tháng sáu.", "This treaty takes effect in June."),
    ("Chính phủ muốn sửa đổi hiệp ước biên giới.", "The government will amend the border treaty."),
    ("Nga rút khỏi hiệp ước kiểm soát vũ khí.", "Russia withdrew from the arms control treaty."),
    ("Tôi thích ăn phở vào buổi sáng.", "I like eating pho in the morning."),
]
PHRASE = [click.style(w, fg="yellow", bold=True) for w in ("hiệp", "ước")]
COUNTERPART = click.style("treaty", fg="cyan", bold=True)
CYAN, YELLOW = "\x1b[36m", "\x1b[33m"


def memory(db_path: Path, pairs: list[tuple[str, str]]) -> Termbase:
    tb = open_db(db_path)
    units = [
        TmUnit(markup_from_text(vi), markup_from_text(en), f"line {i}")
        for i, (vi, en) in enumerate(pairs, 1)
    ]
    with tb.transaction():
        import_units(tb, units, ImportReport("test", "tsv"))
    return tb


def test_counterpart_of_each_hit(db_path: Path) -> None:
    tb = memory(db_path, TREATY)
    hits = find_phrase(tb, "hiep uoc")
    assert [h.unit.id for h in hits] == [1, 2, 3, 4, 5]
    for hit in hits:
        found = hit.counterpart
        assert found is not None and found.text == "treaty", hit.unit.id
        assert tokens_of(hit.unit.en)[found.start : found.end] == ["treaty"]
    # --limit 1 still learns from every hit, and returns one.
    one = find_phrase(tb, "hiệp ước", limit=1)
    assert len(one) == 1 and one[0].counterpart is not None


def test_no_counterpart_without_enough_pairs_or_for_english(db_path: Path, tmp_path: Path) -> None:
    tb = memory(db_path, TREATY[:1] + TREATY[5:])
    hits = find_phrase(tb, "hiệp ước")
    assert [(h.unit.id, h.counterpart) for h in hits] == [(1, None)]
    tb.close()
    tb = memory(tmp_path / "en.db", TREATY)
    assert all(h.counterpart is None for h in find_phrase(tb, "treaty", lang="en"))


def test_cli_json_gives_the_counterpart(db_path: Path) -> None:
    memory(db_path, TREATY).close()
    result = CliRunner().invoke(cli, ["tm", "concordance", "hiep uoc", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert (rows[0]["start"], rows[0]["end"]) == (4, 6)
    assert rows[0]["counterpart"] == {"text": "treaty", "start": 6, "end": 7}
    assert rows[2]["counterpart"] == {"text": "treaty", "start": 1, "end": 2}


def test_cli_json_null_without_a_counterpart(db_path: Path) -> None:
    memory(db_path, TREATY[:1]).close()
    rows = json.loads(CliRunner().invoke(cli, ["tm", "concordance", "hiệp ước", "--json"]).output)
    assert rows[0]["counterpart"] is None


def test_cli_plain_output_has_no_colour(db_path: Path) -> None:
    memory(db_path, TREATY).close()
    result = CliRunner().invoke(cli, ["tm", "concordance", "hiep uoc", "--limit", "1"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "test line 1",
        f"  vi: {TREATY[0][0]}",
        f"  en: {TREATY[0][1]}",
        "(first 1; raise --limit for more)",
    ]


def test_cli_colours_phrase_and_counterpart_apart(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("termbase.cli.tm._color", lambda: True)
    memory(db_path, TREATY).close()
    lines = CliRunner().invoke(cli, ["tm", "concordance", "hiep uoc"], color=True).output
    vi, en = lines.splitlines()[1:3]
    assert all(word in vi for word in PHRASE) and CYAN not in vi
    assert COUNTERPART in en and YELLOW not in en
    assert click.unstyle(en) == f"  en: {TREATY[0][1]}"


def test_cli_phrase_only_without_a_counterpart(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("termbase.cli.tm._color", lambda: True)
    memory(db_path, TREATY[:1]).close()
    lines = CliRunner().invoke(cli, ["tm", "concordance", "hiep uoc"], color=True).output
    vi, en = lines.splitlines()[1:3]
    assert all(word in vi for word in PHRASE)
    assert CYAN not in en and YELLOW not in en
    assert click.unstyle(en) == f"  en: {TREATY[0][1]}"
