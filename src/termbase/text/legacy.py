"""Legacy Vietnamese byte encodings: Windows-1258, TCVN3 (ABC) and VNI.

Old Vietnamese documents are often in one of these. Each is read with a table
of 256 entries, then normalised to NFC, since all three can spell a letter as a
base letter plus combining marks.

Sources of the tables:

- ``cp1258`` (Windows-1258): Python's codec, generated from Microsoft's
  ``CP1258.TXT`` at unicode.org. Most letters with a tone are a letter plus a
  combining tone mark (0xCC, 0xD2, 0xDE, 0xEC, 0xF2).
- ``tcvn3`` (TCVN3, "ABC", the ``.VnTime`` fonts): TCVN 5712:1993, whose VN3
  level is the 0xA0–0xFF half of VN1. The table below is that half as glibc's
  ``iconv -f TCVN5712-1`` decodes it, byte by byte (0xB0–0xB4 are combining tone
  marks). 0x80–0x9F, where VN1 puts capitals the ABC fonts lack, are read as
  Windows-1252, whose curly quotes and dashes Windows word processors typed
  there. Capitals typed in a ``.VnTimeH`` font are stored as lower-case codes
  and read back in lower case: no table can tell them apart.
- ``vni`` (VNI-Windows fonts, e.g. "VNI-Times"): a letter is an ASCII letter
  followed by one byte that the font draws as its marks ("Vieät Nam"); ơ ư đ,
  the toned forms of i and ỵ are single bytes. From the VNI table in Dao Hai
  Lam's xvnkb (``vni.h``, 2002), whose rows give a vowel with acute, grave,
  hook, tilde and dot below. The other bytes are read as Windows-1252.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# What termbase calls each encoding, and the names it answers to.
LEGACY_ENCODINGS = {
    "cp1258": "Windows-1258",
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI",
}
_ALIASES = {
    "cp1258": "cp1258",
    "windows1258": "cp1258",
    "win1258": "cp1258",
    "tcvn3": "tcvn3",
    "tcvn": "tcvn3",
    "abc": "tcvn3",
    "vni": "vni",
    "vniwindows": "vni",
}

# TCVN3 (ABC) from 0xA0, sixteen bytes a line.
_TCVN3_HIGH = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
# VNI's lower-case bytes (the upper-case ones are 0x20 lower and mean the same).
_VNI_LOWER = {
    # Marks drawn over the letter before.
    0xF9: _ACUTE,
    0xF8: _GRAVE,
    0xFB: _HOOK,
    0xF5: _TILDE,
    0xEF: _DOT,
    0xE2: _CIRCUMFLEX,
    0xE1: _CIRCUMFLEX + _ACUTE,
    0xE0: _CIRCUMFLEX + _GRAVE,
    0xE5: _CIRCUMFLEX + _HOOK,
    0xE3: _CIRCUMFLEX + _TILDE,
    0xE4: _CIRCUMFLEX + _DOT,
    0xEA: _BREVE,
    0xE9: _BREVE + _ACUTE,
    0xE8: _BREVE + _GRAVE,
    0xFA: _BREVE + _HOOK,
    0xFC: _BREVE + _TILDE,
    0xEB: _BREVE + _DOT,
    # Letters of one byte.
    0xF4: "ơ",
    0xF6: "ư",
    0xF1: "đ",
    0xED: "í",
    0xEC: "ì",
    0xE6: "ỉ",
    0xF3: "ĩ",
    0xF2: "ị",
    0xEE: "ỵ",
}


def _windows_1252() -> list[str]:
    """Windows-1252, with the five bytes it leaves undefined read as Latin-1 does."""
    return [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _tcvn3_table() -> str:
    table = _windows_1252()
    table[0xA0:] = list(_TCVN3_HIGH)
    return "".join(table)


def _vni_table() -> dict[int, str]:
    table = dict(enumerate(_windows_1252()))
    for byte, text in _VNI_LOWER.items():
        table[byte] = text
        table[byte - 0x20] = text.upper() if len(text) == 1 and text.isalpha() else text
    return table


_TCVN3 = _tcvn3_table()
_VNI = _vni_table()


def legacy_name(encoding: str) -> str | None:
    """termbase's name for a legacy Vietnamese encoding ("Windows-1258" gives "cp1258"), or None."""
    return _ALIASES.get(re.sub(r"[\s_.-]", "", encoding.lower()))


