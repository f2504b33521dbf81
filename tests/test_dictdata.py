"""The shipped dictionary data: FVDP glosses, the core lexicon, general English frequencies."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest

from termbase.data.dictionary import CORE_POS, english_equivalents, load_dictionary
from termbase.models import Term
from termbase.normalize import i_y_variant, tone_key
from termbase.suggest.sources import Candidate
from termbase.suggest.sources.compose import CompositionalSource
from termbase.suggest.sources.compose.titles import open_title
from termbase.suggest.sources.dictionary import DictionarySource
from termbase.suggest.sources.lexicon import Entry, Lexicon, name_case, phrase_key


def test_typos_in_glosses_are_mended_and_the_sense_is_quoted_as_written() -> None:
    d = load_dictionary()
    (sense,) = [s for s in d.senses[tone_key("ngoại giao")] if "piplomacy" in s.text]
    assert sense.glosses == ("diplomacy",)
    force = [g for s in d.senses[tone_key("lực lượng")] for g in s.glosses]
    assert "force" in force and "froce" not in force


def test_the_light_english_index_gives_what_the_whole_dictionary_gives() -> None:
    # The miner's acronym check reads english_equivalents so as not to load the whole
    # dictionary: for every key, the same English as core, senses, places and learned.
    d = load_dictionary()
    light = english_equivalents()
    keys = {*d.core, *d.senses, *d.places, *d.learned, *light}
    for key in keys:
        full = {g for s in (*d.core.get(key, ()), *d.senses.get(key, ())) for g in s.glosses}
        full |= {*d.places.get(key, ()), *(word for word, _ in d.learned.get(key, ()))}
        assert set(light.get(key, ())) == full, key


def test_common_english_outranks_rare_english_among_senses() -> None:
    lexicon = Lexicon([])
    assert lexicon.commonness("sky") > lexicon.commonness("firmament")
    assert lexicon.commonness("words the table never saw: zzzq") == 1.0
    # FVDP: "bầu trời: Vault of heaven, firmament"; "sky" is learned from an example.
    options = [o.english for o in lexicon.options(tone_key("bầu trời"))]
    assert options.index("sky") < options.index("firmament")


def test_english_frequencies_ship_with_their_attribution() -> None:
    d = load_dictionary()
    assert d.zipf["treaty"] > 3 > d.zipf.get("firmament", 0)
    readme = resources.files("termbase.data").joinpath("README.md").read_text("utf-8")
    assert "wordfreq" in readme and "CC BY-SA 4.0" in readme


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["foreign", "deputy minister"], ["deputy", "foreign", "minister"]),
        (["defence", "vice minister"], ["vice", "defence", "minister"]),
        (["defence", "minister"], ["defence", "minister"]),
        (["deputy minister"], ["deputy minister"]),
    ],
)
def test_title_prefix_goes_before_the_field(words: list[str], expected: list[str]) -> None:
    assert open_title(words) == expected


def test_minister_of_a_ministry_reads_as_a_deputy_foreign_minister() -> None:
    source = CompositionalSource(Lexicon([]))
    best = source.render("Thứ trưởng Bộ Ngoại giao")[0]
    assert best.english == "Deputy Foreign Minister"
    assert all(part.key != "bộ" for part, _ in best.pieces)
    (found,) = source.suggest([Candidate(1, (Term("vi", "Thứ trưởng Bộ Ngoại giao"),))])
    # The wrong "Deputy Diplomatic Minister" may follow, never with the same confidence.
    assert found[0].text == "Deputy Foreign Minister"
    assert all(s.confidence < found[0].confidence for s in found[1:])
    russian = source.render("Thứ trưởng Ngoại giao Nga")[0].english
    assert russian.startswith("Russian ") and russian.endswith(" Minister")


def test_a_capitalised_name_gets_a_capitalised_english_name() -> None:
    # The FVDP writes "United nations"; the Vietnamese name is capitalised.
    name = Candidate(1, (Term("vi", "Liên Hiệp quốc"),))
    (found,) = DictionarySource(Lexicon([])).suggest([name])
    assert found[0].text == "United Nations"
    assert name_case("hòa bình", "Peace talks") == "Peace talks"
    assert name_case("Liên minh", "European union") == "European Union"


def _entry(concept_id: int, vi: str, en: str) -> Entry:
    return Entry(concept_id, "glossary", None, None, (Term("vi", vi),), (Term("en", en),))


def test_a_preposition_inside_a_known_word_does_not_split_the_term() -> None:
    lexicon = Lexicon([_entry(1, "giữa nhiệm kỳ", "midterm"), _entry(2, "bầu cử", "election")])
    source = CompositionalSource(lexicon)
    assert source.render("bầu cử giữa nhiệm kỳ")[0].english == "midterm election"
    # Elsewhere "giữa" still joins two parts as "between".
    assert "between" in source.render("bầu cử giữa Nga và Mỹ")[0].english.split()


def test_a_body_before_a_name_is_not_a_title_before_a_person() -> None:
    source = CompositionalSource(Lexicon([_entry(1, "chính phủ", "government")]))
    found = [r.english for r in source.render("Chính phủ Scotland")]
    assert found[:2] == ["Scotland Government", "Government of Scotland"]
    assert source.render("Tổng thống Donald Trump")[0].english == "President Donald Trump"


def test_english_collocations_decide_between_renderings() -> None:
    d = load_dictionary()
    assert {phrase_key(p) for p in ("arms race", "death toll", "free trade")} <= d.phrases
    # Shipped as phrase keys: keying them again changes nothing.
    assert all(phrase_key(p) == p for p in d.phrases)
    assert not any(p.startswith("genus ") for p in d.phrases)
    # FVDP: "công" is a peacock before it is public; WordNet knows "public service".
    best = CompositionalSource(Lexicon([])).render("dịch vụ công")[0]
    assert best.english == "public service" and best.attested == 2
    readme = resources.files("termbase.data").joinpath("README.md").read_text("utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in readme


def _core_rows() -> list[tuple[int, str]]:
    text = resources.files("termbase.data").joinpath("core.tsv").read_text("utf-8")
    return [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if line and not line.startswith("#")
    ]


def test_core_lexicon_is_well_formed() -> None:
    rows = _core_rows()
    assert len(rows) >= 1000
    seen: dict[tuple[str, str], int] = {}
    for n, line in rows:
        fields = line.split("\t")
        assert len(fields) == 3, f"core.tsv:{n}: {line!r}"
        vi, pos, english = fields
        assert vi == unicodedata.normalize("NFC", vi).strip() and vi, f"core.tsv:{n}"
        assert pos in CORE_POS, f"core.tsv:{n}: part of speech {pos!r}"
        alternatives = [e.strip() for e in english.split("|")]
        assert all(alternatives), f"core.tsv:{n}: empty equivalent"
        assert all(len(e.split()) <= 4 for e in alternatives), f"core.tsv:{n}"
        key = (tone_key(vi), pos)
        assert key not in seen, f"core.tsv:{n}: {vi} ({pos}) also on line {seen[key]}"
        seen[key] = n


def test_core_lexicon_outranks_the_old_dictionary() -> None:
    # The FVDP's first senses of "bộ" are "appearance" and "look"; in terms it is a ministry.
    lexicon = Lexicon([])
    assert lexicon.options("bộ")[0].english == "ministry"
    assert lexicon.options("bộ")[0].origin.startswith("core lexicon")
    (found,) = DictionarySource(lexicon).suggest([Candidate(1, (Term("vi", "công tố viên"),))])
    assert found and found[0].text == "prosecutor" and "core lexicon" in found[0].evidence


def test_the_head_pair_of_an_english_compound_weighs_most() -> None:
    # "nuclear weapon" and "arms race" are both English; the head's pair decides.
    source = CompositionalSource(Lexicon([]))
    assert source.render("chạy đua vũ khí hạt nhân")[0].english == "nuclear arms race"


def test_a_head_repeated_by_its_modifier_is_said_once() -> None:
    # "trường" (school) + "trung học" (secondary school, high school).
    found = [r.english for r in CompositionalSource(Lexicon([])).render("trường trung học")]
    assert found and all("school school" not in f for f in found)
    assert "high school" in found[:2]


def test_a_term_of_several_segments_is_attested_only_as_a_whole() -> None:
    # Two segments joined by "và" (and), each an attested English phrase.
    source = CompositionalSource(Lexicon([]))
    term = Term("vi", "thương mại tự do và chạy đua vũ khí")
    (found,) = source.suggest([Candidate(1, (term,))])
    assert found[0].text == "free trade and arms race"
    assert found[0].evidence.endswith("; the whole is attested")


def test_a_country_at_the_end_modifies_the_whole_title() -> None:
    source = CompositionalSource(Lexicon([]))
    # "Ngoại giao" modifies the title, it is not the head of "Nga": an adjective, not "diplomacy".
    best = source.render("Thứ trưởng Ngoại giao Nga")[0].english
    assert best.startswith("Russian Deputy ") and "Diplomacy" not in best


def test_a_minister_is_a_secretary_only_where_the_country_says_so() -> None:
    source = CompositionalSource(Lexicon([]))
    assert source.render("Bộ trưởng Quốc phòng Nga")[0].english.endswith(" Minister")
    assert source.render("Bộ trưởng Quốc phòng Mỹ")[0].english.endswith(" Secretary")


def test_nguoi_before_a_noun_is_a_classifier_not_an_agent() -> None:
    lexicon = Lexicon([_entry(1, "phụ nữ", "woman"), _entry(2, "tiêu dùng", "consume")])
    source = CompositionalSource(lexicon)
    assert source.render("người phụ nữ")[0].english == "woman"


def test_a_word_with_two_parts_of_speech_keeps_both_readings() -> None:
    # The core lexicon: "hàng không" a: aviation | air, n: aviation; inside a term it is a noun.
    lexicon = Lexicon([])
    readings = {(o.english, o.pos) for o in lexicon.options("hàng không")}
    assert {("aviation", "adjective"), ("aviation", "noun")} <= readings
    # Inside a term it is the noun: "Lực lượng | hàng không | tầm xa" reads "aviation".
    best = CompositionalSource(lexicon).render("Lực lượng hàng không tầm xa")[0]
    assert [
        (p.option.english, p.option.pos) for p in best.pieces if p.part.key == "hàng không"
    ] in (
        [("aviation", "noun")],
        [("air", "noun")],
    )
    # Its English is a name, Long-Range Aviation (the glossary's): a composition of its
    # words ("Long-range Air Force") is only a guess, below 0.5, and none once it is known.
    term = Candidate(1, (Term("vi", "Lực lượng hàng không tầm xa"),))
    (guesses,) = CompositionalSource(lexicon).suggest([term])
    assert guesses and all(s.confidence < 0.5 for s in guesses)
    glossary = Lexicon([_entry(1, "Lực lượng hàng không tầm xa", "Long-Range Aviation")])
    assert CompositionalSource(glossary).suggest([term]) == [[]]


def test_keys_computed_at_build_time_are_still_the_keys() -> None:
    # fvdp.tsv.gz carries tone keys and phrase keys so that loading skips the work;
    # a normalisation change must come with a rebuild (python -m termbase.data._build_dictionary)
    d = load_dictionary()
    # A key may also be the headword's other spelling of "i"/"y" ("tỉ lệ" for "tỷ lệ").
    assert all(
        k in (tone_key(s.headword), i_y_variant(tone_key(s.headword)))
        for k, senses in d.senses.items()
        for s in senses
    )
    assert all(tone_key(e.vietnamese) == k for k, found in d.examples.items() for e in found)
    assert d.english_keys == {phrase_key(e) for e in d.english} - {""}


def test_a_verb_heads_a_term_as_a_noun_where_english_has_one() -> None:
    d = load_dictionary()
    assert {"guarantee", "support", "control"} <= d.nouns
    assert "ensure" not in d.nouns and "begin" not in d.nouns  # Begin is only a name
    # "đảm bảo" is "ensure | guarantee" (verbs); at the head of a term, the noun wins.
    best = CompositionalSource(Lexicon([])).render("đảm bảo an ninh")[0].english
    assert best == "security guarantee"


def test_a_storm_comes_before_its_name_and_its_classifier_goes() -> None:
    # "cơn" is the classifier of episodes (storms, fevers); "Storm", like "Lake" or
    # "Operation", stands before the name it classifies in English.
    source = CompositionalSource(Lexicon([_entry(1, "bão", "storm")]))
    assert source.render("Cơn bão Rosa")[0].english == "Storm Rosa"


def test_a_modifier_its_head_already_says_is_dropped() -> None:
    # "nghị sĩ" (member of parliament) + "nghị viện" (parliament).
    lexicon = Lexicon(
        [_entry(1, "nghị sĩ", "member of parliament"), _entry(2, "nghị viện", "parliament")]
    )
    assert CompositionalSource(lexicon).render("nghị sĩ nghị viện")[0].english == (
        "member of parliament"
    )
