"""Ranking the runs a :class:`~termbase.mining.scan.Scanner` counted into term candidates.

Every distinct run is expanded once into its candidate spans (sub-spans of
1–8 syllables that start and end at word boundaries: a boundary never falls
inside a word of the shipped lexicon, so "soát vũ khí" is never a candidate).
Then each candidate is scored (:func:`score_candidate`):

* termhood: frequency corrected for nesting, C-value style (a span seen only
  inside one longer candidate is a fragment; inside many different ones, a
  term of its own), document frequency, and how much more often its syllables
  occur here than in general Vietnamese (:func:`termbase.data.vietnamese.syllable_zipf`);
* unithood: a general word at the edge of a span ("tăng cường | hỗ trợ an
  ninh", "Bộ Ngoại giao Mỹ | khẳng định") makes it a clause, not a term; an
  extension by such a word does not make the inner span a fragment;
* cues: heads ("Hiệp ước", "Bộ", "Thứ trưởng"), capitalised names, quotes,
  glosses in parentheses, a title before a person's name.

Expensive features are computed only for the candidates that survive cheap
filters (seen twice, or seen once but whole or marked by a cue).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from termbase.data.cues import COUNTRY_SYLLABLES, GENERAL_WORDS, SURNAMES, TITLE_HEADS
from termbase.data.dictionary import place_names
from termbase.data.vietnamese import lexicon_words, syllable_zipf, word_pos
from termbase.mining.scan import (
    ACRO,
    CAP,
    CONN,
    CONNECTOR_KEYS,
    FUNCTION,
    LATIN,
    MAX_SYLLABLES,
    VI,
    Gloss,
    Scanner,
    bonds,
    head_length,
    is_vietnamese_syllable,
    key_of,
)

COUNTRY_KEYS = frozenset(key_of(w) for w in COUNTRY_SYLLABLES)
SURNAME_KEYS = frozenset(key_of(w) for w in SURNAMES)
# Roles of the parts a run is cut into around a person's name (run_parts).
WHOLE, TITLE, PERSON = 0, 1, 2


@lru_cache(maxsize=1)
def place_keys() -> dict[str, tuple[str, ...]]:
    """Keys of the places list's names ("trung quốc", "nga") by first syllable, longest first."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in place_names():
        key = " ".join(key_of(p) for p in name.split())
        found[key.split(" ")[0]].add(key)
    return {
        first: tuple(sorted(keys, key=lambda k: (-k.count(" "), k)))
        for first, keys in found.items()
    }


def name_layout(classes: Sequence[str], person: bool = False) -> tuple[int, list[tuple[int, int]]]:
    """Where a run (part) ends its Vietnamese words, and the name pieces after that.

    A run ending in Latin words names someone or something in them ("Nghị viện |
    Wales"): the Latin words are one piece, and each acronym among several another.
    A person's name (``person``) is read the same way, whole: a name of its own,
    never part of a term.  No name: the whole run, and no pieces.
    """
    n = len(classes)
    if not person and classes[-1] not in (LATIN, ACRO):
        return n, []
    split = 0 if person else next(j for j, c in enumerate(classes) if c in (LATIN, ACRO))
    pieces = [(split, n)]
    if n - split > 1:
        pieces.extend((j, j + 1) for j in range(split, n) if classes[j] == ACRO)
    return split, pieces


def run_parts(
    keys: Sequence[str], classes: Sequence[str], after_person: bool = False
) -> list[tuple[int, int, int]]:
    """A run as (start, end, role) parts: whole, or cut around a person's name.

    ``after_person``: the run came right after "ông" or "bà", so the capitalised
    words it starts with are a person's name ("ông | Tập Cận Bình | nói").
    Expansion and the locating of occurrences cut runs alike through this.
    """
    n = len(keys)
    if after_person:
        stop = 0
        while stop < n and classes[stop] in (CAP, LATIN, ACRO):
            stop += 1
        if stop:
            return [(0, stop, PERSON)] + ([(stop, n, WHOLE)] if stop < n else [])
    cut = person_after_title(keys, classes)
    if cut is None:
        return [(0, n, WHOLE)]
    p, q = cut
    return [(0, p, TITLE), (p, q, PERSON)] + ([(q, n, WHOLE)] if q < n else [])


