"""Gettext PO: review files for PO editors, read back into concepts."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import shared_path
from termbase.errors import FormatError, InputError
from termbase.formats import WriteOptions, detect_format
from termbase.formats.po import WRAP_WIDTH, read_po, write_po
from termbase.merge import revision
from termbase.models import Concept, Exported, Occurrence, Term
from termbase.normalize import clean

DATA = Path(__file__).parent / "data" / "po"
MSGFMT = shutil.which("msgfmt")

CONTRACT = Concept(
    id=12,
    domain="law",
    definition="Sự thỏa thuận giữa các bên về quyền và nghĩa vụ dân sự.",
    terms=(
        Term(
            "vi",
            "hợp đồng",
            status="approved",
            source="seed",
            confidence=0.9,
            occurrences=(
                Occurrence("seeds/000_082b8f8dc0542e68.txt", 12, 3),
                Occurrence("seeds/000_082b8f8dc0542e68.txt", 12, 40),
                Occurrence("seeds/003_3cea117f6d50ac2c.txt", 4),
            ),
        ),
        Term(
            "en", "contract", status="suggested", source="deep-translator:google", confidence=0.82
        ),
        Term("en", "agreement", status="rejected"),
    ),
)


def _po(concepts: list[Concept], direction: str = "vi-en") -> str:
    out = io.BytesIO()
    write_po(concepts, out, WriteOptions(direction=direction))
    return out.getvalue().decode("utf-8")


def _entry_block(text: str, msgid: str) -> str:
    """The lines of the entry whose msgid is ``msgid``."""
    for block in text.split("\n\n"):
        if f'msgid "{msgid}"' in block:
            return block
    raise AssertionError(f"no entry for {msgid!r} in:\n{text}")


def _write_file(tmp_path: Path, text: str, name: str = "terms.po") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- writing -----------------------------------------------------------------


def test_entry_layout() -> None:
    block = _entry_block(_po([CONTRACT]), "hợp đồng")
    rev = revision(CONTRACT.terms)
    assert block.splitlines() == [
        "#. Domain: law",
        "#. Definition: Sự thỏa thuận giữa các bên về quyền và nghĩa vụ dân sự.",
        "#. English, best first (the first is the translation):",
        "#. - contract — deep-translator:google, 0.82",
        "#. Rejected: agreement",
        f"#. termbase: concept 12 rev {rev}",
        '#. en target: "contract" status=suggested source=deep-translator:google confidence=0.82',
        "#: seeds/000_082b8f8dc0542e68.txt:12 seeds/003_3cea117f6d50ac2c.txt:4",
        "#, fuzzy",
        'msgid "hợp đồng"',
        'msgstr "contract"',
    ]


def test_fuzzy_marks_suggestions_only() -> None:
    concepts = [
        Concept(terms=(Term("vi", "hoà bình"), Term("en", "peace", status="approved"))),
        Concept(terms=(Term("vi", "thuỷ điện"), Term("en", "hydropower", status="suggested"))),
        Concept(terms=(Term("vi", "Đà Nẵng"),)),
        Concept(terms=(Term("vi", "vũ khí"), Term("en", "arms", status="rejected"))),
    ]
    text = _po(concepts)
    assert "#, fuzzy" not in _entry_block(text, "hoà bình")
    assert "#, fuzzy" in _entry_block(text, "thuỷ điện")
    no_target = _entry_block(text, "Đà Nẵng")
    assert 'msgstr ""' in no_target and "#, fuzzy" not in no_target
    rejected_only = _entry_block(text, "vũ khí")
    assert 'msgstr ""' in rejected_only and "#, fuzzy" not in rejected_only
    assert "alternative" not in rejected_only  # it would read back as the target


def test_best_suggestion_is_the_most_confident() -> None:
    concept = Concept(
        terms=(
            Term("vi", "kiểm soát vũ khí"),
            Term("en", "weapons control", status="suggested", confidence=0.3),
            Term("en", "arms control", status="suggested", confidence=0.9),
        )
    )
    block = _entry_block(_po([concept]), "kiểm soát vũ khí")
    assert 'msgstr "arms control"' in block
    assert "#. - arms control — 0.90\n#. - weapons control — 0.30\n" in block


def test_concepts_without_source_term_are_skipped() -> None:
    text = _po([Concept(id=1, terms=(Term("en", "orphan", status="approved"),))])
    assert "orphan" not in text


def test_msgctxt_only_when_source_terms_collide() -> None:
    concepts = [
        Concept(id=1, domain="law", terms=(Term("vi", "hoà giải"), Term("en", "mediation"))),
        Concept(id=2, domain="chemistry", terms=(Term("vi", "Hòa giải"), Term("en", "settling"))),
        Concept(id=3, terms=(Term("vi", "hoà giải"), Term("en", "reconciliation"))),
        Concept(id=4, domain="law", terms=(Term("vi", "hoà bình"), Term("en", "peace"))),
    ]
    text = _po(concepts)
    po = polib.pofile(text)
    assert [(e.msgctxt, e.msgid) for e in po] == [
        ("law", "hoà giải"),
        ("chemistry", "Hòa giải"),
        ("concept 3", "hoà giải"),
        (None, "hoà bình"),
    ]


def test_msgctxt_unique_when_domains_and_ids_repeat() -> None:
    concepts = [
        Concept(domain="law", terms=(Term("vi", "hợp đồng"), Term("en", "contract"))),
        Concept(domain="law", terms=(Term("vi", "hợp đồng"), Term("en", "covenant"))),
        Concept(id=7, terms=(Term("vi", "hợp đồng"), Term("en", "deed"))),
        Concept(id=7, terms=(Term("vi", "hợp đồng"), Term("en", "bond"))),
    ]
    contexts = [e.msgctxt for e in polib.pofile(_po(concepts))]
    assert contexts == ["entry 1", "entry 2", "concept 7", "concept 7 (2)"]


def test_references_deduplicated_in_order_and_capped() -> None:
    occurrences = tuple(Occurrence(f"seeds/{n % 12:03}.txt", n % 12 + 1) for n in range(30))
    concept = Concept(terms=(Term("vi", "vũ khí", occurrences=occurrences), Term("en", "arms")))
    block = _entry_block(_po([concept]), "vũ khí")
    refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: ")).split()
    assert refs == [f"seeds/{n:03}.txt:{n + 1}" for n in range(10)]
    assert all(len(line) <= WRAP_WIDTH for line in block.splitlines() if line.startswith("#:"))


def test_references_with_spaces_round_trip(tmp_path: Path) -> None:
    occurrences = (
        Occurrence("seeds/tin tức.txt", 7),
        Occurrence("notes 2024.txt"),
        Occurrence("odd:12"),
        Occurrence("plain.txt"),
    )
    concept = Concept(terms=(Term("vi", "hoà bình", occurrences=occurrences), Term("en", "peace")))
    text = _po([concept])
    assert (
        "#: \u2068seeds/tin tức.txt\u2069:7 \u2068notes 2024.txt\u2069 \u2068odd:12\u2069" in text
    )
    read = read_po(_write_file(tmp_path, text))
    assert read[0].terms[0].occurrences == occurrences


def test_header(tmp_path: Path) -> None:
    po = polib.pofile(_po([CONTRACT]))
    assert po.metadata == {
        "Project-Id-Version": "termbase",
        "PO-Revision-Date": "1970-01-01 00:00+0000",
        "Last-Translator": "termbase",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Generator": "termbase",
        "X-Source-Language": "vi",
    }


def test_long_strings_wrap_deterministically() -> None:
    long_text = "hiệp ước cắt giảm vũ khí chiến lược " * 4
    concept = Concept(
        terms=(Term("vi", clean(long_text)), Term("en", "strategic arms reduction treaty"))
    )
    text = _po([concept])
    assert text == _po([concept])
    assert all(len(line) <= WRAP_WIDTH for line in text.splitlines() if line.startswith('"'))
    assert 'msgid ""\n"hiệp ước' in text


def test_reverse_direction(tmp_path: Path) -> None:
    text = _po([CONTRACT], direction="en-vi")
    po = polib.pofile(text)
    assert po.metadata["Language"] == "vi"
    assert po.metadata["X-Source-Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    entry = po[0]
    assert (entry.msgid, entry.msgstr) == ("contract", "hợp đồng")
    assert "fuzzy" not in entry.flags  # the Vietnamese term is approved
    assert "- hợp đồng — approved, seed, 0.90" in entry.comment
    [concept] = read_po(_write_file(tmp_path, text))
    # The source term's status is the termbase's: the file only says what msgstr is.
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [
        ("en", "contract", "candidate"),
        ("vi", "hợp đồng", "approved"),
    ]


@pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("direction", ["vi-en", "en-vi"])
def test_msgfmt_accepts_output(tmp_path: Path, direction: str) -> None:
    concepts = [
        CONTRACT,
        Concept(id=13, domain="trade", terms=(Term("vi", "Hợp đồng"), Term("en", "deal"))),
        Concept(terms=(Term("vi", 'nói "không" với 100% \\ thuế'), Term("en", "say no"))),
        Concept(terms=(Term("vi", "hoà bình"),)),
    ]
    path = _write_file(tmp_path, _po(concepts, direction))
    _msgfmt(path)


@pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pairs=st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from(list("aăđêhòoàs -\\\"'%{}#"))).map(clean),
            st.text(alphabet=st.sampled_from(list("abc -\\\"'%\n"))).map(clean),
        ),
        max_size=6,
    )
)
def test_msgfmt_accepts_any_output(tmp_path: Path, pairs: list[tuple[str, str]]) -> None:
    concepts = [
        Concept(id=n, terms=(Term("vi", vi), *([Term("en", en)] if en else [])))
        for n, (vi, en) in enumerate(pairs)
        if vi
    ]
    _msgfmt(_write_file(tmp_path, _po(concepts)))


def _msgfmt(path: Path) -> None:
    assert MSGFMT is not None
    result = subprocess.run(
        [MSGFMT, "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# -- reading -----------------------------------------------------------------


def test_round_trip_keeps_what_po_carries(tmp_path: Path) -> None:
    """The id, the fingerprint of the decisions, msgid and msgstr with its provenance.

    The notes (domain, definition, alternatives, contexts) are for the reviewer:
    the import takes them from the termbase, not from the file.
    """
    [concept] = read_po(_write_file(tmp_path, _po([CONTRACT])))
    assert concept.id == 12
    assert (concept.domain, concept.definition) == (None, None)
    source, target = concept.terms
    assert source == Term(
        "vi",
        "hợp đồng",
        occurrences=(
            Occurrence("seeds/000_082b8f8dc0542e68.txt", 12),
            Occurrence("seeds/003_3cea117f6d50ac2c.txt", 4),
        ),
    )
    assert target == CONTRACT.terms[1]
    assert concept.exported == Exported(revision(CONTRACT.terms), CONTRACT.terms[1])


def test_notes_read_like_prose() -> None:
    """The issue's case: glossary evidence in words, the term marked in its sentence."""
    concept = Concept(
        id=877,
        terms=(
            Term(
                "vi",
                "Thứ trưởng Ngoại giao",
                occurrences=(
                    Occurrence("seeds/a.txt", 3, 1, "Ông là Thứ trưởng Ngoại giao Mỹ từ 2021."),
                    Occurrence(
                        "seeds/b.txt", 9, 1, "Thứ trưởng ngoại giao nước này đã tới Hà Nội."
                    ),
                    Occurrence("seeds/c.txt", 1, 1, "Một câu thứ ba không được in ra."),
                ),
            ),
            Term(
                "en",
                "Deputy Secretary of State",
                status="suggested",
                source="glossary",
                confidence=0.884,
                note="glossary concept 12 (government: United States): preferred English;"
                " United States: 2 of 5 occurrences name United States right after the term",
            ),
            Term(
                "en",
                "deputy foreign minister",
                status="suggested",
                source="glossary",
                confidence=0.78,
                note="glossary concept 9: preferred English; country-neutral English",
            ),
            Term("en", "Vice Minister", status="rejected"),
            Term("en", "Deputy FM", status="forbidden"),
        ),
    )
    block = _entry_block(_po([concept]), "Thứ trưởng Ngoại giao")
    notes = [line[3:] for line in block.splitlines() if line.startswith("#. ")]
    assert notes[:7] == [
        "English, best first (the first is the translation):",
        "- United States: Deputy Secretary of State — glossary, 0.88"
        " (2 of 5 occurrences name United States right after the term)",
        "- deputy foreign minister — glossary, 0.78 (country-neutral English)",
        "Rejected: Vice Minister",
        "Forbidden, never use: Deputy FM",
        "In the texts:",
        "“Ông là «Thứ trưởng Ngoại giao» Mỹ từ 2021.” (a.txt:3)",
    ]
    assert notes[7] == "“«Thứ trưởng ngoại giao» nước này đã tới Hà Nội.” (b.txt:9)"
    # Then the two lines the import needs, and nothing else.
    assert notes[8].startswith("termbase: concept 877 rev ")
    assert notes[9].startswith('en target: "Deputy Secretary of State" status=suggested')
    assert "note=" not in notes[9] and len(notes) == 10


