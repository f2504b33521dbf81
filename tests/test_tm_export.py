"""termbase tm export: TMX 1.4b valid against the DTD, read by translate-toolkit, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import polib
from click.testing import CliRunner
from lxml import etree
from translate.storage import tmx as tt_tmx

from conftest import db_connect, shared_path
from termbase.cli import cli
from test_tm_import import TMX_14

COLUMNS = (
    (
        "vi, en, vi_key, en_key, count, source_lang, context, creator, created_at,"
        " changer, changed_at, properties"
    )
    .replace(", ", ", u.")
    .replace("vi,", "u.vi,", 1)
)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def units(db: Path) -> list[tuple]:  # type: ignore[type-arg]
    """Every column of every unit; where it first came from (its origin prop, else its source)."""
    with db_connect(db) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS}, s.path || ' ' || u.locator FROM tm_units u"
            " JOIN tm_sources s ON s.id = u.source_id ORDER BY u.id"
        ).fetchall()
    out = []
    for *columns, origin in rows:
        props = json.loads(columns[-1] or "{}")
        first = props.pop("origin", origin)
        out.append((*columns[:-1], props, first))
    return out


def filled(tmp_path: Path) -> Path:
    tmx = tmp_path / "in.tmx"
    tmx.write_text(TMX_14, encoding="utf-8")
    run("tm", "import", str(tmx))
    tsv = tmp_path / "in.tsv"
    tsv.write_text("vi\ten\nHòa bình\tPeace\nA & B <c>\tA & B <c>\n", encoding="utf-8")
    run("tm", "import", str(tsv))
    po = tmp_path / "in.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Mở"\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d tệp"\n',
        encoding="utf-8",
    )
    run("tm", "import", str(po))
    return tmp_path / "termbase.db"


def test_tmx_valid_and_read_by_translate_toolkit(tmp_path: Path) -> None:
    filled(tmp_path)
    out = tmp_path / "out.tmx"
    run("tm", "export", "--format", "tmx", "-o", str(out))
    dtd = etree.DTD(str(shared_path("schemas", "tmx", "tmx14.dtd")))
    assert dtd.validate(etree.parse(str(out))), dtd.error_log.filter_from_errors()
    store = tt_tmx.tmxfile.parsefile(str(out))
    pairs = {(u.source, u.target) for u in store.units}
    assert ("Hòa bình", "Peace") in pairs and ("A & B <c>", "A & B <c>") in pairs
    assert len(store.units) == 5


def test_tmx_round_trip_is_identical(tmp_path: Path) -> None:
    first_db = filled(tmp_path)
    first = tmp_path / "first.tmx"
    run("tm", "export", "-o", str(first))
    second_db = tmp_path / "second.db"
    run("--db", str(second_db), "tm", "import", str(first))
    assert units(second_db) == units(first_db)
    second = tmp_path / "second.tmx"
    run("--db", str(second_db), "tm", "export", "-o", str(second))
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert '<bpt i="1">&lt;b&gt;</bpt>' in first.read_text(encoding="utf-8")


def test_po_and_tsv(tmp_path: Path) -> None:
    filled(tmp_path)
    po_text = run("tm", "export", "--format", "po")
    po = polib.pofile(po_text)
    entries = {(e.msgctxt, e.msgid): e for e in po}
    assert entries[("menu", "Open")].msgstr == "Mở"
    assert entries[(None, "%d file")].msgstr_plural[0] == "%d tệp"
    assert entries[(None, "Click <b>Save</b> now.")].msgstr == "Nhấn <b>Lưu</b> ngay."
    tsv = run("tm", "export", "--format", "tsv").splitlines()
    assert tsv[0] == "vi\ten\tcontext\torigin"
    assert tsv[1].startswith("Nhấn <b>Lưu</b> ngay.\tClick <b>Save</b> now.\t\t")


def test_real_tmx_round_trip(tmp_path: Path) -> None:
    save = shared_path("data", "tmx", "namlq-matrix2018", "project_save.tmx")
    run("tm", "import", str(save))
    out = tmp_path / "out.tmx"
    run("tm", "export", "-o", str(out))
    dtd = etree.DTD(str(shared_path("schemas", "tmx", "tmx14.dtd")))
    assert dtd.validate(etree.parse(str(out)))
    other = tmp_path / "other.db"
    run("--db", str(other), "tm", "import", str(out))
    assert units(other) == units(tmp_path / "termbase.db")