def person_after_title(keys: Sequence[str], classes: Sequence[str]) -> tuple[int, int] | None:
    """Where a person's name starts and ends in a run that names a title, then them.

    "Chủ tịch Trung Quốc | Tập Cận Bình | hội đàm", "Bộ Ngoại giao Triều Tiên | Ri
    Yong": a capitalised head, then a place of the places list, then capitalised
    words that start no name of their own.  "Thủ tướng | Phạm Minh Chính": a
    title, then two to four capitalised syllables starting with a family name.
    Latin names need no cut: they are Latin words already.
    """
    n = len(keys)
    if n < 3 or CAP not in classes[1:]:
        return None
    titled = title_keys()
    for i in range(1, n - 1):
        if classes[i] == CAP and keys[i] in SURNAME_KEYS and classes[i + 1] == CAP:
            stop = i + 1
            while stop < n and classes[stop] == CAP:
                stop += 1
            if stop - i <= 4 and any(
                classes[j] == CAP and " ".join(keys[j:i]) in titled for j in range(max(0, i - 4), i)
            ):
                return i, stop
    places = place_keys()
    for i in range(1, n - 1):
        if classes[i] != CAP or keys[i] not in places:
            continue
        # The longest place there: "Nhật Bản", not "Nhật".
        end = next(
            (
                i + k.count(" ") + 1
                for k in places[keys[i]]
                if " ".join(keys[i : i + k.count(" ") + 1]) == k
            ),
            0,
        )
        if not end or end >= n or classes[end] != CAP:
            continue
        if head_length(keys[end:], classes[end:]) or keys[end] in places:
            return None  # a new name after the place: "Bộ Quốc phòng Nga | Bộ …"
        if not any(classes[j] == CAP and head_length(keys[j:i], classes[j:i]) for j in range(i)):
            return None  # no title or body before the place: "Trung Quốc Tập Cận Bình"
        stop = end
        while stop < n and classes[stop] in (CAP, LATIN, ACRO):
            stop += 1
        return end, stop
    return None


@lru_cache(maxsize=1)
def general_keys() -> frozenset[str]:
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in GENERAL_WORDS)


@lru_cache(maxsize=1)
def title_keys() -> frozenset[str]:
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in TITLE_HEADS)


@lru_cache(maxsize=1)
def lexicon_keys() -> frozenset[str]:
    return frozenset(" ".join(key_of(p) for p in w.split()) for w in lexicon_words())


@lru_cache(maxsize=1)
def dangling() -> frozenset[str]:
    """Syllables that begin a dictionary verb or adjective whose second half is a function word.

    A candidate ending in "diễn" (of "diễn ra") or "duy" (of "duy nhất") most
    likely cut that word where the run ended at the function word.
    """
    found: set[str] = set()
    for word, pos in pos_keys().items():
        parts = word.split(" ")
        if (
            len(parts) == 2
            and pos in ("v", "a", "r")
            and parts[1] in FUNCTION
            and parts[0] not in FUNCTION
        ):
            found.add(parts[0])
    return frozenset(found)


@lru_cache(maxsize=1)
def pos_keys() -> dict[str, str]:
    return {" ".join(key_of(p) for p in w.split()): pos for w, pos in word_pos().items()}


@dataclass
class Candidate:
    """A ranked candidate: its grouping key, the surface to show and the evidence."""

    key: str
    text: str
    score: float
    frequency: int
    documents: int
    syllables: int
    kind: str = "term"  # term | name (Latin) | acronym
    variants: dict[str, int] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class Spans:
    """What the expansion of every distinct run gives, by candidate key or surface."""

    freq: Counter[str] = field(default_factory=Counter)  # key
    docs: Counter[str] = field(default_factory=Counter)  # key (sum over runs: an upper bound)
    whole: Counter[str] = field(default_factory=Counter)  # key: seen as a whole run
    variants: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    initial: Counter[str] = field(default_factory=Counter)  # surface at a sentence start
    tails: Counter[str] = field(default_factory=Counter)  # key: ends a longer run
    quoted: Counter[str] = field(default_factory=Counter)  # key
    titles: set[str] = field(default_factory=set)  # key: run right before a person's name
    latin: set[str] = field(default_factory=set)  # key
    mixed: set[str] = field(default_factory=set)  # key: Vietnamese name + Latin words
    syllables: Counter[str] = field(default_factory=Counter)  # key of one syllable
    pairs: Counter[str] = field(default_factory=Counter)  # two syllables side by side in a run