def test_notes_that_look_like_keys_when_wrapped_are_not_read(tmp_path: Path) -> None:
    """A PO tool's wrap can start a note line with "note: …": only the last lines are read."""
    rev = revision(CONTRACT.terms)
    text = (
        "#. Definition: the parties' agreement; see the\n"
        "#. note: on civil law\n"
        "#. domain: law, which is wrong\n"
        f"#. termbase: concept 12 rev {rev}\n"
        '#. en target: "contract" status=suggested\n'
        'msgid "hợp đồng"\nmsgstr "contract"\n'
    )
    [concept] = read_po(_write_file(tmp_path, text))
    assert (concept.note, concept.domain, concept.id) == (None, None, 12)
    assert concept.exported == Exported(rev, Term("en", "contract", status="suggested"))


def test_files_of_the_previous_version_still_read(tmp_path: Path) -> None:
    text = (
        "#. termbase: concept 12\n"
        "#. domain: law\n"
        "#. vi term: status=approved source=seed\n"
        '#. en target: "contract" status=suggested\n'
        '#. en alternative: "agreement" status=rejected\n'
        "#, fuzzy\n"
        'msgid "hợp đồng"\nmsgstr "contract"\n'
    )
    [concept] = read_po(_write_file(tmp_path, text))
    assert (concept.id, concept.domain, concept.exported) == (12, "law", None)
    assert [(t.text, t.status, t.source) for t in concept.terms] == [
        ("hợp đồng", "approved", "seed"),
        ("contract", "suggested", None),
        ("agreement", "rejected", None),
    ]


