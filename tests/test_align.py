"""The term aligner on small constructed corpora whose right answers are known."""

from __future__ import annotations

import dataclasses

import pytest

from termbase.tm.align import AlignOptions, align_baseline, align_terms, mine_candidates
from termbase.tm.align_stats import dice, llr
from termbase.tm.align_text import english_phrases, english_tokens, phrase_key

NO_DICT = AlignOptions(use_dictionary=False)

# "quốc hội" = parliament, "thủ tướng" = prime minister, "ngân sách" = budget; the
# other words vary so that each term's English is the only thing its pairs share.
CORPUS = [
    ("Quốc hội họp hôm nay.", "The parliament met today."),
    ("Thủ tướng phát biểu trước quốc hội.", "The prime minister spoke to parliament."),
    ("Quốc hội thông qua ngân sách.", "Parliament passed the budget."),
    ("Thủ tướng bảo vệ ngân sách mới.", "The prime minister defended the new budget."),
    ("Thủ tướng đi Paris.", "The prime minister went to Paris."),
    ("Ngân sách thiếu hụt lớn.", "The budget shows a large deficit."),
    ("Trời mưa to ở Hà Nội.", "It rained hard in Hanoi."),
    ("Giá xăng tăng hôm nay.", "Petrol prices rose today."),
]


def best(results: list, term: str) -> str | None:
    for r in results:
        if r.vietnamese == term:
            return r.best.english if r.best else None
    raise AssertionError(f"{term!r} not aligned")


def test_each_term_gets_its_english() -> None:
    results = align_terms(CORPUS, ["quốc hội", "thủ tướng", "ngân sách"], NO_DICT)
    assert best(results, "quốc hội") == "parliament"
    assert best(results, "thủ tướng") == "prime minister"
    assert best(results, "ngân sách") == "budget"


def test_evidence_names_the_pairs_and_counts() -> None:
    (r,) = align_terms(CORPUS, ["Thủ tướng"], NO_DICT)
    assert r.pairs == (1, 3, 4)
    eq = r.best
    assert eq is not None
    assert eq.key == "prime minister"
    assert eq.pairs == (1, 3, 4)
    assert eq.cooccurrences == 3 and eq.frequency == 3
    assert eq.dice == 1.0
    assert len(eq.examples) == 3 and set(eq.examples) == {1, 3, 4}
    assert eq.llr > 0


def test_terms_seen_once_are_not_aligned() -> None:
    results = align_terms(CORPUS, ["Paris", "giá xăng", "quốc hội"], NO_DICT)
    assert [r.vietnamese for r in results] == ["quốc hội"]


def test_tone_placement_and_case_do_not_matter() -> None:
    pairs = [
        ("Hòa bình là mục tiêu.", "Peace is the goal."),
        ("HOÀ BÌNH lâu dài.", "A lasting peace."),
        ("Chiến tranh kết thúc.", "The war ended."),
    ]
    (r,) = align_terms(pairs, ["hoà bình"], NO_DICT)
    assert r.pairs == (0, 1)
    assert r.best is not None and r.best.key == "peace"


def test_no_english_phrase_starts_or_ends_with_a_stopword() -> None:
    tokens = english_tokens("The Federation of German Industries said that the deal is off")
    keys = {p.key for p in english_phrases(tokens)}
    assert "federation of german industry" in keys  # an inner stopword is kept
    assert not any(k.split()[0] in {"the", "of", "that", "is"} for k in keys)
    assert not any(k.split()[-1] in {"the", "of", "that", "is", "off"} for k in keys)


def test_no_english_phrase_crosses_punctuation() -> None:
    keys = {p.key for p in english_phrases(english_tokens("Budget cuts, taxes rise"))}
    assert "cut tax" not in keys and "budget cut" in keys and "tax rise" in keys


def test_english_keys_are_singular_and_keep_acronyms() -> None:
    assert phrase_key("Ministers") == "minister"
    assert phrase_key("AMs") == "AM"
    assert phrase_key("US") == "US"
    assert phrase_key("the U.S. ambassador") == "the U.S ambassador"


def test_the_best_english_has_no_stopword_at_its_edges() -> None:
    pairs = [
        ("Hiến pháp được sửa.", "The constitution of the country was changed."),
        ("Tòa án bảo vệ hiến pháp.", "The court upheld the constitution of the state."),
    ]
    (r,) = align_terms(pairs, ["hiến pháp"], NO_DICT)
    assert r.best is not None
    assert r.best.english == "constitution"


