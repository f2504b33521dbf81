"""``termbase check``: translations against the approved terms, in every format it reads.

Each failure mode of the tools it is measured against has a test: Okapi
CheckMate splits the target on spaces (multi-word terms never match), Xbench
reports synonyms and terms inside longer terms as errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import Run, shared_path
from termbase.models import Concept, Term
from termbase.store import open_db

Spec = tuple[str, Sequence[str]] | tuple[str, Sequence[str], Sequence[str]]


def make_termbase(db: Path, *concepts: Spec) -> None:
    """Concepts of one approved Vietnamese term, approved English terms, forbidden ones."""
    rows = []
    for spec in concepts:
        vi, approved = spec[0], spec[1]
        forbidden: Sequence[str] = spec[2] if len(spec) > 2 else ()  # type: ignore[misc]
        terms = [Term(lang="vi", text=vi, status="approved")]
        terms += [Term(lang="en", text=t, status="approved") for t in approved]
        terms += [Term(lang="en", text=t, status="forbidden") for t in forbidden]
        rows.append(Concept(terms=tuple(terms)))
    tb = open_db(db)
    with tb.transaction():
        tb.create_concepts(rows)
    tb.close()


def parallel(tmp_path: Path, pairs: Sequence[tuple[str, str]]) -> tuple[str, str]:
    vi, en = tmp_path / "text.vi", tmp_path / "text.en"
    vi.write_text("".join(p[0] + "\n" for p in pairs), encoding="utf-8")
    en.write_text("".join(p[1] + "\n" for p in pairs), encoding="utf-8")
    return str(vi), str(en)


def findings(run: Run, *args: str) -> list[dict[str, object]]:
    result = run("check", *args, "--format", "json", ok=False)
    assert result.exit_code in (0, 1), result.output + result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    assert result.exit_code == (1 if found else 0)
    return found


def check_pairs(run: Run, tmp_path: Path, *pairs: tuple[str, str]) -> list[dict[str, object]]:
    vi, en = parallel(tmp_path, pairs)
    return findings(run, "--vi", vi, "--en", en)


def brief(found: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(f["line"], f["kind"], f["term"]) for f in found]


# -- the anchors' failure modes ---------------------------------------------------


def test_multi_word_english_terms_match(run: Run, db_path: Path, tmp_path: Path) -> None:
    """CheckMate splits the target on spaces, so "nuclear weapon" is never found there."""
    make_termbase(db_path, ("vũ khí hạt nhân", ["nuclear weapon"]))
    found = check_pairs(
        run,
        tmp_path,
        ("Họ có vũ khí hạt nhân.", "They have a nuclear weapon."),
        ("Vũ khí hạt nhân bị cấm.", "Nuclear weapons are banned."),
        ("vũ khí hạt nhân", "weapon that is nuclear"),  # both words, not the term
    )
    assert brief(found) == [(3, "missing", "vũ khí hạt nhân")]


def test_synonyms_in_one_concept_are_alternatives(run: Run, db_path: Path, tmp_path: Path) -> None:
    """Xbench reports a segment that uses one synonym as missing the others."""
    make_termbase(db_path, ("vũ khí hạt nhân", ["nuclear weapon", "nuclear arms"]))
    found = check_pairs(
        run,
        tmp_path,
        ("Kho vũ khí hạt nhân", "The nuclear arms stockpile"),
        ("Kho vũ khí hạt nhân", "The nuclear weapons stockpile"),
        ("Kho vũ khí hạt nhân", "The atomic stockpile"),
    )
    assert brief(found) == [(3, "missing", "vũ khí hạt nhân")]
    assert found[0]["expected"] == ["nuclear weapon", "nuclear arms"]


def test_term_inside_a_longer_term_is_not_checked_twice(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    """Xbench checks "quốc hội" inside "Đại biểu Quốc hội" as well: a false error."""
    make_termbase(db_path, ("quốc hội", ["parliament"]), ("Đại biểu Quốc hội", ["deputy"]))
    found = check_pairs(
        run,
        tmp_path,
        ("Các Đại biểu Quốc hội đã họp.", "The deputies met."),
        ("Đại biểu Quốc hội phát biểu.", "A member spoke."),
        ("Quốc hội họp.", "Parliament met."),
    )
    assert brief(found) == [(2, "missing", "Đại biểu Quốc hội")]


def test_forbidden_term_is_reported(run: Run, db_path: Path, tmp_path: Path) -> None:
    make_termbase(db_path, ("cá mập", ["shark"], ["dogfish"]))
    found = check_pairs(
        run,
        tmp_path,
        ("Con cá mập lớn", "The big shark, not a dogfish"),
        ("Con cá mập nhỏ", "The small dogfish"),
        ("Con cá mập", "The shark"),
    )
    assert brief(found) == [
        (1, "forbidden", "cá mập"),
        (2, "missing", "cá mập"),
        (2, "forbidden", "cá mập"),
    ]
    assert found[0]["found"] == "dogfish"
    assert found[0]["expected"] == ["shark"]


def test_forbidden_term_inside_an_approved_one_is_the_approved_one(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    make_termbase(db_path, ("an ninh quốc gia", ["national security"], ["security"]))
    found = check_pairs(
        run,
        tmp_path,
        ("Vì an ninh quốc gia", "For national security"),
        ("Vì an ninh quốc gia", "For national security, not mere security"),
    )
    assert brief(found) == [(2, "forbidden", "an ninh quốc gia")]


@pytest.mark.parametrize(
    ("vi", "en", "target"),
    [
        ("vũ khí", "weapon", "Weapons were found."),  # plural -s, case
        ("thuế", "tax", "New taxes were announced."),  # -es
        ("chính sách", "policy", "Their policies changed."),  # -ies
        ("nhà thờ", "church", "The churches closed."),  # -es after ch
        ("Hội đồng Bảo an", "Security Council", "The Security Council's vote."),  # possessive
        ("quốc gia", "state", "The member states’ vote."),  # plural possessive, curly
        ("Hội đồng Bảo an", "Security Council", "THE SECURITY COUNCIL VOTED."),  # case
        ("lệnh ngừng bắn", "cease-fire", "A cease fire began."),  # hyphen → space
        ("lệnh ngừng bắn", "cease-fire", "A ceasefire began."),  # hyphen → closed up
        ("lệnh ngừng bắn", "cease fire", "A cease-fire began."),  # space → hyphen
    ],
)
def test_english_inflection_and_spelling_variants_are_allowed(
    run: Run, db_path: Path, tmp_path: Path, vi: str, en: str, target: str
) -> None:
    make_termbase(db_path, (vi, [en]))
    assert check_pairs(run, tmp_path, (f"Về {vi} này", target)) == []


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("hòa bình", "Vì HOÀ BÌNH"),  # old-style tone placement, upper case
        ("hoà bình", "vì hòa bình"),  # new style in the text, old in the termbase
        ("thủy điện", "Nhà máy Thuỷ Điện"),
        ("Quốc hội", "quốc hội họp"),
        ("tỷ lệ thất nghiệp", "Tỉ lệ thất nghiệp tăng"),  # "i" for "y"
        ("kĩ sư", "các kỹ sư phần mềm"),  # "y" for "i"
    ],
)
def test_vietnamese_tone_styles_and_case_match(
    run: Run, db_path: Path, tmp_path: Path, term: str, text: str
) -> None:
    make_termbase(db_path, (term, ["TERM"]))
    found = check_pairs(run, tmp_path, (text, "nothing here"))
    assert brief(found) == [(1, "missing", term)]


@pytest.mark.parametrize("text", ["vấn đề an ninhx", "xan ninh", "anninh"])
def test_vietnamese_terms_match_whole_syllables_only(
    run: Run, db_path: Path, tmp_path: Path, text: str
) -> None:
    make_termbase(db_path, ("an ninh", ["security"]))
    result = run(
        "check", *_parallel_args(tmp_path, [(text, "nothing")]), "--format", "json", ok=False
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["segments_with_terms"] == 0
    assert report["findings"] == []


def _parallel_args(tmp_path: Path, pairs: Sequence[tuple[str, str]]) -> list[str]:
    vi, en = parallel(tmp_path, pairs)
    return ["--vi", vi, "--en", en]


def test_reverse_direction_checks_the_vietnamese_side(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    make_termbase(db_path, ("vũ khí hạt nhân", ["nuclear weapon"], ()), ("đàm phán", ["talks"]))
    args = _parallel_args(
        tmp_path,
        [
            ("Kho vũ khí hạt nhân", "The nuclear weapons stockpile"),
            ("Kho vũ khí nguyên tử", "The nuclear weapons stockpile"),
            ("Cuộc họp", "The talks"),
        ],
    )
    found = findings(run, *args, "--direction", "en-vi")
    assert [(f["line"], f["kind"], f["term"], f["expected"]) for f in found] == [
        (2, "missing", "nuclear weapon", ["vũ khí hạt nhân"]),
        (3, "missing", "talks", ["đàm phán"]),
    ]
    assert found[0]["direction"] == "en-vi"


# -- input formats ----------------------------------------------------------------

GOOD = ("Hội đồng Bảo an họp", "The Security Council met")
BAD = ("Hội đồng Bảo an bỏ phiếu", "The council voted")


def _po(path: Path, language: str, pairs: Sequence[tuple[str, str]]) -> None:
    body = "".join(f'\nmsgid "{s}"\nmsgstr "{t}"\n' for s, t in pairs)
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n{body}',
        encoding="utf-8",
    )


@pytest.fixture
def council(db_path: Path) -> None:
    make_termbase(db_path, ("Hội đồng Bảo an", ["Security Council"], ["Safety Council"]))


@pytest.mark.usefixtures("council")
def test_po_vietnamese_source(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "vi.po"
    _po(path, "en", [GOOD, BAD])
    found = findings(run, str(path))
    assert [(f["locator"], f["line"], f["kind"]) for f in found] == [("line 9", 9, "missing")]


@pytest.mark.usefixtures("council")
def test_po_english_source_is_checked_the_other_way(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "en.po"
    _po(path, "vi", [(GOOD[1], GOOD[0]), ("The Security Council voted", "Hội đồng bỏ phiếu")])
    found = findings(run, str(path))
    assert brief(found) == [(9, "missing", "Security Council")]


@pytest.mark.usefixtures("council")
def test_po_without_a_language_asks_for_direction(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    result = run("check", str(path), ok=False)
    assert result.exit_code == 2
    assert "pass --direction vi-en|en-vi" in result.stderr
    assert findings(run, str(path), "--direction", "vi-en") == []


@pytest.mark.usefixtures("council")
def test_tmx(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    units = "".join(
        f'<tu tuid="{n}"><tuv xml:lang="vi-VN"><seg>{vi}</seg></tuv>'
        f'<tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
        for n, (vi, en) in enumerate(
            [
                GOOD,
                BAD,
                (
                    "Hội đồng <bpt i='1'>&lt;b&gt;</bpt>Bảo an<ept i='1'>&lt;/b&gt;</ept>",
                    "The <hi>Security</hi> Council",
                ),
            ],
            1,
        )
    )
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="vi-VN" segtype="sentence"'
        ' datatype="plaintext" adminlang="en" creationtool="t" creationtoolversion="1"'
        f' o-tmf="t"/><body>{units}</body></tmx>',
        encoding="utf-8",
    )
    found = findings(run, str(path))
    assert [(f["locator"], f["kind"]) for f in found] == [("tuid 2", "missing")]


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="{src}" target-language="{trg}" datatype="plaintext" original="x">
  <body>
   <trans-unit id="a1"><source>Hội đồng <g id="1">Bảo an</g> họp</source>
     <target>The <g id="1">Security</g><x id="2"/> Council met</target></trans-unit>
   <trans-unit id="a2"><source>Hội đồng Bảo an<ph id="3">&lt;br/&gt;</ph> bỏ phiếu</source>
     <target>The council voted <ph id="3">Security Council</ph></target></trans-unit>
   <trans-unit id="a3"><source>Hội đồng Bảo an</source></trans-unit>
  </body>
 </file>
</xliff>
"""


