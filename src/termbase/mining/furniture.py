"""The cues that mark a short line as page furniture, in one folded form.

Footer cues ("Đọc thêm", "Tin liên quan"), furniture phrases ("Theo dõi …
trên", "Bản quyền"), source lines ("(theo TTXVN)"), dates, times and "… trước"
(ago) are written folded (:func:`fold`: lower case, no diacritics), and
:func:`read_cue` reads a line in that form.  :mod:`termbase.mining.clean`
decides with them; they are general, not one site's layout.
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