def word_starts(keys: Sequence[str], bond: frozenset[str]) -> list[int]:
    """Index of the first syllable of each word (lexicon bonds join syllables)."""
    out = [0]
    previous = keys[0] if keys else ""
    for j in range(1, len(keys)):
        key = keys[j]
        if previous + " " + key not in bond:
            out.append(j)
        previous = key
    return out


def run_spans(
    tokens: Sequence[str],
    keys: Sequence[str],
    classes: Sequence[str],
    bond: frozenset[str],
    limit: int = MAX_SYLLABLES,
    starts: Sequence[int] | None = None,
) -> list[tuple[int, int]]:
    """Candidate (start, end) spans of one Vietnamese run (``starts``: its word starts)."""
    n = len(tokens)
    if n == 1:
        return [(0, 1)] if classes[0] != CONN else []
    bounds = [*(word_starts(keys, bond) if starts is None else starts), n]
    # A name that starts with a capitalised head is kept whole up to twice the limit.
    long_name = n > limit and classes[0] == CAP and head_length(keys, classes) > 0
    out = []
    for ai in range(len(bounds) - 1):
        a = bounds[ai]
        if classes[a] == CONN:
            continue
        for b in bounds[ai + 1 :]:
            if b - a > limit and not (long_name and a == 0 and b - a <= 2 * limit):
                break
            if classes[b - 1] != CONN:
                out.append((a, b))
    return out


def mixed_spans(
    keys: Sequence[str], classes: Sequence[str], split: int, bond: frozenset[str]
) -> list[tuple[int, int]]:
    """Spans of a run that join a Vietnamese name to the Latin words after it.

    "Nghị viện Wales", "Đại học Michigan", "Tổng thống Macedonia": from each
    capitalised word start with two syllables or more before the Latin part
    (not "Nga | Vladimir Putin"), to each length of the Latin part.
    """
    out: list[tuple[int, int]] = []
    for a in word_starts(keys[:split], bond):
        if split - a < 2:
            break
        if classes[a] == CAP and CONN not in classes[a:split]:
            out.extend((a, b) for b in range(split + 1, len(keys) + 1))
    return out


def expand(scanner: Scanner, limit: int = MAX_SYLLABLES) -> Spans:
    """Every candidate span of every distinct run, counted with the run's counts."""
    spans = Spans()
    freq, docs, whole, tails = spans.freq, spans.docs, spans.whole, spans.tails
    variants, initial, syllables = spans.variants, spans.initial, spans.syllables
    key_of_token, kind_of_token = scanner.tokens.key.__getitem__, scanner.tokens.kind.__getitem__
    run_docs, run_initial = scanner.run_docs, scanner.initial
    bond = bonds()
    general = general_keys()
    join = " ".join
    freq_get, docs_get, whole_get, tails_get = freq.get, docs.get, whole.get, tails.get
    initial_get, syllables_get = initial.get, syllables.get
    pairs = spans.pairs
    pairs_get = pairs.get
    for run, count in scanner.run_count.items():
        tokens = run.split(" ")
        keys = list(map(key_of_token, tokens))
        classes = list(map(kind_of_token, tokens))
        n = len(tokens)
        in_docs = run_docs[run]
        starts = run_initial.get(run, 0)
        for k in keys:
            syllables[k] = syllables_get(k, 0) + count
        if n > 1:
            for pair in map(join, itertools.pairwise(keys)):
                pairs[pair] = pairs_get(pair, 0) + count
        cut = run_parts(keys, classes, run in scanner.after_person)
        parts = [
            (tokens[a:b], keys[a:b], classes[a:b], starts if a == 0 else 0, role)
            for a, b, role in cut
        ]
        for tokens, keys, classes, starts, role in parts:
            n = len(tokens)
            split, named = name_layout(classes, role == PERSON)
            if named:
                for a, b in named:
                    key = join(keys[a:b])
                    spans.latin.add(key)
                    _add(spans, key, join(tokens[a:b]), count, in_docs, starts if a == 0 else 0)
                whole[join(keys[split:])] += count
                if split == 0:
                    continue
                # A Vietnamese name before Latin words: a title before a person's name, or
                # a body named after a place ("Nghị viện Wales").
                for a, b in mixed_spans(keys, classes, split, bond):
                    _add(spans, join(keys[a:b]), join(tokens[a:b]), count, in_docs, 0)
                    if a == 0:
                        whole[join(keys[a:b])] += count
                        if starts:
                            initial[join(tokens[a:b])] += starts
                    spans.mixed.add(join(keys[a:b]))
                spans.titles.add(join(keys[:split]))
                tokens, keys, classes, n = tokens[:split], keys[:split], classes[:split], split
            words = word_starts(keys, bond) if n > 1 else [0]
            # dict.get and a store, not Counter's +=: no Python-level __missing__ per new key.
            for a, b in run_spans(tokens, keys, classes, bond, limit, words):
                key = join(keys[a:b])
                surface = join(tokens[a:b])
                freq[key] = freq_get(key, 0) + count
                docs[key] = docs_get(key, 0) + in_docs
                found = variants[key]
                found[surface] = found.get(surface, 0) + count
                if a == 0:
                    if starts:
                        initial[surface] = initial_get(surface, 0) + starts
                    if b == n:
                        whole[key] = whole_get(key, 0) + count
                elif b == n:
                    tails[key] = tails_get(key, 0) + count
            if n > 1:
                # The pieces between general words stand alone as well as whole runs do:
                # "tăng cường | hỗ trợ an ninh", "Liên Hiệp quốc | hoan nghênh | đàm phán".
                for a, b in _pieces(keys, classes, bond, general, words):
                    if b - a < n:
                        whole[join(keys[a:b])] += count
            full = join(keys)
            if role == TITLE:
                spans.titles.add(full)  # a title before a person's name
            elif role == WHOLE and len(cut) == 1:
                if run in scanner.quoted:
                    spans.quoted[full] += scanner.quoted[run]
                if run in scanner.before_name:
                    spans.titles.add(full)
    return spans


