"""TBX v3 (tbx) and TBX v2 (tbx2): schema validity, round trips, foreign files, errors."""

from __future__ import annotations

import dataclasses
import io
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import tbx_validate
from conftest import SHARED, shared_path
from termbase.errors import FormatError
from termbase.formats import WriteOptions
from termbase.formats.tbx import TbxFormat
from termbase.formats.tbx2 import Tbx2Format
from termbase.models import PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Occurrence, Term
from termbase.normalize import clean

DATA = Path(__file__).parent / "data" / "tbx"
TBX3 = TbxFormat()
TBX2 = Tbx2Format()
FORMATS: dict[str, TbxFormat | Tbx2Format] = {"tbx": TBX3, "tbx2": TBX2}
VALIDATORS = {"tbx": tbx_validate.tbx3_errors, "tbx2": tbx_validate.tbx2_errors}


def schemas_present() -> None:
    for path in (tbx_validate.V3_RNG, tbx_validate.V3_DCA_SCH, tbx_validate.V2_RNG):
        shared_path(*path.relative_to(SHARED).parts)
    shared_path(*tbx_validate.V2_DTD.relative_to(SHARED).parts)


def export(name: str, concepts: Iterable[Concept], direction: str = "vi-en") -> bytes:
    out = io.BytesIO()
    FORMATS[name].write(concepts, out, WriteOptions(direction=direction))
    return out.getvalue()


def read_bytes(name: str, data: bytes, tmp_path: Path) -> list[Concept]:
    """The concepts in ``data``, without what a review file recorded of them (the
    ``exported`` fingerprints: tests/test_tbx_review.py)."""
    path = tmp_path / f"read-{name}.tbx"
    path.write_bytes(data)
    return [dataclasses.replace(c, exported=None) for c in FORMATS[name].read(path)]


# Every status, term type and part of speech; Vietnamese with every kind of mark;
# occurrences with and without line, column and context; XML's special characters.
SAMPLE = [
    Concept(
        id=12,
        domain="Thương mại quốc tế",
        definition="Thỏa thuận giữa hai bên về quyền & nghĩa vụ <có hiệu lực>.",
        note="Ghi chú dòng một\nDòng hai: “trích dẫn”",
        score=12.5,
        frequency=7,
        terms=(
            Term(
                lang="vi",
                text="hợp đồng thương mại",
                type="fullForm",
                status="approved",
                source="Từ điển Luật học",
                confidence=0.9,
                pos="noun",
                note="Thuật ngữ chuẩn",
                occurrences=(
                    Occurrence("văn bản/hợp-đồng.txt", 3, 14, "Hai bên ký hợp đồng thương mại."),
                    Occurrence("C:\\docs\\luật.txt", 120, None, "Điều 5 của hợp đồng thương mại."),
                    Occurrence("ghi-chú.md"),
                ),
            ),
            Term(lang="vi", text="HĐTM", type="acronym", status="suggested", pos="properNoun"),
            Term(lang="vi", text="h.đ. thương mại", type="abbreviation", status="candidate"),
            Term(lang="en", text="commercial contract", status="approved", pos="noun"),
            Term(lang="en", text="trade agreement", type="variant", status="rejected", pos="other"),
            Term(lang="en", text="deal", type="phrase", status="forbidden", pos="verb"),
        ),
    ),
    Concept(
        id=13,
        definition="Định nghĩa không có thuật ngữ tiếng Việt",
        terms=(
            Term(lang="en", text="quickly", pos="adverb", confidence=0.25),
            Term(lang="en", text="swift", pos="adjective", source="Ngữ liệu: 1:2"),
        ),
    ),
    Concept(
        terms=(
            Term(
                lang="vi",
                text="Đắk Lắk",
                occurrences=(Occurrence("", 4, 2, None), Occurrence("a:1:2", None, None, "x")),
            ),
        )
    ),
]


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_export_validates_against_the_official_schemas(name: str) -> None:
    schemas_present()
    assert VALIDATORS[name](export(name, SAMPLE)) == []


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_export_reads_back_as_the_same_concepts(name: str, tmp_path: Path) -> None:
    assert read_bytes(name, export(name, SAMPLE), tmp_path) == SAMPLE


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
@pytest.mark.parametrize("direction", ["vi-en", "en-vi"])
def test_write_read_write_gives_identical_bytes(name: str, direction: str, tmp_path: Path) -> None:
    first = export(name, SAMPLE, direction)
    second = export(name, read_bytes(name, first, tmp_path), direction)
    assert first == second
    assert export(name, SAMPLE, direction) == first


