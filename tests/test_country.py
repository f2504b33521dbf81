"""Context decides the country of a title or body (issue 12, item 1).

A country is read from the words attached to each occurrence of the term (a
country right after it, an official's name, "nước này"), never from a country
named elsewhere in the sentence; a bare title or body gets the country-neutral
English of the glossary first.  The texts here are written for these tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import Run
from termbase.formats import detect_format
from termbase.normalize import tone_key
from termbase.suggest.sources.lexicon import Entry, Lexicon

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary"
SEEDS = ROOT / "seeds"
_ROW = re.compile(r"^\d+\s+(?P<term>.+?)\s{2,}[\d.]+\s+\d+\s+\d+\s+(?P<english>.*?)\s*$")


def _mine(run: Run, tmp_path: Path, folder: Path, limit: int = 60) -> dict[str, str]:
    """``termbase init`` with the glossary, ``termbase mine``: the table's term -> English."""
    db = str(tmp_path / "country.db")
    run("init", "--db", db, "--glossary", str(GLOSSARY))
    result = run("mine", str(folder), "--db", db, "--limit", str(limit))
    rows = {}
    for line in result.output.splitlines():
        match = _ROW.match(line)
        if match:
            rows[match["term"]] = match["english"]
    return rows


def _mine_text(run: Run, tmp_path: Path, text: str) -> dict[str, str]:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "story.txt").write_text(text, encoding="utf-8")
    return _mine(run, tmp_path, folder)


def test_a_bare_title_named_for_two_countries_gets_the_neutral_english(
    run: Run, tmp_path: Path
) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Thứ trưởng Ngoại giao Nga Ryabkov và Thứ trưởng Ngoại giao Mỹ Sherman gặp nhau tại"
        " Vienna để thảo luận về kiểm soát vũ khí hạt nhân.\n\n"
        "Theo Thứ trưởng Ngoại giao, hai bên sẽ tiếp tục đàm phán vào tháng sau.\n",
    )
    assert rows["Thứ trưởng Ngoại giao"] == "deputy foreign minister"
    # The terms that name the country keep that country's English.
    assert rows["Thứ trưởng Ngoại giao Nga"] == "Deputy Foreign Minister of Russia"
    assert rows["Thứ trưởng Ngoại giao Mỹ"] == "Deputy Secretary of State"


def test_thu_truong_bo_ngoai_giao_of_two_countries_is_not_the_us_title(
    run: Run, tmp_path: Path
) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Thứ trưởng Bộ Ngoại giao Mỹ đã gặp Thứ trưởng Bộ Ngoại giao Nga tại Geneva.\n\n"
        "Thứ trưởng Bộ Ngoại giao hai nước nhất trí gặp lại vào tháng sau tại Mỹ.\n",
    )
    assert rows["Thứ trưởng Bộ Ngoại giao"] == "deputy foreign minister"


def test_a_list_of_countries_after_the_title_is_no_one_country(run: Run, tmp_path: Path) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Bộ trưởng Quốc phòng Nga, Mỹ đã điện đàm về tình hình an ninh châu Âu.\n\n"
        "Sau cuộc điện đàm, Bộ trưởng Quốc phòng hai nước nhất trí duy trì liên lạc.\n",
    )
    assert rows["Bộ trưởng Quốc phòng"] == "defence minister"


def test_foreign_ministers_of_several_countries_are_foreign_ministers(
    run: Run, tmp_path: Path
) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Ngoại trưởng Mike Pompeo cho biết Mỹ sẵn sàng đối thoại.\n\n"
        "Ngoại trưởng Anh đã gọi điện cho Ngoại trưởng Triều Tiên.\n\n"
        "Ngoại trưởng Syria bác bỏ các cáo buộc của Mỹ.\n",
    )
    assert rows["Ngoại trưởng"] == "foreign minister"


def test_a_bare_ministry_in_a_story_about_russia_is_not_viet_nams(run: Run, tmp_path: Path) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Hải quân Nga tiến hành tập trận lớn ở Biển Đen trong tuần này.\n\n"
        "Bộ Quốc phòng cho biết có 20 tàu chiến tham gia. Theo Bộ Quốc phòng, cuộc tập trận"
        " sẽ kéo dài ba ngày.\n",
    )
    assert rows["Bộ Quốc phòng"] == "defence ministry"


def test_a_bare_parliament_in_a_story_about_congress_is_not_the_national_assembly(
    run: Run, tmp_path: Path
) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Các nghị sĩ Mỹ cho biết Quốc hội sẽ bỏ phiếu về dự luật ngân sách vào tuần tới.\n\n"
        "Quốc hội cũng sẽ xem xét các khoản viện trợ cho Ukraine.\n",
    )
    assert rows["Quốc hội"] == "parliament"


