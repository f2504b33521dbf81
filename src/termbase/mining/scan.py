"""The miner's hot path: a document's kept text into runs of content syllables.

A run is a stretch of Vietnamese content syllables within a clause:
punctuation, numbers and function words end it; connectors ("và", "các",
"của", "ở", "về") stay inside a name that starts with a capitalised head ("Tổ
chức An ninh và Hợp tác ở châu Âu").  Latin-script names and acronyms (NATO,
New START, COVID-19) form runs of their own.

Speed comes from classifying each *distinct* token once: a document becomes
one string with a class letter per token (``V`` lower-case syllable, ``C``
capitalised, ``N`` connector, ``L`` Latin word, ``A`` acronym, ``B`` function
word or number, ``S`` sentence end, ``P`` other punctuation, ``O``/``Q``
brackets, ``D`` quotes, ``|`` a new line), and a regular expression finds the
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
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO

from termbase.data.cues import CONNECTORS, FUNCTION_PAIRS, FUNCTION_WORDS, HEADS, WEAK_HEADS
from termbase.data.dictionary import core_words
from termbase.data.vietnamese import lexicon_words, word_pos
from termbase.mining.clean import RepeatedLines, Span, clean_page, keep_everything
from termbase.normalize import _tone_key_word
from termbase.text.documents import Document

MAX_SYLLABLES = 8

# One letter per token part (see the module docstring).
VI, CAP, CONN, LATIN, ACRO, BREAK = "V", "C", "N", "L", "A", "B"
SENT, PUNCT, OPEN, CLOSE, QUOTE, LINE = "S", "P", "O", "Q", "D", "|"
# Tokens looked at again in context: first syllable of a two-syllable function
# word (lower case or capitalised) and a function word that can sit inside a
# dictionary word.
MAYBE_PAIR_VI, MAYBE_PAIR_CAP, MAYBE_CONTENT = "v", "c", "f"
CONTENT = frozenset("VCvc")

_SEP_CHARS = '.,;:!?…()[]{}"“”«»/|•·*=<>#&+'
_SEP_SPLIT = re.compile(r"([()\[\]{}]|[.,;:!?…\"“”«»/|•·*=<>#&+]+)")
_HAS_SEP = re.compile(r"[.,;:!?…()\[\]{}\"“”«»/|•·*=<>#&+]")
_SENTENCE_END = frozenset(".!?…:")
_QUOTES = frozenset('"“”«»')
_EDGE = "'‘’`´\"-–—_~^"
_LINE_MARK = "\ue000"
_ACRONYM_DIGITS = re.compile(r"[A-Z][A-Za-z]{0,5}-?\d{1,4}[A-Za-z]?|[A-Z]{2,}(?:-[A-Z0-9]+)+")
# Vietnamese rhymes with their marks taken off ("ươn" → "uon"), by nucleus and ending:
# a syllable is an onset and one of them.  Foreign names made of Latin letters that
# the marks-off vowels would allow ("Yong", "Moon", "Lee", "Ryan") are not syllables.
_RHYME_ENDINGS = {
    "a": "c ch m n ng nh p t",
    "e": "c ch m n ng nh p t",
    "i": "ch m n nh p t",
    "o": "c m n ng p t",
    "oo": "c ng",
    "u": "c m n ng p t",
    "ie": "c m n ng p t u",
    "ye": "m n ng t u",
    "oa": "c ch m n ng nh p t",
    "oe": "n t o",
    "ua": "n ng t y",
    "ue": "ch n nh",
    "uo": "c i m n ng p t u",
    "uy": "a ch n nh p t u",
    "uye": "n t",
}
# Open rhymes; "ych" … "yt" only follow "qu" ("quỳnh", "quýt").
_OPEN_RHYMES = "a ai ao au ay e eo eu i ia iu o oa oai oao oay oe oi u ua ue ui uo uu uy y"
_RHYMES = {*_OPEN_RHYMES.split(), "ych", "yn", "ynh", "yp", "yt"} | {
    nucleus + ending for nucleus, endings in _RHYME_ENDINGS.items() for ending in endings.split()
}
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?("
    + "|".join(sorted(_RHYMES, key=lambda r: (-len(r), r)))
    + ")"
)
_FRONT_VOWELS = frozenset("eiy")
_VI_LETTERS = re.compile(r"[a-eg-ik-vxyđ\u00c0-\u1ef9]+")
_DSTROKE = str.maketrans({"đ": "d"})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Runs in a document's class string: a capitalised run that may hold
# connectors (decided in Python), a run ending in a capitalised syllable with
# up to three Latin words after it ("Nghị viện Wales"), a plain run, or up to
# five Latin words.
_RUNS = re.compile(r"(C[VC]+(?:N[VC]+)+)|[VC]*C[VC]*[LA]{1,3}|[VC]+|[LA]{1,5}")
_SPECIAL = re.compile(r"[vcf]")
# Marked tokens worth a look: next to content (a function word alone stays a break).
_LOOK = re.compile(r"[vc]|(?<=[VCvc])f|f(?=[VCvcf])")
_INITIAL = re.compile(r"(?:^|[S|])[POQD]*(?=[^POQDS|])")
_GLOSS = re.compile(r"O([LA]{1,6})Q")
# Where a run may be followed by something telling: a Latin name, a quote, a gloss.
_MARKED = re.compile(r"(?<=[VC])[LDO]")
# A capitalised word right after a function word ("ông Nguyễn …").
_AFTER_BREAK = re.compile(r"(?<=B)C")
# Words that put a person's name after them: Mr, Mrs.
PERSON_WORDS = frozenset({"ông", "bà"})
_SETTLE = str.maketrans({"v": "V", "c": "C", "f": "B"})
_GROUP = operator.attrgetter("lastindex")  # a _RUNS match with connectors inside


def key_of(word: str) -> str:
    """The grouping key of one syllable: lower case, tone mark in one place."""
    return _tone_key_word(word.casefold())


def _keys(words: Sequence[str] | frozenset[str]) -> frozenset[str]:
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in words)


FUNCTION = _keys(FUNCTION_WORDS)
CONNECTOR_KEYS = _keys(CONNECTORS)
PAIRS = _keys(FUNCTION_PAIRS)
PAIR_FIRST = frozenset(p.split()[0] for p in PAIRS)
HEAD_KEYS = _keys(HEADS)
WEAK_HEAD_KEYS = _keys(WEAK_HEADS)
HEAD_MAX = max(len(h.split()) for h in HEAD_KEYS)
HEAD_FIRST = frozenset(h.split(" ")[0] for h in HEAD_KEYS)


@lru_cache(maxsize=1)
def bonds() -> frozenset[str]:
    """Syllable pairs that sit inside one lexicon word: no candidate boundary there.

    The words are the general dictionary's and the two-syllable nouns of the
    project's core lexicon of news vocabulary, which the dictionary lacks some
    of ("ứng viên", "bàn thắng").  Longer core nouns are compounds ("bom hạt
    nhân"): their parts are words, and terms, of their own.
    """
    pairs: set[str] = set()
    nouns = (w.lower() for w in core_words("n") if w.count(" ") == 1)
    for word in itertools.chain(lexicon_words(), nouns):
        parts = [key_of(p) for p in word.split()]
        pairs.update(f"{a} {b}" for a, b in itertools.pairwise(parts))
    return frozenset(pairs)


@lru_cache(maxsize=1)
def noun_bonds() -> frozenset[str]:
    """Pairs that make a function word content: two syllables of one dictionary word.

    Only words the dictionary gives a part of speech (noun, verb, adjective)
    count: "không gian", "quân sự", "xảy ra"; not "chúng tôi" or "khi
    không", which it lists too.
    """
    pairs: set[str] = set()
    for word, pos in word_pos().items():
        parts = [key_of(p) for p in word.split()]
        if pos not in ("n", "v", "a") or len(parts) < 2 or FUNCTION.issuperset(parts):
            continue
        pairs.update(f"{a} {b}" for a, b in itertools.pairwise(parts))
    return frozenset(p for p in pairs if not FUNCTION.isdisjoint(p.split(" ")))


@lru_cache(maxsize=1)
def _bondable_function_words() -> frozenset[str]:
    # Only function words inside at least three nouns are worth a look in context:
    # "không", "sự", "thế"; not "là" for the one bird it names ("ác là").
    partners = Counter(k for pair in noun_bonds() for k in pair.split(" ") if k in FUNCTION)
    return frozenset(k for k, n in partners.items() if n >= 3)


@lru_cache(maxsize=1 << 14)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case) is spelled like one Vietnamese syllable."""
    # Cached: ranking asks again about the same capitalised words.
    lower = word.casefold()
    if not _VI_LETTERS.fullmatch(lower):
        return False
    decomposed = unicodedata.normalize("NFD", lower.translate(_DSTROKE))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    found = _SYLLABLE.fullmatch(folded)
    if found is None:
        return False
    # A spelling rule: "c" and "ng" are never before e, i, y ("k", "ngh" are).  The
    # converse is not a rule: "k" has place names ("Kon Tum", "Bắc Kạn") and "nghành"
    # is a common misspelling.
    return not (found.group(1) in ("c", "ng") and found.group(2)[0] in _FRONT_VOWELS)


Info = tuple[str, str, str]  # class letter, key, surface


def classify(token: str) -> Info:
    """The class, grouping key and surface of one whitespace-separated token."""
    text = token.strip(_EDGE)
    if not text:
        return (BREAK, "", "")
    if not text.isalpha() and any(ch.isdigit() for ch in text):
        if _ACRONYM_DIGITS.fullmatch(text):
            return (ACRO, text.casefold(), text)
        return (BREAK, "", text)
    if "-" in text or "’" in text or "'" in text:
        parts = re.split(r"[-’']", text)
        if all(len(p) >= 2 and p.isalpha() and p.isupper() for p in parts):
            return (ACRO, text.casefold(), text)
        if all(p[:1].isupper() and p.isalpha() for p in parts if p) and not all(
            is_vietnamese_syllable(p) for p in parts if p
        ):
            return (LATIN, text.casefold(), text)
        return (BREAK, "", text)
    if not text.isalpha():
        return (BREAK, "", text)
    vietnamese = is_vietnamese_syllable(text)
    if text.isupper() and len(text) >= 2:
        if vietnamese and _NON_ASCII.search(text):
            return _content(text, CAP)
        return (ACRO, text.casefold(), text)
    if text[0].isupper():
        if len(text) == 1:
            return (BREAK, "", text)
        return _content(text, CAP) if vietnamese else (LATIN, text.casefold(), text)
    if vietnamese:
        return _content(text, VI)
    return (BREAK, "", text)


def _content(text: str, cls: str) -> Info:
    key = key_of(text)
    if key in FUNCTION:
        return (BREAK, key, text)
    if key in CONNECTOR_KEYS:
        return (CONN, key, text)
    return (cls, key, text)


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
    return text.istitle() and text.count(" ") >= 6 and not text.isascii()


def _lower_vietnamese(text: str) -> str:
    """``text`` with its Vietnamese syllables in lower case (spacing kept)."""
    return re.sub(
        r"\S+",
        lambda m: (
            m.group().lower() if is_vietnamese_syllable(m.group().strip(_EDGE)) else m.group()
        ),
        text,
    )


class TokenTable:
    """Every distinct token seen, classified once: its class letters and parts."""

    def __init__(self) -> None:
        self.classes: dict[str, str] = {_LINE_MARK: LINE}
        self.parts: dict[str, tuple[str, ...]] = {_LINE_MARK: ("",)}
        self.key: dict[str, str] = {"": ""}
        self.kind: dict[str, str] = {"": BREAK}
        self._bondable = _bondable_function_words()

    def add(self, raw: str) -> None:
        pieces = _SEP_SPLIT.split(raw) if _HAS_SEP.search(raw) else [raw]
        letters: list[str] = []
        parts: list[str] = []
        for piece in pieces:
            if not piece:
                continue
            if piece[0] in _SEP_CHARS and _SEP_SPLIT.fullmatch(piece):
                if piece in "([{":
                    letter = OPEN
                elif piece in ")]}":
                    letter = CLOSE
                elif not _SENTENCE_END.isdisjoint(piece):
                    letter = SENT
                elif _QUOTES.issuperset(piece):
                    letter = QUOTE
                else:
                    letter = PUNCT
                letters.append(letter)
                parts.append(piece)
                self.key.setdefault(piece, "")
                self.kind.setdefault(piece, letter)
                continue
            cls, key, surface = classify(piece)
            surface = surface or piece
            if key in PAIR_FIRST and cls in (VI, CAP):
                cls = MAYBE_PAIR_VI if cls == VI else MAYBE_PAIR_CAP
            elif cls == BREAK and key and (key in self._bondable or key in PAIR_FIRST):
                cls = MAYBE_CONTENT
            letters.append(cls)
            parts.append(surface)
            self.key.setdefault(surface, key)
            self.kind.setdefault(surface, cls.translate(_SETTLE))
        self.classes[raw] = "".join(letters)
        self.parts[raw] = tuple(parts)

    def split(self, text: str) -> tuple[str, list[str]]:
        """The class string and the parts of ``text``, one letter per part."""
        raw = text.split()
        classes = self.classes
        for token in itertools.filterfalse(classes.__contains__, raw):
            if token not in classes:
                self.add(token)
        letters = "".join(map(classes.__getitem__, raw))
        parts = list(itertools.chain.from_iterable(map(self.parts.__getitem__, raw)))
        return letters, parts


def settle(letters: str, parts: list[str], keys: dict[str, str]) -> str:
    """Decide the tokens marked for a second look, from their neighbours.

    A two-syllable function word ("dự kiến", "tuy nhiên") breaks the run; a
    function word inside a dictionary word ("hàng không", "quân sự") is
    content.  The pairs are looked up all at once; Python only visits hits.
    """
    if not _SPECIAL.search(letters):
        return letters
    look = list(map(re.Match.start, _LOOK.finditer(letters)))
    if not look:
        return letters.translate(_SETTLE)
    n = len(parts)
    parts.append("")  # parts[n] and parts[-1]: an empty neighbour at both ends
    part = parts.__getitem__
    key = keys.__getitem__
    here = list(map(key, map(part, look)))
    after = list(map(key, map(part, map((1).__add__, look))))
    before = list(map(key, map(part, map((-1).__add__, look))))
    parts.pop()
    right = list(map(" ".join, zip(here, after, strict=True)))
    left = list(map(" ".join, zip(before, here, strict=True)))
    bond = noun_bonds()
    pair = list(map(PAIRS.__contains__, right))
    bonded = list(map(bond.__contains__, right))
    bonded_left = list(map(bond.__contains__, left))
    out = list(letters)
    skip = -1
    for j in itertools.compress(
        range(len(look)), map(any, zip(pair, bonded, bonded_left, strict=True))
    ):
        i = look[j]
        if i <= skip:
            continue
        if pair[j] and i + 1 < n:
            out[i] = out[i + 1] = BREAK
            skip = i + 1
        elif out[i] == MAYBE_CONTENT and (
            (bonded[j] and i + 1 < n and out[i + 1] in CONTENT)
            or (bonded_left[j] and i and out[i - 1] in CONTENT)
        ):
            out[i] = CAP if parts[i][:1].isupper() else VI
    return "".join(out).translate(_SETTLE)


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


class RunLog:
    """Per document, the runs in order and where they start, kept in a temporary file.

    Reading it back (:meth:`documents`) gives, per document, the run ids, their
    first-token positions and the segments (line, column, first token) the
    positions refer to.
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

    def documents(self) -> Iterator[tuple[array[int], array[int], array[int]]]:
        self.file.flush()
        self.file.seek(0)
        for _ in range(self.count):
            head = array("i")
            head.fromfile(self.file, 2)
            ids, starts, segments = array("i"), array("i"), array("i")
            ids.fromfile(self.file, head[0])
            starts.fromfile(self.file, head[0])
            segments.fromfile(self.file, head[1])
            yield ids, starts, segments
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
            if _LINE_MARK in text:
                text = text.replace(_LINE_MARK, " ")
            if _headline_case(text):
                text = _lower_vietnamese(text)
            texts.append(text)
            segments.extend((span.line, span.column, 0))
        tokens = self.tokens
        letters, parts = tokens.split(f" {_LINE_MARK} ".join(texts))
        keys = tokens.key
        letters = settle(letters, parts, keys)
        for seg, m in enumerate(re.finditer(r"\|", letters), 1):
            segments[3 * seg + 2] = m.end()
        # Where the runs start and end, gathered without a Python step per run; the
        # few stretches with connectors (group 1 of _RUNS) are then split in place.
        found = list(_RUNS.finditer(letters))
        starts = list(map(re.Match.start, found))
        ends = list(map(re.Match.end, found))
        for j in reversed(list(itertools.compress(range(len(found)), map(_GROUP, found)))):
            bounds = bridge(starts[j], ends[j], letters, parts, keys)
            starts[j : j + 1] = bounds[0::2]
            ends[j : j + 1] = bounds[1::2]
        surfaces = list(map(" ".join, map(parts.__getitem__, map(slice, starts, ends))))
        initial = set(map(re.Match.end, _INITIAL.finditer(letters)))
        self.initial.update(itertools.compress(surfaces, map(initial.__contains__, starts)))
        # A capitalised run right after "ông" or "bà" (Mr, Mrs) starts with a person's name.
        after = list(map(re.Match.start, _AFTER_BREAK.finditer(letters)))
        if after:
            before = map(keys.__getitem__, map(parts.__getitem__, map((-1).__add__, after)))
            people = set(itertools.compress(after, map(PERSON_WORDS.__contains__, before)))
            if people:
                self.after_person.update(
                    itertools.compress(surfaces, map(people.__contains__, starts))
                )
        marks = list(map(re.Match.start, _MARKED.finditer(letters)))
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
            if letters[a] not in "VC":
                continue
            if after == LATIN:
                self.before_name.add(surface)
            elif after == QUOTE:
                if a and letters[a - 1] == QUOTE:
                    self.quoted[surface] += 1
            else:
                found = _GLOSS.match(letters, b)
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
        seg = segment_of(segments, a)
        line, column = segments[3 * seg], segments[3 * seg + 1]
        offset = token_offset(kept[seg].text, a - segments[3 * seg + 2], self.tokens)
        self.glosses.append(Gloss(target, gloss, index, line, column + offset))


def segment_of(segments: array[int], token: int) -> int:
    """Which segment (kept span) of a document holds the token at ``token``."""
    lo, hi = 0, len(segments) // 3 - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if segments[3 * mid + 2] <= token:
            lo = mid
        else:
            hi = mid - 1
    return lo


def token_offset(text: str, token: int, table: TokenTable) -> int:
    """Character offset in ``text`` of its ``token``-th part (as :meth:`TokenTable.split` cuts)."""
    if _headline_case(text):
        text = _lower_vietnamese(text)
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