def test_export_is_utf8_and_keeps_vietnamese_exactly() -> None:
    data = export("tbx", SAMPLE)
    assert "hợp đồng thương mại".encode() in data
    assert "Đắk Lắk".encode() in data
    assert b"&amp;" in data and b"&lt;" in data
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')


def test_tbx3_header_names_dialect_and_schemas() -> None:
    head = export("tbx", SAMPLE).decode().split("<tbxHeader>")[0]
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="vi"' in head
    assert 'xmlns="urn:iso:std:iso:30042:ed-2"' in head
    assert "TBXcoreStructV03.rng" in head and "DCA/TBX-Basic_DCA.sch" in head


def test_mapping_to_data_categories() -> None:
    v3 = export("tbx", SAMPLE).decode()
    v2 = export("tbx2", SAMPLE).decode()
    for text in (v3, v2):
        assert '<descrip type="subjectField">Thương mại quốc tế</descrip>' in text
        assert "<note>termbase-score: 12.5</note>" in text
        assert "<note>termbase-frequency: 7</note>" in text
        assert '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>' in text
        assert "<note>termbase-status: forbidden</note>" in text
        assert '<admin type="source">văn bản/hợp-đồng.txt:3:14</admin>' in text
        assert '<admin type="source">C:\\docs\\luật.txt:120:</admin>' in text
        assert "<note>termbase-confidence: 0.9</note>" in text
    # TBX v3's DCA picklist has no properNoun; TBX v2's has.
    assert "<note>termbase-pos: properNoun</note>" in v3
    assert '<termNote type="partOfSpeech">properNoun</termNote>' in v2
    assert '<langSec xml:lang="vi">\n          <descrip type="definition">' in v3


def test_direction_orders_languages(tmp_path: Path) -> None:
    data = export("tbx2", SAMPLE[:1], "en-vi").decode()
    assert '<martif type="TBX-Basic" xml:lang="en">' in data
    assert data.index('<langSet xml:lang="en">') < data.index('<langSet xml:lang="vi">')
    assert read_bytes("tbx2", data.encode(), tmp_path) == SAMPLE[:1]


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_empty_export_is_valid_and_reads_back_empty(name: str, tmp_path: Path) -> None:
    data = export(name, [])
    assert read_bytes(name, data, tmp_path) == []
    # A concept without terms cannot be written (TBX needs a term per entry).
    assert export(name, [Concept(id=3, domain="x")]) == data
    schemas_present()
    assert VALIDATORS[name](data) == []


def test_unnumbered_concepts_get_ids_that_never_pass_for_termbase_ids(tmp_path: Path) -> None:
    concepts = [Concept(terms=(Term("vi", "một"),)), Concept(id=1, terms=(Term("vi", "hai"),))]
    data = export("tbx", concepts)
    assert b'<conceptEntry id="n1">' in data and b'<conceptEntry id="c1">' in data
    assert [c.id for c in read_bytes("tbx", data, tmp_path)] == [None, 1]


def test_text_is_cleaned_on_read(tmp_path: Path) -> None:
    data = export("tbx", [Concept(id=1, terms=(Term("vi", "Ðà  Nẵng"),))])
    decomposed = data.replace("Nẵng".encode(), "Na\u0306\u0303ng".encode())
    assert read_bytes("tbx", decomposed, tmp_path)[0].terms[0].text == "Đà Nẵng"


def test_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    data = export("tbx2", [Concept(id=1, terms=(Term("vi", "a\x00b\x1bc"),))])
    assert read_bytes("tbx2", data, tmp_path)[0].terms[0].text == "abc"


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_a_status_changed_in_another_editor_wins_over_the_termbase_note(
    name: str, tmp_path: Path
) -> None:
    data = export(name, [Concept(id=1, terms=(Term("vi", "tạm", status="candidate"),))])
    edited = data.replace(b"admittedTerm-admn-sts", b"preferredTerm-admn-sts")
    assert read_bytes(name, edited, tmp_path)[0].terms[0].status == "approved"
    dropped = data.replace(b"admittedTerm-admn-sts", b"deprecatedTerm-admn-sts")
    assert read_bytes(name, dropped, tmp_path)[0].terms[0].status == "rejected"


