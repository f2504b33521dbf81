"""CSV, TSV and OmegaT glossaries."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import shared_path
from termbase.errors import FormatError
from termbase.formats import WriteOptions, detect_format, get_format
from termbase.formats.csvfile import (
    escape_cell,
    read_csv,
    read_tsv,
    unescape_cell,
    write_omegat,
    write_table,
)
from termbase.models import Concept, Term

DATA = Path(__file__).parent / "data"

CONCEPTS = [
    Concept(
        id=12,
        domain="law",
        definition="Sự thỏa thuận giữa các bên, có hiệu lực pháp lý.",
        terms=(
            Term("vi", "hợp đồng", status="approved"),
            Term(
                "en",
                "contract",
                status="suggested",
                source="deep-translator:google",
                confidence=0.82,
            ),
            Term("en", "agreement", status="rejected"),
            Term("en", "deal", status="candidate", confidence=0.4),
        ),
    ),
    Concept(id=13, terms=(Term("vi", "hoà bình"),)),
    Concept(
        id=14,
        note='=HYPERLINK("x")',
        terms=(Term("vi", "-ize"), Term("en", "@home", status="approved")),
    ),
]


def _write(concepts: list[Concept], delimiter: str = ",", direction: str = "vi-en") -> str:
    out = io.BytesIO()
    write_table(concepts, out, WriteOptions(direction=direction), delimiter)
    return out.getvalue().decode("utf-8")


def _file(tmp_path: Path, text: str, name: str = "terms.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# -- termbase's CSV and TSV ------------------------------------------------------


def test_csv_layout() -> None:
    assert _write(CONCEPTS).split("\r\n") == [
        "id,vi,en,status,source,confidence,domain,definition,note,alternatives",
        "12,hợp đồng,contract,suggested,deep-translator:google,0.82,law,"
        '"Sự thỏa thuận giữa các bên, có hiệu lực pháp lý.",,'
        '"""agreement"" status=rejected | ""deal"" status=candidate confidence=0.4"',
        "13,hoà bình,,,,,,,,",
        '14,\'-ize,\'@home,approved,,,,,"\'=HYPERLINK(""x"")",',
        "",
    ]


