"""Telling a scraped page's article from its furniture.

News pages wrap an article in section names, bylines, dates, share bars,
"Đọc thêm" lists, other sites' headlines, horoscopes and lottery results.
:func:`clean_page` keeps the article and says, line by line, what it cut and
why.  The signals are general, not one site's layout:

* footer cues: a short line such as "Đọc thêm", "Tin liên quan", "Có thể bạn
  quan tâm", a source line such as "(theo TTXVN)" or a copyright sign ends the
  article; everything after it is cut;
* page furniture: dates and times, file names, links, "Theo dõi … trên",
  one-word lines, and short lines (section, byline) before the article starts;
* repetition: a line seen earlier on the page, a headline printed twice on one
  line, and short lines that recur across the documents of one run;
* link lists: headlines glued together without spaces ("ủng hộBộ trưởng") are
  split apart, and headline-like lines and teasers ("…" at the end) inside the
  page are kept only when they are about what the article is about.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from termbase.refdata import syllable_zipf

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
# The first words FURNITURE_PATTERNS can start with, unfolded: only such long lines are folded.
_FURNITURE_START = re.compile(
    r"[\s:*\-–—•|>»·]*(?:theo|mời|tải|đăng|in|gửi|lưu|quay|trang|xem|bản|giấy|cấm|ghi|all)\b",
    re.I,
)
# A short line naming the article's source: "(theo TTXVN)", "Theo Vietnam+", "(Nguồn: cand)".
SOURCE_LINE = re.compile(r"^[(\[]?\s*(?:theo|nguon)\s*:?\s+[^()\[\].!?]{1,40}[)\]]?\s*$")
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}:\d{2}\b|\bgmt\s*[+-]")
_AGO = re.compile(r"^(?:\d+|mot|hai|ba|vai) (?:giay|phut|gio|ngay|tuan|thang|nam) truoc$")
# A file name (its end: 10 characters at most) or a link.
_FILE_END = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|jfif|bmp|mp4|mp3|pdf)(?:\.\w{2,4})?$", re.I)
_LINK = re.compile(r"https?://|www\.", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[.!?][\"'”’)\]]*\s")
_CLOSERS = "\"'”’)]"
_TEASER_END = re.compile(r"(?:\.\.\.|…)\s*$")
# Letters by case, for glued headlines ("ủng hộBộ trưởng").
_LOWER = "".join(
    ch for ch in map(chr, [*range(0x61, 0x250), *range(0x1E00, 0x1F00)]) if ch.islower()
)
_UPPER = "".join(
    ch for ch in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if ch.isupper()
)
_GLUE = re.compile(
    rf"(?:^|(?<=\s))[{re.escape(_LOWER)}]{{2,}}(?=[{re.escape(_UPPER)}][{re.escape(_LOWER)}])"
)
_WORD = re.compile(r"[^\W\d_]+")
# A lower-case letter right before a capital: the only place glue can be.
_MAYBE_GLUE = re.compile(rf"[{re.escape(_LOWER)}][{re.escape(_UPPER)}]")

# A page line with at least this many words is prose, not a headline.
PROSE_WORDS = 20
HEADLINE_MIN_WORDS = 4
# Share of a link's (rarity-weighted) syllables the article must also use.
ON_TOPIC = 0.55
# Lines recurring in this many documents are site furniture (short lines only).
CROSS_DOC_MIN = 2
CROSS_DOC_MAX_WORDS = 20


class Span(NamedTuple):
    """A piece of a line kept for mining: 1-based line and column, and its text."""

    line: int
    column: int
    text: str


class Cut(NamedTuple):
    """A piece of a line left out, with the reason."""

    line: int
    text: str
    reason: str


@dataclass
class CleanPage:
    """What :func:`clean_page` kept and cut, in line order."""

    kept: list[Span] = field(default_factory=list)
    cuts: list[Cut] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, single spaces: the form cues are written in.

    Letters outside ASCII that are not Vietnamese are dropped too: cues are ASCII.
    """
    text = text.replace("\u0111", "d").replace("\u0110", "D")
    decomposed = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(decomposed.lower().split())


def _cue_form(line: str) -> str:
    return fold(line).strip(" :*-–—•|>»·").rstrip(".")


