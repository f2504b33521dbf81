"""The miner's hot path: a document's kept text into runs of content syllables.

A run is a stretch of Vietnamese content syllables within a clause:
punctuation, numbers and function words end it; connectors ("và", "các",
"của", "ở", "về") stay inside a name that starts with a capitalised head ("Tổ
chức An ninh và Hợp tác ở châu Âu").  Latin-script names and acronyms (NATO,
New START, COVID-19) form runs of their own.

Speed comes from classifying each *distinct* token once: a document becomes
one string with a class letter per token (:mod:`termbase.mining.tokens` has
the letters and the patterns over them), and a regular expression finds the
runs in it.  Only what cannot be decided per token (a function word inside a
dictionary word such as "không gian", a two-syllable function word such as "dự
kiến", a connector inside a name) is looked at in Python.

Per document only the run ids and where they start go to a :class:`RunLog` on
disk, so memory grows with the run table, not with the text.
"""

from __future__ import annotations

import itertools
import operator
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO, NamedTuple

from termbase.data.cues import HEADS, WEAK_HEADS
from termbase.mining.abbreviations import join_country_pairs
from termbase.mining.clauses import (
    DEMONSTRATIVES,
    MAX_OUTSIDE,
    clause_pieces,
    syllable_key,
    verb_firsts,
)
from termbase.mining.clean import RepeatedLines, Span, clean_page, keep_everything
from termbase.mining.syllables import bonds, is_vietnamese_syllable, word_keys
from termbase.mining.tokens import (
    ACRO,
    AFTER_BREAK,
    CAP,
    CONN,
    EDGE,
    GLOSS,
    INITIAL,
    LATIN,
    LINE_MARK,
    LINES,
    MARKED,
    QUOTE,
    RUNS,
    SYLLABLE_LETTERS,
    TokenTable,
    settle,
)
from termbase.text.documents import Document

# Candidates are at most this many syllables long (MineOptions.max_syllables): set by hand.
MAX_SYLLABLES = 8
# Words that put a person's name after them: Mr, Mrs.
PERSON_WORDS = frozenset({"ông", "bà"})
# Title Case lines of at least this many spaces (seven words) are headlines: set by hand.
TITLE_CASE_MIN_SPACES = 6
_GROUP = operator.attrgetter("lastindex")  # a RUNS match with connectors inside

HEAD_KEYS = word_keys(HEADS)
WEAK_HEAD_KEYS = word_keys(WEAK_HEADS)
HEAD_MAX = max(len(h.split()) for h in HEAD_KEYS)
HEAD_FIRST = frozenset(h.split(" ")[0] for h in HEAD_KEYS)


def head_length(keys: Sequence[str], classes: Sequence[str] | None = None) -> int:
    """Syllables of the head a run of keys starts with (0 when none).

    A one-syllable head ("Bộ", "Cục") counts only before a capitalised word.
    """
    if not keys or keys[0] not in HEAD_FIRST:
        return 0
    for n in range(min(HEAD_MAX, len(keys)), 0, -1):
        head = " ".join(keys[:n])
        if head in HEAD_KEYS:
            if (
                head in WEAK_HEAD_KEYS
                and classes is not None
                and (len(keys) == 1 or classes[1] not in (CAP, LATIN, ACRO))
            ):
                return 0
            return n
        if n == 1:
            break
    return 0


def _headline_case(text: str) -> bool:
    """An all-capitals line, or one In Title Case Like An English Headline (seven words or more).

    Their capitals say nothing about names, so their Vietnamese syllables are
    mined in lower case.
    """
    if text.isupper():
        return not text.isascii()
    return text.istitle() and text.count(" ") >= TITLE_CASE_MIN_SPACES and not text.isascii()


def _lower_vietnamese(text: str) -> str:
    """``text`` with its Vietnamese syllables in lower case (spacing kept)."""
    return re.sub(
        r"\S+",
        lambda m: m.group().lower() if is_vietnamese_syllable(m.group().strip(EDGE)) else m.group(),
        text,
    )