# ----------------------------------------------------------------------------
# Property: export then import gives back what was exported
# ----------------------------------------------------------------------------

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
_LETTERS += "ùúủũụừứửữựỳýỷỹỵĐÂĂÔƠƯ"
_text = st.text(alphabet=_LETTERS + "XYZ019 &<>\"':.,", min_size=1, max_size=20).map(clean)
_text = _text.filter(bool)
_lines = st.lists(_text, min_size=1, max_size=3).map("\n".join)
_occurrence = st.builds(
    Occurrence,
    document=st.one_of(st.just(""), _text),
    line=st.one_of(st.none(), st.integers(1, 10**6)),
    column=st.one_of(st.none(), st.integers(1, 500)),
    context=st.one_of(st.none(), _text),
)
_term = st.builds(
    Term,
    lang=st.sampled_from(["vi", "en"]),
    text=_text,
    type=st.sampled_from(TERM_TYPES),
    status=st.sampled_from(STATUSES),
    source=st.one_of(st.none(), _text),
    confidence=st.one_of(st.none(), st.floats(0, 1)),
    pos=st.one_of(st.none(), st.sampled_from(PARTS_OF_SPEECH)),
    note=st.one_of(st.none(), _lines),
    occurrences=st.lists(_occurrence, max_size=2).map(tuple),
)
_concept = st.builds(
    Concept,
    domain=st.one_of(st.none(), _text),
    definition=st.one_of(st.none(), _text),
    note=st.one_of(st.none(), _lines),
    score=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    frequency=st.one_of(st.none(), st.integers(0, 10**9)),
    # The reader gives Vietnamese terms first, then English, each in file order.
    terms=st.lists(_term, min_size=1, max_size=4).map(
        lambda terms: tuple(sorted(terms, key=lambda t: t.lang != "vi"))
    ),
)


@settings(max_examples=40, deadline=None)
@given(concepts=st.lists(_concept, max_size=4), name=st.sampled_from(["tbx", "tbx2"]))
def test_round_trip_property(concepts: list[Concept], name: str) -> None:
    numbered = [
        Concept(**{**c.__dict__, "id": index if index % 2 else None})
        for index, c in enumerate(concepts)
    ]
    data = export(name, numbered)
    with tempfile.TemporaryDirectory() as folder:
        assert read_bytes(name, data, Path(folder)) == numbered


# What XML 1.0 forbids: C0 controls but tab, LF and CR; U+FFFE and U+FFFF; lone surrogates.
XML_FORBIDDEN = (
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
    + ["\ufffe", "\uffff"]
    + ["\ud800", "\udbff", "\udc00", "\udfff"]
)


def _strict_parse(data: bytes) -> etree._Element:
    """lxml's parser with nothing forgiven: raises on any character XML 1.0 forbids."""
    return etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))


def _hostile_concept(bad: str) -> Concept:
    return Concept(
        id=5,
        domain=f"law{bad}",
        definition=f"Thỏa{bad} thuận",
        note=f"note{bad}\nline two{bad}",
        terms=(
            Term(
                "vi",
                f"hợp{bad}đồng",
                source=f"src{bad}",
                note=f"ghi{bad}chú",
                occurrences=(Occurrence(f"doc{bad}.txt", 3, 4, f"Ký hợp{bad}đồng."),),
            ),
            Term("en", f"con{bad}tract 😀\x7f\x85\ue000", status="suggested"),
        ),
    )


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_export_never_holds_what_xml_1_0_forbids(name: str, tmp_path: Path) -> None:
    bad = "".join(XML_FORBIDDEN)
    data = export(name, [_hostile_concept(bad)])
    text = data.decode("utf-8", errors="surrogatepass")
    assert not any(ch in text for ch in XML_FORBIDDEN)
    root = _strict_parse(data)
    terms = ["".join(t.itertext()) for t in root.iter("{*}term")]
    # Dropped, and nothing else: allowed characters beyond ASCII stay.
    assert terms == ["hợpđồng", "contract 😀\x7f\x85\ue000"]
    [concept] = read_bytes(name, data, tmp_path)
    assert (concept.domain, concept.definition) == ("law", "Thỏa thuận")
    assert concept.terms[0].occurrences[0] == Occurrence("doc.txt", 3, 4, "Ký hợpđồng.")
    if all(path.exists() for path in (tbx_validate.V3_RNG, tbx_validate.V2_RNG)):
        assert VALIDATORS[name](data) == []


