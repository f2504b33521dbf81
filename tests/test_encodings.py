"""Legacy Vietnamese encodings (Windows-1258, TCVN3, VNI): named when met, read when asked."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import Run
from termbase.errors import FormatError, InputError
from termbase.formats import WriteOptions, detect_format, registry
from termbase.models import Concept, Occurrence, Term
from termbase.text.decode import decode, encoding_name, read_head, read_text
from termbase.text.documents import decode_bytes
from termbase.text.legacy import LEGACY_ENCODINGS, decode_legacy, guess_legacy

ICONV = shutil.which("iconv")
TONES = "\u0300\u0301\u0303\u0309\u0323"
PARAGRAPH = (
    "Hiệp ước Bầu trời mở là một hiệp ước đa phương cho phép các quốc gia thành viên"
    " thực hiện các chuyến bay quan sát không vũ trang trên lãnh thổ của nhau.\n"
    "Thủ tướng Chính phủ đã ký quyết định về kiểm soát vũ khí hạt nhân tại Đà Nẵng."
)


def all_letters() -> list[str]:
    """Every Vietnamese letter beyond ASCII, small and capital."""
    letters = {"đ"}
    for base in "aăâeêioôơuưy":
        for tone in ("", *TONES):
            letters.add(unicodedata.normalize("NFC", base + tone))
    letters = {ch for ch in letters if not ch.isascii()}
    return sorted(letters | {ch.upper() for ch in letters})


# -- encoders for the tests ----------------------------------------------------


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word wrote it: a letter, then its tone as a combining mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(m for m in parts[1:] if m in TONES)
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def _inverse(encoding: str) -> dict[str, bytes]:
    """Shortest byte sequences (one byte, or a VNI letter and its mark) for each letter."""
    found: dict[str, bytes] = {}
    pairs = [bytes([b]) for b in range(256)]
    if encoding == "vni":
        bases = [*range(0x41, 0x5B), *range(0x61, 0x7B), 0xD4, 0xD6, 0xF4, 0xF6]
        # A capital's mark byte is the capital one (0xC0-0xDF), a small letter's the small one.
        pairs += [
            bytes([a, b]) for a in bases for b in range(0xC0, 0x100) if (a < 0x61) == (b < 0xE0)
        ]
        pairs += [bytes([a, b]) for a in bases for b in range(0xC0, 0x100)]
    for seq in pairs:
        text = decode_legacy(seq, encoding)
        if len(text) == 1 and text not in found:
            found[text] = seq
    return found


INVERSE = {name: _inverse(name) for name in ("tcvn3", "vni")}


def to_legacy(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; a character it cannot hold becomes "?"."""
    if encoding == "cp1258":
        return to_cp1258(text.replace("→", "?"))
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out += ch.encode("ascii")
        else:
            out += INVERSE[encoding].get(ch) or INVERSE[encoding].get(ch.lower(), b"?")
    return out


# -- the tables ----------------------------------------------------------------


def test_tcvn3_agrees_with_glibc_above_0xa0() -> None:
    if ICONV is None:
        pytest.skip("iconv is not installed")
    for byte in range(0xA0, 0x100):
        result = subprocess.run(
            [ICONV, "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]), capture_output=True
        )
        if result.returncode != 0 and byte == 0xA0:
            pytest.skip("this iconv has no TCVN5712-1")
        assert decode_legacy(bytes([byte]), "tcvn3") == unicodedata.normalize(
            "NFC", result.stdout.decode("utf-8")
        ), hex(byte)


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        # As the ABC fonts show them: § µ ½ Ö Õ.
        (
            b"\xa7\xb5 N\xbdng, Vi\xd6t Nam, ti\xd5ng Vi\xd6t",
            "tcvn3",
            "Đà Nẵng, Việt Nam, tiếng Việt",
        ),
        # Curly quotes typed in Word stay quotes.
        (b"\x93h\xeep \xae\xe5ng\x94", "tcvn3", "\u201chợp đồng\u201d"),
        # VNI: an ASCII letter, then its marks.
        (b"Xin cha\xf8o ca\xf9c ba\xefn", "vni", "Xin chào các bạn"),
        (b"Vie\xe4t Nam, \xd1a\xf8 Na\xfcng", "vni", "Việt Nam, Đà Nẵng"),
        (b"H\xd4\xcfP \xd1O\xc0NG, tr\xf6\xf4\xf8ng h\xf4\xefp", "vni", "HỢP ĐỒNG, trường hợp"),
        (b"k\xe6m tra, t\xf3n, \xf1\xf2a l\xee", "vni", "kỉm tra, tĩn, địa lỵ"),
        # Windows-1258: tone marks are combining characters.
        (b"Vi\xea\xf2t Nam, \xd0a\xcc N\xe3\xdeng", "cp1258", "Việt Nam, Đà Nẵng"),
    ],
)
def test_known_text(data: bytes, encoding: str, text: str) -> None:
    decoded = decode_legacy(data, encoding)
    assert decoded == text
    assert unicodedata.is_normalized("NFC", decoded)