def bridge(a: int, b: int, letters: str, parts: list[str], keys: dict[str, str]) -> list[int]:
    """Split a capitalised stretch with connectors into runs: (start, end) pairs, flat.

    A connector stays inside a run that starts with a capitalised head
    ("Tổ chức An ninh và Hợp tác ở châu Âu") unless a new headed name starts
    after it ("Bộ Ngoại giao và Bộ Quốc phòng").
    """
    out: list[int] = []
    start = a
    bridging: bool | None = None
    i = a
    while i < b:
        if letters[i] != CONN:
            i += 1
            continue
        if i - start >= 2 and letters[start] == CAP:
            if bridging is None:
                run_keys = [keys[p] for p in parts[start:i]]
                bridging = head_length(run_keys, letters[start:i]) > 0
            if bridging:
                nxt = min(b, i + 1 + HEAD_MAX)
                new_name = letters[i + 1] == CAP and head_length(
                    [keys[p] for p in parts[i + 1 : nxt]], letters[i + 1 : nxt]
                )
                if not new_name:
                    i += 1
                    continue
        out.extend((start, i))
        start = i + 1
        bridging = None
        i += 1
    out.extend((start, b))
    return out


@dataclass
class DocRecord:
    """What the miner remembers of a document: identity, size, and its lines if unsaved."""

    name: str
    key: str
    digest: str
    words: int
    lines: tuple[str, ...] | None
    path: str | None = None


@dataclass
class Gloss:
    """A name or acronym in parentheses after a Vietnamese run."""

    target: str  # surface of the run before the parenthesis
    gloss: str
    doc: int
    line: int
    column: int


class LoggedRuns(NamedTuple):
    """One document's runs, as :meth:`RunLog.documents` gives them back."""

    ids: array[int]  # run ids (Scanner.run_ids), in text order
    starts: array[int]  # each run's first token: its index in the document's parts
    # Per kept span, flat, three numbers: its 1-based line and column, and the index
    # of its first token (span_at reads the row of the span that holds a token).
    segments: array[int]


class LoggedSpan(NamedTuple):
    """A document's kept span as the run log records it (a row of ``LoggedRuns.segments``)."""

    number: int  # which kept span of the document (0 for the first)
    line: int  # 1-based
    column: int  # 1-based
    first: int  # the index of its first token in the document's parts


class RunLog:
    """Per document, the runs in order and where they start, kept in a temporary file.

    Reading it back (:meth:`documents`) gives each document's :class:`LoggedRuns`.
    """

    def __init__(self, folder: str | None = None) -> None:
        self.file: BinaryIO = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed in close())
        self.count = 0

    def write(self, ids: array[int], starts: array[int], segments: array[int]) -> None:
        array("i", (len(ids), len(segments))).tofile(self.file)
        ids.tofile(self.file)
        starts.tofile(self.file)
        segments.tofile(self.file)
        self.count += 1

    def documents(self) -> Iterator[LoggedRuns]:
        self.file.flush()
        self.file.seek(0)
        for _ in range(self.count):
            head = array("i")
            head.fromfile(self.file, 2)
            ids, starts, segments = array("i"), array("i"), array("i")
            ids.fromfile(self.file, head[0])
            starts.fromfile(self.file, head[0])
            segments.fromfile(self.file, head[1])
            yield LoggedRuns(ids, starts, segments)
        self.file.seek(0, 2)

    def close(self) -> None:
        self.file.close()

    def __getstate__(self) -> dict[str, object]:
        # A worker process hands its log back by content.
        self.file.flush()
        self.file.seek(0)
        data = self.file.read()
        return {"data": data, "count": self.count}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        data = state["data"]
        assert isinstance(data, bytes)
        self.file.write(data)
        count = state["count"]
        assert isinstance(count, int)
        self.count = count


