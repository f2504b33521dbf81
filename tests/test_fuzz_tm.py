"""Hostile input for the translation memory: any bytes give pairs or a TermbaseError.

As test_fuzz_formats.py does for the termbase formats: random bytes, or a valid
TMX (1.1 to 1.4, ``lang=`` and ``xml:lang=``, inline markup, termbase's own
props), PO, CSV, TSV or pair of line-aligned files with bytes deleted,
inserted, overwritten, duplicated or cut off, and tokens that mean something to
one of them inserted, also at line starts. An error must be one line naming
the file. What a reader yields must be storable: it is imported into a real
memory, which is exported as TMX that a strict XML parser accepts and our own
reader reads back whole; the transaction is rolled back after each example.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import db_connect
from termbase.errors import TermbaseError
from termbase.store import Termbase, open_db
from termbase.tm.export import write_tmx
from termbase.tm.importer import import_units
from termbase.tm.readers import Item, read_parallel, read_po, read_table, read_tmx
from termbase.tm.units import ImportReport, Refusal, StoredUnit, TmUnit
from test_fuzz_formats import FUZZ, POSITION, TOKENS, mutate

SRC = Path(__file__).resolve().parents[1] / "src"

TMX_11 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
<header creationtool="OmegaT" creationtoolversion="1" segtype="sentence" o-tmf="OmegaT TMX"
 adminlang="EN-US" srclang="EN-US" datatype="plaintext"></header>
<body>
<tu tuid="1" creationid="nam" creationdate="20230214T054152Z">
<tuv lang="EN-US"><seg>Wake up, Neo.</seg></tuv>
<tuv lang="VI-VN"><seg>Tỉnh dậy đi, Neo.</seg></tuv>
</tu>
<tu><tuv lang="EN-US"><seg>The Matrix has you &amp; me.</seg></tuv>
<tuv lang="VI-VN"><seg>Ma trận đã bắt anh &amp; tôi.</seg></tuv></tu>
</body>
</tmx>
""".encode()

TMX_12 = """<?xml version="1.0"?>
<tmx version="1.2"><header srclang="vi" segtype="phrase" o-tmf="x" adminlang="en"
 datatype="html" creationtool="x" creationtoolversion="2"/>
<body>
<tu tuid="a"><prop type="x-domain">law</prop><note>checked</note>
<tuv xml:lang="vi-VN"><seg>Nhấn <ph x="1">&lt;br/&gt;</ph><hi type="b">Lưu</hi></seg></tuv>
<tuv xml:lang="en-GB"><seg>Press <ph x="1">&lt;br/&gt;</ph><hi type="b">Save</hi></seg></tuv>
<tuv xml:lang="fr"><seg>Appuyez</seg></tuv>
</tu>
<tu><tuv xml:lang="vi"><seg>Một <ut>{\\b}</ut>hai</seg></tuv>
<tuv xml:lang="en"><seg>One two</seg></tuv></tu>
</body></tmx>
""".encode()

TMX_13 = """<?xml version="1.0" encoding="utf-8"?>
<tmx version="1.3"><header srclang="*all*" segtype="sentence" o-tmf="x" adminlang="en"
 datatype="rtf" creationtool="x" creationtoolversion="3"/>
<body>
<tu changeid="b" changedate="20240102T000000Z">
<tuv xml:lang="en" creationid="c"><prop type="x-note">p</prop><seg
 ><bpt i="1" type="link">&lt;a href="<sub>Link</sub>"&gt;</bpt>Home<ept i="1">&lt;/a&gt;</ept
 > <it pos="begin" x="2">&lt;i&gt;</it>page</seg></tuv>
<tuv xml:lang="vi"><seg><bpt i="1">&lt;a&gt;</bpt>Trang chủ<ept i="1">&lt;/a&gt;</ept
 > <it pos="begin" x="2">&lt;i&gt;</it>trang</seg></tuv>
</tu>
<tu><tuv xml:lang="en"><seg>Only English</seg></tuv></tu>
</body></tmx>
""".encode()