_hostile_text = st.text(
    alphabet=st.one_of(st.sampled_from(XML_FORBIDDEN), st.characters(), st.sampled_from("&<>\"'")),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(bad=st.lists(_hostile_text, min_size=9, max_size=9), name=st.sampled_from(["tbx", "tbx2"]))
def test_export_of_any_text_parses_as_xml(bad: list[str], name: str) -> None:
    concept = Concept(
        id=1,
        domain=bad[0],
        definition=bad[1],
        note=bad[2],
        terms=(
            Term(
                "vi",
                "a" + bad[3],
                source=bad[4],
                note=bad[5],
                occurrences=(Occurrence(bad[6], 1, 2, bad[7]),),
            ),
            Term("en", "b" + bad[8]),
        ),
    )
    data = export(name, [concept])
    root = _strict_parse(data)
    assert len(list(root.iter("{*}term"))) == 2
    with tempfile.TemporaryDirectory() as folder:
        [read] = read_bytes(name, data, Path(folder))
    assert [t.lang for t in read.terms] == ["vi", "en"]


# ----------------------------------------------------------------------------
# Other tools
# ----------------------------------------------------------------------------


def test_translate_toolkit_reads_the_v2_export() -> None:
    from translate.storage.tbx import tbxfile

    data = export("tbx2", SAMPLE)
    store = tbxfile.parsestring(data, sourcelanguage="vi", targetlanguage="en")  # type: ignore[no-untyped-call]
    assert [(u.getid(), u.source, u.target) for u in store.units] == [
        ("c12", "hợp đồng thương mại", "commercial contract"),
        ("c13", None, "quickly"),
        ("n3", "Đắk Lắk", None),
    ]
    first = store.units[0]
    assert [t.text for t in first.get_source_terms()] == [
        "hợp đồng thương mại",
        "HĐTM",
        "h.đ. thương mại",
    ]
    assert [t.text for t in first.get_target_terms()] == [
        "commercial contract",
        "trade agreement",
        "deal",
    ]
    assert [t.deprecated for t in first.get_target_terms()] == [False, True, True]
    # Told no languages, it takes the first language section as the source: the
    # writer puts the source language first.
    plain = tbxfile.parsestring(data)  # type: ignore[no-untyped-call]
    assert (plain.units[0].source, plain.units[0].target) == (
        "hợp đồng thương mại",
        "commercial contract",
    )


# ----------------------------------------------------------------------------
# Files made elsewhere
# ----------------------------------------------------------------------------


def test_reads_v2_ntig_regional_codes_and_display_statuses() -> None:
    concepts = TBX2.read(DATA / "ntig_v2.tbx")
    # The German-only entry has no Vietnamese or English term.
    assert len(concepts) == 1
    concept = concepts[0]
    assert concept.id is None
    assert concept.domain == "Luật"
    assert concept.definition == "A formal agreement between two parties."
    assert concept.note == "First line of a note\nSecond line"
    assert [(t.lang, t.text, t.status, t.type) for t in concept.terms] == [
        ("vi", "hợp đồng", "suggested", "fullForm"),
        ("en", "contract", "approved", "fullForm"),
        ("en", "agreement", "rejected", "variant"),
    ]
    contract = concept.terms[1]
    assert contract.pos == "noun"
    assert contract.source == "Legal glossary"
    assert contract.occurrences == (
        Occurrence("", context="Both parties signed the contract today."),
    )


def test_reads_v3_dct_style() -> None:
    (concept,) = TBX3.read(DATA / "dct_v3.tbx")
    assert concept.id == 7
    assert concept.domain == "Thiên văn học"
    assert concept.definition == "A group of stars formed together."
    assert [(t.lang, t.text, t.status, t.pos) for t in concept.terms] == [
        ("vi", "cụm sao mở", "rejected", "noun"),
        ("en", "open cluster", "approved", "noun"),
    ]
    assert concept.terms[1].occurrences == (
        Occurrence("seds.org", 12, None, "Over 1100 open clusters are known."),
    )


def test_reads_the_shared_v2_sample() -> None:
    concepts = TBX2.read(shared_path("schemas", "tbx", "v2", "TBX-basic-sample.tbx"))
    english = {t.text: t for c in concepts for t in c.terms}
    assert set(english) >= {"e-mail", "progressive lens", "PAL", "unscheduled operation"}
    assert english["progressive lens"].status == "approved"
    assert english["progressive addition lens"].status == "suggested"
    assert english["PAL"].status == "rejected" and english["PAL"].type == "acronym"
    assert english["graduated lens"].status == "rejected"
    assert english["e-mail"].status == "candidate"
    assert english["scheduled operation"].pos == "verb"
    assert english["scheduled operation"].occurrences[0].document == (
        "Tivoli Storage Manager Administrator's Guide"
    )
    by_id = {c.id: c for c in concepts}
    assert (by_id[2].definition or "").startswith("This is a sample definition at the language")
    assert by_id[1].domain == "manufacturing"


@pytest.mark.parametrize(
    "sample",
    [
        "Example_Astronomy_DCA_VALID.tbx",
        "Example_Astronomy_DCT_VALID.tbx",
        "TBX-basic-sample.tbx",
        "min_good.tbx",
        "core_structure_good.tbx",
    ],
)
def test_reads_the_shared_v3_samples(sample: str) -> None:
    concepts = TBX3.read(shared_path("schemas", "tbx", "v3", "samples", sample))
    assert concepts
    assert all(t.text and t.lang == "en" for c in concepts for t in c.terms)


def test_reads_the_astronomy_sample_in_detail() -> None:
    path = shared_path("schemas", "tbx", "v3", "samples", "Example_Astronomy_DCA_VALID.tbx")
    first = TBX3.read(path)[0]
    assert first.id == 1 and first.domain == "General"
    assert first.definition == "A group of stars formed together in the spiral arms of a galaxy."
    cluster, galactic = first.terms
    assert (cluster.text, cluster.status, cluster.pos) == ("open cluster", "approved", "noun")
    assert cluster.occurrences[0].document == "http://seds.org/MESSIER/open.html"
    assert (cluster.occurrences[0].context or "").startswith("Over 1100 open clusters")
    assert galactic.status == "rejected"  # supersededTerm-admn-sts
    assert (galactic.note or "").endswith(
        "N-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G"
    )


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_files_from_elsewhere_export_again_as_valid_files(name: str) -> None:
    schemas_present()
    concepts = TBX3.read(
        shared_path("schemas", "tbx", "v3", "samples", "Example_Astronomy_DCA_VALID.tbx")
    )
    # Both samples number their entries c1, c2…: keep the ids of the first only.
    v2 = TBX2.read(shared_path("schemas", "tbx", "v2", "TBX-basic-sample.tbx"))
    concepts += [dataclasses.replace(c, id=None) for c in v2]
    assert VALIDATORS[name](export(name, concepts)) == []


# ----------------------------------------------------------------------------
# Detection
# ----------------------------------------------------------------------------


def test_detect_by_root_element() -> None:
    v3 = export("tbx", SAMPLE).decode()[:4096]
    v2 = export("tbx2", SAMPLE).decode()[:4096]
    assert TBX3.detect(v3) and not TBX2.detect(v3)
    assert TBX2.detect(v2) and not TBX3.detect(v2)
    with_doctype = (
        '\ufeff<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "x.dtd" [\n]>\n'
        "<!-- <tbx> in a comment -->\n<martif type='TBX'>"
    )
    assert TBX2.detect(with_doctype) and not TBX3.detect(with_doctype)
    assert TBX3.detect('<tbx style="dca" type="TBX-Basic" xml:lang="en">')
    assert not TBX3.detect('<tmx version="1.4"><tbx')
    assert not TBX3.detect("term\ttranslation\n")
    assert not TBX2.detect("")


def test_formats_follow_the_contract() -> None:
    for fmt, name in ((TBX3, "tbx"), (TBX2, "tbx2")):
        assert fmt.name == name
        assert fmt.extensions == ("tbx",)
        assert fmt.single_equivalent is False
        assert fmt.priority == 10


# ----------------------------------------------------------------------------
# Malformed input
# ----------------------------------------------------------------------------


def _error(name: str, text: str, tmp_path: Path) -> FormatError:
    path = tmp_path / "bad.tbx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        FORMATS[name].read(path)
    assert caught.value.path == str(path)
    return caught.value


def _v3(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="vi" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>\n"
        f"<text><body>\n{body}\n</body></text>\n</tbx>\n"
    )


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_malformed_xml_names_the_line(name: str, tmp_path: Path) -> None:
    text = export(name, SAMPLE).decode().replace("</termNote>", "</termNot>", 3)
    error = _error(name, text, tmp_path)
    assert error.line is not None and error.line > 10
    assert "malformed XML" in error.message


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY lol "lol">\n]>\n'
        "<martif><text><body/></text></martif>\n"
    )
    error = _error("tbx2", text, tmp_path)
    assert error.line == 3
    assert "entities" in error.message