def test_reviewed_file() -> None:
    concepts = read_po(DATA / "reviewed.po")
    summary = [
        (c.id, [(t.lang, t.text, t.status, t.source, t.confidence) for t in c.terms])
        for c in concepts
    ]
    assert summary == [
        (
            12,
            [
                ("vi", "hợp đồng", "approved", "seed", 0.9),
                # fuzzy flag removed: approved, provenance kept
                ("en", "contract", "approved", "deep-translator:google", 0.82),
                ("en", "agreement", "rejected", None, None),
                ("en", "deal", "candidate", "deep-translator:google", 0.4),
            ],
        ),
        # text rewritten, still fuzzy: a suggestion without the machine's provenance
        (
            13,
            [
                ("vi", "Hợp đồng", "candidate", None, None),
                ("en", "trade agreement", "suggested", None, None),
            ],
        ),
        # msgstr filled in by the reviewer
        (
            14,
            [("vi", "hoà bình", "candidate", None, None), ("en", "peace", "approved", None, None)],
        ),
        # untouched fuzzy entry keeps the recorded status
        (
            15,
            [
                ("vi", "Đà Nẵng", "candidate", None, None),
                ("en", "Da Nang", "candidate", "seed-list", None),
            ],
        ),
        # a new entry typed by the reviewer; the obsolete (#~) entry is ignored
        (
            None,
            [
                ("vi", "thuỷ điện", "candidate", None, None),
                ("en", "hydropower", "approved", None, None),
            ],
        ),
    ]
    assert concepts[0].domain == "law"
    # A translator comment ("# …") is the reviewer's note on the concept.
    assert concepts[4].note == "Added by the reviewer."
    assert concepts[2].terms[0].occurrences == (Occurrence("seeds/tin tức.txt", 7),)