@pytest.mark.usefixtures("council")
def test_xliff_12(run: Run, tmp_path: Path) -> None:
    """A <ph>'s content is code, not text; a <g>'s is text; a unit without target is skipped."""
    path = tmp_path / "file.xlf"
    path.write_text(XLIFF12.format(src="vi-VN", trg="en-US"), encoding="utf-8")
    found = findings(run, str(path))
    assert [(f["locator"], f["line"], f["kind"]) for f in found] == [
        ("unit a2 (line 7)", 7, "missing")
    ]
    text = run("check", str(path), ok=False)
    assert text.exit_code == 1
    assert text.stdout.startswith(f"{path}:7: unit a2: ")
    assert "1 skipped" in text.stdout


@pytest.mark.usefixtures("council")
def test_xliff_12_english_source(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "file.xliff"
    units = "".join(
        f'<trans-unit id="e{n}"><source>{en}</source><target>{vi}</target></trans-unit>'
        for n, (vi, en) in enumerate([GOOD, ("Hội đồng bỏ phiếu", "The Security Council voted")])
    )
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file source-language="en-GB" target-language="vi" datatype="x" original="x">'
        f"<body>{units}</body></file></xliff>",
        encoding="utf-8",
    )
    found = findings(run, str(path))
    assert [(f["locator"], f["direction"], f["term"]) for f in found] == [
        ("unit e1 (line 1)", "en-vi", "Security Council")
    ]


