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

from termbase.data.vietnamese import syllable_zipf

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
# The cue patterns above in one call: the group named is the first that matches.
# A cue that SOURCE_LINE matches may hold a date too; _AGO's cues are never source lines.
# (A date needs a digit or "gmt": the look-ahead spares most cues the slower scan.)
_CUE_SIGNS = re.compile(
    f"(?P<furniture>{FURNITURE_PATTERNS.pattern})|(?P<source>{SOURCE_LINE.pattern})"
    rf"|(?P<ago>{_AGO.pattern})|(?P<date>(?=\D*+\d|.*?gmt).*?(?:{_DATE.pattern}))"
)
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
# One letter of a _WORD.
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
# A lower-case letter right before a capital: the only place glue can be.  Found
# from the capital (rare) back to the letter before it (a lower-case one is common).
_MAYBE_GLUE = re.compile(rf"[{re.escape(_UPPER)}](?<=[{re.escape(_LOWER)}].)")

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
    # Most lines have single spaces and no other white space (which is all unprintable):
    # they are their own normal form.
    if "  " in line or not line.isprintable() or line[:1] == " " or line[-1:] == " ":
        line = " ".join(line.split())
    return zlib.crc32(line.casefold().encode("utf-8"))


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
        # Lines of at most CROSS_DOC_MAX_WORDS words: fewer spaces than that.
        found = {
            line_fingerprint(line)
            for line in lines
            if line and line.count(" ") < CROSS_DOC_MAX_WORDS
        }
        self.counts.update(found)

    def documents_with(self, line: str) -> int:
        return self.counts.get(line_fingerprint(line), 0)


# One item per non-empty line: line index, stripped text, words, whether it has neither a
# double space nor a tab ("plain"), kind, and the reason when it is cut (kinds footer,
# source and cut always have one; teaser, prose, headline and short never do).
_Item = tuple[int, str, int, bool, str, "str | None"]


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


def _classify(lines: Sequence[str]) -> tuple[list[_Item], int | None, int, str]:
    """Each non-empty line's kind, and its reason when it is cut, up to the article's end.

    Returns the items, the first prose line (None when there is none), the line
    the article ends on (``len(lines)`` when nothing ends it) and why it ends there.
    Lines from the end on are not classified: they are all cut.
    """
    items: list[_Item] = []
    first_prose: int | None = None
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        plain = "  " not in text and "\t" not in text
        words = text.count(" ") + 1 if plain else len(text.split())
        # Cues are short; a long line can only start like one (FURNITURE_PATTERNS).
        # The patterns on the cue match no empty cue.
        cue = sign = ""
        if len(text) < 120 and (words <= 10 or _FURNITURE_START.match(text)):
            cue = _cue_form(text)
            if cue and (found := _CUE_SIGNS.match(cue)):
                sign = found.lastgroup or ""
        reason: str | None = None
        kind = "cut"
        if (words <= 8 and cue in FOOTER_CUES) or (
            "\u00a9" in text or "\u00ae" in text or "(c) 20" in text
        ):
            reason = f"footer cue {text!r}"
            kind = "footer"
        elif sign == "furniture":
            reason = "page furniture (follow, share, copyright)"
        elif sign == "source" and words <= 6:
            reason = f"source line {text!r}"
            kind = "source"
        elif (
            # a file name's end (a word character last), or a link where one may be:
            # no regex on every prose line
            "." in (last := text[-12:])
            and (text[-1].isalnum() or text[-1] == "_")
            and _FILE_END.search(last)
        ) or (
            ("://" in text or "w." in text or "W." in text)
            and ("." in last or "://" in text or "www." in text)
            and _LINK.search(text)
        ):
            reason = "file name or link"
        elif (
            words <= 10
            and sign
            # a source line's cue can hold a date too; no cue is both one and "… trước"
            and (sign in ("ago", "date") or (sign == "source" and _DATE.search(cue)))
        ):
            reason = "date or time line"
        elif words <= 1:
            reason = "one-word line"
        elif text.endswith(("...", "…")) and _TEASER_END.search(text):
            kind = "teaser"
        elif words >= PROSE_WORDS or (
            # the end of the line is the usual sentence end; else one inside needs . ! or ?
            words >= 8
            and (
                ((end := text.rstrip(_CLOSERS)[-1:]) and end in ".!?…")
                or (("." in text or "!" in text or "?" in text) and _SENTENCE_END.search(text))
            )
        ):
            kind = "prose"
            if first_prose is None:
                first_prose = i
        elif words >= HEADLINE_MIN_WORDS:
            kind = "headline"
        else:
            kind = "short"
        if first_prose is not None and kind in ("footer", "source"):
            return items, first_prose, i, reason or ""
        items.append((i, text, words, plain, kind, reason))
    return items, first_prose, len(lines), ""


class _Topic:
    """The article's vocabulary, weighted so that rare syllables count most.

    A page asks about a few words only: each is looked up in the article's text
    when first asked about, rather than every word of the article collected.
    """

    def __init__(self, folded: Iterable[str]) -> None:
        """``folded``: the article's lines, case-folded."""
        self.zipf = syllable_zipf()
        self.text = "\n".join(folded)
        self.known: dict[str, bool] = {}

    def weight(self, syllable: str) -> float:
        return max(0.0, 7.0 - self.zipf.get(syllable, 3.0))

    def has(self, word: str) -> bool:
        """Whether the article has ``word`` (case-folded letters) as a whole word."""
        found = self.known.get(word)
        if found is None:
            text, size = self.text, len(word)
            at = text.find(word)
            # an occurrence inside a longer word does not count
            while at >= 0 and (
                (at > 0 and _LETTER.match(text, at - 1)) or _LETTER.match(text, at + size)
            ):
                at = text.find(word, at + 1)
            found = self.known[word] = at >= 0
        return found

    def share(self, text: str) -> float:
        words = _WORD.findall(text.casefold())
        total = sum(self.weight(w) for w in words)
        if total == 0:
            return 0.0
        return sum(self.weight(w) for w in words if self.has(w)) / total


