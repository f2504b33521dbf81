"""termbase tm import: each format, direction, deduplication, refusals, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import db_connect, shared_path
from termbase.cli import cli
from termbase.tm.moses import detokenise, looks_tokenised

TMX_14 = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
          adminlang="en" datatype="plaintext"/>
  <body>
    <tu tuid="7" creationid="an" creationdate="20240101T000000Z">
      <prop type="x-domain">law</prop>
      <tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1"
        >&lt;/b&gt;</ept> now.</seg></tuv>
      <tuv xml:lang="vi-VN"><seg>Nhấn <bpt i="1">&lt;b&gt;</bpt>Lưu<ept i="1"
        >&lt;/b&gt;</ept> ngay.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en"><seg>Only English.</seg></tuv>
      <tuv xml:lang="fr"><seg>Seulement français.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="vi"><seg>Hòa bình</seg></tuv>
      <tuv xml:lang="en"><seg>Peace</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def run(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def rows(db_path: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with db_connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_tmx_markup_kept_direction_and_refusal(tmp_path: Path, db_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    tmx.write_text(TMX_14, encoding="utf-8")
    result = run("tm", "import", str(tmx))
    assert "3 pairs read, 2 new, 0 duplicates, 1 refused" in result.output
    assert "refused line 13: no vi variant (languages: en, fr)" in result.output
    (vi, en, vi_key, en_len, locator, creator, props) = rows(
        db_path,
        "SELECT vi, en, vi_key, en_len, locator, creator, properties FROM tm_units WHERE id = 1",
    )[0]
    assert vi == 'Nhấn <bpt i="1">&lt;b&gt;</bpt>Lưu<ept i="1">&lt;/b&gt;</ept> ngay.'
    assert en.startswith("Click <bpt")
    assert vi_key == "nhấn lưu ngay"  # markup is not words
    assert en_len == 3
    assert (locator, creator) == ("tuid 7", "an")
    assert json.loads(props)["prop"] == [["x-domain", "law"]]


def test_same_pair_twice_is_stored_once_with_its_count(tmp_path: Path, db_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("en\tvi\tnote\nPeace\tHòa bình\tx\nPeace\tHòa bình\t\nWar\tChiến tranh\t\n")
    first = run("tm", "import", str(tsv))
    assert "3 pairs read, 2 new, 1 duplicates, 0 refused" in first.output
    second = run("tm", "import", str(tsv))
    assert "3 pairs read, 0 new, 3 duplicates" in second.output
    assert rows(db_path, "SELECT en, count FROM tm_units ORDER BY id") == [
        ("Peace", 4),
        ("War", 2),
    ]


def test_csv_needs_vi_and_en_columns(tmp_path: Path) -> None:
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("source,target\na,b\n")
    result = run("tm", "import", str(csv_file), code=1)
    assert f"Error: {csv_file}:1: no vi and en columns in the header" in result.output


def test_parallel_crlf_and_unequal_counts(tmp_path: Path, db_path: Path) -> None:
    vi, en = tmp_path / "a.vi", tmp_path / "a.en"
    vi.write_bytes("Xin chào\r\nCảm ơn\r\n".encode())
    en.write_bytes(b"Hello\r\nThank you\r\n")
    run("tm", "import", "--vi", str(vi), "--en", str(en))
    assert rows(db_path, "SELECT vi, en FROM tm_units") == [
        ("Xin chào", "Hello"),
        ("Cảm ơn", "Thank you"),
    ]
    en.write_bytes(b"Hello\r\n")
    result = run("tm", "import", "--vi", str(vi), "--en", str(en), code=1)
    assert result.output == (
        f"Error: {vi} has 2 lines but {en} has 1;"
        " line n of one must translate line n of the other\n"
    )


def test_failed_import_leaves_the_memory_as_it_was(tmp_path: Path, db_path: Path) -> None:
    good = tmp_path / "a.tmx"
    good.write_text(TMX_14, encoding="utf-8")
    run("tm", "import", str(good))
    broken = tmp_path / "b.tmx"
    broken.write_text(
        TMX_14.replace('<tu>\n      <tuv xml:lang="vi">', '<tu><tuv xml:lang="vi">').replace(
            "</body>", ""
        ),
        encoding="utf-8",
    )
    result = run("tm", "import", str(broken), code=1)
    assert "not well-formed XML" in result.output
    assert rows(db_path, "SELECT count(*), sum(count) FROM tm_units") == [(2, 2)]


def test_po_either_direction(tmp_path: Path, db_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "menu"\nmsgid "Mở"\nmsgstr "Open"\n\n'
        'msgid "%d tệp"\nmsgid_plural "%d tệp"\nmsgstr[0] "%d file"\nmsgstr[1] "%d files"\n\n'
        '#, fuzzy\nmsgid "Đóng"\nmsgstr "Close"\n\nmsgid "Lưu"\nmsgstr ""\n',
        encoding="utf-8",
    )
    result = run("tm", "import", str(po))
    assert "4 pairs read, 2 new, 0 duplicates, 2 refused" in result.output
    assert "fuzzy: not a finished translation" in result.output
    assert "untranslated" in result.output
    got = rows(db_path, "SELECT vi, en, context, source_lang, properties FROM tm_units")
    assert got[0][:4] == ("Mở", "Open", "menu", "vi")
    assert json.loads(got[1][4])["msgstr_plural"] == ["%d file", "%d files"]


def test_po_without_language_asks_for_source_lang(tmp_path: Path, db_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text('msgid "Open"\nmsgstr "Mở"\n', encoding="utf-8")
    result = run("tm", "import", str(po), code=1)
    assert "names no Language (vi or en); pass --source-lang vi|en" in result.output
    run("tm", "import", str(po), "--source-lang", "en")
    assert rows(db_path, "SELECT vi, en FROM tm_units") == [("Mở", "Open")]


def test_moses_tokenisation_is_undone() -> None:
    line = "Imagine the first piece : a man burning his life &apos;s work ."
    assert detokenise(line) == "Imagine the first piece: a man burning his life's work."
    assert detokenise("He said &quot; yes &quot; ( twice ) .") == 'He said "yes" (twice).'
    assert looks_tokenised([line, "plain line"]) and not looks_tokenised(["Hello, world."])


# -- real files ----------------------------------------------------------------------


def test_omegat_tmx_11_and_14_are_the_same_memory(db_path: Path) -> None:
    save = shared_path("data", "tmx", "namlq-matrix2018", "project_save.tmx")
    level2 = shared_path("data", "tmx", "namlq-matrix2018", "translation-level2.tmx")
    assert (
        "500 pairs read, 500 new, 0 duplicates, 0 refused" in run("tm", "import", str(save)).output
    )
    assert (
        "491 pairs read, 2 new, 489 duplicates, 0 refused"
        in run("tm", "import", str(level2)).output
    )
    ((creator, date, lang, props),) = rows(
        db_path,
        "SELECT creator, created_at, source_lang, properties FROM tm_units WHERE id = 4",
    )
    assert (creator, date, lang) == ("nam", "20230214T054152Z", "en")
    assert json.loads(props)["tuv"]["en"] == {"lang": "en-US"}


def test_debian_po_and_ntrex(db_path: Path) -> None:
    po = shared_path("data", "po", "debian-bookworm-vi.po")
    assert (
        "4355 pairs read, 4326 new, 29 duplicates, 0 refused" in run("tm", "import", str(po)).output
    )
    ntrex = shared_path("data", "parallel", "ntrex128")
    result = run(
        "tm",
        "import",
        "--vi",
        str(ntrex / "newstest2019-ref.vie.txt"),
        "--en",
        str(ntrex / "newstest2019-src.eng.txt"),
    )
    assert "1997 pairs read, 1997 new, 0 duplicates, 0 refused" in result.output
    assert "Moses" not in result.output
    (n,) = rows(db_path, "SELECT count(*) FROM tm_units WHERE context IS NOT NULL")[0]
    assert n > 0


def test_iwslt_is_detokenised(db_path: Path) -> None:
    iwslt = shared_path("data", "parallel", "iwslt15-en-vi")
    result = run(
        "tm", "import", "--vi", str(iwslt / "tst2012.vi"), "--en", str(iwslt / "tst2012.en")
    )
    assert "Moses-tokenised text" in result.output
    assert rows(
        db_path, "SELECT count(*) FROM tm_units WHERE en LIKE '%&apos;%' OR en LIKE '% .'"
    ) == [(0,)]


@pytest.mark.parametrize("lang_attr", ["lang", "xml:lang"])
def test_header_without_srclang_and_region_codes(
    tmp_path: Path, db_path: Path, lang_attr: str
) -> None:
    tmx = tmp_path / "a.tmx"
    tmx.write_text(
        f'<tmx version="1.1"><header/><body><tu><tuv {lang_attr}="VI-vn"><seg>Một</seg></tuv>'
        f'<tuv {lang_attr}="EN_gb"><seg>One</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    run("tm", "import", str(tmx))
    assert rows(db_path, "SELECT vi, en, source_lang FROM tm_units") == [("Một", "One", None)]