TMX_14 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="termbase" creationtoolversion="1" segtype="sentence" o-tmf="termbase"
   adminlang="en" srclang="vi" datatype="plaintext"/>
  <body>
    <tu tuid="7" srclang="en" creationid="an" creationdate="20240101T000000Z">
      <note>n</note>
      <prop type="x-termbase-origin">in.po line 4</prop>
      <prop type="x-termbase-count">3</prop>
      <prop type="x-termbase-context">menu</prop>
      <prop type="x-termbase-properties">{"comment": "c", "flags": ["c-format"],\
 "msgid_plural": "%d files", "msgstr_plural": ["%d tệp"],\
 "occurrences": [["a.c", "12"]], "columns": {"note": "x"}}</prop>
      <tuv xml:lang="vi"><prop type="x-p">q</prop><seg>%d tệp</seg></tuv>
      <tuv xml:lang="en"><seg>%d file</seg></tuv>
    </tu>
    <tu srclang="*all*">
      <tuv xml:lang="vi"><seg>Hòa bình</seg></tuv>
      <tuv xml:lang="en"><seg>Peace</seg></tuv>
    </tu>
  </body>
</tmx>
""".encode()

PO_VI = """msgid ""
msgstr ""
"Project-Id-Version: x\\n"
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. extracted
#: src/a.c:12
#, c-format
msgctxt "menu"
msgid "Open %s"
msgstr "Mở %s"

msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d tệp"

#, fuzzy
msgid "Close"
msgstr "Đóng"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "Cũ"

msgid ""
"A long line that "
"goes on \\"quoted\\"\\n"
msgstr "Một dòng dài \\\\ tiếp"
""".encode()

PO_EN = """msgid ""
msgstr ""
"Language: en_US\\n"
"X-Source-Language: vi\\n"

msgid "Xin chào"
msgstr "Hello"
""".encode()

CSV = (
    'id,vi-VN,en-US,note\n1,"Hòa bình, ổn định","Peace, stability",x\n2,"Một\ndòng ""hai""",One,\n'
)
TSV = "vi\ten\tcontext\nHòa bình\tPeace\tlaw\nA & B <c>\tA & B <c>\t\n"
PARALLEL = (
    "Tỉnh dậy đi .\nMa trận &apos;s đã bắt anh\nMột\n".encode(),
    b"Wake up .\nThe Matrix &apos;s got you\nOne\n",
)

# kind -> samples; a sample is the bytes of one file, or two for the parallel reader.
VALID: dict[str, list[tuple[bytes, ...]]] = {
    "tmx": [
        (TMX_11,),
        (TMX_12,),
        (TMX_13,),
        (TMX_14,),
        (b"\xff\xfe" + TMX_14.decode().replace("UTF-8", "UTF-16").encode("utf-16-le"),),
    ],
    "po": [(PO_VI,), (PO_EN,)],
    "csv": [(CSV.encode(),)],
    "tsv": [(TSV.encode(),)],
    "parallel": [PARALLEL],
}
SAMPLES = [(kind, i) for kind, samples in VALID.items() for i in range(len(samples))]