def _pieces(
    keys: Sequence[str],
    classes: Sequence[str],
    bond: frozenset[str],
    general: frozenset[str],
    words: Sequence[int],
) -> list[tuple[int, int]]:
    """A run cut at its lower-case general words and verbs (word by word), connectors trimmed.

    ``words``: the run's word starts (:func:`word_starts`).
    """
    starts = [*words, len(keys)]
    pos = pos_keys()
    out = []
    a = 0
    for j in range(len(starts) - 1):
        s, e = starts[j], starts[j + 1]
        word = " ".join(keys[s:e])
        if classes[s] == VI and (word in general or (e - s > 1 and pos.get(word) == "v")):
            out.append((a, s))
            a = e
    if a == 0:
        return []
    out.append((a, len(keys)))
    trimmed = []
    for a, b in out:
        while a < b and classes[a] == CONN:
            a += 1
        while b > a and classes[b - 1] == CONN:
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _add(spans: Spans, key: str, surface: str, count: int, in_docs: int, starts: int) -> None:
    spans.freq[key] += count
    spans.docs[key] += in_docs
    found = spans.variants[key]
    found[surface] = found.get(surface, 0) + count
    if starts:
        spans.initial[surface] += starts


def _display(variants: dict[str, int], initial: Counter[str]) -> str:
    """The surface to show: most frequent, not counting sentence-initial capitals."""
    if len(variants) == 1:
        return next(iter(variants))

    def weight(surface: str) -> tuple[float, bool]:
        seen = variants[surface]
        inside = seen - initial.get(surface, 0)
        return (inside + 0.1 * seen, surface[:1].islower())

    return max(variants, key=weight)


def _capitalised_inside(variants: dict[str, int], initial: Counter[str]) -> float:
    """Share of occurrences not at a sentence start whose first letter is a capital."""
    if len(variants) == 1:
        # One surface (most candidates): all or nothing, or the fallback below.
        for surface, seen in variants.items():
            if seen - initial.get(surface, 0):
                return 1.0 if surface[:1].isupper() else 0.0
    inside = upper = 0
    for surface, seen in variants.items():
        n = seen - initial.get(surface, 0)
        inside += n
        if surface[:1].isupper():
            upper += n
    if inside:
        return upper / inside
    # Seen only at sentence starts: a name when a later syllable is capitalised too.
    return 1.0 if any(ch.isupper() for s in variants for ch in s[1:]) else 0.0


def _length_weight(syllables: int) -> float:
    return (0.03, 1.0, 1.6, 2.0, 2.3)[min(syllables, 5) - 1]


