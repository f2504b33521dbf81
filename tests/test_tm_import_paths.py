"""The ways an import runs store the same memory: keyed here or in a forked process,
postings written a unit at a time or a batch at a time, fast paths and slow ones."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import db_connect
from soundness import cli_env, termbase_cmd
from termbase.cli.tm import FORK_BYTES
from termbase.errors import FormatError
from termbase.normalize import collapse_spaces
from termbase.store import memory_index, open_db
from termbase.store.memory_index import rebuild_index
from termbase.tm import readers
from termbase.tm.importer import import_units, properties_json
from termbase.tm.segments import _TOKEN_RE, tokens_of
from termbase.tm.units import ImportReport

HANG_GUARD = 120.0  # seconds
needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="fork is Linux's start method")

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" datatype="plaintext"/><body>
{units}
<tu><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>
</body></tmx>
"""
WORDS = "chính phủ đã ký thỏa thuận hòa bình với tỉnh không thể mở tập tin khóa".split()  # noqa: SIM905


def _tmx(path: Path, count: int) -> Path:
    units = []
    for i in range(count):
        vi = " ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(3 + i % 9)) + f" {i % 13}"
        en = f"The <ph>&lt;b&gt;</ph>deal number {i % 17} of {i % 5}"
        units.append(
            f'<tu tuid="{i}"><tuv xml:lang="vi-VN"><seg>{vi}</seg></tuv>'
            f'<tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
        )
    path.write_text(TMX.format(units="\n".join(units)), encoding="utf-8")
    return path


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with db_connect(db) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in (
                "tm_units",
                "tm_keys",
                "tm_vi_tokens",
                "tm_en_tokens",
                "tm_vi_postings",
                "tm_en_postings",
            )
        }


def _import(db: Path, path: Path, fork: bool, reader: Any = readers.read_tmx) -> ImportReport:
    tb = open_db(db)
    report = ImportReport(str(path), "tmx")
    with tb.transaction():
        import_units(tb, reader(path), report, fork=fork)
    tb.close()
    return report


@needs_fork
def test_a_forked_keyer_stores_what_keying_here_stores(tmp_path: Path) -> None:
    tmx = _tmx(tmp_path / "a.tmx", 5000)  # more than one batch
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    reports = [_import(db, tmx, db == there) for db in (here, there, here, there)]
    assert [(r.read, r.new, r.duplicates) for r in reports[2:]] == [(5001, 0, 5000)] * 2
    assert reports[0] == reports[1]
    assert [(r.locator, r.reason) for r in reports[1].refused] == [
        ("line 5003", "no vi variant (languages: en)")
    ]
    assert _tables(here) == _tables(there)


@needs_fork
def test_a_forked_keyer_hands_back_notes_and_errors(tmp_path: Path) -> None:
    vi, en = tmp_path / "a.vi", tmp_path / "a.en"
    vi.write_text("Xin chào , thế giới .\nTôi &apos;m đây .\n", encoding="utf-8")
    en.write_text("Hello , world .\nI &apos;m here .\n", encoding="utf-8")
    tb = open_db(tmp_path / "t.db")
    report = ImportReport("a", "parallel")
    with tb.transaction():
        import_units(tb, readers.read_parallel(vi, en, report.notes), report, fork=True)
    assert report.new == 2
    assert any("Moses-tokenised" in note for note in report.notes)
    bad = tmp_path / "bad.tmx"
    bad.write_text(TMX.format(units="<tu><tuv>") + "", encoding="utf-8")
    with pytest.raises(FormatError, match="not well-formed XML"), tb.transaction():
        import_units(tb, readers.read_tmx(bad), ImportReport("bad", "tmx"), fork=True)
    assert tb.tm_size() == 2  # the failed import left nothing


@pytest.mark.parametrize("flush", [97, 4000])
def test_postings_written_a_batch_at_a_time_are_those_of_a_unit_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flush: int
) -> None:
    """Flushed after the same unit: rebuild_index (one unit at a time) writes the same rows.

    97: many flushes, the lists merged at the end; 4000: a few, each list in chunks.
    """
    monkeypatch.setattr(memory_index, "FLUSH_POSTINGS", flush)
    db = tmp_path / "t.db"
    _import(db, _tmx(tmp_path / "a.tmx", 2500), fork=False)
    before = _tables(db)
    chunked = len(before["tm_vi_postings"]) > len({r[:2] for r in before["tm_vi_postings"]})
    assert chunked == (flush == 4000)
    tb = open_db(db)
    with tb.transaction():
        rebuild_index(tb.conn)
    tb.close()
    assert _tables(db) == before


@given(st.text(alphabet=st.sampled_from(" \t\n\xa0\u2003\u200b\ufeffab\u0301.")))
def test_collapse_spaces_fast_path(text: str) -> None:
    slow = text.replace("\u200b", " ").replace("\ufeff", " ")
    assert collapse_spaces(text) == " ".join(slow.split())


@pytest.mark.parametrize(
    "props",
    [
        {},
        {"tuv": {"vi": {"lang": "vi-VN"}, "en": {"lang": "en-US"}}},
        {"tuv": {"en": {"lang": "EN"}, "vi": {"lang": "vi_VN"}}},
        {"tuv": {"vi": {"lang": "vi-VN"}}},
        {"tuv": {"vi": {"lang": ["x"]}, "en": {"lang": "en"}}},
        {"tuv": {"vi": {"note": ["a"]}, "en": {"lang": "en-US"}}},
        {"tuv": {"vi": {"lang": "vi-VN", "note": ["a"]}, "en": {"lang": "en-US"}}},
        {"tuv": {"vi": {"lang": "vi-VN"}, "en": {"lang": "en-US"}}, "note": ["n"]},
    ],
)
def test_properties_json_is_the_sorted_json(props: dict[str, Any]) -> None:
    for _ in range(2):  # the second time from the cache
        expected = json.dumps(props, ensure_ascii=False, sort_keys=True) if props else None
        assert properties_json(props) == expected


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_tokens_are_the_unicode_tokens(text: str) -> None:
    assert tokens_of(text) == _TOKEN_RE.findall(text)


def _processes_naming(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in cmdline:
                found.append(int(entry.name))
    return found


@needs_fork
def test_killing_the_import_stops_its_keyer_and_changes_nothing(tmp_path: Path) -> None:
    """kill -9 of ``tm import`` mid-file: the forked keyer ends too (it used to wait on a
    full pipe for ever, its own copy of the reading end keeping the pipe open)."""
    tmx = _tmx(tmp_path / "big.tmx", 30_000)
    assert tmx.stat().st_size > FORK_BYTES
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        termbase_cmd("--db", str(db), "tm", "import", str(tmx)),
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    while len(_processes_naming(str(db))) < 2:  # the keyer forked
        assert proc.poll() is None, "the import ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    try:
        # EOF once every process holding the pipe (the keyer too) has ended; a guard
        # against waiting for ever, not a timing: the keyer ends at its next send.
        readable, _, _ = select.select([proc.stderr], [], [], HANG_GUARD)
        assert readable, "the keyer outlived the import"
        assert proc.stderr.read() == b""
    finally:
        for pid in _processes_naming(str(db)):
            os.kill(pid, signal.SIGKILL)
    with db_connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM tm_units").fetchone() == (0,)