TM_TOKENS = [
    *TOKENS,
    b"<tu>",
    b"</tu>",
    b'<tu tuid="',
    b"<tuv>",
    b'<tuv xml:lang="vi">',
    b'<tuv lang="en">',
    b"</tuv>",
    b"<seg>",
    b"</seg>",
    b'<bpt i="1">',
    b"<ept>",
    b"<sub>",
    b"<hi>" * 300,
    b"<ph/>",
    b'<x:y xmlns:x="u" x:a="1" a="2">',
    b' xmlns:n="urn:n" n:tuid="1"',
    b' xmlns="urn:other"',
    b"<header/>",
    b'<header srclang="',
    b"<tmx>",
    b"<!DOCTYPE tmx [",
    b'<?xml version="1.1" encoding="UTF-16"?>',
    b'<?xml version="1.0" encoding="latin-1"?>',
    b"&#1;",
    b"&#xFFFE;",
    b"&#xD800;",
    b"&lt;",
    b"\xef\xbf\xbe",
    b"\x01",
    b"<prop type=",
    b'<prop type="x-termbase-count">',
    b'<prop type="x-termbase-properties">',
    b'<prop type="x-termbase-context">',
    b'<prop type="x-termbase-origin">',
    b"\xc2\xb2",
    b"\\ud800",
    b'{"tu": 1}',
    b'{"flags": 1, "occurrences": [1], "msgstr_plural": {}}',
    b'"msgid_plural": ',
    b"[" * 100_000,
    b"9" * 30,
    b"-9",
    b'msgid_plural "x"\n',
    b'"Language: vi\\n"\n',
    b'"X-Source-Language: ',
    b'"Content-Type: text/plain; charset=',
    b"/etc/hostname",
    b'"' + b"x" * 140_000 + b'"',
    b"vi,en\n",
    b"vi\ten\n",
    b"\t" * 3,
    b"," * 3,
]

_MUTATION = st.one_of(
    st.tuples(st.just("delete"), POSITION, st.integers(1, 40)),
    st.tuples(st.just("insert"), POSITION, st.sampled_from(TM_TOKENS)),
    st.tuples(st.just("insert"), POSITION, st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("byte"), POSITION, st.integers(0, 255)),
    st.tuples(st.just("copy"), POSITION, st.tuples(POSITION, st.integers(1, 300))),
    st.tuples(st.just("cut"), POSITION, st.none()),
)
# Building a file costs more than mutating one: fewer examples keep the file near 10 s.
GENERATED = settings(FUZZ, max_examples=100)
_SUFFIX = {"tmx": "tmx", "po": "po", "csv": "csv", "tsv": "tsv", "parallel": "txt"}


def _read(kind: str, paths: list[Path], source_lang: str | None = None) -> list[Item]:
    notes: list[str] = []
    if kind == "tmx":
        return list(read_tmx(paths[0]))
    if kind == "po":
        return list(read_po(paths[0], source_lang))
    if kind in ("csv", "tsv"):
        return list(read_table(paths[0], "," if kind == "csv" else "\t", notes))
    return list(read_parallel(paths[0], paths[1], notes))


class _Rollback(Exception):
    """Leaves the memory as it was after an example."""


def _store_and_export(memory: Termbase, items: list[Item]) -> tuple[int, str]:
    """Import ``items`` into the memory, export it as TMX, roll back: (units, TMX)."""
    try:
        with memory.transaction():
            import_units(memory, items, ImportReport("fuzz", "fuzz"))
            out = io.StringIO()
            written = write_tmx(memory.iter_tm_units(), out)
            raise _Rollback(written, out.getvalue())
    except _Rollback as done:
        return done.args[0], done.args[1]
    raise AssertionError("unreachable")


def _check(memory: Termbase, kind: str, paths: list[Path], tmp: Path, **kw: str | None) -> None:
    """Read ``paths`` as ``kind``: a one-line error naming the file, or storable pairs."""
    try:
        items = _read(kind, paths, **kw)
    except TermbaseError as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, message
        assert any(str(path) in message for path in paths), message
        assert len(message) < 600, message
        return
    assert all(isinstance(item, TmUnit | Refusal) for item in items)
    units = [item for item in items if isinstance(item, TmUnit)]
    assert all(isinstance(u.vi, str) and isinstance(u.en, str) for u in units)
    stored, exported = _store_and_export(memory, items)
    assert stored <= len(units)
    # Strict: no recovery, XML 1.0 characters only, namespaces declared.
    etree.fromstring(exported.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    back = tmp / "back.tmx"
    back.write_text(exported, encoding="utf-8")
    again = list(read_tmx(back))
    assert [i for i in again if isinstance(i, Refusal)] == []
    assert len(again) == stored


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Termbase]:
    tb = open_db(tmp_path_factory.mktemp("memory") / "memory.db")
    yield tb
    tb.close()


