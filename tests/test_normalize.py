import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.normalize import clean, exact_key, fold_key, tone_key

# Vietnamese-heavy text: base letters, precomposed vowels, combining marks, spaces.
VIET = st.text(
    alphabet=st.sampled_from(
        list("aăâeêioôơuưyđĐÐðAEIOUYQGHNTqghnt -")
        + list("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
        + ["\u0300", "\u0301", "\u0302", "\u0303", "\u0309", "\u0323", "\u00a0", "\t"]
    ),
    max_size=30,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hòa", "hoà"),
        ("thủy", "thuỷ"),
        ("Thụy Sĩ", "Thuỵ Sĩ"),
        ("quý", "qúy"),
        ("e\u0301\u0302", "ế"),
        ("khỏe", "khoẻ"),
        ("Hòa bình", "hoà BÌNH"),
        ("Ðà Nẵng", "Đà Nẵng"),
        ("ho\u0300a", "hòa"),
    ],
)
def test_tone_key_equates_spellings(a: str, b: str) -> None:
    assert tone_key(a) == tone_key(b)


@pytest.mark.parametrize(("a", "b"), [("hòa", "hóa"), ("ma", "mà"), ("đàm", "dàm")])
def test_tone_key_keeps_different_words_apart(a: str, b: str) -> None:
    assert tone_key(a) != tone_key(b)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ổn định chiến lược", "on dinh chien luoc"),
        ("Đàm phán", "dam phan"),
        ("ĐÀM PHÁN", "dam phan"),
        ("Ðàm phán", "dam phan"),
        ("Strategic Stability", "strategic stability"),
    ],
)
def test_fold_key(text: str, folded: str) -> None:
    assert fold_key(text) == folded


def test_clean_normalises() -> None:
    assert clean("  Hiệp\u00a0ước \t Bầu trời mở ") == "Hiệp ước Bầu trời mở"
    assert clean("Ðà") == "Đà"
    assert clean("e\u0301\u0302") == "ế"
    decomposed = unicodedata.normalize("NFD", "Hiệp ước")
    assert clean(decomposed) == "Hiệp ước"
    assert unicodedata.is_normalized("NFC", clean(decomposed))


@given(VIET)
def test_clean_is_idempotent(text: str) -> None:
    assert clean(clean(text)) == clean(text)


@given(VIET)
def test_tone_key_is_idempotent(text: str) -> None:
    assert tone_key(tone_key(text)) == tone_key(text)


@given(VIET)
def test_fold_key_is_idempotent(text: str) -> None:
    assert fold_key(fold_key(text)) == fold_key(text)


@given(VIET)
def test_keys_are_coarser_in_order(text: str) -> None:
    # Equal exact keys imply equal tone keys imply equal fold keys.
    assert fold_key(tone_key(text)) == fold_key(text)
    assert tone_key(exact_key(text)) == tone_key(text)


@given(VIET)
def test_fold_key_is_ascii_for_vietnamese(text: str) -> None:
    assert all(ord(ch) < 128 for ch in fold_key(text))