def test_a_country_right_after_the_term_makes_a_longer_term_of_its_own(
    run: Run, tmp_path: Path
) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Thứ trưởng Ngoại giao Nga Sergei Ryabkov nói rằng đàm phán rất khó khăn.\n\n"
        "Thứ trưởng Ngoại giao Nga Sergei Ryabkov cũng cho biết Mỹ chưa trả lời.\n",
    )
    assert rows["Thứ trưởng Ngoại giao Nga"] == "Deputy Foreign Minister of Russia"
    assert rows.get("Thứ trưởng Ngoại giao", "deputy foreign minister") == (
        "deputy foreign minister"
    )


def test_an_officials_name_in_every_occurrence_names_the_country(run: Run, tmp_path: Path) -> None:
    rows = _mine_text(
        run,
        tmp_path,
        "Ngoại trưởng Mike Pompeo nói rằng Nga phải tuân thủ hiệp ước.\n\n"
        "Ngoại trưởng Mike Pompeo cũng cho biết sẽ gặp người đồng cấp Trung Quốc.\n",
    )
    assert rows["Ngoại trưởng"] == "Secretary of State"


def test_the_other_countries_forms_are_alternatives_with_their_evidence(
    run: Run, tmp_path: Path
) -> None:
    db = str(tmp_path / "country.db")
    _mine_text(
        run,
        tmp_path,
        "Thứ trưởng Ngoại giao Nga Ryabkov và Thứ trưởng Ngoại giao Mỹ Sherman gặp nhau tại"
        " Vienna để thảo luận về kiểm soát vũ khí hạt nhân.\n\n"
        "Theo Thứ trưởng Ngoại giao, hai bên sẽ tiếp tục đàm phán vào tháng sau.\n",
    )
    result = run("suggest", "Thứ trưởng Ngoại giao", "--db", db, "--json")
    (mined,) = [
        c
        for c in json.loads(result.output)["concepts"]
        if any(t["source"] == "mined" for t in c["terms"])
    ]
    english = sorted(
        (t for t in mined["terms"] if t["lang"] == "en"), key=lambda t: -t["confidence"]
    )
    assert english[0]["text"] == "deputy foreign minister"
    notes = {t["text"]: t["note"] for t in english}
    assert re.search(
        r"Russia: 1 of \d occurrences name Russia right after the term",
        notes["Deputy Foreign Minister of Russia"],
    )
    assert re.search(
        r"United States: 1 of \d occurrences name United States right after the term",
        notes["Deputy Secretary of State"],
    )


def _lexicon() -> Lexicon:
    fmt = detect_format(GLOSSARY / "countries.glossary.tsv")
    entries = [
        Entry(i, "glossary", c.domain, c.note, tuple(c.terms_in("vi")), tuple(c.terms_in("en")))
        for i, c in enumerate(fmt.read(GLOSSARY / "countries.glossary.tsv"))
    ]
    return Lexicon(entries)


def test_nuoc_nay_is_the_country_named_just_before() -> None:
    lexicon = _lexicon()
    reader = lexicon.country_reader()
    (reading,) = reader.read(
        ["Bộ Quốc phòng"],
        ["Theo báo Izvestia (Nga), Bộ Quốc phòng nước này đã bác bỏ thông tin trên."],
    )
    assert reading.country == lexicon.country_key("Russia")
    (reading,) = reader.read(
        ["Bộ trưởng Quốc phòng"], ["Bộ trưởng Quốc phòng, ông Phan Văn Giang, tiếp khách."]
    )
    assert reading.country == lexicon.country_key("Viet Nam") and reading.by == "official"
    # A country elsewhere in the sentence is not attached to the term.
    (reading,) = reader.read(["Bộ Quốc phòng"], ["Bộ Quốc phòng đã gặp phái đoàn Nga."])
    assert reading.country is None and not reading.several


def _neutral_terms() -> dict[str, set[str]]:
    """Vietnamese tone key -> the English of the glossary's country-neutral concepts."""
    neutral: dict[str, set[str]] = {}
    for path in GLOSSARY.glob("*.glossary.tsv"):
        for concept in detect_format(path).read(path):
            if concept.domain == "government":
                for term in concept.terms_in("vi"):
                    neutral.setdefault(tone_key(term.text), set()).update(
                        t.text for t in concept.terms_in("en")
                    )
    return neutral


def test_every_bare_title_or_body_mined_from_the_seeds_gets_the_neutral_english(
    run: Run, tmp_path: Path
) -> None:
    neutral = _neutral_terms()
    rows = _mine(run, tmp_path, SEEDS, limit=2000)
    bare = {term: english for term, english in rows.items() if tone_key(term) in neutral}
    assert bare, "the seeds name no bare title or body"
    wrong = {t: e for t, e in bare.items() if e not in neutral[tone_key(t)]}
    assert not wrong