def test_tsv_layout_and_reverse_direction() -> None:
    lines = _write(CONCEPTS[:2], "\t", direction="en-vi").split("\n")
    assert (
        lines[0] == "id\ten\tvi\tstatus\tsource\tconfidence\tdomain\tdefinition\tnote\talternatives"
    )
    # en-vi: the approved Vietnamese term is the target; the English one the source.
    assert lines[1].split("\t")[:4] == ["12", "contract", "hợp đồng", "approved"]
    assert len(lines) == 3  # hoà bình has no English term, so no row


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+84 24 3825", "'+84 24 3825"),
        ("-ize", "'-ize"),
        ("@home", "'@home"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=quoted", "''=quoted"),
        ("''", "'''"),
        ("'tis", "'tis"),
        ("'", "'"),
        ("hợp đồng", "hợp đồng"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_formula_escaping(cell: str, escaped: str) -> None:
    assert escape_cell(cell) == escaped
    assert unescape_cell(escaped) == cell


@given(st.text())
def test_formula_escaping_round_trips(cell: str) -> None:
    escaped = escape_cell(cell)
    assert unescape_cell(escaped) == cell
    assert not escaped or escaped[0] not in "=+-@\t\r"


def test_formula_cells_read_back(tmp_path: Path) -> None:
    [_, _, concept] = read_csv(_file(tmp_path, _write(CONCEPTS)))
    assert [t.text for t in concept.terms] == ["-ize", "@home"]
    assert concept.note == '=HYPERLINK("x")'


def test_round_trip_keeps_target_and_alternatives(tmp_path: Path) -> None:
    first = read_csv(_file(tmp_path, _write(CONCEPTS)))
    assert first[0] == Concept(
        id=12,
        domain="law",
        definition="Sự thỏa thuận giữa các bên, có hiệu lực pháp lý.",
        terms=(
            Term("vi", "hợp đồng"),
            Term(
                "en",
                "contract",
                status="suggested",
                source="deep-translator:google",
                confidence=0.82,
            ),
            Term("en", "agreement", status="rejected"),
            Term("en", "deal", status="candidate", confidence=0.4),
        ),
    )
    assert first[1] == Concept(id=13, terms=(Term("vi", "hoà bình"),))


def test_reviewed_csv_by_column_name() -> None:
    """BOM, CRLF, columns reordered and dropped, blank status, plain alternatives."""
    concepts = read_csv(DATA / "csv" / "reviewed.csv")
    assert [[(t.lang, t.text, t.status) for t in c.terms] for c in concepts] == [
        [
            ("en", "arms control", "candidate"),
            ("vi", "kiểm soát vũ khí", "approved"),
            ("vi", "vũ khí kiểm soát", "candidate"),
            ("vi", "kiểm soát quân bị", "candidate"),
        ],
        [("en", "=cmd", "candidate"), ("vi", "=lệnh", "suggested")],
        [("en", "United Nations", "candidate"), ("vi", "Liên hợp quốc, LHQ", "suggested")],
    ]
    assert concepts[2].note == 'note with "quotes"'
    assert concepts[1].id is None


def test_text_is_cleaned(tmp_path: Path) -> None:
    path = _file(tmp_path, "vi,en\n  Ðà  Na\u0306\u0303ng ,Da\u00a0Nang\n")
    [concept] = read_csv(path)
    assert [t.text for t in concept.terms] == ["Đà Nẵng", "Da Nang"]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('id,vi,en\n1,"hợp đồng,contract\n2,x,y\n', 2, None, "a quoted cell is never closed"),
        ('vi,en\n"hợp "đồng",contract\n', 2, None, "malformed CSV"),
        ("id,vi,en\n1,hợp đồng\n", 2, None, "expected 3 cells as in the header, found 2"),
        ("id,vi,en\n1,hợp đồng,contract,extra\n", 2, None, "found 4"),
        ("hợp đồng,contract\n", 1, 1, "unknown column 'hợp đồng'"),
        ("id,vi,status\n1,hợp đồng,approved\n", 1, None, "the header has no 'en' column"),
        ("vi,en,vi\nx,y,z\n", 1, None, "column 'vi' appears twice"),
        ("vi,en,status\nhợp đồng,contract,aproved\n", 2, 3, "status 'aproved' is not one of"),
        ("vi,en,confidence\nhợp đồng,contract,high\n", 2, 3, "confidence 'high' is not a number"),
        ("id,vi,en\nx12,hợp đồng,contract\n", 2, 1, "id 'x12' is not a whole number"),
        ("vi,en\n,contract\n", 2, 1, "the vi cell is empty"),
        ('vi,en,alternatives\nx,y,"""deal"" colour=red"\n', 2, 3, "unknown attribute 'colour'"),
        ("vi,en\nx,y\x00\n", 2, None, "NUL"),
    ],
)
def test_malformed_csv(
    tmp_path: Path, text: str, line: int, column: int | None, message: str
) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(FormatError, match=message) as caught:
        read_csv(path)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_alternatives_need_a_target(tmp_path: Path) -> None:
    path = _file(tmp_path, "vi,en,alternatives\nhợp đồng,,deal | pact\n")
    [concept] = read_csv(path)
    assert [t.text for t in concept.terms] == ["hợp đồng"]
    rejected_only = Concept(terms=(Term("vi", "vũ khí"), Term("en", "arms", status="rejected")))
    assert _write([rejected_only]).splitlines()[1] == ",vũ khí,,,,,,,,"


def test_empty_rows_are_skipped(tmp_path: Path) -> None:
    path = _file(tmp_path, "vi,en\r\n\r\n,\r\nhợp đồng,contract\r\n")
    assert len(read_csv(path)) == 1


def test_tsv_quotes_cells_with_quotes(tmp_path: Path) -> None:
    text = _write(CONCEPTS, "\t")
    assert '"""agreement"" status=rejected' in text
    assert read_tsv(_file(tmp_path, text, "terms.tsv"))[0].terms[2].text == "agreement"


def test_tsv_comment_lines_before_header(tmp_path: Path) -> None:
    path = _file(tmp_path, "# exported by hand\nvi\ten\nhợp đồng\tcontract\n", "terms.tsv")
    assert detect_format(path).name == "tsv"
    [concept] = read_tsv(path)
    assert [t.text for t in concept.terms] == ["hợp đồng", "contract"]


def test_detection(tmp_path: Path) -> None:
    assert detect_format(_file(tmp_path, _write(CONCEPTS), "a.txt")).name == "csv"
    assert detect_format(_file(tmp_path, '"vi","en"\nx,y\n', "b.txt")).name == "csv"
    assert detect_format(_file(tmp_path, _write(CONCEPTS, "\t"), "c.txt")).name == "tsv"
    assert detect_format(_file(tmp_path, "arms\tvũ khí\n", "d.txt")).name == "omegat"
    assert not get_format("csv").detect("name,price\nx,1\n")
    assert not get_format("tsv").detect("arms\tvũ khí\n")


