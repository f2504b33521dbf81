"""Terms of the core lexicon seen once or twice: their entry is evidence (issue 12)."""

from termbase.mining.pipeline import MineOptions, mine_documents
from termbase.mining.syllables import key_of
from termbase.mining.weights import WEIGHTS
from termbase.mining.wordlists import specialised_keys
from termbase.text.documents import document_from_text


def order(text: str) -> list[str]:
    """The Vietnamese terms ``mine`` keeps from ``text``, best first, by key."""
    result = mine_documents([document_from_text(text, "t.txt")], MineOptions(keep=500))
    return [
        " ".join(key_of(p) for p in t.text.split())
        for c in result.concepts
        for t in c.terms
        if t.lang == "vi"
    ]


def key(text: str) -> str:
    return " ".join(key_of(p) for p in text.split())


def test_specialised_nouns_are_the_core_terms_whose_english_is_not_general() -> None:
    found = specialised_keys(WEIGHTS.specialised_zipf)
    assert key("lệnh ngừng bắn") in found  # ceasefire
    assert key("thâm hụt ngân sách") in found  # budget deficit: an English phrase
    assert key("công ty") not in found  # company: a general word
    assert key("lạm") not in found  # one syllable


def test_a_core_term_seen_once_inside_a_longer_run_is_mined() -> None:
    text = (
        "Hai phe vừa vi phạm lệnh ngừng bắn mong manh.\n"
        "Người dân trong vùng chiến sự lo lắng.\n"
        "Người dân trong vùng chiến sự đã rời đi.\n"
    )
    assert key("lệnh ngừng bắn") in order(text)


def test_a_core_term_seen_once_ranks_above_a_phrase_seen_once() -> None:
    text = "Tháng này, lạm phát tăng.\nBa cậu bé trèo cây cao.\nSáng nay, trời mưa nhẹ.\n"
    terms = order(text)
    assert terms.index(key("lạm phát")) < terms.index(key("cậu bé trèo cây cao"))