@pytest.fixture
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzztm")


def _write(directory: Path, kind: str, files: tuple[bytes, ...], stem: str) -> list[Path]:
    paths = []
    for n, data in enumerate(files):
        path = directory / f"{stem}{n}.{_SUFFIX[kind]}"
        path.write_bytes(data)
        paths.append(path)
    return paths


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes(memory: Termbase, fuzz_dir: Path, data: bytes) -> None:
    for kind in VALID:
        files = (data, data) if kind == "parallel" else (data,)
        _check(memory, kind, _write(fuzz_dir, kind, files, "random"), fuzz_dir)
    _check(memory, "po", _write(fuzz_dir, "po", (data,), "lang"), fuzz_dir, source_lang="vi")


@FUZZ
@given(
    sample=st.sampled_from(SAMPLES),
    side=st.integers(0, 1),
    mutations=st.lists(_MUTATION, min_size=1, max_size=6),
)
def test_mutated_files(
    memory: Termbase,
    fuzz_dir: Path,
    sample: tuple[str, int],
    side: int,
    mutations: list[tuple[str, float, object]],
) -> None:
    kind, index = sample
    files = list(VALID[kind][index])
    side = min(side, len(files) - 1)
    files[side] = mutate(files[side], mutations)
    _check(memory, kind, _write(fuzz_dir, kind, tuple(files), "mutated"), fuzz_dir)


@FUZZ
@given(
    sample=st.sampled_from(SAMPLES),
    line=POSITION,
    tokens=st.lists(st.sampled_from(TM_TOKENS), min_size=1, max_size=5),
)
def test_tokens_at_a_line_start(
    memory: Termbase, fuzz_dir: Path, sample: tuple[str, int], line: float, tokens: list[bytes]
) -> None:
    kind, index = sample
    files = list(VALID[kind][index])
    lines = files[0].split(b"\n")
    at = int(line * len(lines))
    lines[at:at] = [b"".join(tokens)]
    files[0] = b"\n".join(lines)
    _check(memory, kind, _write(fuzz_dir, kind, tuple(files), "lines"), fuzz_dir)


@pytest.mark.parametrize("sample", SAMPLES, ids=[f"{k}{i}" for k, i in SAMPLES])
def test_the_valid_samples_read(memory: Termbase, fuzz_dir: Path, sample: tuple[str, int]) -> None:
    """The mutations start from files each reader takes whole."""
    kind, index = sample
    paths = _write(fuzz_dir, kind, VALID[kind][index], "valid")
    items = _read(kind, paths)
    assert [i for i in items if isinstance(i, TmUnit)]
    _check(memory, kind, paths, fuzz_dir)


# -- files built to be well-formed, with hostile content ------------------------------

