"""Telling a scraped page's article from its furniture.

News pages wrap an article in section names, bylines, dates, share bars,
"Đọc thêm" lists, other sites' headlines, horoscopes and lottery results.
:func:`clean_page` keeps the article and says, line by line, what it cut and
why.  The signals are general, not one site's layout:

* footer cues: a short line such as "Đọc thêm", "Tin liên quan", "Có thể bạn
  quan tâm", a source line such as "(theo TTXVN)" or a copyright sign ends the
  article when what follows looks like page furniture (short lines, link lists,
  repeated lines); everything after it is then cut.  Running prose after a cue
  (several sentences in a row) is the article going on: only the cue is cut;
* page furniture: dates and times, file names, links, "Theo dõi … trên",
  one-word lines, and short lines (section, byline) before the article starts;
* repetition: a line seen earlier on the page, a headline printed twice on one
  line, and short lines that recur across the documents of one run;
* link lists: headlines glued together without spaces ("ủng hộBộ trưởng") are
  split apart, and headline-like lines and teasers ("…" at the end) inside the
  page are kept only when they are about what the article is about.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from termbase.data.vietnamese import syllable_zipf
from termbase.mining.furniture import FOOTER_CUES, inline_furniture, read_cue

# Patterns on a line's own text, each tried only where a cheap test says it may match.
# (Defined here, not imported: CPython 3.11 calls a method of an imported name through an
# attribute look-up that makes a bound method each time, too slow for the per-line loops.)
# The first words furniture.FURNITURE_PATTERNS can start with, unfolded: only a long line
# starting so is folded.
_FURNITURE_START = re.compile(
    r"[\s:*\-–—•|>»·]*(?:theo|mời|tải|đăng|in|gửi|lưu|quay|trang|xem|bản|giấy|cấm|ghi|all)\b",
    re.I,
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
# A word of a line, and one of its letters (the article's vocabulary, by whole words).
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
# A lower-case letter right before a capital: the only place glue can be.  Found
# from the capital (rare) back to the letter before it (a lower-case one is common).
_MAYBE_GLUE = re.compile(rf"[{re.escape(_UPPER)}](?<=[{re.escape(_LOWER)}].)")

# Thresholds, in words of a line (its spaces + 1) unless they say otherwise.  Neither the
# git log nor bench/RESULTS.md records a measurement that chose any of them: all were set
# by hand with the first page cleaning (b5a532a) and have stood since.
# A line this long (characters) or longer is never a cue: set by hand.
CUE_MAX_CHARS = 120
# A line of at most this many words is folded for cues (a longer one only when it starts
# like FURNITURE_PATTERNS); a date or time makes such a line a dateline: set by hand.
CUE_MAX_WORDS = 10
# A footer cue (FOOTER_CUES) is a line of at most this many words: set by hand.
FOOTER_CUE_MAX_WORDS = 8
# A source line ("(theo TTXVN)") has at most this many words: set by hand.
SOURCE_MAX_WORDS = 6
# _FILE_END is looked for in a line's last this many characters; its longest match is
# ten (".jpeg.webp"): set by hand with room to spare.
FILE_END_CHARS = 12
# A line of at least this many words that ends like a sentence, or has a sentence end
# inside, is prose: set by hand.
SENTENCE_MIN_WORDS = 8
# A page line with at least this many words is prose, whatever its end: set by hand.
PROSE_WORDS = 20
# A line of fewer words (not prose, not furniture) is "short": a section name or byline
# before the article; from this many on it is headline-like: set by hand.
HEADLINE_MIN_WORDS = 4
# A headline printed twice on one line has at least this many words: three, twice.
DOUBLED_MIN_WORDS = 6
# A line seen earlier on the page is cut from this many words on (one word may recur).
REPEAT_MIN_WORDS = 2
# A footer or source cue after the article's start ends it unless running prose follows:
# PROSE_RUN prose lines in a row (none repeating another line after the cue) within the
# cue's next END_LOOKAHEAD non-empty lines.  A link list alternates headlines (often
# printed twice) with one-sentence teasers, comments alternate names, dates and text:
# neither has three prose lines in a row on the seed pages, and an article's paragraphs
# do (set with the NTREX test of issue 10: a stray "Đọc thêm" cut 396 of 401 lines).
PROSE_RUN = 3
END_LOOKAHEAD = 10
# Short lines (at most CROSS_DOC_MAX_WORDS words) recurring in at least CROSS_DOC_MIN
# documents of one run are site furniture: set by hand.
CROSS_DOC_MIN = 2
CROSS_DOC_MAX_WORDS = 20
# Share of a waiting line's (rarity-weighted) syllables the article must also use for the
# line to be kept: set by hand.
ON_TOPIC = 0.55
# A syllable weighs how far its Zipf frequency (syllable_zipf) lies below ZIPF_CEILING;
# one the list lacks counts as UNKNOWN_ZIPF: both set by hand.
ZIPF_CEILING = 7.0
UNKNOWN_ZIPF = 3.0


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


# One item per non-empty line up to the article's end: line index, stripped text, words,
# whether it has neither a double space nor a tab ("plain"), kind, and the reason when it
# is cut (kinds footer, source and cut always have one; teaser, prose, headline and short
# never do).  A plain tuple: one is made per line.
_Item = tuple[int, str, int, bool, str, "str | None"]


def glue_points(text: str) -> list[int]:
    """Where a glued line's headlines after the first start (see _GLUE)."""
    if not _MAYBE_GLUE.search(text):
        return []
    return [m.end() for m in _GLUE.finditer(text)]


