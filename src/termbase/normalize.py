"""Pure text normalisation for Vietnamese and English terms.

Three functions matter:

* :func:`clean` gives the surface form we store: NFC, Icelandic Ð/ð mapped to
  Vietnamese Đ/đ, combining marks put in a canonical order, whitespace collapsed.
* :func:`tone_key` makes spellings that differ only in where the tone mark sits
  ("hòa"/"hoà", "thủy"/"thuỷ", "quý"/"qúy") and in letter case equal.
* :func:`fold_key` removes every diacritic, đ included, so that "dam phan"
  finds "đàm phán" (SQLite FTS5's ``remove_diacritics`` keeps đ).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining marks that carry the tone (thanh điệu).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Combining marks that change the vowel itself (â ê ô ă ơ ư).
QUALITY_MARKS = frozenset("\u0302\u0306\u031b")

_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD_RE = re.compile(r"[\w\u0300-\u036f\u1dc0-\u1dff]+")
_VOWELS = frozenset("aeiouy")


def _reorder_marks(decomposed: str) -> str:
    """Put vowel-quality marks before the tone mark on each base letter.

    Typing e + U+0301 + U+0302 gives an "é" with a stray circumflex after NFC;
    with the marks reordered NFC composes the intended "ế".
    """
    out: list[str] = []
    marks: list[str] = []

    def flush() -> None:
        if marks:
            marks.sort(key=lambda m: (m in TONE_MARKS, unicodedata.combining(m)))
            out.extend(marks)
            marks.clear()

    for ch in decomposed:
        if unicodedata.combining(ch):
            marks.append(ch)
        else:
            flush()
            out.append(ch)
    flush()
    return "".join(out)


def clean(text: str) -> str:
    """Return the surface form to store: NFC, Đ for Ð, marks in order, spaces collapsed.

    NUL characters are dropped: no text format carries one meaningfully, and
    PostgreSQL's text cannot hold them.
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\u00d0" in text or "\u00f0" in text:
        text = text.translate(_ETH)
    text = unicodedata.normalize("NFC", text)
    # A mark left uncomposed after NFC may be one typed out of order: reorder.
    if _COMBINING_RE.search(text):
        text = unicodedata.normalize("NFC", _reorder_marks(unicodedata.normalize("NFD", text)))
    return collapse_spaces(text)


def collapse_spaces(text: str) -> str:
    """Every run of Unicode spaces (NBSP and zero-width ones too) becomes one space."""
    # Printable text has no space but " " (every other one is a separator or control
    # character, as are U+200B and U+FEFF): then only doubled or outer spaces change.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def _tone_position(letters: str) -> int:
    """Index of the letter that carries the tone in a toneless, lower-case syllable.

    A readable approximation of the modern placement rule; any deterministic
    choice would make a valid key, this one also makes it look like Vietnamese.
    """
    bases = [unicodedata.normalize("NFD", ch)[0] for ch in letters]
    start = 0
    # "qu" and "gi" before another vowel are onsets, not part of the nucleus.
    if (len(bases) > 2 and bases[0] == "q" and bases[1] == "u") or (
        len(bases) > 2 and bases[0] == "g" and bases[1] == "i" and bases[2] in _VOWELS
    ):
        start = 2
    nucleus = [i for i in range(start, len(bases)) if bases[i] in _VOWELS]
    if not nucleus:
        nucleus = [i for i in range(len(bases)) if bases[i] in _VOWELS]
        if not nucleus:
            return -1
    marked = [i for i in nucleus if len(unicodedata.normalize("NFD", letters[i])) > 1]
    if marked:
        return marked[-1]
    if len(nucleus) == 1:
        return nucleus[0]
    has_coda = nucleus[-1] < len(bases) - 1
    if has_coda:
        return nucleus[-1]
    pair = bases[nucleus[0]] + bases[nucleus[1]]
    if len(nucleus) == 2 and pair in ("oa", "oe", "uy"):
        return nucleus[1]
    if len(nucleus) == 3:
        return nucleus[1]
    return nucleus[0]


@lru_cache(maxsize=65536)
def _tone_key_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    kept: list[str] = []
    for ch in decomposed:
        if ch in TONE_MARKS:
            tone = ch  # the last tone mark wins; a syllable has one
        else:
            kept.append(ch)
    if not tone:
        return unicodedata.normalize("NFC", "".join(kept))
    letters = unicodedata.normalize("NFC", "".join(kept))
    pos = _tone_position(letters)
    if pos < 0:
        return unicodedata.normalize("NFC", "".join(kept) + tone)
    return unicodedata.normalize("NFC", letters[: pos + 1] + tone + letters[pos + 1 :])


def tone_key(text: str) -> str:
    """Key equal for spellings that differ in tone-mark placement or letter case."""
    text = clean(text).casefold()
    return _WORD_RE.sub(lambda m: _tone_key_word(m.group()), text)


# "i" and "y" after h, k, l, m, s, t or "qu" are one vowel spelt two ways: "tỉ lệ"/"tỷ lệ",
# "lí do"/"lý do", "kĩ sư"/"kỹ sư", "quí"/"quý".
_I_Y = str.maketrans("iíìỉĩịyýỳỷỹỵ", "yýỳỷỹỵiíìỉĩị")
_I_Y_SYLLABLE = re.compile(r"(?<!\w)((?:[hklmst]|qu)[iíìỉĩịyýỳỷỹỵ])(?!\w)")


def i_y_variant(key: str) -> str | None:
    """``key`` (a tone key) with each such syllable in its other spelling; None if it has none."""
    if not _I_Y_SYLLABLE.search(key):
        return None
    return _I_Y_SYLLABLE.sub(lambda m: m.group(1).translate(_I_Y), key)


def fold_key(text: str) -> str:
    """Key with every diacritic removed and đ folded to d, lower case."""
    text = clean(text).replace("\u0111", "d").replace("\u0110", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = _COMBINING_RE.sub("", decomposed)
    return collapse_spaces(stripped).casefold()


def exact_key(text: str) -> str:
    """Key for an exact match: the cleaned text, case-folded."""
    return clean(text).casefold()