def line_fingerprint(line: str) -> int:
    """A compact hash of a line's words, for counting repeats across documents."""
    return zlib.crc32(" ".join(line.split()).casefold().encode("utf-8"))


class RepeatedLines:
    """Short lines counted across documents: a line in several pages is furniture.

    Feed every document first (:meth:`add`), then ask :meth:`documents_with`.
    Documents with the same content are counted once.
    """

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self._seen_digests: set[str] = set()

    def add(self, lines: Sequence[str], digest: str | None = None) -> None:
        if digest is not None:
            if digest in self._seen_digests:
                return
            self._seen_digests.add(digest)
        found = set()
        for line in lines:
            words = line.count(" ") + 1
            if line and words <= CROSS_DOC_MAX_WORDS:
                found.add(line_fingerprint(line))
        self.counts.update(found)

    def documents_with(self, line: str) -> int:
        return self.counts.get(line_fingerprint(line), 0)


@dataclass(slots=True)
class _Line:
    index: int
    text: str
    words: int
    cue: str
    kind: str = "text"  # text | prose | headline | teaser | short | empty
    reason: str | None = None
    pieces: list[tuple[int, str]] = field(default_factory=list)


def _glue_points(text: str) -> list[int]:
    return [m.end() for m in _GLUE.finditer(text)]