_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
# Characters an XML document can hold, the troublesome ones often, and a few words.
_XML_CHARS = st.sampled_from("\t\n\r &<>\"'\x7f\x85\u2028\ufffd\ufeffở") | st.characters(
    min_codepoint=0x20, exclude_categories=("Cs",), exclude_characters="\ufffe\uffff"
)
_XML_TEXT = st.text(_XML_CHARS, max_size=8) | st.sampled_from(
    ["Hòa bình", "Peace", "  ", "", "9" * 30, "²", "-1", "0", "3"]
)
_ANY_TEXT = st.text(
    st.characters(max_codepoint=0x1F) | st.sampled_from("\ufffe\uffff\x85\u2028") | _XML_CHARS,
    max_size=10,
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _XML_TEXT,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(_XML_TEXT, inner, max_size=2),
    max_leaves=4,
)
_OUR_KEYS = ["comment", "tcomment", "flags", "occurrences", "msgid_plural", "msgstr_plural"]
_PROPS_JSON = st.dictionaries(
    st.sampled_from([*_OUR_KEYS, "columns", "tu", "note", "other"]) | _XML_TEXT, _JSON, max_size=4
).map(json.dumps) | st.sampled_from(
    ['{"a": "\\ud800"}', '{"comment": "\\u0001\\ufffe"}', "[" * 5000, "1e999", '"x"', "[1]"]
)
_ATTR_NAMES = [
    "tuid",
    "srclang",
    "creationid",
    "creationdate",
    "changeid",
    "changedate",
    "datatype",
    "o-encoding",
    _XML_NS + "space",
    _XML_NS + "lang",
    "lang",
    "{urn:other}tuid",
    "{urn:other}lang",
]
_ATTRS = st.dictionaries(st.sampled_from(_ATTR_NAMES), _XML_TEXT, max_size=2)
_PROP_TYPES = ["x-termbase-count", "x-termbase-properties", "x-termbase-context"]
_PROP = st.tuples(
    st.sampled_from([*_PROP_TYPES, "x-termbase-origin", "x-termbase-other", "x-domain"]),
    _XML_TEXT | _PROPS_JSON,
)
_INLINE = st.sampled_from(["bpt", "ept", "ph", "it", "ut", "hi", "sub", "{urn:other}x", "b"])
_SEG: st.SearchStrategy[Any] = st.recursive(
    _XML_TEXT,
    lambda inner: st.tuples(_INLINE, _ATTRS, st.lists(inner, max_size=2), _XML_TEXT),
    max_leaves=4,
)
_LANGS = st.sampled_from(["vi", "en", "vi-VN", "EN_us", "fr", "", "*all*"])
_TUV = st.tuples(
    _LANGS, st.booleans(), _ATTRS, st.lists(_PROP, max_size=1), st.lists(_SEG, max_size=2)
)
_TU = st.tuples(
    _ATTRS, st.lists(_PROP, max_size=2), st.lists(_XML_TEXT, max_size=1), st.lists(_TUV, max_size=3)
)


def _fill(elem: etree._Element, parts: list[Any]) -> None:
    """Text and inline elements of ``parts`` appended to ``elem``."""
    for part in parts:
        if isinstance(part, str):
            if len(elem):
                elem[-1].tail = (elem[-1].tail or "") + part
            else:
                elem.text = (elem.text or "") + part
        else:
            tag, attrs, inner, tail = part
            child = etree.SubElement(elem, tag, attrs)
            _fill(child, inner if isinstance(inner, list) else [inner])
            child.tail = tail


def _tmx_file(header: dict[str, str], units: list[Any]) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", header)
    body = etree.SubElement(root, "body")
    for attrs, props, notes, tuvs in units:
        tu = etree.SubElement(body, "tu", attrs)
        for note in notes:
            etree.SubElement(tu, "note").text = note
        for kind, value in props:
            etree.SubElement(tu, "prop", type=kind).text = value
        for lang, xml_lang, tuv_attrs, tuv_props, seg in tuvs:
            tuv = etree.SubElement(tu, "tuv", tuv_attrs)
            tuv.set(_XML_NS + "lang" if xml_lang else "lang", lang)
            for kind, value in tuv_props:
                etree.SubElement(tuv, "prop", type=kind).text = value
            _fill(etree.SubElement(tuv, "seg"), seg)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


@GENERATED
@given(
    header=st.dictionaries(st.sampled_from(["srclang", "adminlang"]), _LANGS),
    units=st.lists(_TU, max_size=4),
)
def test_generated_tmx(
    memory: Termbase, fuzz_dir: Path, header: dict[str, str], units: list[Any]
) -> None:
    """Well-formed TMX with hostile content: namespaces, termbase's props with any value."""
    path = fuzz_dir / "generated.tmx"
    path.write_bytes(_tmx_file(header, units))
    _check(memory, "tmx", [path], fuzz_dir)