def test_a_language_section_without_xml_lang_names_its_line(tmp_path: Path) -> None:
    body = '<conceptEntry id="c1">\n<langSec>\n<termSec><term>x</term></termSec></langSec>'
    error = _error("tbx", _v3(body + "</conceptEntry>"), tmp_path)
    assert (error.line, error.message) == (6, "a <langSec> has no xml:lang")
    assert 'xml:lang="vi"' in (error.hint or "")


def test_an_empty_term_is_an_untranslated_equivalent(tmp_path: Path) -> None:
    # translate-toolkit (and so Weblate) writes <term/> for a target not yet translated.
    body = (
        '<conceptEntry id="c1"><langSec xml:lang="vi"><termSec><term>hòa bình</term>'
        '</termSec></langSec><langSec xml:lang="en"><termSec><term> </term></termSec>'
        "</langSec></conceptEntry>"
    )
    path = tmp_path / "untranslated.tbx"
    path.write_text(_v3(body), encoding="utf-8")
    (concept,) = FORMATS["tbx"].read(path)
    assert [(t.lang, t.text) for t in concept.terms] == [("vi", "hòa bình")]


def test_a_term_section_without_term_names_its_line(tmp_path: Path) -> None:
    body = '<conceptEntry id="c1"><langSec xml:lang="en">\n<termSec/></langSec></conceptEntry>'
    error = _error("tbx", _v3(body), tmp_path)
    assert (error.line, error.message) == (6, "a <termSec> has no <term>")