def _doubled(text: str) -> str | None:
    """The headline when a line is one headline printed twice."""
    half = len(text) // 2
    if text[: max(1, half // 2)] not in text[half - 2 :]:
        return None  # its first words do not come back in its second half
    words = text.split()
    half = len(words) // 2
    if len(words) >= 6 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return None


def _classify(line: _Line) -> None:
    """Set a non-empty line's kind, and its reason when it is cut."""
    text, cue = line.text, line.cue
    if (line.words <= 8 and cue in FOOTER_CUES) or (
        "\u00a9" in text or "\u00ae" in text or "(c) 20" in text
    ):
        line.reason = f"footer cue {text.strip()!r}"
        line.kind = "footer"
        return
    # The patterns on the cue match no empty cue: long lines skip them.
    if cue and FURNITURE_PATTERNS.match(cue):
        line.reason = "page furniture (follow, share, copyright)"
    elif cue and SOURCE_LINE.match(cue) and line.words <= 6:
        line.reason = f"source line {text.strip()!r}"
        line.kind = "source"
        return
    elif ("." in text[-12:] or "://" in text or "www." in text) and (
        # a file name's end, or a link where one may be: no scan of every prose line
        _FILE_END.search(text[-12:])
        or (("://" in text or "w." in text or "W." in text) and _LINK.search(text))
    ):
        line.reason = "file name or link"
    elif cue and line.words <= 10 and (_AGO.match(cue) or _DATE.search(cue)):
        line.reason = "date or time line"
    elif line.words <= 1:
        line.reason = "one-word line"
    if line.reason:
        line.kind = "cut"
        return
    if text.endswith(("...", "…")) and _TEASER_END.search(text):
        line.kind = "teaser"
    elif line.words >= PROSE_WORDS or (
        # _SENTENCE_END.search(text): most such lines end with the sentence
        line.words >= 8
        and (((end := text.rstrip(_CLOSERS)[-1:]) and end in ".!?…") or _SENTENCE_END.search(text))
    ):
        line.kind = "prose"
    elif line.words >= HEADLINE_MIN_WORDS:
        line.kind = "headline"
    else:
        line.kind = "short"


class _Topic:
    """The article's vocabulary, weighted so that rare syllables count most."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.zipf = syllable_zipf()
        self.vocab = {w for text in texts for w in _WORD.findall(text.casefold())}

    def weight(self, syllable: str) -> float:
        return max(0.0, 7.0 - self.zipf.get(syllable, 3.0))

    def share(self, text: str) -> float:
        words = _WORD.findall(text.casefold())
        total = sum(self.weight(w) for w in words)
        if total == 0:
            return 0.0
        return sum(self.weight(w) for w in words if w in self.vocab) / total


def clean_page(
    lines: Sequence[str],
    repeated: RepeatedLines | None = None,
) -> CleanPage:
    """Split a page into the spans to mine and the cuts, each cut with its reason."""
    # Empty lines are neither kept nor cut: only the others become items.
    items = []
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        words = text.count(" ") + 1 if "  " not in text and "\t" not in text else len(text.split())
        # Cues are short; a long line can only start like one (FURNITURE_PATTERNS).
        if len(text) >= 120:
            cue = ""
        elif words <= 10 or _FURNITURE_START.match(text):
            cue = _cue_form(text)
        else:
            cue = ""
        item = _Line(i, text, words, cue)
        _classify(item)
        items.append(item)
    page = CleanPage()
    first_prose = next((it.index for it in items if it.kind == "prose"), None)
    # No prose at all: a word list or one-line texts; only furniture is cut.
    end = len(lines)
    end_reason = ""
    if first_prose is not None:
        for it in items:
            if it.index > first_prose and it.kind in ("footer", "source"):
                end, end_reason = it.index, it.reason or ""
                break
    seen: dict[str, int] = {}
    body: list[str] = []
    counts = repeated.counts if repeated is not None else None
    for it in items:
        if it.index >= end:
            break
        if it.kind in ("cut", "footer", "source"):
            continue
        text = it.text
        # A line printed twice has its first words again in its second half (_doubled).
        half = len(text) // 2
        doubled = _doubled(text) if text[: max(1, half // 2)] in text[half - 2 :] else None
        shown = doubled or text
        plain = "  " not in shown and "\t" not in shown
        key = shown.casefold() if plain else " ".join(shown.casefold().split())
        if key in seen and it.words >= 2:
            it.reason = f"repeated line (first on line {seen[key] + 1})"
            continue
        seen.setdefault(key, it.index)
        if counts is not None and it.words <= CROSS_DOC_MAX_WORDS:
            n = counts.get(line_fingerprint(text), 0)
            if n >= CROSS_DOC_MIN:
                it.reason = f"line found in {n} documents"
                continue
        if first_prose is not None and it.index < first_prose and it.kind == "short":
            it.reason = "short line before the article (section name or byline)"
            continue
        glue = _glue_points(text) if _MAYBE_GLUE.search(text) else []
        if glue:
            bounds = [0, *glue, len(text)]
            it.pieces = [(bounds[k], text[bounds[k] : bounds[k + 1]]) for k in range(len(glue) + 1)]
            it.kind = "glued"
        elif doubled is not None:
            it.pieces = [(0, doubled)]
            it.kind = "headline"
        else:
            it.pieces = [(0, text)]
        if it.kind == "prose":
            body.append(text)
    topic: _Topic | None = None
    kept, cuts = page.kept, page.cuts
    for it in items:
        if it.index >= end:
            cuts.append(
                Cut(
                    it.index + 1,
                    it.text,
                    f"after the article's end ({end_reason}, line {end + 1})",
                )
            )
            continue
        if it.reason:
            cuts.append(Cut(it.index + 1, it.text, it.reason))
            continue
        raw = lines[it.index]
        offset = len(raw) - len(raw.lstrip()) if raw[:1].isspace() else 0
        linky = it.kind in ("glued", "teaser") or (
            it.kind == "headline" and first_prose is not None and it.index > first_prose
        )
        if linky and topic is None and body:
            topic = _Topic(body)
        for start, piece in it.pieces:
            if linky and topic is not None and (share := topic.share(piece)) < ON_TOPIC:
                what = "glued link list" if it.kind == "glued" else f"{it.kind}-like line"
                cuts.append(
                    Cut(it.index + 1, piece, f"{what} off the article's topic ({share:.0%} shared)")
                )
                continue
            if piece[:1].isspace() or piece[-1:].isspace():
                lead = len(piece) - len(piece.lstrip())
                kept.append(Span(it.index + 1, offset + start + lead + 1, piece.strip()))
            else:
                kept.append(Span(it.index + 1, offset + start + 1, piece))
    return page


def keep_everything(lines: Sequence[str]) -> CleanPage:
    """Every non-empty line as one span (``--keep-boilerplate``)."""
    page = CleanPage()
    for i, raw in enumerate(lines):
        text = raw.strip()
        if text:
            page.kept.append(Span(i + 1, len(raw) - len(raw.lstrip()) + 1, text))
    return page
