"""Issue 12, names and compositional English, through ``termbase suggest`` and ``mine``.

Names in Latin letters keep their order and spelling (the identity source), titles go
before them in English order, Vietnamese names of foreign cities get their English names,
and a composition takes the core lexicon's senses, English's attested phrases, and says
so with a confidence below 0.5 when English does not back it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, db_connect

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"


def suggested(db_path: Path, vietnamese: str) -> list[tuple[str, str, float]]:
    """The English suggested for a Vietnamese term: text, source, confidence, best first."""
    with db_connect(db_path) as conn:
        rows = conn.execute(
            "SELECT en.text, en.source, en.confidence FROM terms en"
            " JOIN terms vi ON vi.concept_id = en.concept_id"
            " WHERE vi.lang = 'vi' AND vi.text = ? AND en.lang = 'en'"
            " ORDER BY en.confidence DESC, en.text",
            (vietnamese,),
        ).fetchall()
    return [(t, s, c) for t, s, c in rows]


def suggest(run: Run, db_path: Path, *terms: str, glossary: bool = False) -> None:
    if glossary:
        run("init", "--db", str(db_path))
    else:
        run("init", "--db", str(db_path), "--no-glossary")
    for term in terms:
        run("add", term, "--status", "candidate", "--db", str(db_path))
    run("suggest", "--all", "--db", str(db_path))


@pytest.mark.parametrize(
    "name",
    ["Vladimir Putin", "Kao Kim Hourn", "Putin", "Trump", "Moscow", "Washington", "Geneva"],
)
def test_a_latin_name_keeps_its_order_and_spelling(run: Run, db_path: Path, name: str) -> None:
    suggest(run, db_path, name)
    best = suggested(db_path, name)[0]
    assert best[:2] == (name, "identity")
    assert not any(
        t in ("Putin Vladimir", "Vladimir of Putin") for t, _, _ in suggested(db_path, name)
    )


def test_vietnamese_syllables_without_marks_are_no_name(run: Run, db_path: Path) -> None:
    # "Ha Noi" is Vietnamese written without its marks, not a foreign name.
    suggest(run, db_path, "Ha Noi")
    assert all(s != "identity" for _, s, _ in suggested(db_path, "Ha Noi"))


def test_a_title_goes_before_a_name_in_english_order(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The glossary's "Tổng thống Nga" is "President of Russia"; before a name it is
    # "Russian President", and the name keeps its place and order.
    monkeypatch.setenv("TERMBASE_GLOSSARY", str(GLOSSARY))
    term = "Tổng thống Nga Vladimir Putin"
    suggest(run, db_path, term, "Tổng thư ký ASEAN Kao Kim Hourn", glossary=True)
    assert suggested(db_path, term)[0][0] == "Russian President Vladimir Putin"
    best = suggested(db_path, "Tổng thư ký ASEAN Kao Kim Hourn")[0][0]
    assert best.endswith(" Kao Kim Hourn") and best.startswith("ASEAN Secretary")


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [("Oa-sinh-tơn", "Washington"), ("Giơ-ne-vơ", "Geneva"), ("Genève", "Geneva")],
)
def test_foreign_cities_get_their_english_names(
    run: Run, db_path: Path, vietnamese: str, english: str
) -> None:
    suggest(run, db_path, vietnamese)
    assert suggested(db_path, vietnamese)[0][0] == english


def test_mined_names_and_cities_get_english(run: Run, db_path: Path, tmp_path: Path) -> None:
    text = tmp_path / "news.txt"
    text.write_text(
        "Tổng thống Nga Vladimir Putin đến Giơ-ne-vơ. Tổng thống Nga Vladimir Putin nói.\n"
        "Ông Vladimir Putin và ông Donald Trump gặp nhau ở Giơ-ne-vơ.\n",
        encoding="utf-8",
    )
    run("init", "--db", str(db_path), "--no-glossary")
    run("mine", str(text), "--db", str(db_path))
    for vietnamese, english in (
        ("Vladimir Putin", "Vladimir Putin"),
        ("Tổng thống Nga Vladimir Putin", "Russian President Vladimir Putin"),
    ):
        assert suggested(db_path, vietnamese)[0][0] == english


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        ("tấn công tình dục", "sexual assault"),
        ("máy chủ", "server"),
        ("Thứ trưởng Bộ Ngoại giao", "Deputy Foreign Minister"),
        ("Hội đồng Bảo an Liên Hiệp quốc", "United Nations Security Council"),
    ],
)
def test_composition_takes_the_core_lexicon_and_attested_english(
    run: Run, db_path: Path, vietnamese: str, english: str
) -> None:
    suggest(run, db_path, vietnamese)
    found = suggested(db_path, vietnamese)
    assert found[0][0] == english
    # The wrong reading, if it comes at all, comes with less confidence.
    assert all(c < found[0][2] for _, _, c in found[1:])


@pytest.mark.parametrize(
    ("vietnamese", "wrong"),
    [
        ("quả bóng vàng", "golden shadow fruit"),
        ("Liên đoàn Công nghiệp Đức", "German Industrial Union"),
    ],
)
def test_a_composition_english_does_not_back_is_a_low_guess(
    run: Run, db_path: Path, vietnamese: str, wrong: str
) -> None:
    suggest(run, db_path, vietnamese)
    for text, source, confidence in suggested(db_path, vietnamese):
        if source == "compositional" and text == wrong:
            assert confidence < 0.5
    assert all(t != "golden shadow fruit" for t, _, _ in suggested(db_path, vietnamese))


@pytest.mark.parametrize(
    ("term", "english"),
    [
        ("cuộc chiến thương mại Mỹ-Trung", "US-China trade war"),
        ("tuyên bố chung Anh-Pháp", "UK-France joint statement"),
        ("hội nghị thượng đỉnh Nhật-Hàn", "Japan-South Korea summit"),
    ],
)
def test_a_hyphenated_pair_of_countries_is_one_modifier(
    run: Run, db_path: Path, term: str, english: str
) -> None:
    # "Mỹ-Trung" is the US and China ("Trung" stands for "Trung Quốc" in a pair), not a name
    # to keep as written: before, such a term got no English at all, or "Anh-Pháp" unchanged.
    suggest(run, db_path, term)
    found = [t for t, s, _ in suggested(db_path, term) if s == "compositional"]
    assert english in found, found


def test_a_title_of_two_countries_is_only_a_guess(run: Run, db_path: Path) -> None:
    # "Tổng thống Mỹ-Nga" is two people (the US and Russian presidents): "US-Russia President"
    # may be shown, but never as a confident rendering.
    suggest(run, db_path, "Thủ tướng Nhật-Hàn")
    composed = [c for t, s, c in suggested(db_path, "Thủ tướng Nhật-Hàn") if s == "compositional"]
    assert composed and max(composed) < 0.3