@GENERATED
@given(
    pairs=st.lists(st.tuples(_ANY_TEXT, _ANY_TEXT, st.none() | _ANY_TEXT), max_size=5),
    language=st.sampled_from(["vi", "en", "vi_VN", "de", ""]),
    kind=st.sampled_from(["po", "csv", "tsv"]),
)
def test_generated_po_and_tables(
    memory: Termbase,
    fuzz_dir: Path,
    pairs: list[tuple[str, str, str | None]],
    language: str,
    kind: str,
) -> None:
    """Any characters in a PO entry or a table cell, NUL and lone controls included."""
    path = fuzz_dir / f"generated.{kind}"
    if kind == "po":
        po = polib.POFile(wrapwidth=0)
        po.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
        for msgid, msgstr, context in pairs:
            if msgid:
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=context))
        path.write_text(str(po), encoding="utf-8")
    else:
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if kind == "csv" else "\t")
        writer.writerow(["vi", "en", "context"])
        writer.writerows(pairs)
        path.write_text(out.getvalue(), encoding="utf-8")
    _check(memory, kind, [path], fuzz_dir)


def _tmx(units: str) -> bytes:
    return f'<tmx version="1.4"><header srclang="vi"/><body>{units}</body></tmx>'.encode()


def _tu(inside: str = "", vi: str = "Một", attrs: str = "") -> str:
    return (
        f'<tu{attrs}>{inside}<tuv xml:lang="vi"><seg>{vi}</seg></tuv>'
        '<tuv xml:lang="en"><seg>One</seg></tuv></tu>'
    )


def _prop(kind: str, value: str) -> str:
    return f'<prop type="x-termbase-{kind}">{value}</prop>'


_NESTED = "<hi>" * 300 + "x" + "</hi>" * 300
# Each crashed the reader, the import or the export before (ValueError, OverflowError,
# TypeError, RecursionError, UnicodeEncodeError, a malformed export). Now the unit is
# read, and the prop termbase would not have written is kept as the prop it is.
KEPT_AS_PROPS = [
    ("count-digit", _prop("count", "²")),
    ("count-huge", _prop("count", "9" * 30)),
    ("count-zero", _prop("count", "0")),
    ("props-list", _prop("properties", "[1]")),
    ("props-deep", _prop("properties", "[" * 100_000)),
    ("props-surrogate", _prop("properties", '{"a": "\\ud800"}')),
    ("props-tmx-key", _prop("properties", '{"tu": 5}')),
    ("props-types", _prop("properties", '{"msgid_plural": 3}')),
    ("props-occurrence", _prop("properties", '{"occurrences": [["a.c"]]}')),
]


@pytest.mark.parametrize(("name", "prop"), KEPT_AS_PROPS, ids=[c[0] for c in KEPT_AS_PROPS])
def test_props_termbase_did_not_write_are_kept(
    memory: Termbase, tmp_path: Path, name: str, prop: str
) -> None:
    path = tmp_path / f"{name}.tmx"
    path.write_bytes(_tmx(_tu(prop)))
    [unit] = _read("tmx", [path])
    assert isinstance(unit, TmUnit)
    assert unit.count == 1
    [[kind, value]] = unit.properties["prop"]
    assert f'<prop type="{kind}">{value}</prop>' == prop
    assert set(unit.properties) == {"prop"}
    _check(memory, "tmx", [path], tmp_path)


def test_props_termbase_wrote_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "ours.tmx"
    path.write_bytes(_tmx(_tu(_prop("count", "12") + _prop("properties", '{"comment": "c"}'))))
    [unit] = _read("tmx", [path])
    assert isinstance(unit, TmUnit)
    assert (unit.count, unit.properties) == (12, {"comment": "c"})