def score_candidate(
    frequency: float,
    documents: int,
    syllables: int,
    specificity: float,
    cues: float,
) -> float:
    """Termhood times unithood.

    ``frequency`` is already corrected for nesting (C-value); ``specificity``
    is how much more often its syllables occur here than in general Vietnamese
    (log10 ratio, averaged); ``cues`` multiplies in heads, names, glosses and
    the penalties for general words.
    """
    # Frequency counts, but a tenth occurrence adds less than a second one.
    evidence = 1.0 + math.log2(frequency) if frequency >= 1 else frequency
    # Syllable frequencies say little about a word's: a mild factor.
    general = min(2.0, max(0.5, 10 ** (0.25 * (specificity - 0.5))))
    return (
        evidence * _length_weight(syllables) * (1.0 + 0.3 * math.log2(documents)) * general * cues
    )


class _Words:
    """Word-level facts about keys: general words, parts of speech, specificity."""

    def __init__(self, syllables: Counter[str]) -> None:
        self.general = general_keys()
        self.pos = pos_keys()
        self.zipf = syllable_zipf()
        self.counts = syllables
        self.total = max(1, sum(syllables.values()))
        self._spec: dict[str, float] = {}

    def spec(self, key: str) -> float:
        found = self._spec.get(key)
        if found is None:
            rate = math.log10((self.counts.get(key, 0) + 0.5) / self.total * 1e9)
            found = self._spec[key] = rate - self.zipf.get(key, 2.5)
        return found

    def weak(self, word: Sequence[str]) -> bool:
        """A general word of news prose (the hand-written list)."""
        return " ".join(word) in self.general


def _weak_extension(
    added: Sequence[str],
    added_keys: Sequence[str],
    neighbour: str,
    right: bool,
    words: _Words,
    head_start: bool = False,
) -> bool:
    """Whether a word added to a candidate leaves the candidate a term of its own.

    Weak: a nationality after a name ("… Quốc phòng | Nga"), a lower-case word
    in front of a name ("toà nhà | Đại sứ quán"), and a general word ("tăng
    cường | hỗ trợ an ninh").  One lower-case syllable that is not a general
    word is never weak: it may finish a word the lexicon lacks ("tầm | trung").
    """
    capital = added[0][:1].isupper()
    if (
        right
        and capital
        and (
            (len(added) == 1 and added_keys[0] in COUNTRY_KEYS)
            or not is_vietnamese_syllable(added[0])
        )
    ):
        return True  # a nationality or a Latin name after a name
    if not right and not capital and neighbour[:1].isupper():
        return True
    if not right and capital and head_start:
        return True  # a new name starts: "Đại biểu | Đảng Lao động"
    if capital:
        return False
    # A general word, or a verb in front of its object ("bắt | tôm hùm").
    return words.weak(added_keys) or (not right and words.pos.get(" ".join(added_keys)) == "v")


def _written_after(
    tokens: Sequence[str], last: int, pairs: Counter[str], syllables: Counter[str]
) -> bool:
    """Whether the last word, one syllable, nearly always follows the syllable before it here.

    Such a syllable ends a name ("Liên minh châu | Âu"), unless it is a country: a
    text that always writes "Bộ Quốc phòng | Nga" still names the ministry and
    its country.
    """
    if (
        last != len(tokens) - 1
        or tokens[last] in COUNTRY_KEYS
        or not is_vietnamese_syllable(tokens[last])
    ):
        return False  # a country, or a Latin name: a person's after a title
    seen = syllables.get(tokens[last], 0)
    return seen >= 2 and pairs.get(f"{tokens[last - 1]} {tokens[last]}", 0) >= 0.75 * seen