def decode_legacy(data: bytes, encoding: str) -> str:
    """``data`` read as ``encoding`` (see :data:`LEGACY_ENCODINGS`), in NFC.

    Raises UnicodeDecodeError for a byte Windows-1258 leaves undefined;
    TCVN3 and VNI read every byte.
    """
    name = legacy_name(encoding)
    if name == "cp1258":
        text = data.decode("cp1258")
    elif name == "tcvn3":
        text = codecs.charmap_decode(data, "strict", _TCVN3)[0]
    elif name == "vni":
        text = codecs.charmap_decode(data, "strict", _VNI)[0]
    else:
        raise LookupError(f"not a legacy Vietnamese encoding: {encoding}")
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------
# Guessing. A wrong table turns Vietnamese into words that break its rules:
# symbols or foreign letters (§ ½ ø ä) inside a word, two tones in a syllable,
# a capital after a small letter, a mark left over, letters no syllable holds.

_TONE_MARKS = frozenset((_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT))


def _vietnamese_alphabet() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for base in "aăâeêioôơuưy":
        for tone in ("", *_TONE_MARKS):
            letters.add(unicodedata.normalize("NFC", base + tone))
    return frozenset(letters | {letter.upper() for letter in letters})


_ALPHABET = _vietnamese_alphabet()
_TONED = frozenset(ch for ch in _ALPHABET if _TONE_MARKS & set(unicodedata.normalize("NFD", ch)))
_VOWELS = "".join(
    sorted(
        ch
        for ch in _ALPHABET
        if ch.islower() and ch.isalpha() and unicodedata.normalize("NFD", ch)[0] in "aeiouy"
    )
)
# One syllable: initial consonants, one to three vowels, a final consonant.
_SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    f"([{_VOWELS}]{{1,3}})"
    "(?:ch|ng|nh|[cmnpt])?"
)
# The vowel groups of Vietnamese syllables, tones left out.
_NUCLEI_LIST = """
    a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
    iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu
"""
_NUCLEI = frozenset(_NUCLEI_LIST.split())
# Runs of ASCII letters and of anything beyond ASCII: a wrong table puts symbols
# (§ ½) and leftover marks inside words.
_TOKEN = re.compile(r"(?:[A-Za-z]|[^\x00-\x7f])+")
# Enough text for a verdict; a guess only runs when a file cannot be read.
_SAMPLE = 1 << 16


def _strip_punctuation(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(token[end - 1]).startswith("P"):
        end -= 1
    return token[start:end]


def _is_syllable(word: str) -> bool:
    if sum(ch in _TONED for ch in word) > 1:
        return False
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    syllable = _SYLLABLE.fullmatch(word.lower())
    if syllable is None:
        return False
    nucleus = unicodedata.normalize("NFD", syllable[1])
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in nucleus if ch not in _TONE_MARKS))
    # qu and gi may take their u or i from the vowels: "quốc", "gì".
    return toneless in _NUCLEI or (toneless[1:] in _NUCLEI and word.lower()[:1] in "qg")


def _plausibility(text: str) -> tuple[int, int]:
    """(words with letters beyond ASCII that are Vietnamese syllables, those that are not)."""
    good = bad = 0
    for token in _TOKEN.findall(text):
        word = _strip_punctuation(token)
        if word.isascii():
            continue
        if _is_syllable(word):
            good += 1
        else:
            bad += 1
    return good, bad


def guess_legacy(data: bytes) -> str | None:
    """The legacy encoding under which ``data`` reads most like Vietnamese, or None.

    None when no table makes at least three words in four of those with
    letters beyond ASCII into Vietnamese ones.
    """
    sample = data[:_SAMPLE]
    best: tuple[float, int, str] | None = None
    for name in LEGACY_ENCODINGS:
        try:
            good, bad = _plausibility(decode_legacy(sample, name))
        except UnicodeDecodeError:
            continue
        if good == 0:
            continue
        score = (good / (good + bad), good, name)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None or best[0] < 0.75:
        return None
    return best[2]