@pytest.mark.parametrize("encoding", ["cp1258", "vni", "tcvn3"])
def test_every_letter_can_be_read(encoding: str) -> None:
    """TCVN3 lacks most capitals with a tone (the ABC fonts draw them from small codes)."""
    for letter in all_letters():
        if encoding == "tcvn3" and letter.isupper() and letter not in "ĂÂÊÔƠƯĐ":
            continue
        data = to_legacy(letter, encoding)
        assert b"?" not in data, letter
        assert decode_legacy(data, encoding) == letter


# -- guessing and the error ----------------------------------------------------


@pytest.mark.parametrize("encoding", sorted(LEGACY_ENCODINGS))
@pytest.mark.parametrize("text", [PARAGRAPH, "Đà Nẵng", "kiểm soát", "hợp đồng"])
def test_guess(encoding: str, text: str) -> None:
    data = to_legacy(text, encoding)
    assert guess_legacy(data) == encoding


def test_no_guess_for_what_is_not_vietnamese() -> None:
    assert guess_legacy(b"plain ASCII") is None
    assert guess_legacy(bytes(range(0x80, 0x100))) is None
    assert guess_legacy("naïve façade".encode("latin-1")) is None


@pytest.mark.parametrize("encoding", sorted(LEGACY_ENCODINGS))
def test_error_names_the_encoding_and_the_option(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(to_legacy("Tiêu đề\n" + PARAGRAPH, encoding))
    with pytest.raises(FormatError) as caught:
        read_text(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:1:")
    assert "bytes that are not valid UTF-8" in message
    assert f"looks like {LEGACY_ENCODINGS[encoding]}" in message
    assert f"pass --encoding {encoding} " in message
    assert "\n" not in message


def test_error_without_a_guess_still_points_at_the_option(tmp_path: Path) -> None:
    path = tmp_path / "noise.bin"
    path.write_bytes(b"abc\n\xff\xfe\x00\x81")
    with pytest.raises(FormatError) as caught:
        read_text(path)
    assert str(caught.value).startswith(f"{path}:2:1: bytes that are not valid UTF-8 (tried UTF-8)")
    assert "--encoding" in str(caught.value)


# -- reading with an encoding ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("cp1258", "cp1258"),
        ("Windows-1258", "cp1258"),
        ("WINDOWS_1258", "cp1258"),
        ("TCVN3", "tcvn3"),
        ("abc", "tcvn3"),
        ("VNI-Windows", "vni"),
        ("latin-1", "iso8859-1"),
        ("UTF8", "utf-8"),
    ],
)
def test_encoding_names(name: str, canonical: str) -> None:
    assert encoding_name(name) == canonical


@pytest.mark.parametrize("name", ["klingon", "zlib", "base64", ""])
def test_unknown_encoding(name: str) -> None:
    with pytest.raises(InputError, match=r"unknown encoding .*; use cp1258 \(Windows-1258\)"):
        encoding_name(name)


@pytest.mark.parametrize("encoding", sorted(LEGACY_ENCODINGS))
def test_decode_with_an_encoding(encoding: str) -> None:
    data = to_legacy(PARAGRAPH, encoding)
    assert decode(data, "old.txt", encoding=encoding) == PARAGRAPH
    assert decode_bytes(data, "old.txt", html=False, encoding=encoding) == PARAGRAPH


