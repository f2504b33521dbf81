"""The cues that mark a short line as page furniture, in one folded form.

Footer cues ("Đọc thêm", "Tin liên quan"), furniture phrases ("Theo dõi …
trên", "Bản quyền"), source lines ("(theo TTXVN)"), dates, times and "… trước"
(ago) are written folded (:func:`fold`: lower case, no diacritics), and
:func:`read_cue` reads a line in that form.  :mod:`termbase.mining.clean`
decides with them; they are general, not one site's layout.  Inside a kept line,
:func:`inline_furniture` finds photo and source credits, datelines and site names.
"""

from __future__ import annotations

import re
import unicodedata

# Whole short lines (diacritics folded, lower case, trailing ":" dropped) that
# open a page's footer: related articles, most read, comments, ratings, sharing.
FOOTER_CUES = frozenset(
    """
    doc them|xem them|doc tiep|tin lien quan|bai lien quan|tin tuc lien quan|bai viet lien quan
    tin cung chuyen muc|cung chuyen muc|bai cung chuyen muc|bai viet cung chuyen muc
    bai viet cung chu de|tin cung chu de|cung chu de|chu de lien quan|cac chu de
    tin noi bat|bai noi bat|noi bat|tin moi|tin moi nhat|moi nhat|tin moi cap nhat|tin khac
    cac tin khac|tin tuc khac|bai viet khac|cac bai viet khac|tin da dua|tin cu hon
    co the ban cung thich|co the ban quan tam|ban co the quan tam|co the ban muon xem
    ban co the thich|doc nhieu|doc nhieu nhat|tin doc nhieu|xem nhieu|xem nhieu nhat
    tin xem nhieu|tin hot|video noi bat|dang phat|video|binh luan|y kien binh luan
    gui binh luan|viet binh luan|y kien ban doc|y kien|danh gia|chia se|chia se bai viet
    tu khoa|tags|the|return to top|ve dau trang|len dau trang|phien ban di dong
    phien ban desktop|lien he|lien he quang cao|quang cao|dat bao|theo dong su kien
    """.replace("\n", "|")
    .strip("| ")
    .split("|")
) - {""}
# Phrases that mark a line as page furniture wherever they stand.
FURNITURE_PATTERNS = re.compile(
    r"^(?:theo doi .{1,40} tren|moi (?:quy )?(?:doc gia|ban doc|quy vi)|tai ung dung"
    r"|dang ky (?:nhan tin|kenh)|in bai|gui bai|luu bai|quay lai|trang chu|xem video"
    r"|ban quyen|giay phep (?:so|thiet lap)|cam sao chep|ghi ro nguon|all rights reserved)",
)
# A short line naming the article's source: "(theo TTXVN)", "Theo Vietnam+", "(Nguồn: cand)".
SOURCE_LINE = re.compile(r"^[(\[]?\s*(?:theo|nguon)\s*:?\s+[^()\[\].!?]{1,40}[)\]]?\s*$")
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}:\d{2}\b|\bgmt\s*[+-]")
AGO = re.compile(r"^(?:\d+|mot|hai|ba|vai) (?:giay|phut|gio|ngay|tuan|thang|nam) truoc$")
# The cue patterns above in one call: the group named is the first that matches.
# A cue that SOURCE_LINE matches may hold a date too; AGO's cues are never source lines.
# (A date needs a digit or "gmt": the look-ahead spares most cues the slower scan.)
CUE_SIGNS = re.compile(
    f"(?P<furniture>{FURNITURE_PATTERNS.pattern})|(?P<source>{SOURCE_LINE.pattern})"
    rf"|(?P<ago>{AGO.pattern})|(?P<date>(?=\D*+\d|.*?gmt).*?(?:{DATE.pattern}))"
)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, single spaces: the form cues are written in.

    Letters outside ASCII that are not Vietnamese are dropped too: cues are ASCII.
    """
    text = text.replace("\u0111", "d").replace("\u0110", "D")
    decomposed = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(decomposed.lower().split())


def read_cue(line: str) -> tuple[str, str, bool]:
    """A short line's cue: its folded form, the CUE_SIGNS group it matches, and if it is dated.

    The group is "" when none matches (no pattern matches an empty cue).  Dated:
    a date, a time or "… trước" (ago); a source line's cue can hold a date too.
    """
    cue = fold(line).strip(" :*-–—•|>»·").rstrip(".")
    found = CUE_SIGNS.match(cue) if cue else None
    if found is None:
        return cue, "", False
    sign = found.lastgroup or ""
    return cue, sign, sign in ("ago", "date") or (sign == "source" and bool(DATE.search(cue)))


# Furniture inside a kept line, read on its own text (not folded): photo credits and
# source credits at a line's end, datelines at its start, and domain names anywhere.
# The words that open a credit ("Ảnh: REUTERS", "(Nguồn: AFP)", "(theo Reuters)").
_CREDIT_LABEL = (
    r"(?:ảnh(?:\s+minh\s+h[oọ][aạ])?|nguồn(?:\s+ảnh)?|photo|video|clip|đồ\s+h[oọ][aạ]"
    r"|infographic|theo)"
)
# A credit ending a line: bracketed, or after a label and a colon.  (The label's start
# is checked in inline_furniture: the line's start, a sentence end or a bracket.)
CREDIT = re.compile(
    rf"(?:[(\[]\s*{_CREDIT_LABEL}\b\s*:?\s*[^()\[\]]{{1,50}}[)\]]"
    rf"|\b{_CREDIT_LABEL}\s*:\s*[^()\[\]:!?]{{1,50}})\s*$",
    re.I,
)
# A photographer's credit in English after a caption: Latin-letter names with a slash
# ("John Minchillo / Pool via REUTERS", "Evelyn Hockstein/Reuters").
ENGLISH_CREDIT = re.compile(
    r"(?<=[.!?…\"”)\]] )[A-Z][A-Za-z.'-]*(?: [A-Za-z.'-]+){0,4}"
    r" ?/ ?[A-Za-z][A-Za-z.'-]*(?: [A-Za-z.'-]+){0,3}\s*$"
)
# A credit names a source in a few words.
CREDIT_MAX_WORDS = 6
# A web site's name: letters, digits and hyphens, dots, and a common top-level domain.
_TLD = re.compile(r"\.(?:vn|com|net|org|gov|edu|info|tv|fm)\b(?:\.[a-z]{2}\b)?", re.I)
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
# A dateline before a line's first sentence, ended by a dash (or a colon): a site's name
# ("VTV.vn -"), an agency in brackets after an optional place and date ("Hà Nội
# (TTXVN) -", "WASHINGTON (Reuters) -", "(TTXVN) -"), or a place and a date ("Hà Nội,
# ngày 5/6/2021 -").  Every word of the place is checked to start with a capital.
_PLACE = r"[^\W\d_][\w.'’+-]*(?:\s+[^\W\d_][\w.'’+-]*){0,3}"
_DAY = r"(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
DATELINE = re.compile(
    rf"\s*(?:(?P<place>{_PLACE})\s*)?(?:,\s*{_DAY}\s*)?\(\s*[^()]{{1,30}}\)\s*[-–—:]\s+"
    rf"|\s*[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*{_TLD.pattern}\s*[-–—:]\s+"
    rf"|\s*(?P<dated>{_PLACE})\s*,\s*{_DAY}\s*[-–—:]\s+",
    re.I,
)
# A dateline's place has at most this many characters (a city, a country, "Hà Nội").
DATELINE_PLACE_CHARS = 30


def _capitalised(words: str | None) -> bool:
    return words is None or all(w[:1].isupper() for w in words.split())


def inline_furniture(text: str) -> list[tuple[int, int, str]]:
    """The furniture inside a line: ``(start, end, reason)`` pieces, in order, apart.

    A dateline at the start (:data:`DATELINE`), a credit at the end (:data:`CREDIT`,
    :data:`ENGLISH_CREDIT`), and domain names
    ("VTV.vn") anywhere: a site's name is never a term.  A news agency in running
    text ("hãng tin Reuters cho biết") is none of these and stays.
    """
    pieces: list[tuple[int, int, str]] = []
    start, end = 0, len(text)
    # Cheap tests first: a dateline has a dash or a colon, a credit a colon or a bracket.
    if ("- " in text[:80] or "– " in text[:80] or "— " in text[:80] or ": " in text[:80]) and (
        found := DATELINE.match(text)
    ):
        place = found.group("place") or found.group("dated")
        # the article's first sentence starts with a capital, a digit or a quote
        first = text[found.end() : found.end() + 1]
        if (
            (place is None or len(place) <= DATELINE_PLACE_CHARS)
            and _capitalised(place)
            and (first.isupper() or first.isdigit() or first in "\"“'‘")
        ):
            start = found.end()
            pieces.append((0, start, "dateline (place, agency or site before the article)"))
    tail = text[-60:]
    if (":" in tail or ")" in tail or "]" in tail) and (found := CREDIT.search(text, start)):
        at, credit = found.start(), found.group().strip()
        before = text[:at].rstrip()
        name = credit.split(":", 1)[-1] if ":" in credit else credit.split(None, 1)[-1]
        if (
            (not before or before[-1] in '.!?…"”)]:' or credit[0] in "([")
            and len(credit.split()) <= CREDIT_MAX_WORDS
            and ". " not in credit
            and (not credit.lower().lstrip("([ ").startswith("theo") or name != name.lower())
        ):
            end = len(before) if before else at
            pieces.append((at, len(text), "photo or source credit"))
    elif "/" in tail and (found := ENGLISH_CREDIT.search(text, start)):
        at = found.start()
        before = text[:at].rstrip()
        if at > start:
            end = len(before)
            pieces.append((at, len(text), "photo or source credit"))
    if "." in text:
        middle: list[tuple[int, int, str]] = []
        for found in _TLD.finditer(text, start, end):
            a = found.start()
            while a > start and text[a - 1] in _HOST_CHARS:
                a -= 1
            b = found.end()
            if a < found.start() and text[a] not in ".-" and (b == end or not text[b].isalnum()):
                middle.append((a, b, "domain name (a site, not a term)"))
        if middle:
            pieces[1 if start else 0 : 1 if start else 0] = middle
    return pieces
