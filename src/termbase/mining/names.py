"""Where a run names someone or something: Latin names, and a person's name after a title.

A run is cut into parts around a person's name (:func:`run_parts`), and each
part's Latin or person's name is laid out in pieces (:func:`name_layout`).
Expansion (:mod:`termbase.mining.expand`) and the locating of occurrences
(:func:`termbase.mining.concepts.locate`) cut runs alike through these.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from termbase.data.dictionary import place_names
from termbase.mining.scan import head_length
from termbase.mining.syllables import key_of
from termbase.mining.tokens import ACRO, CAP, LATIN
from termbase.mining.wordlists import SURNAME_KEYS, title_keys

# Roles of the parts a run is cut into around a person's name (run_parts).
WHOLE, TITLE, PERSON = 0, 1, 2


class RunPart(NamedTuple):
    """Syllables ``start:end`` of a run, and what they are (:func:`run_parts`)."""

    start: int
    end: int
    role: int  # WHOLE, TITLE or PERSON


class NameLayout(NamedTuple):
    """Where a run (part) ends its Vietnamese words, and the name pieces after them."""

    split: int  # the Vietnamese words are the syllables before it
    pieces: tuple[tuple[int, int], ...]  # (start, end) of each name piece; none: no name


# Most runs are neither cut nor named: their parts and layout are made once per
# length, not once per run (a NamedTuple costs several times what a tuple does).
@cache
def _uncut(n: int) -> tuple[RunPart, ...]:
    return (RunPart(0, n, WHOLE),)


@cache
def _unnamed(n: int) -> NameLayout:
    return NameLayout(n, ())


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


def name_layout(classes: Sequence[str], person: bool = False) -> NameLayout:
    """Where a run (part) ends its Vietnamese words, and the name pieces after them.

    A run ending in Latin words names someone or something in them ("Nghị viện |
    Wales"): the Latin words are one piece, and each acronym among several another.
    A person's name (``person``) is read the same way, whole: a name of its own,
    never part of a term.  No name: the whole run, and no pieces.
    """
    n = len(classes)
    if not person and classes[-1] not in (LATIN, ACRO):
        return _unnamed(n)
    split = 0 if person else next(j for j, c in enumerate(classes) if c in (LATIN, ACRO))
    pieces = [(split, n)]
    if n - split > 1:
        pieces.extend((j, j + 1) for j in range(split, n) if classes[j] == ACRO)
    return NameLayout(split, tuple(pieces))


def run_parts(
    keys: Sequence[str], classes: Sequence[str], after_person: bool = False
) -> Sequence[RunPart]:
    """A run as its parts: whole, or cut around a person's name.

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
            return [RunPart(0, stop, PERSON)] + ([RunPart(stop, n, WHOLE)] if stop < n else [])
    cut = person_after_title(keys, classes)
    if cut is None:
        return _uncut(n)
    p, q = cut
    return [RunPart(0, p, TITLE), RunPart(p, q, PERSON)] + ([RunPart(q, n, WHOLE)] if q < n else [])


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