def _span(index: int, column: int, piece: str) -> Span:
    """The span of a piece starting at 0-based ``column`` of line ``index``, stripped."""
    if piece[:1].isspace() or piece[-1:].isspace():
        lead = len(piece) - len(piece.lstrip())
        return Span(index + 1, column + lead + 1, piece.strip())
    return Span(index + 1, column + 1, piece)


def clean_page(
    lines: Sequence[str],
    repeated: RepeatedLines | None = None,
) -> CleanPage:
    """Split a page into the spans to mine and the cuts, each cut with its reason."""
    # Empty lines are neither kept nor cut: only the others become items.
    items, first_prose, end, end_reason = _classify(lines)
    # No prose at all: a word list or one-line texts; only furniture is cut.
    before = -1 if first_prose is None else first_prose  # bylines stand before it
    after = len(lines) if first_prose is None else first_prose  # link lists after it
    page = CleanPage()
    kept, cuts = page.kept, page.cuts
    # Headline-like lines and teasers wait for the article's whole vocabulary: where
    # their spans and cuts go, their line, kind, pieces (start, text) and indent.
    waiting: list[tuple[int, int, int, str, list[tuple[int, str]], int]] = []
    seen: dict[str, int] = {}
    body: list[str] = []  # the prose lines' keys: case-folded
    counts = repeated.counts if repeated is not None else None
    for i, text, words, plain, kind, reason in items:
        if reason is not None:
            cuts.append(Cut(i + 1, text, reason))
            continue
        # Only single spaces between the words (all other white space is unprintable):
        # the spaces count the words, and the line is its own line_fingerprint form.
        single = plain and words <= CROSS_DOC_MAX_WORDS and text.isprintable()
        half = len(text) // 2
        if single:
            # What _doubled finds: three words or more, a space, the same words again.
            doubled = (
                text[:half]
                if words >= 6
                and words % 2 == 0
                and text[half] == " "
                and text[:half] == text[half + 1 :]
                else None
            )
        else:
            # A line printed twice has its first words again in its second half (_doubled).
            doubled = _doubled(text) if text[: max(1, half // 2)] in text[half - 2 :] else None
        if doubled is not None:
            key = doubled.casefold()  # the headline found has single spaces
        else:
            key = text.casefold() if plain else " ".join(text.casefold().split())
        first = seen.get(key)
        if first is None:
            seen[key] = i
        elif words >= 2:
            cuts.append(Cut(i + 1, text, f"repeated line (first on line {first + 1})"))
            continue
        if counts is not None and words <= CROSS_DOC_MAX_WORDS:
            if single and doubled is None:  # the key is the case-folded line
                n = counts.get(zlib.crc32(key.encode("utf-8")), 0)
            else:
                n = counts.get(line_fingerprint(text), 0)
            if n >= CROSS_DOC_MIN:
                cuts.append(Cut(i + 1, text, f"line found in {n} documents"))
                continue
        if i < before and kind == "short":
            cuts.append(Cut(i + 1, text, "short line before the article (section name or byline)"))
            continue
        pieces = None
        if _MAYBE_GLUE.search(text) and (glue := _glue_points(text)):
            bounds = [0, *glue, len(text)]
            pieces = [(bounds[k], text[bounds[k] : bounds[k + 1]]) for k in range(len(glue) + 1)]
            kind = "glued"
        elif doubled is not None:
            pieces = [(0, doubled)]
            kind = "headline"
        elif kind == "prose":
            body.append(key)
        raw = lines[i]
        offset = len(raw) - len(raw.lstrip()) if raw[:1].isspace() else 0
        if kind in ("glued", "teaser") or (kind == "headline" and i > after):
            waiting.append((len(kept), len(cuts), i, kind, pieces or [(0, text)], offset))
        elif pieces is None:
            kept.append(Span(i + 1, offset + 1, text))  # text is stripped
        else:
            kept.extend(_span(i, offset + start, piece) for start, piece in pieces)
    if waiting:
        topic = _Topic(body) if body else None
        # Backwards, so that the places of the earlier ones stay where they were.
        for at_kept, at_cut, i, kind, pieces, offset in reversed(waiting):
            spans: list[Span] = []
            off_topic: list[Cut] = []
            for start, piece in pieces:
                if topic is not None and (share := topic.share(piece)) < ON_TOPIC:
                    what = "glued link list" if kind == "glued" else f"{kind}-like line"
                    off_topic.append(
                        Cut(i + 1, piece, f"{what} off the article's topic ({share:.0%} shared)")
                    )
                else:
                    spans.append(_span(i, offset + start, piece))
            kept[at_kept:at_kept] = spans
            cuts[at_cut:at_cut] = off_topic
    if end < len(lines):
        why = f"after the article's end ({end_reason}, line {end + 1})"
        for j in range(end, len(lines)):
            if text := lines[j].strip():
                cuts.append(Cut(j + 1, text, why))
    return page


def keep_everything(lines: Sequence[str]) -> CleanPage:
    """Every non-empty line as one span (``--keep-boilerplate``)."""
    page = CleanPage()
    for i, raw in enumerate(lines):
        text = raw.strip()
        if text:
            page.kept.append(Span(i + 1, len(raw) - len(raw.lstrip()) + 1, text))
    return page