def test_a_broken_termbase_note_names_its_line(tmp_path: Path) -> None:
    text = (
        export("tbx2", SAMPLE)
        .decode()
        .replace("termbase-confidence: 0.9", "termbase-confidence: high")
    )
    error = _error("tbx2", text, tmp_path)
    assert "termbase-confidence" in error.message and "'high'" in error.message
    assert error.line is not None
    assert text.splitlines()[error.line - 1].strip() == "<note>termbase-confidence: high</note>"


def test_a_file_that_is_not_tbx(tmp_path: Path) -> None:
    error = _error("tbx", '<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>', tmp_path)
    assert error.message.startswith("the root element is <tmx>")


# ----------------------------------------------------------------------------
# The validators themselves must be able to fail
# ----------------------------------------------------------------------------


def test_the_dca_schematron_accepts_its_own_valid_example() -> None:
    path = shared_path("schemas", "tbx", "v3", "samples", "Example_Astronomy_DCA_VALID.tbx")
    schemas_present()
    assert tbx_validate.tbx3_errors(path.read_bytes()) == []


def test_the_dca_schematron_rejects_categories_basic_1_2_1_dropped() -> None:
    path = shared_path("schemas", "tbx", "v3", "samples", "TBX-basic-sample.tbx")
    schemas_present()
    data = path.read_bytes()
    assert tbx_validate.relaxng_errors(data, tbx_validate.V3_RNG) == []
    errors = tbx_validate.schematron_errors(data, tbx_validate.V3_DCA_SCH)
    assert len(errors) == 2
    assert all("Permitted type value(s): crossReference" in e for e in errors)