def test_text_is_cleaned(tmp_path: Path) -> None:
    text = 'msgid "  Ðà  Na\u0306\u0303ng "\nmsgstr "Da\u00a0Nang"\n'
    [concept] = read_po(_write_file(tmp_path, text))
    assert [t.text for t in concept.terms] == ["Đà Nẵng", "Da Nang"]


def test_unicode_line_separators_inside_strings(tmp_path: Path) -> None:
    # str.splitlines() (and so polib) would cut these strings in two.
    path = tmp_path / "odd.po"
    path.write_bytes('msgid "hoà\u2028bình"\r\nmsgstr "peace\x0cful"\r\n'.encode())
    [concept] = read_po(path)
    assert [t.text for t in concept.terms] == ["hoà bình", "peace ful"]


def test_direction_from_language_header(tmp_path: Path) -> None:
    text = 'msgid ""\nmsgstr "Language: vi_VN\\n"\n\nmsgid "peace"\nmsgstr "hoà bình"\n'
    [concept] = read_po(_write_file(tmp_path, text))
    assert [(t.lang, t.text) for t in concept.terms] == [("en", "peace"), ("vi", "hoà bình")]


def test_x_source_language_wins(tmp_path: Path) -> None:
    text = (
        'msgid ""\nmsgstr "Language: vi\\nX-Source-Language: vi\\n"\n\n'
        'msgid "hoà bình"\nmsgstr "peace"\n'
    )
    [concept] = read_po(_write_file(tmp_path, text))
    assert concept.terms[0].lang == "vi"


