"""Cutting a term into segments at its prepositions, and each segment into known parts.

"về", "và", "với", "cho" and "giữa" cut the term into segments (and become "on", "and",
"with", "for", "between"), unless they are a syllable of a word the lexicon knows ("giữa
nhiệm kỳ": midterm).  In a segment "các"/"những" make the head plural and are dropped, as
are "của", "Bộ" after a minister's title, and a leading "cuộc", "sự", "việc", "bản" unless it
begins a word ("sự kiện": event; "bản đồ": map).  The rest is
cut into the fewest parts the lexicon knows (approved terms, the glossary, the dictionary),
and into one part more where the cut falls between words; a Latin token the lexicon lacks
is kept as written, and a run of capitalised Latin words with one spelt like no Vietnamese
syllable is a name, one part kept whole and in its order ("Kao Kim Hourn", not "Kim" as
a needle), after any country it follows ("Nga | Vladimir Putin").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from termbase.normalize import tone_key
from termbase.suggest.sources.compose.rows import KEPT, NAME_POS, Part, Segment
from termbase.suggest.sources.compose.titles import ministry_after_title
from termbase.suggest.sources.compose.weights import WEIGHTS
from termbase.suggest.sources.identity import is_foreign_word, is_name_word
from termbase.suggest.sources.lexicon import Lexicon, Option

# The longest part, in syllables.
MAX_PART = 6
# The most splits of one segment that are weighed.
MAX_SPLITS = 12
# The longest word, in syllables, a preposition is looked for inside.
LONGEST_WORD = 4
PLURAL_MARKERS = frozenset({"các", "những"})
DROPPED = frozenset({"của"})
NOMINALIZERS = frozenset({"cuộc", "sự", "việc", "nền", "mối", "cơn", "bản"})
PREPOSITIONS = {"về": "on", "và": "and", "với": "with", "cho": "for", "giữa": "between"}
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/&+']*")
# Tone keys of single syllables: the same few thousand come back in every term.
_key = functools.lru_cache(maxsize=200_000)(tone_key)


def known_whole(lexicon: Lexicon, key: str) -> bool:
    """Whether the lexicon knows the tone key ``key`` as a whole term or word."""
    d = lexicon.dictionary
    return bool(
        lexicon.entries_for(key)
        or key in d.senses
        or key in d.core
        or key in d.examples
        or key in d.places
    )


def split_term(lexicon: Lexicon, text: str) -> list[Segment] | None:
    """The segments of ``text``, each with the English word joining it to the previous one."""
    tokens = text.split()
    segments: list[Segment] = []
    start, joiner = 0, ""
    for i, token in enumerate([*tokens, ""]):
        word = _key(token)
        if i == len(tokens) or (
            word in PREPOSITIONS
            and 0 < i < len(tokens) - 1
            and not _inside_word(lexicon, tokens, i)
        ):
            segment = _segment(lexicon, tokens[start:i], joiner)
            if segment is None:
                return None
            segments.append(segment)
            start, joiner = i + 1, PREPOSITIONS.get(word, "")
    return segments


def _begins_word(lexicon: Lexicon, tokens: Sequence[str], i: int) -> bool:
    """Whether token ``i`` is the first syllable of a word the lexicon knows.

    "sự" makes a noun of "phát triển" (development), but is a syllable of "sự kiện"
    (event): "sự kiện thể thao" is a sports event, not a sports lawsuit.
    """
    keys = [_key(t) for t in tokens[i : i + LONGEST_WORD]]
    return any(known_whole(lexicon, " ".join(keys[:size])) for size in range(2, len(keys) + 1))


def _inside_word(lexicon: Lexicon, tokens: Sequence[str], i: int) -> bool:
    """Whether token ``i`` (a preposition) is a syllable of a word the lexicon knows.

    "giữa" is "between" in "quan hệ giữa Nga và Mỹ", but a syllable of "giữa nhiệm
    kỳ" (midterm) in "bầu cử giữa nhiệm kỳ".
    """
    keys = [_key(t) for t in tokens]
    for size in range(2, LONGEST_WORD + 1):
        for first in range(max(0, i - size + 1), min(i, len(keys) - size) + 1):
            if known_whole(lexicon, " ".join(keys[first : first + size])):
                return True
    return False


def _segment(lexicon: Lexicon, tokens: Sequence[str], joiner: str) -> Segment | None:
    plural = dropped = False
    content: list[str] = []
    for i, token in enumerate(tokens):
        word = _key(token)
        if ministry_after_title(word, content):
            dropped = True
        elif word in PLURAL_MARKERS:
            plural = dropped = True
        elif word in DROPPED or (
            word in NOMINALIZERS and not content and not _begins_word(lexicon, tokens, i)
        ):
            dropped = True
        else:
            content.append(token)
    if not content:
        return None
    splits = _splits(lexicon, content)
    if not splits:
        return None
    return Segment(tuple(splits), plural, dropped, joiner)


def _splits(lexicon: Lexicon, content: Sequence[str]) -> list[tuple[Part, ...]]:
    """Ways to cut ``content`` into known parts: the fewest parts, and one more."""
    n = len(content)
    parts_at = _parts_at(lexicon, content)
    fewest = _fewest_parts(parts_at)
    least = fewest[0]
    if least is None:
        return []
    out: list[tuple[Part, ...]] = []

    def walk(i: int, done: tuple[Part, ...], budget: int) -> None:
        if len(out) >= MAX_SPLITS:
            return
        if i == n:
            out.append(done)
            return
        for j, part in parts_at[i]:
            rest = fewest[j]
            if rest is not None and len(done) + 1 + rest <= budget:
                walk(j, (*done, part), budget)

    walk(0, (), least)
    fewest_splits = len(out)
    walk(0, (), least + 1)

    def singles(split: tuple[Part, ...]) -> int:
        return sum(" " not in p.key for p in split)

    # A split with one part more is only worth it between words: "chạy đua |
    # vũ khí | hạt nhân" may read better than "chạy đua | vũ khí hạt nhân",
    # but cutting a syllable off a word ("Đại | sứ quán") never does.
    fewest_singles = min(singles(s) for s in out[:fewest_splits])
    kept = out[:fewest_splits] + [s for s in out[fewest_splits:] if singles(s) <= fewest_singles]
    return list(dict.fromkeys(kept))


def _parts_at(lexicon: Lexicon, content: Sequence[str]) -> list[list[tuple[int, Part]]]:
    """For each position, the known parts starting there with where each ends, longest first."""
    n = len(content)
    keys = [_key(t) for t in content]
    names = _name_runs(lexicon, content, keys)
    inside = {i for a, b in names for i in range(a + 1, b)}
    starts = {a: b for a, b in names}
    parts_at: list[list[tuple[int, Part]]] = [[] for _ in range(n)]
    for i in range(n):
        if i in starts:
            text = " ".join(content[i : starts[i]])
            kept = Option(text, WEIGHTS.kept_name, KEPT, NAME_POS)
            parts_at[i].append((starts[i], Part(text, tone_key(text), (kept,))))
            continue
        if i in inside:
            continue
        for j in range(min(n, i + MAX_PART), i, -1):
            # A part never ends inside a name or takes in its first word.
            if any(a < j < b or (i < a < j) for a, b in names):
                continue
            part = _part(lexicon, " ".join(content[i:j]), " ".join(keys[i:j]))
            if part is not None:
                parts_at[i].append((j, part))
    return parts_at


def _name_runs(
    lexicon: Lexicon, content: Sequence[str], keys: Sequence[str]
) -> list[tuple[int, int]]:
    """Where names in Latin letters are: runs of capitalised Latin words, one of them foreign.

    A country before the name is not part of it ("Nga | Vladimir Putin", "Anh | Boris
    Johnson"): the Vietnamese names of places are syllables without marks too; nor is a
    pair of countries ("Anh-Pháp").
    """
    d = lexicon.dictionary
    runs: list[tuple[int, int]] = []
    i, n = 0, len(content)
    while i < n:
        if not is_name_word(content[i]):
            i += 1
            continue
        j = i
        while j < n and is_name_word(content[j]):
            j += 1
        start = i
        while start < j and (
            keys[start] in d.places
            or keys[start] in d.adjectives
            or ("-" in keys[start] and lexicon.knows(keys[start]))  # "Anh-Pháp"
        ):
            start += 1
        if any(is_foreign_word(t) for t in content[start:j]):
            runs.append((start, j))
        i = j
    return runs


def _fewest_parts(parts_at: list[list[tuple[int, Part]]]) -> list[int | None]:
    """For each position, the fewest parts the rest can be cut into (None: it cannot)."""
    n = len(parts_at)
    fewest: list[int | None] = [None] * (n + 1)
    fewest[n] = 0
    for i in range(n - 1, -1, -1):
        counts = [fewest[j] for j, _ in parts_at[i] if fewest[j] is not None]
        fewest[i] = min(c for c in counts if c is not None) + 1 if counts else None
    return fewest


def _part(lexicon: Lexicon, text: str, key: str) -> Part | None:
    if " " not in text and _LATIN_TOKEN.fullmatch(text) and not lexicon.knows(key):
        return Part(text, key, (Option(text, WEIGHTS.kept_name, KEPT),))
    if not lexicon.knows(key):
        return None
    options = lexicon.options(key)
    return Part(text, key, tuple(options)) if options else None
