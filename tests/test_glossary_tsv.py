"""The curated-glossary TSV: a concept per line, variants and acronyms kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from termbase.errors import FormatError
from termbase.formats import WriteOptions, detect_format, get_format
from termbase.formats.glossary_tsv import escape_term, parse_terms, read_glossary
from termbase.models import Concept, Term

UN_LINE = (
    "Liên hợp quốc | Liên Hiệp Quốc | LHQ [acronym]\tUnited Nations | UN [acronym]"
    "\tinternational organization\tofficial name"
)


def _write(concepts: list[Concept], direction: str = "vi-en") -> str:
    out = io.BytesIO()
    get_format("glossary").write(concepts, out, WriteOptions(direction=direction))
    return out.getvalue().decode("utf-8")


def _file(tmp_path: Path, text: str, name: str = "g.glossary.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_line_gives_every_term_approved_without_a_source(tmp_path: Path) -> None:
    path = _file(tmp_path, f"# termbase glossary v1\n# a comment\n\n{UN_LINE}\n")
    [concept] = read_glossary(path)
    assert concept.domain == "international organization"
    assert concept.note == "official name"
    assert [(t.lang, t.text, t.type) for t in concept.terms] == [
        ("vi", "Liên hợp quốc", "fullForm"),
        ("vi", "Liên Hiệp Quốc", "fullForm"),
        ("vi", "LHQ", "acronym"),
        ("en", "United Nations", "fullForm"),
        ("en", "UN", "acronym"),
    ]
    # termbase init records the source "glossary"; the file itself names none.
    assert {(t.status, t.source) for t in concept.terms} == {("approved", None)}


def test_tags_give_type_and_status_in_any_order() -> None:
    terms = parse_terms("UN [acronym] [suggested] | U.N. [forbidden][abbreviation] | UNO", "en")
    assert [(t.text, t.type, t.status) for t in terms] == [
        ("UN", "acronym", "suggested"),
        ("U.N.", "abbreviation", "forbidden"),
        ("UNO", "fullForm", "approved"),
    ]


def test_domain_and_note_may_be_left_out(tmp_path: Path) -> None:
    [concept] = read_glossary(_file(tmp_path, "đồng minh\tally | allies\n"))
    assert concept.domain is None and concept.note is None
    assert [t.text for t in concept.terms_in("en")] == ["ally", "allies"]


def test_escapes_keep_bars_brackets_hashes_and_backslashes() -> None:
    text = "#a | b [c] \\ d"
    cell = escape_term(text)
    assert cell == "#a \\| b \\[c] \\\\ d"
    assert [t.text for t in parse_terms(cell + " [variant]", "en")] == [text]
    assert parse_terms(cell + " [variant]", "en")[0].type == "variant"


def test_writer_output_is_exact_and_puts_the_best_term_first() -> None:
    concept = Concept(
        domain="diplomacy",
        definition="dropped",
        terms=(
            Term("vi", "#1 người đồng cấp", status="candidate"),
            Term("en", "opposite number", status="suggested", confidence=0.4),
            Term("en", "counterpart", status="approved"),
            Term("en", "peer", status="rejected"),
            Term("en", "CP", type="acronym", status="suggested"),
        ),
    )
    assert _write([concept]) == (
        "# termbase glossary v1\n"
        "# vi<TAB>en<TAB>domain<TAB>note; terms separated by ' | ', preferred first; "
        "tags after a term: [acronym] [abbreviation] [variant] [phrase]; "
        "[candidate] [suggested] [rejected] [forbidden] (default approved)\n"
        "\\#1 người đồng cấp [candidate]\tcounterpart | opposite number [suggested]"
        " | peer [rejected] | CP [acronym] [suggested]\tdiplomacy\t\n"
    )
    assert _write([concept], "en-vi") == _write([concept])


def test_detected_by_its_first_line(tmp_path: Path) -> None:
    marked = _file(tmp_path, f"# termbase glossary v1\n{UN_LINE}\n", "countries.txt")
    assert detect_format(marked).name == "glossary"
    # Content is judged before the extension, and OmegaT takes any tab-separated
    # line: without the marker only --format glossary reads the file as a glossary.
    unmarked = _file(tmp_path, f"{UN_LINE}\n", "org.glossary.tsv")
    assert detect_format(unmarked).name == "omegat"
    assert len(get_format("glossary").read(unmarked)[0].terms) == 5
    omegat = _file(tmp_path, "# termbase glossary vi-en for OmegaT\nhợp đồng\tcontract\n", "o.txt")
    assert detect_format(omegat).name == "omegat"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("hợp đồng contract", "expected at least 2 tab-separated columns (vi, en), found 1"),
        ("a\tb\tc\td\te", "expected at most 4 tab-separated columns (vi, en, domain, note)"),
        ("a || b\tc", "in the vi column: a term is empty"),
        ("a\tUN [acronim]", "in the en column: unknown tag [acronim]"),
        ("a\tUN [acronym] x", "in the en column: text after the [acronym] tag"),
        ("a\tUN [acronym] [variant]", "in the en column: 'UN' has two type tags"),
        ("a\tUN [rejected] [approved]", "in the en column: 'UN' has two status tags"),
        ("a\tUN [acronym", "in the en column: a [ opens a tag that is never closed"),
        ("a\\b\tc", "in the vi column: a backslash must come before"),
        ("\t\tdomain", "the line has neither a Vietnamese nor an English term"),
    ],
)
def test_malformed_lines_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = _file(tmp_path, f"# termbase glossary v1\n\nđồng minh\tally\n{line}\n")
    with pytest.raises(FormatError) as caught:
        read_glossary(path)
    assert caught.value.line == 4
    assert caught.value.message.startswith(message)
    assert str(caught.value).startswith(f"{path}:4: {message}")