def test_attributes_of_other_namespaces_are_left_out(memory: Termbase, tmp_path: Path) -> None:
    """The export wrote ``{urn:a}x="1"`` (not XML); inline, two became one name twice."""
    path = tmp_path / "namespaced.tmx"
    seg = '<bpt i="1" a:i="2" b:i="3">&lt;b&gt;</bpt>Một'
    tuvs = f'<tuv xml:lang="fr" a:x="1"><seg>{seg}</seg></tuv>'
    path.write_bytes(
        _tmx(
            _tu(tuvs, vi=seg, attrs=' xmlns:a="urn:a" xmlns:b="urn:b" a:x="1" xml:space="default"')
        )
    )
    [unit] = _read("tmx", [path])
    assert isinstance(unit, TmUnit)
    assert unit.vi == '<bpt i="1">&lt;b&gt;</bpt>Một'
    assert unit.properties["tu"] == {"xml:space": "default"}
    assert unit.properties["other"] == [["fr", unit.vi]]
    _check(memory, "tmx", [path], tmp_path)


@pytest.mark.parametrize("depth", [150, 300, 1500])
def test_deeply_nested_inline_markup_is_refused(tmp_path: Path, depth: int) -> None:
    """300 deep failed the whole file; 1500 deep raised RecursionError."""
    path = tmp_path / "deep.tmx"
    path.write_bytes(_tmx(_tu(vi="<hi>" * depth + "x" + "</hi>" * depth) + _tu()))
    first, second = _read("tmx", [path])
    assert first == Refusal("line 1", "inline markup nested more than 100 deep")
    assert isinstance(second, TmUnit)


def test_po_plural_without_plural_forms(tmp_path: Path) -> None:
    """msgid_plural with a plain msgstr raised IndexError."""
    path = tmp_path / "plural.po"
    path.write_bytes(
        b'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "a"\nmsgid_plural "b"\nmsgstr "c"\n'
    )
    [unit] = _read("po", [path])
    assert isinstance(unit, TmUnit)
    assert (unit.en, unit.vi, unit.properties["msgstr_plural"]) == ("a", "c", ["c"])


def test_po_blank_msgstr_is_untranslated(tmp_path: Path) -> None:
    """A unit with a blank side was stored, and its own export could not come back."""
    path = tmp_path / "blank.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "a"\nmsgstr "\\n "\n')
    assert _read("po", [path]) == [Refusal("line 5", "untranslated")]


def test_po_text_naming_a_file_is_not_that_file(tmp_path: Path) -> None:
    """polib reads a text that is the path of an existing file as that file."""
    other = tmp_path / "other.po"
    other.write_text('msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "secret"\nmsgstr "bí mật"\n')
    path = tmp_path / "path.po"
    path.write_text(str(other))
    with pytest.raises(TermbaseError) as caught:
        _read("po", [path])
    assert str(caught.value).startswith(f"{path}:1: not a PO file")


def test_a_table_field_over_the_csv_limit(tmp_path: Path) -> None:
    """csv.Error: field larger than field limit (131072)."""
    path = tmp_path / "long.csv"
    path.write_bytes(b'vi,en\na,b\n"' + b"a" * 200_000 + b'",b\n')
    with pytest.raises(TermbaseError) as caught:
        _read("csv", [path])
    assert str(caught.value) == (
        f"{path}:3: cannot read the table (field larger than field limit (131072));"
        " check the quotes: a quoted field runs on until its closing quote"
    )


def test_a_header_with_a_line_break_is_named_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_bytes(b'"a\nb",c\n1,2\n')
    with pytest.raises(TermbaseError) as caught:
        _read("csv", [path])
    assert "no vi and en columns in the header (a\\nb, c)" in str(caught.value)


# -- through the command line ------------------------------------------------------