# "hạ viện" (the House) and "thượng viện" (the Senate) always occur together: their
# pairs alone cannot tell which is which, and both take the same phrase unless the
# first term's link keeps its words from the second.
TOGETHER = [
    ("Hạ viện và thượng viện họp.", "The House and the Senate met."),
    ("Thượng viện cùng hạ viện bỏ phiếu.", "The Senate and the House voted."),
]


def test_competitive_linking_keeps_two_terms_off_one_phrase() -> None:
    terms = ["hạ viện", "thượng viện"]
    linked = align_terms(TOGETHER, terms, NO_DICT)
    unlinked = align_terms(TOGETHER, terms, dataclasses.replace(NO_DICT, competitive=False))
    assert best(unlinked, "hạ viện") == best(unlinked, "thượng viện")
    assert {best(linked, "hạ viện"), best(linked, "thượng viện")} == {"House", "Senate"}


def test_linking_lets_a_known_term_decide_the_other() -> None:
    pairs = [*TOGETHER, ("Hạ viện bác dự luật.", "The House rejected the bill.")]
    results = align_terms(pairs, ["hạ viện", "thượng viện"], NO_DICT)
    assert best(results, "hạ viện") == "House"
    assert best(results, "thượng viện") == "Senate"


def test_nested_terms_may_share_english() -> None:
    pairs = [
        ("Ngân hàng Trung ương tăng lãi suất.", "The Central Bank raised interest rates."),
        ("Ngân hàng Trung ương giữ lãi suất.", "The Central Bank held interest rates."),
        ("Ngân hàng đóng cửa.", "The bank closed."),
    ]
    results = align_terms(pairs, ["Ngân hàng Trung ương", "ngân hàng"], NO_DICT)
    assert best(results, "Ngân hàng Trung ương") == "Central Bank"


def test_approved_terms_are_priors() -> None:
    # Two pairs that say the same two things: without a prior "tax" and "rise" tie.
    pairs = [
        ("Thuế tăng mạnh.", "Tax rises sharply."),
        ("Thuế tăng chậm.", "Tax rises slowly."),
    ]
    results = align_terms(pairs, ["thuế"], NO_DICT, approved={"thuế": ["tax"]})
    assert best(results, "thuế") == "Tax"
    assert results[0].best is not None and results[0].best.prior


def test_baselines_use_the_same_candidates() -> None:
    dice_best = align_baseline(CORPUS, ["ngân sách"], "dice")
    llr_best = align_baseline(CORPUS, ["ngân sách"], "llr")
    assert dice_best[0].best is not None and dice_best[0].best.key == "budget"
    assert llr_best[0].best is not None and llr_best[0].best.key == "budget"


def test_measures() -> None:
    assert dice(2, 2, 2) == 1.0
    assert dice(1, 2, 2) == 0.5
    assert llr(5, 5, 5, 100) > llr(3, 5, 5, 100) > 0
    assert llr(0, 10, 10, 20) < 0
    assert llr(0, 0, 0, 0) == 0.0


def test_nothing_to_align() -> None:
    assert align_terms([], ["quốc hội"], NO_DICT) == []
    assert align_terms(CORPUS, [], NO_DICT) == []
    assert align_terms([("", "")], ["quốc hội"], NO_DICT) == []


@pytest.mark.parametrize("english", ["", "...", "the of and"])
def test_a_pair_without_candidate_phrases_is_harmless(english: str) -> None:
    pairs = [("Quốc hội họp.", english), *CORPUS]
    results = align_terms(pairs, ["quốc hội"], NO_DICT)
    assert best(results, "quốc hội") == "parliament"


def test_a_possessive_is_not_part_of_the_phrase() -> None:
    pairs = [
        ("Kinh tế Mỹ La tinh tăng.", "Latin America's economy grew."),
        ("Mỹ La tinh bỏ phiếu.", "Latin America voted."),
    ]
    tokens = english_tokens("Latin America's economy")
    assert [t.key for t in tokens] == ["latin", "america", "'s", "economy"]
    (r,) = align_terms(pairs, ["Mỹ La tinh"], NO_DICT)
    assert r.best is not None and r.best.key == "latin america"
    assert r.best.cooccurrences == 2


def test_a_capitalised_stopword_inside_a_sentence_belongs_to_a_name() -> None:
    keys = {p.key for p in english_phrases(english_tokens("Yesterday Theresa May spoke."))}
    assert "theresa may" in keys
    keys = {p.key for p in english_phrases(english_tokens("May I ask the Bank of England"))}
    assert "may" not in keys  # a sentence starts with it
    assert "bank of england" in keys and "of england" not in keys


def test_mined_candidates_come_from_the_vietnamese_side() -> None:
    lines = [vi for vi, _ in CORPUS] * 3
    candidates = mine_candidates(lines)
    assert "quốc hội" in {c.lower() for c in candidates}