def test_other_python_codecs_and_their_errors() -> None:
    assert decode("Ðà Nẵng".encode("utf-16"), "a.txt", encoding="utf-16") == "Ðà Nẵng"
    assert decode(b"\xef\xbb\xbfabc", "a.txt", encoding="utf-8") == "abc"
    assert decode("café".encode("latin-1"), "a.txt", encoding="latin-1") == "café"
    with pytest.raises(FormatError) as caught:
        decode(b"ok\nth\x81en", "a.txt", encoding="cp1258")
    assert str(caught.value).startswith(
        "a.txt:2:3: bytes that are not valid CP1258 (the encoding asked for)"
    )


SAMPLE = [
    Concept(
        id=1,
        domain="luật",
        definition="Sự thỏa thuận giữa các bên về quyền và nghĩa vụ.",
        terms=(
            Term(
                "vi",
                "hợp đồng",
                status="approved",
                occurrences=(Occurrence("tin_tức.txt", 3, 5, "Ký hợp đồng."),),
            ),
            Term("en", "contract", status="suggested", source="fake", confidence=0.8),
        ),
    ),
    Concept(id=2, terms=(Term("vi", "Đà Nẵng"), Term("en", "Da Nang", status="approved"))),
    Concept(id=3, terms=(Term("vi", "kiểm soát vũ khí"), Term("en", "arms control"))),
]


@pytest.mark.parametrize("encoding", sorted(LEGACY_ENCODINGS))
@pytest.mark.parametrize("name", list(registry()))
def test_every_format_reads_a_legacy_file_when_asked(
    name: str, encoding: str, tmp_path: Path
) -> None:
    fmt = registry()[name]
    out = io.BytesIO()
    fmt.write(SAMPLE, out, WriteOptions())
    exported = out.getvalue()
    utf8 = tmp_path / f"utf8.{fmt.extensions[0]}"
    utf8.write_bytes(exported)
    legacy = tmp_path / f"legacy.{fmt.extensions[0]}"
    legacy.write_bytes(to_legacy(exported.decode("utf-8"), encoding))
    assert fmt.read(legacy, encoding=encoding) == fmt.read(utf8)
    assert detect_format(legacy, encoding=encoding).name == detect_format(utf8).name
    assert "Đà Nẵng" in read_head(legacy, encoding=encoding)
    with pytest.raises(FormatError, match=f"pass --encoding {encoding} "):
        fmt.read(legacy)


@pytest.mark.parametrize("encoding", sorted(LEGACY_ENCODINGS))
def test_import_names_the_encoding_then_reads_it_with_the_option(
    encoding: str, tmp_path: Path, run: Run
) -> None:
    db = str(tmp_path / "t.db")
    legacy = tmp_path / "glossary.txt"
    legacy.write_bytes(to_legacy("Đà Nẵng\tDa Nang\nkiểm soát vũ khí\tarms control\n", encoding))
    refused = run("--db", db, "import", str(legacy), "-f", "omegat", ok=False)
    assert refused.exit_code == 1
    assert f"pass --encoding {encoding}" in refused.stderr
    assert "Traceback" not in refused.output + refused.stderr
    run("--db", db, "import", str(legacy), "-f", "omegat", "--encoding", encoding)
    found = run("--db", db, "lookup", "kiem soat vu khi", "--json")
    assert "kiểm soát vũ khí" in found.output and "arms control" in found.output


def test_import_refuses_an_unknown_encoding_before_reading(tmp_path: Path, run: Run) -> None:
    (tmp_path / "g.txt").write_text("hòa bình\tpeace\n", encoding="utf-8")
    result = run(
        "--db",
        str(tmp_path / "t.db"),
        "import",
        str(tmp_path / "g.txt"),
        "--encoding",
        "klingon",
        ok=False,
    )
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr
    assert not (tmp_path / "t.db").exists()


def test_mine_reads_a_legacy_file_when_told_its_encoding(tmp_path: Path, run: Run) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(to_legacy((PARAGRAPH + "\n") * 3, "tcvn3"))
    db = str(tmp_path / "t.db")
    refused = run("--db", db, "mine", str(page), "--no-suggest", ok=False)
    assert refused.exit_code == 1 and "pass --encoding tcvn3" in refused.stderr
    run("--db", db, "mine", str(page), "--no-suggest", "--encoding", "tcvn3")
    shown = run("--db", db, "show", "Hiệp ước Bầu trời mở", "--json")
    assert "Hiệp ước Bầu trời mở" in shown.output