def test_direction_guessed_without_header(tmp_path: Path) -> None:
    text = 'msgid "abort"\nmsgstr "hủy bỏ"\n\nmsgid "Accept"\nmsgstr "Chấp nhận"\n'
    concepts = read_po(_write_file(tmp_path, text))
    assert [c.terms[0].lang for c in concepts] == ["en", "en"]


def test_other_language_is_refused(tmp_path: Path) -> None:
    text = 'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "paix"\nmsgstr "peace"\n'
    with pytest.raises(FormatError, match="translates into 'fr'"):
        read_po(_write_file(tmp_path, text))


def test_plural_entry_takes_first_form(tmp_path: Path) -> None:
    text = (
        'msgid ""\nmsgstr "Language: vi\\n"\n\n'
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "tệp"\n'
    )
    [concept] = read_po(_write_file(tmp_path, text))
    assert [t.text for t in concept.terms] == ["file", "tệp"]


def test_gnome_glossary() -> None:
    path = shared_path("data", "glossary", "gnome-i18n", "vi.po")
    concepts = read_po(path)
    assert len(concepts) > 800
    first = concepts[0]
    # No Language header: the Vietnamese letters in msgstr decide the direction.
    assert [(t.lang, t.text, t.status) for t in first.terms] == [
        ("en", "abort", "candidate"),
        ("vi", "hủy bỏ", "approved"),
    ]


# -- malformed input -----------------------------------------------------------


def test_missing_path_is_not_taken_for_po_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_po(tmp_path / 'msgid "x"')


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_po(tmp_path)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            'msgid ""\nmsgstr ""\n\nmsgid "hợp đồng\nmsgstr "contract"\n',
            4,
            7,
            "unterminated string",
        ),
        ('msgid "a"\nmsgstr "b" "c"\n', 2, 12, "after the closing quote"),
        ('msgid "a"\nmsgstr "say "no""\n', 2, 14, "after the closing quote"),
        ('msgid "a"\nmsgstr ""\n"continued\n', 3, 1, "unterminated string"),
        ('msgid "a"\nmsgstr "b"\nhello\n', 3, 1, "not a PO line"),
        ('msgid "a"\nmsgstr[x] "b"\n', 2, 1, "not a PO line"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, None, "has no msgstr"),
        ('msgid "a"\n', 1, None, "has no msgstr"),
        ("msgid\n", 1, 1, "not a PO line"),
    ],
)
def test_malformed_po_reports_line(
    tmp_path: Path, text: str, line: int, column: int | None, message: str
) -> None:
    path = _write_file(tmp_path, text)
    with pytest.raises(FormatError, match=message) as caught:
        read_po(path)
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(path), line, column)