@dataclass
class Scanner:
    """Counts runs over documents fed one at a time (see the module docstring)."""

    keep_boilerplate: bool = False
    repeated: RepeatedLines | None = None
    max_syllables: int = MAX_SYLLABLES
    tokens: TokenTable = field(default_factory=TokenTable)
    run_ids: dict[str, int] = field(default_factory=dict)
    run_surface: list[str] = field(default_factory=list)
    run_count: Counter[str] = field(default_factory=Counter)
    run_docs: Counter[str] = field(default_factory=Counter)
    initial: Counter[str] = field(default_factory=Counter)  # runs at a sentence start
    quoted: Counter[str] = field(default_factory=Counter)  # runs between quotes
    before_name: set[str] = field(default_factory=set)  # runs right before a Latin name
    after_person: set[str] = field(default_factory=set)  # capitalised runs after "ông", "bà"
    docs: list[DocRecord] = field(default_factory=list)
    glosses: list[Gloss] = field(default_factory=list)
    words: int = 0
    log: RunLog = field(default_factory=RunLog)

    def add(self, doc: Document, keep_lines: bool = False) -> None:
        """Mine one document."""
        if self.keep_boilerplate:
            kept = keep_everything(doc.lines).kept
        else:
            kept = clean_page(doc.lines, self.repeated).kept
        # Words as spaces + 1 per line: exact for single-spaced text, and no per-word cost.
        lines = doc.lines
        words = sum(map(str.count, lines, itertools.repeat(" "))) + len(lines) - lines.count("")
        self.docs.append(
            DocRecord(
                doc.name,
                doc.key,
                doc.digest,
                words,
                doc.lines if keep_lines or doc.path is None else None,
                str(doc.path) if doc.path is not None else None,
            )
        )
        self.words += words
        self.scan(kept, len(self.docs) - 1)

    def scan(self, kept: Sequence[Span], index: int) -> None:
        texts = []
        segments = array("i")
        for span in kept:
            text = span.text
            if LINE_MARK in text:
                text = text.replace(LINE_MARK, " ")
            if _headline_case(text):
                text = _lower_vietnamese(text)
            texts.append(join_country_pairs(text))
            segments.extend((span.line, span.column, 0))
        tokens = self.tokens
        letters, parts = tokens.split(f" {LINE_MARK} ".join(texts))
        keys = tokens.key
        letters = settle(letters, parts, keys)
        for seg, m in enumerate(LINES.finditer(letters), 1):
            segments[3 * seg + 2] = m.end()
        # Where the runs start and end, gathered without a Python step per run; the
        # few stretches with connectors (group 1 of RUNS) are then split in place.
        found = list(RUNS.finditer(letters))
        starts = list(map(re.Match.start, found))
        ends = list(map(re.Match.end, found))
        for j in reversed(list(itertools.compress(range(len(found)), map(_GROUP, found)))):
            bounds = bridge(starts[j], ends[j], letters, parts, keys)
            starts[j : j + 1] = bounds[0::2]
            ends[j : j + 1] = bounds[1::2]
        starts, ends = cut_clauses(starts, ends, letters, parts, keys)
        surfaces = list(map(" ".join, map(parts.__getitem__, map(slice, starts, ends))))
        initial = set(map(re.Match.end, INITIAL.finditer(letters)))
        self.initial.update(itertools.compress(surfaces, map(initial.__contains__, starts)))
        # A capitalised run right after "ông" or "bà" (Mr, Mrs) starts with a person's name.
        after = list(map(re.Match.start, AFTER_BREAK.finditer(letters)))
        if after:
            before = map(keys.__getitem__, map(parts.__getitem__, map((-1).__add__, after)))
            people = set(itertools.compress(after, map(PERSON_WORDS.__contains__, before)))
            if people:
                self.after_person.update(
                    itertools.compress(surfaces, map(people.__contains__, starts))
                )
        marks = list(map(re.Match.start, MARKED.finditer(letters)))
        if marks:
            self._marks(marks, surfaces, starts, ends, letters, parts, segments, index, kept)
        run_ids = self.run_ids
        distinct = set(surfaces)
        for surface in distinct.difference(run_ids):
            run_ids[surface] = len(self.run_surface)
            self.run_surface.append(surface)
        self.run_count.update(surfaces)
        self.run_docs.update(distinct)
        self.log.write(array("i", map(run_ids.__getitem__, surfaces)), array("i", starts), segments)

    def _marks(
        self,
        marks: list[int],
        surfaces: list[str],
        starts: list[int],
        ends: list[int],
        letters: str,
        parts: list[str],
        segments: array[int],
        index: int,
        kept: Sequence[Span],
    ) -> None:
        """Runs before a Latin name (titles), between quotes, and before a gloss."""
        ending = dict(zip(ends, itertools.count(), strict=False))  # runs never overlap
        for b in marks:
            j = ending.get(b, -1)
            if j < 0:
                continue
            surface, a = surfaces[j], starts[j]
            after = letters[b]
            if letters[a] not in SYLLABLE_LETTERS:
                continue
            if after == LATIN:
                self.before_name.add(surface)
            elif after == QUOTE:
                if a and letters[a - 1] == QUOTE:
                    self.quoted[surface] += 1
            else:
                found = GLOSS.match(letters, b)
                if found:
                    self._gloss(surface, found.span(1), parts, segments, index, kept)

    def _gloss(
        self,
        target: str,
        where: tuple[int, int],
        parts: list[str],
        segments: array[int],
        index: int,
        kept: Sequence[Span],
    ) -> None:
        a, b = where
        gloss = " ".join(parts[a:b])
        span = span_at(segments, a)
        offset = token_offset(kept[span.number].text, a - span.first, self.tokens)
        self.glosses.append(Gloss(target, gloss, index, span.line, span.column + offset))