@pytest.mark.usefixtures("council")
def test_xliff_20(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "file.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="vi"'
        ' trgLang="en">\n<file id="f1">\n'
        '<unit id="u1"><segment><source>Hội đồng <pc id="1">Bảo an</pc> họp</source>'
        '<target>The <pc id="1">Security</pc> Council<ph id="2"/> met</target></segment>'
        "</unit>\n"
        '<unit id="u2"><segment id="s1"><source>Hội đồng Bảo an họp.</source>'
        "<target>The Security Council met.</target></segment>"
        '<segment id="s2"><source>Hội đồng Bảo an bỏ phiếu.</source>'
        "<target>The Safety Council voted.</target></segment></unit>\n"
        "</file>\n</xliff>\n",
        encoding="utf-8",
    )
    found = findings(run, str(path))
    assert [(f["locator"], f["kind"]) for f in found] == [
        ("unit u2 segment s2 (line 5)", "missing"),
        ("unit u2 segment s2 (line 5)", "forbidden"),
    ]


@pytest.mark.usefixtures("council")
@pytest.mark.parametrize(("name", "sep"), [("pairs.csv", ","), ("pairs.tsv", "\t")])
def test_csv_and_tsv(run: Run, tmp_path: Path, name: str, sep: str) -> None:
    path = tmp_path / name
    path.write_text(
        f"id{sep}vi{sep}en\n"
        + "".join(f"{n}{sep}{v}{sep}{e}\n" for n, (v, e) in enumerate([GOOD, BAD], 1)),
        encoding="utf-8",
    )
    found = findings(run, str(path))
    assert [(f["locator"], f["kind"]) for f in found] == [("line 3", "missing")]


