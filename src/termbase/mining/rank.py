"""Ranking the runs a :class:`~termbase.mining.scan.Scanner` counted into term candidates.

The distinct runs are expanded into candidate spans (:mod:`termbase.mining.expand`);
then each candidate is scored (:func:`score_candidate`):

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

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from termbase.mining.expand import Spans, expand, word_starts
from termbase.mining.fragments import (
    cuts_word,
    learned_words,
    trim_connectors,
    weak_extension,
    written_after,
)
from termbase.mining.scan import (
    ACRO,
    CAP,
    CONN,
    LATIN,
    MAX_SYLLABLES,
    VI,
    Gloss,
    Scanner,
    bonds,
    head_length,
)
from termbase.mining.wordlists import Words, dangling, lexicon_keys, title_keys


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
    words = Words(spans.syllables)
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
        prefix = trim_connectors(tokens[: starts[-1]])
        suffix = trim_connectors(tokens[starts[1] :])
        if prefix and (
            not weak_extension(
                shown[starts[-1] :], tokens[starts[-1] :], shown[starts[-1] - 1], True, words
            )
            or written_after(tokens, starts[-1], spans.pairs, words.counts)
        ):
            nested[prefix].append(f)
        head_start = shown[starts[1]][:1].isupper() and head_length(
            tokens[starts[1] :], [kind_map.get(t, VI) for t in shown[starts[1] :]]
        )
        if suffix and not weak_extension(
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
    learned = learned_words(freq, spans.syllables, bond)
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
        if cuts_word(tokens, learned):
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