def test_the_dca_schematron_rejects_a_broken_export() -> None:
    schemas_present()
    data = export("tbx", SAMPLE)
    wrong_pos = data.replace(b">adverb<", b">properNoun<")
    assert any("/partOfSpeech/" in e for e in tbx_validate.tbx3_errors(wrong_pos))
    wrong_level = data.replace(b'<descrip type="context">', b'<descrip type="subjectField">', 1)
    assert any("/subjectField/ may only appear" in e for e in tbx_validate.tbx3_errors(wrong_level))
    dct = data.replace(
        b"<note>termbase-score: 12.5</note>", b'<x:score xmlns:x="urn:x">1</x:score>'
    )
    assert any("DCT style elements" in e for e in tbx_validate.tbx3_errors(dct))


def test_the_v2_validators_reject_broken_files() -> None:
    schemas_present()
    bad = shared_path("schemas", "tbx", "v2", "tbx_basic_sample_badelement.tbx").read_bytes()
    assert tbx_validate.relaxng_errors(bad, tbx_validate.V2_RNG)
    assert tbx_validate.dtd_errors(bad, tbx_validate.V2_DTD)
    good = shared_path("schemas", "tbx", "v2", "TBX-basic-sample.tbx").read_bytes()
    assert tbx_validate.tbx2_errors(good) == []
    # Only the Schematron embedded in the RELAX NG schema catches a subject field
    # at language level: the grammar and the DTD allow it.
    data = export("tbx2", SAMPLE[:1])
    moved = data.replace(
        b'<langSet xml:lang="vi">\n',
        b'<langSet xml:lang="vi">\n<descrip type="subjectField">x</descrip>\n',
    )
    assert tbx_validate.relaxng_errors(moved, tbx_validate.V2_RNG) == []
    assert tbx_validate.dtd_errors(moved, tbx_validate.V2_DTD) == []
    errors = tbx_validate.schematron_errors(moved, tbx_validate.V2_RNG)
    assert len(errors) == 1 and "Subject fields occur at the termEntry level" in errors[0]
    # TBX-Basic v2 allows tig only, not the core structure's ntig.
    ntig = export("tbx2", SAMPLE).replace(b"tig>", b"ntig>")
    assert tbx_validate.dtd_errors(ntig, tbx_validate.V2_DTD)
    assert tbx_validate.relaxng_errors(ntig, tbx_validate.V2_RNG)


def test_the_schematron_compiler_follows_schematron_semantics() -> None:
    schema = etree.fromstring(
        b"""<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
          <ns prefix="t" uri="urn:t"/>
          <ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
          <let name="limit" value="2"/>
          <pattern id="first-rule-wins">
            <rule context="t:item[@special]"><assert test="false()">special</assert></rule>
            <rule context="t:item">
              <assert test="@n">item <value-of select="name()"/> needs n</assert>
            </rule>
          </pattern>
          <pattern id="attributes-and-reports">
            <rule context="t:item/@n">
              <let name="n" value="xs:integer(.)"/>
              <report test="$n gt $limit">n is <value-of select="$n"/></report>
            </rule>
          </pattern>
        </schema>"""
    )
    processor = tbx_validate.saxon_processor()
    xslt = tbx_validate.compile_schematron(schema).decode()
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=xslt)
    document = processor.parse_xml(
        xml_text='<r xmlns="urn:t"><item n="1"/><item/><item special="1"/><item n="5"/></r>'
    )
    report = etree.fromstring(executable.transform_to_string(xdm_node=document).encode())
    found = [(f.get("pattern"), " ".join((f.text or "").split())) for f in report]
    assert found == [
        ("first-rule-wins", "item item needs n"),
        ("first-rule-wins", "special"),
        ("attributes-and-reports", "n is 5"),
    ]


def test_the_schematron_compiler_refuses_what_it_does_not_implement() -> None:
    schema = etree.fromstring(
        b"""<schema xmlns="http://purl.oclc.org/dsdl/schematron">
          <pattern abstract="true" id="a"><rule context="x"><assert test="1"/></rule></pattern>
        </schema>"""
    )
    with pytest.raises(tbx_validate.UnsupportedSchematron):
        tbx_validate.compile_schematron(schema)