# -- OmegaT ----------------------------------------------------------------------


def _omegat(concepts: list[Concept], direction: str = "vi-en") -> str:
    out = io.BytesIO()
    write_omegat(concepts, out, WriteOptions(direction=direction))
    return out.getvalue().decode("utf-8")


def test_omegat_layout() -> None:
    assert _omegat(CONCEPTS).split("\n") == [
        "# termbase glossary vi-en for OmegaT: Vietnamese term, English term, comment",
        "hợp đồng\tcontract\tconcept=12 domain=law status=suggested "
        "source=deep-translator:google confidence=0.82 "
        'definition="Sự thỏa thuận giữa các bên, có hiệu lực pháp lý."',
        '-ize\t@home\tconcept=14 status=approved note="=HYPERLINK(\\"x\\")"',
        "",
    ]


def test_omegat_skips_what_it_cannot_hold() -> None:
    concepts = [
        Concept(terms=(Term("vi", "hoà bình"),)),
        Concept(terms=(Term("vi", "#hashtag"), Term("en", "hashtag"))),
        Concept(terms=(Term("vi", "vũ khí"), Term("en", "arms", status="rejected"))),
    ]
    assert _omegat(concepts).count("\n") == 1  # the comment line only


def test_omegat_round_trip(tmp_path: Path) -> None:
    text = _omegat(CONCEPTS, direction="en-vi")
    concepts = read_tsv(_file(tmp_path, text, "glossary.utf8"))
    assert [[(t.lang, t.text, t.status) for t in c.terms] for c in concepts] == [
        [("en", "contract", "candidate"), ("vi", "hợp đồng", "approved")],
        [("en", "@home", "candidate"), ("vi", "-ize", "candidate")],
    ]
    assert concepts[0].id == 12 and concepts[0].domain == "law"
    assert _omegat(concepts, direction="en-vi") == text


def test_omegat_reading_tolerates_noise() -> None:
    concepts = read_tsv(DATA / "omegat" / "glossary.utf8")
    summary = [(c.note, [(t.lang, t.text, t.status, t.source) for t in c.terms]) for c in concepts]
    assert summary == [
        (
            "từ bài VTV 24/07/2021",
            [
                ("en", "arms control", "candidate", None),
                ("vi", "kiểm soát vũ khí", "suggested", None),
            ],
        ),
        (
            None,
            [
                ("en", "nuclear weapon", "candidate", None),
                ("vi", "vũ khí hạt nhân", "suggested", None),
            ],
        ),
        (
            "hiệp ước ký năm 1992",
            [
                ("en", "Open Skies Treaty", "candidate", None),
                ("vi", "Hiệp ước Bầu trời mở", "suggested", None),
            ],
        ),
        (
            None,
            [
                ("en", "United Nations", "candidate", None),
                ("vi", "Liên hợp quốc", "suggested", "seed"),
            ],
        ),
        ("chưa dịch", [("en", "peace talks", "candidate", None)]),
    ]


@pytest.mark.parametrize(
    ("text", "first_lang"),
    [
        ("hoà bình\tpeace\nvũ khí\tarms\n", "vi"),
        ("peace\thoà bình\narms\tvũ khí\n", "en"),
        ("café au lait\tcà phê sữa\n", "en"),  # é (Latin-1) is no evidence; ữ is
        ("hoa binh\tpeace\n", "vi"),  # no evidence either way: vi-en
        ("# termbase glossary en-vi for OmegaT\nhoa binh\tpeace\n", "en"),
    ],
)
def test_omegat_direction(tmp_path: Path, text: str, first_lang: str) -> None:
    concepts = read_tsv(_file(tmp_path, text, "glossary.txt"))
    assert [c.terms[0].lang for c in concepts] == [first_lang] * len(concepts)


def test_real_omegat_glossary() -> None:
    path = shared_path("data", "glossary", "namlq-matrix2018", "glossary.txt")
    assert detect_format(path).name == "omegat"
    concepts = get_format("omegat").read(path)
    assert len(concepts) > 3800
    assert all(c.terms[0].lang == "en" for c in concepts)
    assert [(t.lang, t.text) for t in concepts[0].terms] == [
        ("en", "Communication Flow"),
        ("vi", "Luồng truyền thông"),
    ]
    with_notes = [c for c in concepts if c.note]
    assert any(
        c.terms[0].text == "robust design" and c.note == "Phương pháp Taguchi" for c in with_notes
    )