def test_polib_syntax_error_becomes_format_error(tmp_path: Path) -> None:
    path = _write_file(tmp_path, 'msgid "a"\nmsgstr "b"\n\nmsgstr "orphan"\n')
    with pytest.raises(FormatError, match="malformed PO file") as caught:
        read_po(path)
    assert caught.value.line == 4


@pytest.mark.parametrize(
    "comment",
    [
        "#. termbase: concept twelve",
        '#. en target: "contract status=suggested',
        '#. en alternative: "deal" status=maybe',
        '#. en alternative: "deal" colour=red',
        "#. vi term: confidence=high",
    ],
)
def test_damaged_termbase_comment(tmp_path: Path, comment: str) -> None:
    path = _write_file(tmp_path, f'{comment}\nmsgid "hợp đồng"\nmsgstr "contract"\n')
    with pytest.raises(FormatError, match="cannot read a termbase comment") as caught:
        read_po(path)
    assert caught.value.line == 1


def test_alternatives_need_a_target(tmp_path: Path) -> None:
    text = (
        '#. en target: "contract" status=suggested\n'
        '#. en alternative: "deal" status=suggested\n'
        'msgid "hợp đồng"\nmsgstr ""\n'
    )
    [concept] = read_po(_write_file(tmp_path, text))
    assert [t.text for t in concept.terms] == ["hợp đồng"]


def test_foreign_extracted_comments_are_ignored(tmp_path: Path) -> None:
    text = (
        "#. TRANSLATORS: a button label\n"
        "#. Note: capitalised, so not termbase's\n"
        '#. "To accept an offer."\n'
        'msgid "OK"\nmsgstr "Đồng ý"\n'
    )
    [concept] = read_po(_write_file(tmp_path, text))
    assert (concept.id, concept.note, concept.definition) == (None, None, None)


def test_detect(tmp_path: Path) -> None:
    path = _write_file(tmp_path, _po([CONTRACT]), "export.txt")
    assert detect_format(path).name == "po"
    path = _write_file(tmp_path, 'msgid "a"\nmsgstr "b"\n', "bare.txt")
    assert detect_format(path).name == "po"


# -- comments wrapped by PO tools --------------------------------------------

MSGCAT = shutil.which("msgcat")
MSGATTRIB = shutil.which("msgattrib")

# Long comments of every kind: free text, quoted text broken inside its quotes,
# key=value pairs, hyphenated words (textwrap may break after their hyphen).
LONG = Concept(
    id=7,
    domain="international-relations and arms-control treaties",
    definition=(
        "Hiệp ước đa phương cho phép các quốc gia thành viên thực hiện các chuyến bay"
        " quan sát không vũ trang trên lãnh thổ của nhau, ký năm 1992 tại Helsinki."
    ),
    note="checked against the treaty's English text; see the co-operation annex",
    terms=(
        Term(
            "vi",
            "Hiệp ước Bầu trời mở",
            status="approved",
            type="fullForm",
            source="seed-list-of-well-known-treaties",
            confidence=0.93,
            pos="properNoun",
            note="the official Vietnamese name, as the Ministry writes it",
            occurrences=(Occurrence("seeds/tin tức thế giới.txt", 3),),
        ),
        Term(
            "en",
            "Treaty on Open Skies",
            status="suggested",
            source="deep-translator:google-translate-long-provenance",
            confidence=0.82,
            note='a "quoted" remark, long enough to be wrapped by every tool here',
        ),
        Term("en", "Open Skies Treaty", status="rejected", source="parenthetical-mining"),
        Term("en", "OST", type="acronym", status="candidate", note="used in NATO papers"),
    ),
)


