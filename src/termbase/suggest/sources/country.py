"""Whose title or body an occurrence is: the country read from the words attached to it.

"Thứ trưởng Ngoại giao Nga Ryabkov" is Russia's deputy foreign minister because
"Nga" follows the title; "Ngoại trưởng Mike Pompeo" the US Secretary of State
because Pompeo is a US official (``data/officials.tsv``); "Thứ trưởng Ngoại
giao nước này" the country named just before.  A country named anywhere else in
the sentence says nothing about the title: "Bộ trưởng Quốc phòng Nga, Mỹ" are
the defence ministers of both, and "Bộ trưởng Quốc phòng gặp người đồng cấp
Nga" is not Russia's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from termbase.normalize import tone_key

_TOKEN = re.compile(r"\w+|[^\w\s]")

Key = tuple[str, ...]


def token_keys(text: str) -> Key:
    """The tone keys of the words and punctuation marks of ``text``."""
    return tuple(tone_key(m.group()) for m in _TOKEN.finditer(text))


def _keys(*phrases: str) -> frozenset[Key]:
    return frozenset(token_keys(p) for p in phrases)


# "Thứ trưởng Ngoại giao *của* Nga"
_OF = _keys("của")
# "Thứ trưởng Ngoại giao nước này": the country named last before the title.
_THIS_COUNTRY = _keys("nước này", "nước đó", "nước trên", "quốc gia này")
# "Ngoại trưởng hai nước": the title of several countries.
_MANY = _keys("hai nước", "ba nước", "các nước", "hai bên", "nhiều nước")
# Between countries of one list: "Nga, Mỹ", "Nga và Mỹ", "Nga - Mỹ", "Nga-Mỹ".
_JOINERS = frozenset({",", "và", "-", "–", "/", "với"})
# Before an official's name: "Thứ trưởng Bộ Ngoại giao Mỹ, bà Wendy Sherman".
_BEFORE_NAME = frozenset({",", "ông", "bà", "ngài"})


@dataclass(frozen=True)
class Reading:
    """What the words attached to one occurrence say: one country, several, or nothing."""

    country: str | None = None  # a country key (see :meth:`CountryReader.read`)
    several: bool = False
    by: str = ""  # "name", "official" or "this country"


class CountryReader:
    """Reads the country attached to each occurrence of a term in its contexts.

    ``places`` and ``officials`` map the token keys of a Vietnamese place name or of
    an official's name to a country key; a match must start with a capital letter.
    """

    def __init__(self, places: Mapping[Key, str], officials: Mapping[Key, str]) -> None:
        self.places = dict(places)
        self.officials = dict(officials)
        self._longest = max((len(k) for k in (*self.places, *self.officials)), default=1)

    def read(self, terms: Iterable[str], contexts: Iterable[str]) -> list[Reading]:
        """One reading per occurrence of any of ``terms`` (the longest first) in ``contexts``."""
        patterns = sorted({k for k in map(token_keys, terms) if k}, key=len, reverse=True)
        out: list[Reading] = []
        for context in contexts:
            written = [m.group() for m in _TOKEN.finditer(context)]
            keys = tuple(map(tone_key, written))
            i = 0
            while i < len(keys):
                hit = next((p for p in patterns if keys[i : i + len(p)] == p), None)
                if hit is None:
                    i += 1
                    continue
                end = i + len(hit)
                out.append(self._after(written, keys, i, end))
                i = end
        return out

    def _after(self, written: Sequence[str], keys: Key, start: int, end: int) -> Reading:
        j = end + 1 if keys[end : end + 1] in _OF else end
        found = self._match(self.places, written, keys, j)
        if found is not None:
            k = found[1]
            listed = keys[k : k + 1] and keys[k] in _JOINERS
            if listed and self._match(self.places, written, keys, k + 1) is not None:
                return Reading(several=True, by="name")
            return Reading(found[0], by="name")
        if any(keys[j : j + len(p)] == p for p in _MANY):
            return Reading(several=True, by="name")
        if any(keys[j : j + len(p)] == p for p in _THIS_COUNTRY):
            before = self._last_place(written, keys, start)
            return Reading(before, by="this country") if before else Reading()
        k = j
        while k < min(len(keys), j + 2) and keys[k] in _BEFORE_NAME:
            k += 1
        official = self._match(self.officials, written, keys, k)
        if official is not None:
            return Reading(official[0], by="official")
        return Reading()

    def _match(
        self, table: Mapping[Key, str], written: Sequence[str], keys: Key, at: int
    ) -> tuple[str, int] | None:
        """The country of the longest name of ``table`` starting at ``at``, and where it ends."""
        if at >= len(keys) or not written[at][:1].isupper():
            return None
        for n in range(min(self._longest, len(keys) - at), 0, -1):
            country = table.get(keys[at : at + n])
            if country is not None:
                return country, at + n
        return None

    def _last_place(self, written: Sequence[str], keys: Key, before: int) -> str | None:
        for at in range(before - 1, -1, -1):
            found = self._match(self.places, written, keys, at)
            if found is not None and found[1] <= before:
                return found[0]
        return None


@cache
def load_officials() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``data/officials.tsv``: (country's English name, the official's names) per row."""
    text = files("termbase.data").joinpath("officials.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, names = line.split("\t")
            rows.append((country, tuple(n.strip() for n in names.split("|") if n.strip())))
    return tuple(rows)