def _doubled(text: str) -> str | None:
    """The headline when a line is one headline printed twice."""
    half = len(text) // 2
    if text[: max(1, half // 2)] not in text[half - 2 :]:
        return None  # its first words do not come back in its second half
    words = text.split()
    half = len(words) // 2
    if len(words) >= DOUBLED_MIN_WORDS and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return None


def _classify(lines: Sequence[str]) -> tuple[list[_Item], int | None, int, str]:
    """Each line's kind and cut reason, up to the footer or source line that ends the article.

    Returns the items, the first prose line or None, the end (or ``len(lines)``) and why.
    A cue after the first prose line is an end only if no running prose follows it
    (:data:`PROSE_RUN`, :func:`_AfterCue`).
    """
    items: list[_Item] = []
    first_prose: int | None = None
    tail = -FILE_END_CHARS
    after: _AfterCue | None = None  # the first cue that may end the article, being judged
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        plain = "  " not in text and "\t" not in text
        words = text.count(" ") + 1 if plain else len(text.split())
        # Cues are short; a long line can only start like one (FURNITURE_PATTERNS).
        cue, sign, dated = "", "", False
        if len(text) < CUE_MAX_CHARS and (words <= CUE_MAX_WORDS or _FURNITURE_START.match(text)):
            cue, sign, dated = read_cue(text)
        reason: str | None = None
        kind = "cut"
        if (words <= FOOTER_CUE_MAX_WORDS and cue in FOOTER_CUES) or (
            "\u00a9" in text or "\u00ae" in text or "(c) 20" in text
        ):
            reason, kind = f"footer cue {text!r}", "footer"
        elif sign == "furniture":
            reason = "page furniture (follow, share, copyright)"
        elif sign == "source" and words <= SOURCE_MAX_WORDS:
            reason, kind = f"source line {text!r}", "source"
        elif (
            # a file name's end (a word character last), or a link: no regex on most lines
            "." in (last := text[tail:])
            and (text[-1].isalnum() or text[-1] == "_")
            and _FILE_END.search(last)
        ) or (
            ("://" in text or "w." in text or "W." in text)
            and ("." in last or "://" in text or "www." in text)
            and _LINK.search(text)
        ):
            reason = "file name or link"
        elif dated and words <= CUE_MAX_WORDS:
            reason = "date or time line"
        elif words <= 1:
            reason = "one-word line"
        elif text.endswith(("...", "…")) and _TEASER_END.search(text):
            kind = "teaser"
        elif words >= PROSE_WORDS or (
            # the end of the line is the usual sentence end; else one inside needs . ! or ?
            words >= SENTENCE_MIN_WORDS
            and (
                ((end := text.rstrip(_CLOSERS)[-1:]) and end in ".!?…")
                or (("." in text or "!" in text or "?" in text) and _SENTENCE_END.search(text))
            )
        ):
            kind = "prose"
            if first_prose is None:
                first_prose = i
        else:
            kind = "headline" if words >= HEADLINE_MIN_WORDS else "short"
        if after is not None:
            if after.prose_follows(text, kind):
                after.go_on(items)
                after = None
            elif after.seen >= END_LOOKAHEAD:
                return items[: after.at], first_prose, after.line, after.reason
        if after is None and first_prose is not None and kind in ("footer", "source"):
            after = _AfterCue(len(items), i, reason or "")
        items.append((i, text, words, plain, kind, reason))
    if after is not None:
        return items[: after.at], first_prose, after.line, after.reason
    return items, first_prose, len(lines), ""


class _AfterCue:
    """The lines after a footer or source cue, watched for running prose.

    ``at`` is the cue's place in the items, ``line`` its line index.  A prose line
    that repeats a line seen since the cue (a teaser printed twice) breaks the run.
    """

    def __init__(self, at: int, line: int, reason: str) -> None:
        self.at, self.line, self.reason = at, line, reason
        self.seen = 0
        self.run = 0
        self.texts: set[str] = set()

    def prose_follows(self, text: str, kind: str) -> bool:
        """Count one more line after the cue; whether PROSE_RUN prose lines now run."""
        self.seen += 1
        key = " ".join(text.casefold().split())
        self.run = self.run + 1 if kind == "prose" and key not in self.texts else 0
        self.texts.add(key)
        return self.run >= PROSE_RUN

    def go_on(self, items: list[_Item]) -> None:
        """The article goes on: the cues since ``at`` are cut as lines, saying so."""
        for k in range(self.at, len(items)):
            i, text, words, plain, kind, reason = items[k]
            if kind in ("footer", "source"):
                why = f"{reason}, not the article's end: running prose follows"
                items[k] = (i, text, words, plain, kind, why)


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
        return max(0.0, ZIPF_CEILING - self.zipf.get(syllable, UNKNOWN_ZIPF))

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
    # No prose at all (a word list, one-line texts): only furniture is cut, as nothing
    # stands before the article (bylines) or after its start (link lists).
    before = -1 if first_prose is None else first_prose
    after = len(lines) if first_prose is None else first_prose
    page = CleanPage()
    left = _cut_lines(items, before, repeated, page.cuts)
    waiting, body = _keep_lines(lines, left, after, page.kept)
    if waiting:
        _keep_on_topic(waiting, body, page)
    _cut_inline(page)
    if end < len(lines):
        _cut_after_end(lines, end, end_reason, page.cuts)
    return page


# A line no cut took: line index, stripped text, kind, its key (case-folded, single
# spaces) and the headline when it is one printed twice.  A plain tuple: one per line.
_Left = tuple[int, str, str, str, "str | None"]


def _cut_lines(
    items: list[_Item], before: int, repeated: RepeatedLines | None, cuts: list[Cut]
) -> list[_Left]:
    """Which lines are cut: by kind, as repeats on the page or in other documents, as bylines."""
    left: list[_Left] = []
    seen: dict[str, int] = {}
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
                if words >= DOUBLED_MIN_WORDS
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
        elif words >= REPEAT_MIN_WORDS:
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
        left.append((i, text, kind, key, doubled))
    return left


# A line kept only if it is on the article's topic: where its spans go in the page's
# spans, its line index, kind (glued, teaser or headline), pieces (start in the stripped
# line, text) and indent.
_Waiting = tuple[int, int, str, list[tuple[int, str]], int]


def _keep_lines(
    lines: Sequence[str], left: list[_Left], after: int, kept: list[Span]
) -> tuple[list[_Waiting], list[str]]:
    """Which lines are kept now, split at glue or once if doubled, and which wait for the topic.

    Teasers, glued link lists and headline-like lines after the article starts
    wait; the prose lines' keys (the article's text) are returned with them.
    """
    waiting: list[_Waiting] = []
    body: list[str] = []
    for i, text, kind, key, doubled in left:
        pieces = None
        if glue := glue_points(text):
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
            waiting.append((len(kept), i, kind, pieces or [(0, text)], offset))
        elif pieces is None:
            kept.append(Span(i + 1, offset + 1, text))  # text is stripped
        else:
            kept.extend(_span(i, offset + start, piece) for start, piece in pieces)
    return waiting, body


def _keep_on_topic(waiting: list[_Waiting], body: list[str], page: CleanPage) -> None:
    """Which waiting pieces share enough of the article's vocabulary (ON_TOPIC) to be kept."""
    topic = _Topic(body) if body else None
    kept, cuts = page.kept, page.cuts
    # Backwards, so that the places of the earlier ones stay where they were.
    for at_kept, i, kind, pieces, offset in reversed(waiting):
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
        # The cuts are in line order, none on this line yet: (line,) sorts before its cuts.
        at_cut = bisect.bisect_left(cuts, (i + 1,))
        cuts[at_cut:at_cut] = off_topic


def _cut_inline(page: CleanPage) -> None:
    """Credits, datelines and domain names inside the kept lines are cut (inline_furniture)."""
    kept: list[Span] = []
    found: list[Cut] = []
    for span in page.kept:
        pieces = inline_furniture(span.text)
        if not pieces:
            kept.append(span)
            continue
        text, index, column, at = span.text, span.line - 1, span.column - 1, 0
        for start, end, reason in pieces:
            if text[at:start].strip():
                kept.append(_span(index, column + at, text[at:start]))
            found.append(Cut(span.line, text[start:end].strip(), reason))
            at = end
        if text[at:].strip():
            kept.append(_span(index, column + at, text[at:]))
    if found:
        page.kept = kept
        page.cuts.extend(found)
        page.cuts.sort(key=lambda cut: cut.line)  # stable: a line's earlier cuts stay first


def _cut_after_end(lines: Sequence[str], end: int, reason: str, cuts: list[Cut]) -> None:
    """Every non-empty line from the article's end on is cut, with what ended it."""
    why = f"after the article's end ({reason}, line {end + 1})"
    for j in range(end, len(lines)):
        if text := lines[j].strip():
            cuts.append(Cut(j + 1, text, why))


def keep_everything(lines: Sequence[str]) -> CleanPage:
    """Every non-empty line as one span (``--keep-boilerplate``)."""
    page = CleanPage()
    for i, raw in enumerate(lines):
        text = raw.strip()
        if text:
            page.kept.append(Span(i + 1, len(raw) - len(raw.lstrip()) + 1, text))
    return page