def cut_clauses(
    starts: list[int], ends: list[int], letters: str, parts: list[str], keys: dict[str, str]
) -> tuple[list[int], list[int]]:
    """The runs of syllables cut where a clause begins or ends (:mod:`~termbase.mining.clauses`).

    Most runs have nothing to cut: a cut needs a run's edge to bond with its neighbour
    (a crossing word holds both), a demonstrative after it, or a capital and a syllable
    a verb begins with inside it.  Those tests run over all runs at once; only the runs
    that pass one go through :func:`~termbase.mining.clauses.clause_pieces`.
    """
    n = len(parts)
    bond, verbs = bonds(), verb_firsts()
    parts.append("")  # parts[n] and parts[-1]: an empty neighbour at both ends
    part, key = parts.__getitem__, keys.__getitem__
    following = list(map(key, map(part, ends)))
    last = map(syllable_key, map(part, map((-1).__add__, ends)))
    preceding = map(key, map(part, map((-1).__add__, starts)))
    first = map(syllable_key, map(part, starts))
    # A crossing word at the end or start holds the edge and its neighbour as a bond.
    crosses_end = list(map(bond.__contains__, map(" ".join, zip(last, following, strict=True))))
    crosses_start = list(map(bond.__contains__, map(" ".join, zip(preceding, first, strict=True))))
    demonstrative = map(DEMONSTRATIVES.__contains__, following)
    verb = bytes(map(verbs.__contains__, map(key, parts)))
    parts.pop()
    only = _ONLY_SYLLABLES.fullmatch
    new_starts: list[int] = []
    new_ends: list[int] = []
    for a, b, c_end, c_start, demo in zip(
        starts, ends, crosses_end, crosses_start, demonstrative, strict=True
    ):
        if not (
            c_end or c_start or demo or (verb.find(1, a, b) >= 0 and letters.find(CAP, a, b) >= 0)
        ) or not only(letters, a, b):
            new_starts.append(a)
            new_ends.append(b)
            continue
        before = parts[max(0, a - MAX_OUTSIDE) : a]
        after = parts[b : min(n, b + MAX_OUTSIDE)]
        pieces = _clause_pieces(
            tuple(parts[a:b]),
            letters[a:b],
            tuple(keys[p] for p in before),
            tuple(keys[p] for p in after),
            bool(before) and before[-1][:1].isupper(),
            bool(after) and after[0][:1].isupper(),
        )
        for p, q in pieces:
            new_starts.append(a + p)
            new_ends.append(a + q)
    return new_starts, new_ends


_ONLY_SYLLABLES = re.compile(f"[{SYLLABLE_LETTERS}{CONN}]+")


@lru_cache(maxsize=1 << 16)
def _clause_pieces(
    run: tuple[str, ...],
    classes: str,
    before: tuple[str, ...],
    after: tuple[str, ...],
    before_upper: bool,
    after_upper: bool,
) -> tuple[tuple[int, int], ...]:
    keys = list(map(syllable_key, run))
    capitals = [t[:1].isupper() for t in run]
    return tuple(clause_pieces(keys, classes, capitals, before, after, before_upper, after_upper))


def span_at(segments: array[int], token: int) -> LoggedSpan:
    """The kept span of a document that holds the token at ``token`` (``segments``: its log)."""
    lo, hi = 0, len(segments) // 3 - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if segments[3 * mid + 2] <= token:
            lo = mid
        else:
            hi = mid - 1
    return LoggedSpan(lo, segments[3 * lo], segments[3 * lo + 1], segments[3 * lo + 2])


def token_offset(text: str, token: int, table: TokenTable) -> int:
    """Character offset in ``text`` of its ``token``-th part (as :meth:`TokenTable.split` cuts)."""
    if _headline_case(text):
        text = _lower_vietnamese(text)
    text = join_country_pairs(text)
    count = 0
    for m in re.finditer(r"\S+", text):
        raw = m.group()
        if raw not in table.parts:
            table.add(raw)
        parts = table.parts[raw]
        if count + len(parts) > token:
            position = last = 0
            for part in parts[: token - count + 1]:
                found = raw.find(part, position)
                last = found if found >= 0 else position
                position = last + len(part)
            return m.start() + last
        count += len(parts)
    return 0
