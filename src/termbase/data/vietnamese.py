"""Shipped reference lists for mining: general-Vietnamese syllable frequencies and a lexicon.

See README.md in this folder for where each list comes from and its licence.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = (
        resources.files(__package__ or "termbase.data").joinpath(name).read_text(encoding="utf-8")
    )
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def syllable_zipf() -> dict[str, float]:
    """Zipf frequency (log10 per billion words) of lower-case syllables in general Vietnamese."""
    table: dict[str, float] = {}
    for line in _lines("vi_syllables.tsv"):
        syllable, zipf = line.split("\t")
        table[syllable] = float(zipf)
    return table


@lru_cache(maxsize=1)
def lexicon_words() -> frozenset[str]:
    """Lower-case words of two to four syllables from a general Vietnamese dictionary."""
    return frozenset(_lines("vi_words.txt"))


@lru_cache(maxsize=1)
def word_pos() -> dict[str, str]:
    """First part of speech (n, v, a, r) of lower-case words, where the dictionary gives one."""
    table: dict[str, str] = {}
    for line in _lines("vi_pos.tsv"):
        word, pos = line.split("\t")
        table[word] = pos
    return table
