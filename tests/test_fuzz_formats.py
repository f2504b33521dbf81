"""Hostile input: whatever bytes a file holds, every reader gives concepts or a TermbaseError.

The bytes are random, or a valid export of each format with bytes deleted,
inserted, overwritten, duplicated or cut off; tokens that mean something to
one of the formats (quotes, escapes, tags, keywords, BOMs, long numbers) are
inserted often, so that mutations reach past the first syntax check. Each file
is read by every format and by the one :func:`detect_format` picks. An error
must be one line that names the file.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import db_connect
from termbase.cli import cli
from termbase.errors import TermbaseError
from termbase.formats import WriteOptions, detect_format, registry
from termbase.formats._fields import MAX_INTEGER
from termbase.models import Concept, Occurrence, Term

FORMAT_NAMES = list(registry())
# Every test here reads each example with every format: keep the total near 10 s.
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SAMPLE = [
    Concept(
        id=12,
        domain="law",
        definition="Sự thỏa thuận giữa các bên.",
        note="checked\nby hand",
        score=3.5,
        frequency=4,
        terms=(
            Term(
                "vi",
                "hợp đồng",
                status="approved",
                source="seed",
                confidence=0.9,
                pos="noun",
                occurrences=(Occurrence("seeds/a b.txt", 3, 5, "Ký hợp đồng."),),
            ),
            Term("en", "contract", status="suggested", source="deep-translator:google"),
            Term("en", 'a "deal" | <b>', type="variant", status="rejected", note="x & y"),
        ),
    ),
    Concept(id=13, terms=(Term("vi", "Đà Nẵng"), Term("en", "Da Nang", status="approved"))),
    Concept(terms=(Term("vi", "#thuỷ [điện]\\"), Term("en", "=hydro", status="candidate"))),
]

TOKENS = [
    b'"',
    b"'",
    b"\\",
    b'\\"',
    b"\\u",
    b"\\x",
    b"\t",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\x0b",
    b"\x85",
    b"\xe2\x80\xa8",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"|",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"=",
    b"#",
    b"<",
    b">",
    b"&",
    b"&#0;",
    b"&#xD800;",
    b"&amp",
    b"<![CDATA[",
    b"<!--",
    b"<!ENTITY",
    b"<?",
    b"</",
    b"/>",
    b' xml:lang="',
    b' id="c',
    b"<note>termbase-frequency: ",
    b"msgid ",
    b"msgstr ",
    b"msgstr[1] ",
    b"msgctxt ",
    b"msgid_plural ",
    b"#. ",
    b"#. termbase: concept ",
    b"#. en target: ",
    b"#: ",
    b"#, fuzzy\n",
    b"#~ ",
    b"#| ",
    b"-1",
    b"1e999",
    b"NaN",
    b"-Infinity",
    b"9" * 25,
    b"9" * 5000,
    b"[" * 2000,
    b"null",
    b"true",
    b'"concepts"',
    b"status=",
    b"confidence=",
    b"concept=",
    b"# termbase glossary v1\n",
    b"# termbase glossary vi-en\n",
    b"id,vi,en\n",
    b"id\tvi\ten\n",
]


def _export(name: str, direction: str) -> bytes:
    out = io.BytesIO()
    registry()[name].write(SAMPLE, out, WriteOptions(direction=direction))
    return out.getvalue()


VALID = {(name, d): _export(name, d) for name in FORMAT_NAMES for d in ("vi-en", "en-vi")}

POSITION = st.floats(min_value=0, max_value=1)
MUTATION = st.one_of(
    st.tuples(st.just("delete"), POSITION, st.integers(1, 40)),
    st.tuples(st.just("insert"), POSITION, st.sampled_from(TOKENS)),
    st.tuples(st.just("insert"), POSITION, st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("byte"), POSITION, st.integers(0, 255)),
    st.tuples(st.just("copy"), POSITION, st.tuples(POSITION, st.integers(1, 300))),
    st.tuples(st.just("cut"), POSITION, st.none()),
)


def mutate(data: bytes, mutations: list[tuple[str, float, object]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, arg in mutations:
        at = int(where * len(buffer))
        if kind == "delete":
            assert isinstance(arg, int)
            del buffer[at : at + arg]
        elif kind == "insert":
            assert isinstance(arg, bytes)
            buffer[at:at] = arg
        elif kind == "byte" and buffer:
            assert isinstance(arg, int)
            buffer[min(at, len(buffer) - 1)] = arg
        elif kind == "copy":
            assert isinstance(arg, tuple)
            start = int(arg[0] * len(buffer))
            buffer[at:at] = buffer[start : start + arg[1]]
        elif kind == "cut":
            del buffer[at:]
    return bytes(buffer)


def _read_every_way(path: Path) -> None:
    """Read ``path`` with every format and with the detected one; only TermbaseError may escape."""
    for fmt in [None, *registry().values()]:
        try:
            concepts = (fmt or detect_format(path)).read(path)
        except TermbaseError as exc:
            message = str(exc)
            assert "\n" not in message and "\r" not in message, message
            assert path.name in message, message
        else:
            assert isinstance(concepts, list)
            assert all(isinstance(concept, Concept) for concept in concepts)
            for concept in concepts:
                assert_storable(concept)


def assert_storable(concept: Concept) -> None:
    """Numbers SQLite can hold as they are: 64-bit integers, finite floats."""
    whole = [concept.id, concept.frequency]
    real = [concept.score]
    for term in concept.terms:
        real.append(term.confidence)
        for occurrence in term.occurrences:
            whole.extend([occurrence.line, occurrence.column])
    assert all(abs(n) <= MAX_INTEGER for n in whole if n is not None), whole
    assert all(math.isfinite(x) for x in real if x is not None), real


@pytest.fixture
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from(["tbx", "po", "csv", "json", "txt"]))
def test_random_bytes(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    path = fuzz_dir / f"random.{suffix}"
    path.write_bytes(data)
    _read_every_way(path)


@FUZZ
@given(
    source=st.sampled_from(sorted(VALID)),
    mutations=st.lists(MUTATION, min_size=1, max_size=6),
)
def test_mutated_exports(
    fuzz_dir: Path, source: tuple[str, str], mutations: list[tuple[str, float, object]]
) -> None:
    name = source[0]
    path = fuzz_dir / f"mutated.{registry()[name].extensions[0]}"
    path.write_bytes(mutate(VALID[source], mutations))
    _read_every_way(path)


@FUZZ
@given(
    source=st.sampled_from(sorted(VALID)),
    line=POSITION,
    tokens=st.lists(st.sampled_from(TOKENS), min_size=1, max_size=5),
)
def test_tokens_at_a_line_start(
    fuzz_dir: Path, source: tuple[str, str], line: float, tokens: list[bytes]
) -> None:
    """Where a format decides what a line is: its start."""
    lines = VALID[source].split(b"\n")
    at = int(line * len(lines))
    lines[at:at] = [b"".join(tokens)]
    path = fuzz_dir / f"lines.{registry()[source[0]].extensions[0]}"
    path.write_bytes(b"\n".join(lines))
    _read_every_way(path)


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_the_valid_exports_read(fuzz_dir: Path, name: str) -> None:
    """The mutations start from files every reader takes."""
    path = fuzz_dir / f"valid.{registry()[name].extensions[0]}"
    path.write_bytes(VALID[(name, "vi-en")])
    assert registry()[name].read(path)


_HUGE = "9" * 5000
_TBX_ENTRY = (
    '<martif type="TBX-Basic"><text><body><termEntry id="{id}">{note}'
    '<langSet xml:lang="vi"><tig><term>a</term>{source}</tig></langSet>'
    "</termEntry></body></text></martif>"
)
# Each crashed a reader before: (file name, content, format, text of the error, its line).
CRASHES = [
    ("deep.json", b"[" * 100_000, "json", "nested more than 100 deep", 1),
    ("long.json", b'{"concepts": [\n{"id": ' + _HUGE.encode() + b"}]}", "json", "digits", 2),
    (
        "float.json",
        b'{"concepts": [{"terms": [{"lang": "vi", "text": "a", "confidence": 1'
        + b"0" * 400
        + b"}]}]}",
        "json",
        "confidence: the number is too large",
        None,
    ),
    (
        "key.json",
        b'{"concepts": [{"no\\nkey": 1}]}',
        "json",
        'concepts[0]."no\\nkey": unknown key',
        None,
    ),
    (
        "id.po",
        f'#. termbase: concept {_HUGE}\nmsgid "a"\nmsgstr "b"\n'.encode(),
        "po",
        "concept " + "9" * 29 + "… is too large",
        1,
    ),
    (
        "id.csv",
        f"id,vi,en\n{'9' * 20},a,b\n".encode(),
        "csv",
        "id 99999999999999999999 is too large",
        2,
    ),
    (
        "frequency.tbx",
        _TBX_ENTRY.format(
            id="c1", note=f"<note>termbase-frequency: {_HUGE}</note>", source=""
        ).encode(),
        "tbx2",
        "the frequency " + "9" * 29 + "… is too large",
        1,
    ),
    (
        "cdata.tbx",
        b"<martif>\n<![CDATA[ never closed\n  <x>\n",
        "tbx2",
        "malformed XML: CData section not finished;",
        4,
    ),
    (
        "tag.glossary.tsv",
        b"# termbase glossary v1\na [sugg\rested]\tb\n",
        "glossary",
        "'[sugg\\rested]'",
        2,
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "fmt", "message", "line"), CRASHES, ids=[case[0] for case in CRASHES]
)
def test_hostile_files_found_by_fuzzing(
    tmp_path: Path, name: str, data: bytes, fmt: str, message: str, line: int | None
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(TermbaseError) as caught:
        registry()[fmt].read(path)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text and "\r" not in text and len(text) < 400
    assert text.startswith(f"{path}:{line}:" if line else f"{path}: ")


def test_numbers_too_long_for_sqlite_are_no_termbase_ids(tmp_path: Path) -> None:
    """A TBX id or source line of more than 18 digits is another tool's text, not a number."""
    path = tmp_path / "ids.tbx"
    source = (
        '<descripGrp><descrip type="context">x</descrip>'
        f'<admin type="source">d:{_HUGE}:1</admin></descripGrp>'
    )
    path.write_text(_TBX_ENTRY.format(id="c" + _HUGE, note="", source=source), encoding="utf-8")
    [concept] = registry()["tbx2"].read(path)
    assert concept.id is None
    [occurrence] = concept.terms[0].occurrences
    assert (occurrence.document, occurrence.line) == (f"d:{_HUGE}:1", None)