def _wrapped_lines(text: str) -> list[str]:
    """The ``#.`` lines that start no termbase comment: continuation lines of a wrap."""
    keys = ("termbase:", "domain:", "definition:", "note:", "vi ", "en ")
    return [
        line
        for line in text.splitlines()
        if line.startswith("#. ") and not line[3:].startswith(keys)
    ]


@pytest.mark.parametrize("width", [12, 20, 33, 40, 56, 78])
def test_comments_wrapped_by_polib_read_back(tmp_path: Path, width: int) -> None:
    exported = _po([LONG, CONTRACT])
    wrapped = polib.pofile(exported, wrapwidth=width).__unicode__()
    assert _wrapped_lines(wrapped), "polib did not wrap: the test would prove nothing"
    if width <= 33:  # narrow enough for a break after a hyphen
        assert any(line.endswith("-") for line in wrapped.splitlines() if line.startswith("#."))
    original = read_po(_write_file(tmp_path, exported, "original.po"))
    assert read_po(_write_file(tmp_path, wrapped, "wrapped.po")) == original


def test_polib_edit_and_save_imports(tmp_path: Path) -> None:
    """The issue's case: un-fuzzy and edit one entry with polib, save(), read it back."""
    path = _write_file(tmp_path, _po([LONG, CONTRACT]))
    before = read_po(path)
    po = polib.pofile(str(path))
    entry = po.find("hợp đồng")
    assert entry is not None
    entry.flags.remove("fuzzy")
    entry.msgstr = "civil contract"
    po.save()
    text = path.read_text(encoding="utf-8")
    assert _wrapped_lines(text)
    after = read_po(path)
    assert after[0] == before[0]
    edited = after[1]
    assert edited.terms[1] == Term("en", "civil contract", status="approved")
    assert edited.terms[0] == before[1].terms[0]
    assert edited.id == 12 and edited.exported == before[1].exported


@pytest.mark.skipif(MSGCAT is None or MSGATTRIB is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("polib_first", [False, True], ids=["as-exported", "polib-saved"])
def test_comments_survive_gettext_tools(tmp_path: Path, polib_first: bool) -> None:
    assert MSGCAT is not None and MSGATTRIB is not None
    path = _write_file(tmp_path, _po([LONG, CONTRACT]))
    original = read_po(path)
    if polib_first:
        polib.pofile(str(path)).save()
    narrow, cleared = tmp_path / "narrow.po", tmp_path / "cleared.po"
    for command in (
        [MSGCAT, "--width=40", "-o", str(narrow), str(path)],
        [MSGATTRIB, "--clear-fuzzy", "-o", str(cleared), str(narrow)],
    ):
        subprocess.run(command, check=True, capture_output=True)
    assert read_po(narrow) == original
    assert _wrapped_lines(narrow.read_text(encoding="utf-8")) or not polib_first
    # Without the fuzzy flags every msgstr is approved; the rest is unchanged.
    expected = [
        dataclasses.replace(
            concept,
            terms=tuple(
                dataclasses.replace(term, status="approved") if index == 1 else term
                for index, term in enumerate(concept.terms)
            ),
        )
        for concept in original
    ]
    assert read_po(cleared) == expected


def test_wrapped_comment_with_a_key_inside_its_text(tmp_path: Path) -> None:
    """A wrap may start a line with "domain:" inside a note: termbase never writes it there."""
    text = (
        "#. termbase: concept 3\n"
        "#. note: the old list gave the\n"
        "#. domain: law, which was wrong\n"
        '#. en target: "treaty" status=suggested note="see the\n'
        '#. en alternative: line"\n'
        'msgid "hiệp ước"\nmsgstr "treaty"\n'
    )
    [concept] = read_po(_write_file(tmp_path, text))
    assert (concept.domain, concept.note) == (
        None,
        "the old list gave the domain: law, which was wrong",
    )
    assert concept.terms[1].note == "see the en alternative: line"