@pytest.mark.usefixtures("council")
def test_parallel_text(run: Run, tmp_path: Path) -> None:
    found = check_pairs(run, tmp_path, GOOD, BAD, GOOD)
    assert brief(found) == [(2, "missing", "Hội đồng Bảo an")]


# -- output and exit codes ----------------------------------------------------------


@pytest.mark.usefixtures("council")
def test_text_output(run: Run, tmp_path: Path) -> None:
    vi, en = parallel(tmp_path, [GOOD, BAD, ("Hội đồng Bảo an", "The Safety Council")])
    result = run("check", "--vi", vi, "--en", en, ok=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f'{vi}:2: "Hội đồng Bảo an" should be translated "Security Council";'
        " the translation has none of these",
        f'{vi}:3: "Hội đồng Bảo an" should be translated "Security Council";'
        " the translation has none of these",
        f'{vi}:3: "Hội đồng Bảo an" translated with the forbidden "Safety Council";'
        ' use "Security Council"',
        "3 findings: 3 segments read, 3 with approved terms",
    ]


@pytest.mark.usefixtures("council")
def test_junit_output_parses_as_xml(run: Run, tmp_path: Path) -> None:
    vi, en = parallel(tmp_path, [GOOD, BAD, ("Không có gì", "Nothing")])
    result = run("check", "--vi", vi, "--en", en, "--format", "junit", ok=False)
    assert result.exit_code == 1
    root = ElementTree.fromstring(result.stdout_bytes)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == (vi, "2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["line 1", "line 2"]
    failure = cases[1].find("failure")
    assert failure is not None
    assert "Security Council" in (failure.get("message") or "")


@pytest.mark.usefixtures("council")
def test_clean_file_exits_0(run: Run, tmp_path: Path) -> None:
    vi, en = parallel(tmp_path, [GOOD, GOOD])
    result = run("check", "--vi", vi, "--en", en)
    assert result.stdout == "no findings: 2 segments read, 2 with approved terms\n"
    junit = run("check", "--vi", vi, "--en", en, "--format", "junit")
    assert ElementTree.fromstring(junit.stdout_bytes).get("failures") == "0"


@pytest.mark.usefixtures("council")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "name a file to check, or --vi and --en"),
        (["--vi", "{vi}"], "--vi and --en come together"),
        (["{vi}", "--format", "xml"], "Invalid value for '--format'"),
        (["missing.po"], "does not exist"),
    ],
)
def test_usage_errors_exit_2(run: Run, tmp_path: Path, args: list[str], message: str) -> None:
    vi, _en = parallel(tmp_path, [GOOD])
    result = run("check", *[a.format(vi=vi) for a in args], ok=False)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.usefixtures("council")
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", "hello", "cannot tell the format from the extension"),
        ("bad.xlf", "<xliff><file>", "not well-formed XML"),
        ("other.xlf", "<html/>", "not XLIFF 1.2 or 2.0"),
        ("bad.tmx", "<tmx><body><tu>", "not well-formed XML"),
        ("bad.csv", "a,b\n1,2\n", "no vi and en columns"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    run: Run, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("check", str(path), ok=False)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_termbase_without_approved_terms_is_an_error(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        tb.create_concepts(
            [Concept(terms=(Term("vi", "an ninh", status="suggested"), Term("en", "security")))]
        )
    tb.close()
    vi, en = parallel(tmp_path, [("an ninh", "nothing")])
    result = run("check", "--vi", vi, "--en", en, ok=False)
    assert result.exit_code == 2
    assert "no approved terms" in result.stderr


# -- a real bilingual file: NTREX with planted errors -----------------------------

# Terms that occur in the first 100 lines of NTREX-128's English-Vietnamese pair, with
# the English those lines use: test data chosen for this test, not product data.
NTREX_CONCEPTS: list[Spec] = [
    ("Đại biểu Quốc hội", ["AM", "Assembly Member"]),
    ("quốc hội", ["assembly"]),
    ("trưng cầu dân ý", ["referendum", "public consultation"]),
    ("cá mập", ["shark"], ["dogfish"]),
    ("siêu thị", ["supermarket"]),
    ("nhà bán lẻ", ["retailer"]),
    ("người dẫn chương trình", ["presenter", "host", "anchor"]),
    ("cổ phần", ["stake"]),
]
# (English text of one occurrence, its replacement, the term whose check it breaks, kinds)
PLANTED = [
    (
        "There is consternation among some AMs",
        "There is consternation among some MPs",
        "Đại biểu Quốc hội",
        ["missing"],
    ),
    (
        "gave the Welsh assembly the power",
        "gave the Welsh legislature the power",
        "quốc hội",
        ["missing"],
    ),
    ("go to polls in referendum", "go to polls in vote", "trưng cầu dân ý", ["missing"]),
    (
        "A shark attacked and injured",
        "A dogfish attacked and injured",
        "cá mập",
        ["missing", "forbidden"],
    ),
    ("comes as supermarkets hunt", "comes as grocers hunt", "siêu thị", ["missing"]),
    ("a 40 per cent stake in", "a 40 per cent share in", "cổ phần", ["missing"]),
]


def test_ntrex_planted_errors_are_found_and_nothing_else(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    folder = shared_path("data", "parallel", "ntrex128")
    vi_lines = (folder / "newstest2019-ref.vie.txt").read_text(encoding="utf-8").splitlines()
    en_lines = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(vi_lines[:100], en_lines[:100], strict=True))
    make_termbase(db_path, *NTREX_CONCEPTS)

    clean = tmp_path / "clean"
    clean.mkdir()
    report = run("check", *_parallel_args(clean, pairs), "--format", "json")
    summary = json.loads(report.stdout)
    assert summary["findings"] == []
    assert summary["segments_with_terms"] >= 30  # the concepts do occur

    expected = []
    altered = list(pairs)
    for old, new, term, kinds in PLANTED:
        [index] = [i for i, (_vi, en) in enumerate(altered) if old in en]
        altered[index] = (altered[index][0], altered[index][1].replace(old, new))
        expected += [(index + 1, kind, term) for kind in kinds]
    planted = tmp_path / "planted"
    planted.mkdir()
    found = findings(run, *_parallel_args(planted, altered))
    assert sorted(brief(found)) == sorted(expected)  # type: ignore[type-var]
    assert all(re.search(r"\w", str(f["target"])) for f in found)
