"""The contract every file format keeps, run over every format in the registry.

A new format module is covered as soon as it exists; give it a malformed
sample in MALFORMED to have that part checked too.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termbase.errors import FormatError
from termbase.formats import Format, WriteOptions, detect_format, registry
from termbase.models import PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Occurrence, Term
from termbase.normalize import clean

FORMAT_NAMES = list(registry())
DIRECTIONS = ("vi-en", "en-vi")

# Vietnamese with both tone-mark placements (hoà/hòa, thuỷ/thủy) and Đ.
SAMPLE = [
    Concept(
        id=1,
        domain="luật",
        definition="Sự thỏa thuận giữa các bên về quyền và nghĩa vụ.",
        terms=(
            Term(
                "vi",
                "hợp đồng",
                status="approved",
                source="seed",
                confidence=0.9,
                occurrences=(Occurrence("seeds/000_082b8f8dc0542e68.txt", 3, 5, "Ký hợp đồng."),),
            ),
            Term("en", "contract", status="suggested", source="fake", confidence=0.8),
        ),
    ),
    Concept(id=2, terms=(Term("vi", "hoà bình"), Term("en", "peace", status="approved"))),
    Concept(id=3, terms=(Term("vi", "hòa giải"), Term("en", "conciliation", status="suggested"))),
    Concept(
        id=4,
        terms=(
            Term("vi", "thuỷ điện"),
            Term("en", "hydropower", status="candidate", confidence=0.4),
        ),
    ),
    Concept(id=5, terms=(Term("vi", "thủy lợi"), Term("en", "irrigation", status="approved"))),
    Concept(id=6, terms=(Term("vi", "Đà Nẵng"), Term("en", "Da Nang", status="approved"))),
    Concept(
        id=7,
        terms=(
            Term("vi", "Liên hợp quốc"),
            Term("en", "United Nations", status="approved"),
            Term("en", "UN", type="acronym", status="suggested"),
        ),
    ),
]
VIETNAMESE_TEXTS = {"hợp đồng", "hoà bình", "hòa giải", "thuỷ điện", "thủy lợi", "Đà Nẵng"}

_BROKEN_XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic">\n<text><body>\n'
MALFORMED: dict[str, bytes] = {
    "po": b'msgid "h\xe1\xbb\xa3p \xc4\x91\xe1\xbb\x93ng\nmsgstr "contract"\n',
    "csv": b'id,vi,en\n1,"h\xe1\xbb\xa3p \xc4\x91\xe1\xbb\x93ng,contract\n',
    "tsv": b"id\tvi\ten\n1\th\xe1\xbb\xa3p \xc4\x91\xe1\xbb\x93ng\n",
    "omegat": b"h\xe1\xbb\xa3p \xc4\x91\xe1\xbb\x93ng\tcon\x00tract\n",
    "json": b'{"concepts": [{"id": 1, "terms": [}\n',
    "tbx": _BROKEN_XML,
    "tbx2": _BROKEN_XML,
    "tmx": b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<body>\n',
    "glossary": b"# termbase glossary v1\nh\xe1\xbb\xa3p \xc4\x91\xe1\xbb\x93ng contract\n",
}


def _fmt(name: str) -> Format:
    return registry()[name]


def _write(fmt: Format, concepts: list[Concept], direction: str = "vi-en") -> bytes:
    out = io.BytesIO()
    fmt.write(concepts, out, WriteOptions(direction=direction))
    return out.getvalue()


def _read(fmt: Format, data: bytes, tmp_path: Path, name: str = "file") -> list[Concept]:
    path = tmp_path / f"{name}.{fmt.extensions[0]}"
    path.write_bytes(data)
    return fmt.read(path)


def test_every_format_declares_the_contract() -> None:
    assert {"po", "json", "csv", "tsv", "omegat"} <= set(FORMAT_NAMES)
    for name, fmt in registry().items():
        assert fmt.name == name
        assert isinstance(fmt.extensions, tuple) and fmt.extensions
        assert all(not ext.startswith(".") for ext in fmt.extensions)
        assert isinstance(fmt.single_equivalent, bool)
        assert isinstance(getattr(fmt, "priority", None), int)


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_write_read_write_gives_identical_bytes(name: str, direction: str, tmp_path: Path) -> None:
    fmt = _fmt(name)
    first = _write(fmt, SAMPLE, direction)
    concepts = _read(fmt, first, tmp_path)
    if getattr(fmt, "notes_for_people", False):
        # The notes (alternatives, contexts) are not read back: what is read is stable.
        # (The fingerprint of the decisions is the termbase's, not the file's: left out.)
        second = _write(fmt, concepts, direction)
        again = _read(fmt, second, tmp_path, "second")
        assert [replace(c, exported=None) for c in again] == [
            replace(c, exported=None) for c in concepts
        ]
        first, concepts = second, again
    assert _write(fmt, concepts, direction) == first
    texts = {term.text for concept in concepts for term in concept.terms}
    assert texts >= VIETNAMESE_TEXTS  # tone-mark placement and Đ kept as written
    assert first.decode("utf-8")  # UTF-8 output


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_writing_twice_gives_the_same_bytes(name: str) -> None:
    fmt = _fmt(name)
    assert _write(fmt, SAMPLE) == _write(fmt, list(SAMPLE))


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_empty_list_reads_back_empty(name: str, tmp_path: Path) -> None:
    fmt = _fmt(name)
    data = _write(fmt, [])
    assert _read(fmt, data, tmp_path) == []


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_malformed_file_raises_format_error(name: str, tmp_path: Path) -> None:
    if name not in MALFORMED:
        pytest.skip(f"no malformed sample for {name} yet")
    fmt = _fmt(name)
    with pytest.raises(FormatError) as caught:
        _read(fmt, MALFORMED[name], tmp_path)
    assert caught.value.path is not None
    assert caught.value.line is not None


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_undecodable_bytes_name_the_encoding(name: str, tmp_path: Path) -> None:
    fmt = _fmt(name)
    data = _write(fmt, SAMPLE)
    assert "Đà Nẵng".encode() in data
    # The same words as Windows-1258 bytes: Đ à, N ă + combining tilde, ng.
    broken = data.replace("Đà Nẵng".encode(), b"\xd0\xe0 N\xe3\xdeng")
    with pytest.raises(FormatError) as caught:
        _read(fmt, broken, tmp_path)
    message = str(caught.value).lower()
    assert "utf-8" in message or "encoding" in message


@pytest.mark.parametrize(
    "bom",
    [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE],
    ids=["utf-8", "utf-16-le", "utf-16-be"],
)
@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_byte_order_marks_are_honoured(name: str, bom: bytes, tmp_path: Path) -> None:
    fmt = _fmt(name)
    data = _write(fmt, SAMPLE)
    encoding = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le"}.get(bom, "utf-16-be")
    marked = bom + data.decode("utf-8").encode(encoding)
    assert _read(fmt, marked, tmp_path, "marked") == _read(fmt, data, tmp_path, "plain")


@pytest.mark.parametrize("concepts", [SAMPLE, []], ids=["sample", "empty"])
@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_detect_recognises_own_output(name: str, concepts: list[Concept], tmp_path: Path) -> None:
    fmt = _fmt(name)
    data = _write(fmt, concepts)
    assert fmt.detect(data[:8192].decode("utf-8", errors="ignore"))
    path = tmp_path / "exported.unknown-extension"
    path.write_bytes(data)
    assert detect_format(path).name == name


# ---------------------------------------------------------------------------
# Property: write→read→write is stable for any (clean) termbase content.

_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÊOÔƠUƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_TEXT = (
    st.text(alphabet=st.sampled_from(list(_LETTERS + "  '\"=+-@#,;|:/\\().!?&<>%0123456789")))
    .map(clean)
    .filter(bool)
)
_WORDS = st.text(alphabet=st.sampled_from(list(_LETTERS + " -")), max_size=30).map(clean)


def _terms(lang: str) -> st.SearchStrategy[Term]:
    return st.builds(
        Term,
        lang=st.just(lang),
        text=_TEXT,
        type=st.sampled_from(TERM_TYPES),
        status=st.sampled_from(STATUSES),
        source=st.none() | st.sampled_from(["seed", "deep-translator:google", "fake translator"]),
        confidence=st.none() | st.floats(min_value=0, max_value=1),
        pos=st.none() | st.sampled_from(PARTS_OF_SPEECH),
        note=st.none() | _TEXT,
        occurrences=st.lists(
            st.builds(
                Occurrence,
                document=st.sampled_from(["seeds/000_082b8f8dc0542e68.txt", "seeds/a b.txt"]),
                line=st.none() | st.integers(1, 500),
                column=st.none() | st.integers(1, 80),
                context=st.none() | _TEXT,
            ),
            max_size=3,
        ).map(tuple),
    )


_CONCEPTS = st.lists(
    st.builds(
        Concept,
        id=st.none() | st.integers(1, 10**6),
        domain=st.none() | st.sampled_from(["luật", "kinh tế học", "trade"]),
        definition=st.none() | _TEXT,
        note=st.none() | _WORDS.filter(bool),
        score=st.none() | st.floats(min_value=0, max_value=100),
        frequency=st.none() | st.integers(0, 1000),
        terms=st.tuples(
            st.lists(_terms("vi"), min_size=1, max_size=2), st.lists(_terms("en"), max_size=3)
        ).map(lambda pair: (*pair[0], *pair[1])),
    ),
    max_size=5,
)


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("name", FORMAT_NAMES)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(concepts=_CONCEPTS)
def test_round_trip_property(
    name: str, direction: str, concepts: list[Concept], tmp_path: Path
) -> None:
    fmt = _fmt(name)
    first = _write(fmt, concepts, direction)
    if getattr(fmt, "notes_for_people", False):
        first = _write(fmt, _read(fmt, first, tmp_path, "first"), direction)
    again = _write(fmt, _read(fmt, first, tmp_path), direction)
    assert again == first