_BIG = str(2**63)  # one more than SQLite's largest integer
_JSON_TERM = '{{"concepts": [{{{concept}"terms": [{{"lang": "vi", "text": "a"{term}}}]}}]}}'
_PO_ENTRY = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#. en target: "b" {attrs}\nmsgid "a"\nmsgstr "b"\n'
)
_TBX_TERM = (
    '<martif type="TBX-Basic"><text><body><termEntry id="c1">{concept}'
    '<langSet xml:lang="vi"><tig><term>a</term>{term}</tig></langSet>'
    "</termEntry></body></text></martif>"
)
# Numbers the readers took and SQLite could not keep: a 64-bit overflow crashed the import
# (OverflowError); NaN was stored as NULL; infinity could not be exported as JSON.
UNSTORABLE = [
    ("id.json", _JSON_TERM.format(concept=f'"id": {_BIG}, ', term=""), "concepts[0].id: 9223"),
    (
        "frequency.json",
        _JSON_TERM.format(concept=f'"frequency": -{_BIG}0, ', term=""),
        "concepts[0].frequency: -922",
    ),
    (
        "line.json",
        _JSON_TERM.format(
            concept="", term=f', "occurrences": [{{"document": "d", "line": {_BIG}}}]'
        ),
        "concepts[0].terms[0].occurrences[0].line: 9223",
    ),
    (
        "column.json",
        _JSON_TERM.format(
            concept="", term=f', "occurrences": [{{"document": "d", "column": {_BIG}}}]'
        ),
        "column: 9223",
    ),
    (
        "nan.json",
        _JSON_TERM.format(concept="", term=', "confidence": NaN'),
        "concepts[0].terms[0].confidence: NaN is not a number termbase can keep",
    ),
    (
        "inf.json",
        _JSON_TERM.format(concept='"score": -Infinity, ', term=""),
        "concepts[0].score: an infinite number is not a number termbase can keep",
    ),
    (
        "e999.json",
        _JSON_TERM.format(concept="", term=', "confidence": 1e999'),
        "confidence: an infinite number",
    ),
    ("nan.csv", "id,vi,en,confidence\n,a,b,nan\n", "confidence 'nan' is not a finite number"),
    ("inf.csv", "id,vi,en,confidence\n,a,b,-Infinity\n", "confidence '-Infinity' is not a fini"),
    ("inf.po", _PO_ENTRY.format(attrs="confidence=inf"), "confidence 'inf' is not a finite number"),
    ("nan.po", _PO_ENTRY.format(attrs="confidence=NaN"), "confidence 'NaN' is not a finite number"),
    (
        "nan.tbx",
        _TBX_TERM.format(concept="", term="<note>termbase-confidence: nan</note>"),
        "the note termbase-confidence holds 'nan', which is not a finite number",
    ),
    (
        "inf.tbx",
        _TBX_TERM.format(concept="<note>termbase-score: 1e999</note>", term=""),
        "the note termbase-score holds '1e999', which is not a finite number",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), UNSTORABLE, ids=[c[0] for c in UNSTORABLE])
def test_numbers_sqlite_cannot_keep_are_refused(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermbaseError) as caught:
        detect_format(path).read(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:")
    assert "\n" not in str(caught.value)


def test_importing_a_json_id_beyond_64_bits(tmp_path: Path) -> None:
    """It crashed SQLite with OverflowError; now one line, exit 1, nothing written."""
    path = tmp_path / "id.json"
    path.write_text(_JSON_TERM.format(concept=f'"id": {_BIG}, ', term=""), encoding="utf-8")
    db = tmp_path / "tb.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(path)])
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: {path}: concepts[0].id: {_BIG} is too large (at most {MAX_INTEGER})\n"
    )
    if db.exists():
        with db_connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM concepts").fetchone() == (0,)