def _termbase(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.run(
        [sys.executable, "-m", "termbase", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def _memory_rows(db: Path) -> list[tuple[Any, ...]]:
    with db_connect(db) as conn:
        return conn.execute(
            "SELECT u.*, s.path FROM tm_units u JOIN tm_sources s ON s.id = u.source_id"
        ).fetchall()


def test_cli_import_of_a_broken_tmx(tmp_path: Path) -> None:
    """Units read before the fault are not kept; one line on stderr; the memory unchanged."""
    db = tmp_path / "tb.db"
    good = tmp_path / "good.tmx"
    good.write_bytes(TMX_14)
    assert _termbase("--db", str(db), "tm", "import", str(good), cwd=tmp_path).returncode == 0
    before = _memory_rows(db)
    broken = tmp_path / "broken.tmx"
    # A unit whose count crashed the reader, 2,500 good ones (a batch is stored), a cut.
    body = _tu(_prop("count", "²")) + "".join(_tu(vi=f"Câu {n}") for n in range(2500))
    broken.write_bytes(_tmx(body)[:-20])
    result = _termbase("--db", str(db), "tm", "import", str(broken), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {broken}:1: not well-formed XML (")
    assert "Imported" not in result.stdout
    assert result.stderr.endswith("); fix the file\n")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert _memory_rows(db) == before


# -- TMX export: only characters XML 1.0 allows --------------------------------------

# C0 controls but tab, LF and CR; the two noncharacters; a lone surrogate.
FORBIDDEN = "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13)) + "\ufffe\uffff"


def _valid_tmx(path: Path) -> etree._ElementTree:
    """``path`` parsed by a strict parser and valid against tmx14.dtd (skipped if absent)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    dtd_path = SRC.parents[1] / "shared" / "schemas" / "tmx" / "tmx14.dtd"
    if not dtd_path.exists():
        pytest.skip(f"{dtd_path} is not here (a fresh clone has no ../shared)")
    dtd = etree.DTD(str(dtd_path))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    return tree


def test_export_of_segments_with_forbidden_characters(tmp_path: Path) -> None:
    """A PO or CSV file can hold them; the TMX export wrote them as they were."""
    db = tmp_path / "tb.db"
    po = tmp_path / "ctl.po"
    # Not those str.splitlines() breaks at, which polib would take for ends of lines.
    raw = "".join(c for c in FORBIDDEN if c not in "\x0b\x0c\x1c\x1d\x1e")
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        f'#. note{raw}\nmsgctxt "ctx{raw}"\nmsgid "Open{raw}"\nmsgstr "Mở"\n',
        encoding="utf-8",
    )
    table = tmp_path / "ctl.csv"
    table.write_text(f"vi,en,note\nHòa{FORBIDDEN}bình,Peace,n{FORBIDDEN}\n", encoding="utf-8")
    for path in (po, table):
        result = _termbase("--db", str(db), "tm", "import", str(path), cwd=tmp_path)
        assert "1 new" in result.stdout, result.stdout + result.stderr
    out = tmp_path / "out.tmx"
    result = _termbase("--db", str(db), "tm", "export", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tree = _valid_tmx(out)
    segs = [seg.xpath("string()") for seg in tree.iter("seg")]
    assert "Hòa" + "\ufffd" * len(FORBIDDEN) + "bình" in segs
    assert "Open" + "\ufffd" * len(raw) in segs
    assert not set(out.read_text(encoding="utf-8")) & set(FORBIDDEN)


def test_export_of_lone_surrogates_and_bad_attribute_names() -> None:
    """A str with a lone surrogate cannot even be encoded; ``{urn:a}x`` is no XML name."""
    bad = "a\ud800b\udfff" + FORBIDDEN
    unit = StoredUnit(
        id=1,
        vi=f"Một{bad}",
        en="One",
        count=1,
        origin="old.tmx",
        locator="line 3",
        source_lang=None,
        context=bad,
        creator=bad,
        created_at=None,
        changer=None,
        changed_at=None,
        properties={
            "tu": {"{urn:a}x": "1", "datatype": bad},
            "tuv": {"vi": {"lang": "vi-VN", "note": [bad], "prop": [[bad, bad]]}},
            "note": [bad],
            "comment": bad,
        },
    )
    out = io.StringIO()
    assert write_tmx([unit], out) == 1
    data = out.getvalue().encode("utf-8")
    assert b"urn:a" not in data
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    seg = root.find("body/tu/tuv/seg")
    assert seg is not None
    assert seg.text == "Một" + "a\ufffdb\ufffd" + "\ufffd" * len(FORBIDDEN)