def _learned_words(
    freq: Counter[str], syllables: Counter[str], bond: frozenset[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Syllable pairs this text nearly always writes together, though the lexicon lacks them.

    Returns, per syllable, the largest share of its occurrences spent as the
    second (first) half of one such pair: "cắt giảm" makes "giảm …" a fragment.
    """
    second: dict[str, float] = {}
    first: dict[str, float] = {}
    for key, f in freq.items():
        if f < 2 or key.count(" ") != 1:
            continue
        a, b = key.split(" ")
        if key in bond or a in CONNECTOR_KEYS or b in CONNECTOR_KEYS:
            continue
        if syllables.get(b):
            second[b] = max(second.get(b, 0.0), f / syllables[b])
        if syllables.get(a):
            first[a] = max(first.get(a, 0.0), f / syllables[a])
    return second, first


def _cuts_word(tokens: Sequence[str], learned: tuple[dict[str, float], dict[str, float]]) -> bool:
    second, first = learned
    if len(tokens) == 2 and (second.get(tokens[1], 0) >= 0.75 or first.get(tokens[0], 0) >= 0.75):
        # The pair itself is the learned word, unless a longer word swallows it.
        return False
    return second.get(tokens[0], 0.0) >= 0.75 or first.get(tokens[-1], 0.0) >= 0.75


def _country_clause(classes: Sequence[str], starts: Sequence[int]) -> bool:
    """A one-syllable capitalised word next to lower-case words, as in "rút Mỹ"."""
    n = len(classes)
    words = set(starts)
    for j in range(n):
        if classes[j] != CAP or j not in words or (j + 1 < n and j + 1 not in words):
            continue
        alone = (j == 0 or classes[j - 1] != CAP) and (j + 1 == n or classes[j + 1] != CAP)
        if not alone:
            continue
        if (j + 1 < n and classes[j + 1] == VI) or (j == n - 1 and j > 0 and classes[j - 1] == VI):
            return True
    return False


_NO_TONES = str.maketrans("", "", "\u0300\u0301\u0303\u0309\u0323")
# Each precomposed Latin letter to its decomposed form without tone marks: for a
# string of Latin letters alone (no combining mark of its own), what _loose does,
# one table look-up a letter instead of a normalisation (most of _survivors' time).
_LATIN_RANGES = (range(0xC0, 0x250), range(0x1E00, 0x1F00))
_LOOSE_LETTERS = {
    code: loose
    for block in _LATIN_RANGES
    for code in block
    if (loose := unicodedata.normalize("NFD", chr(code)).translate(_NO_TONES)) != chr(code)
}
_NOT_IN_TABLE = re.compile("[^\x00-\u024f\u1e00-\u1eff]")


def _loose(surface: str) -> str:
    """Lower case without tone marks: equal for every variant of a candidate (and a few more)."""
    lower = surface.lower()
    if _NOT_IN_TABLE.search(lower):
        return unicodedata.normalize("NFD", lower).translate(_NO_TONES)
    return lower.translate(_LOOSE_LETTERS)


def gloss_target(scanner: Scanner, surface: str, limit: int = MAX_SYLLABLES) -> str:
    """The part of the run before a parenthesis that the gloss names.

    From the last head ("Hiệp ước …") or the start of the last capitalised
    stretch; the whole run when neither is there.
    """
    tokens = surface.split(" ")
    keys = [scanner.tokens.key[t] for t in tokens]
    classes = [scanner.tokens.kind[t] for t in tokens]
    start = 0
    for j in range(len(tokens) - 1, -1, -1):
        if classes[j] == CAP and head_length(keys[j:], classes[j:]):
            start = j
            break
    else:
        for j in range(len(tokens) - 1, 0, -1):
            if classes[j] == CAP and classes[j - 1] != CAP:
                start = j
                break
    return " ".join(tokens[start:][: 2 * limit])


def gloss_key(scanner: Scanner, gloss: Gloss, limit: int = MAX_SYLLABLES) -> str:
    target = gloss_target(scanner, gloss.target, limit)
    return " ".join(scanner.tokens.key[t] for t in target.split(" "))


def _survivors(spans: Spans) -> list[str]:
    """Keys worth scoring: seen twice, or once as a whole run, a name or a variant of one."""
    freq, whole, tails = spans.freq, spans.whole, spans.tails
    kept = []
    rare = []
    for key, f in freq.items():
        if f >= 2 or whole.get(key) or key in spans.latin or key in tails:
            kept.append(key)
        else:
            rare.append(key)
    # A rare span keeps its place when it is capitalised (a name seen once inside
    # a longer run) or a spelling variant of a kept one ("thuỷ …" beside "Thủy …").
    staying = {_loose(k) for k in kept}
    for key in rare:
        variants = spans.variants[key]
        if any(s[:1].isupper() for s in variants) or _loose(key) in staying:
            kept.append(key)
    return kept


def rank(scanner: Scanner, limit: int = MAX_SYLLABLES) -> list[Candidate]:
    """Every candidate worth showing, best first; fragments are left out."""
    spans = expand(scanner, limit)
    return rank_spans(scanner, spans, limit)


def rank_spans(scanner: Scanner, spans: Spans, limit: int = MAX_SYLLABLES) -> list[Candidate]:
    bond = bonds()
    words = _Words(spans.syllables)
    freq = spans.freq
    keys = _survivors(spans)
    kind_map = scanner.tokens.kind
    # Looked up once, not per candidate.
    latin_keys, whole, quoted, titles, mixed = (
        spans.latin,
        spans.whole,
        spans.quoted,
        spans.titles,
        spans.mixed,
    )
    variants_of, initial = spans.variants, spans.initial
    general, pos_of = words.general, words.pos
    spec = words.spec
    titled, lexicon, cut_words = title_keys(), lexicon_keys(), dangling()
    display = {key: _display(variants_of[key], initial) for key in keys}
    # Nesting: for each candidate, the longer candidates one word wider that hold it.
    nested: dict[str, list[int]] = defaultdict(list)
    starts_of: dict[str, list[int]] = {}
    covered: Counter[str] = Counter()
    after_head: Counter[str] = Counter()
    for key in keys:
        if key in latin_keys:
            continue
        tokens = key.split(" ")
        if len(tokens) < 2:
            continue
        starts = starts_of[key] = word_starts(tokens, bond)
        if len(starts) < 2:
            continue
        f = freq[key]
        shown = display[key].split(" ")
        prefix = _trim(tokens[: starts[-1]])
        suffix = _trim(tokens[starts[1] :])
        if prefix and (
            not _weak_extension(
                shown[starts[-1] :], tokens[starts[-1] :], shown[starts[-1] - 1], True, words
            )
            or _written_after(tokens, starts[-1], spans.pairs, words.counts)
        ):
            nested[prefix].append(f)
        head_start = shown[starts[1]][:1].isupper() and head_length(
            tokens[starts[1] :], [kind_map.get(t, VI) for t in shown[starts[1] :]]
        )
        if suffix and not _weak_extension(
            shown[: starts[1]],
            tokens[: starts[1]],
            shown[starts[1]],
            False,
            words,
            bool(head_start),
        ):
            nested[suffix].append(f)
        if len(tokens) == 2 and starts == [0, 1]:
            covered[tokens[0]] += f
            covered[tokens[1]] += f
        if suffix and head_length(tokens) == starts[1]:
            # Only a capitalised head makes a name whose tail is no term by itself.
            after_head[suffix] += sum(v for s, v in variants_of[key].items() if s[:1].isupper())
    learned = _learned_words(freq, spans.syllables, bond)
    glossed = Counter(gloss_key(scanner, g, limit) for g in scanner.glosses)
    n_docs = max(1, len(scanner.docs))
    out: list[Candidate] = []
    for key in keys:
        variants = variants_of[key]
        f = freq[key]
        tokens = key.split(" ")
        n = len(tokens)
        text = display[key]
        docs = min(n_docs, spans.docs[key])
        inside = nested.get(key)
        # C-value: occurrences inside longer candidates count less, the fewer kinds
        # of longer candidate there are (one kind: a fragment of it).
        ext = sum(inside) / len(inside) if inside else 0.0
        free = f - ext
        cues = 1.6 if glossed.get(key) else 1.0
        if key in latin_keys:
            if not whole.get(key):
                continue  # an acronym seen only inside a longer name ("START" of "New START")
            kind = "acronym" if any(kind_map[t] == ACRO for t in text.split(" ")) else "name"
            # People and places are named in Latin script far more often than bodies.
            weight = 2.2 if kind == "acronym" else (0.45 if n > 1 else 0.35)
            evidence = 1.0 + math.log2(max(free, 1.0))
            score = evidence * weight * (1.0 + 0.3 * math.log2(docs)) * cues
            out.append(Candidate(key, text, score, f, docs, n, kind, variants, {}))
            continue
        if f >= 2 and free <= 0.1 * f:
            continue  # always inside the same longer candidate: a fragment
        if n == 1 and covered.get(key, 0) >= 0.8 * f:
            continue  # a syllable that rarely stands alone ("Tổng" of "Tổng thống")
        if after_head.get(key, 0) >= 0.75 * f:
            continue  # the tail of headed names ("Ngoại giao" of "Bộ Ngoại giao")
        if _cuts_word(tokens, learned):
            continue  # starts or ends inside a word this text always writes whole
        classes = list(map(kind_map.__getitem__, text.split(" ")))
        head = head_length(tokens, classes)
        capital = _capitalised_inside(variants, initial)
        if head:
            cues *= 1.8 if capital >= 0.5 else 1.25
        rest = classes[1:]
        if rest and rest.count(CAP) * 2 >= len(rest) and (capital >= 0.5 or len(rest) >= 2):
            cues *= 1.4  # a proper name: its later syllables are capitalised too
        if capital >= 0.5 and key in titles:
            cues *= 1.3  # a capitalised run before a person's name: a title
        starts = starts_of.get(key) or word_starts(tokens, bond)
        if quoted.get(key) and (len(starts) > 1 or capital >= 0.5):
            # Put between quotes as a unit; not one lower-case word: quotes around
            # one are a quotation or a writer's irony ("đã “phẫn nộ”"), not a name.
            cues *= 1.5
        if key in mixed:
            latin = sum(c in (LATIN, ACRO) for c in classes)
            if head and " ".join(tokens[:head]) in titled:
                # A title, then a Latin name: most likely a person ("Thủ tướng Zoran Zaev").
                cues *= 0.12
            elif latin > 1:
                cues *= 0.4  # a first and a last name: most likely a person
            tail = " ".join(t for t, c in zip(tokens, classes, strict=True) if c in (LATIN, ACRO))
            if not whole.get(tail):
                cues *= 0.5  # the Latin words never stand alone: a person's first name
        if len(starts) == 1:
            pos = pos_of.get(key, "")
            if key in general:
                cues *= 0.25  # one general word
            elif pos in ("v", "a", "r"):
                cues *= 0.45  # one verb, adjective or adverb of the dictionary
            elif n >= 2 and key in lexicon:
                cues *= 0.8  # one dictionary word
        elif head:
            # A lower-case general word after a head makes a clause of the name:
            # "Quốc hội | trở thành | đài tưởng niệm".
            if any(
                classes[starts[j]] == VI
                and " ".join(tokens[starts[j] : [*starts, n][j + 1]]) in general
                for j in range(1, len(starts))
            ):
                cues *= 0.35
        else:
            first_word, last_word = tokens[: starts[1]], tokens[starts[-1] :]
            if words.weak(first_word) or words.weak(last_word):
                cues *= 0.35  # a general word at either edge: a clause, not a term
            elif any(
                " ".join(tokens[starts[j] : starts[j + 1]]) in general
                for j in range(1, len(starts) - 1)
            ):
                cues *= 0.5  # a general word inside: more likely a clause
            if CAP in classes and _country_clause(classes, starts):
                cues *= 0.45  # "Mỹ sẵn sàng", "rút Mỹ": a clause around a one-syllable name

        if n > 1 and classes[-1] == VI and starts[-1] == n - 1 and tokens[-1] in cut_words:
            cues *= 0.3  # "đàm phán diễn" (ra): cuts a word at a function word
        if f == 1 and not whole.get(key) and inside and cues < 1.7:
            continue  # seen once, inside a longer candidate, nothing marks it as a term
        if CONN in classes:
            content = [t for t, c in zip(tokens, classes, strict=False) if c != CONN] or tokens
        else:
            content = tokens
        specificity = sum(map(spec, content)) / len(content)
        if n == 1:
            specificity = min(specificity, 1.0)
        score = score_candidate(max(free, 0.0), docs, n, specificity, cues)
        features = {"specificity": round(specificity, 2), "cues": round(cues, 2), "nested": ext}
        out.append(Candidate(key, text, score, f, docs, n, "term", variants, features))
    out.sort(key=lambda c: (-c.score, -c.frequency, c.key))
    return out


def _trim(tokens: Sequence[str]) -> str:
    """A candidate's key without connectors at its ends."""
    if tokens and tokens[0] not in CONNECTOR_KEYS and tokens[-1] not in CONNECTOR_KEYS:
        return " ".join(tokens)
    a, b = 0, len(tokens)
    while a < b and tokens[a] in CONNECTOR_KEYS:
        a += 1
    while b > a and tokens[b - 1] in CONNECTOR_KEYS:
        b -= 1
    return " ".join(tokens[a:b])
