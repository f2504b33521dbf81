"""The rows the stages of a composition hand each other.

Splitting yields :class:`Segment` s (the words between two prepositions) and their
:class:`Part` s (a run of syllables with its English renderings); weighing and ordering them
yields :class:`Rendering` s, whose :class:`Piece` s say which rendering of which part went
into the English, for the evidence a reviewer reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from termbase.suggest.sources.lexicon import Option

# The origin of a Latin token the lexicon lacks, kept as it is: a name ("Scotland", "Putin").
KEPT = "kept as written"
# The part of speech of a name kept whole ("Vladimir Putin", "Kao Kim Hourn").
NAME_POS = "name"


@dataclass(frozen=True)
class Part:
    """A run of syllables with its renderings (one for a name kept as it is)."""

    vietnamese: str
    key: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Segment:
    """Words between two prepositions: the ways to split them into parts, head first.

    ``plural`` when "các"/"những" stood in it, ``dropped`` when any word was left out;
    ``joiner`` is the English word joining it to the previous segment ("on", "and"), or "".
    """

    splits: tuple[tuple[Part, ...], ...]
    plural: bool
    dropped: bool
    joiner: str = ""

    @property
    def parts(self) -> tuple[Part, ...]:
        return self.splits[0]


class Piece(NamedTuple):
    """A part and the rendering of it a composition used."""

    part: Part
    option: Option


@dataclass(frozen=True)
class Rendering:
    """English for a term or segment, its score, and whether English attests it.

    ``attested`` is 2 when the whole is a known English term, 1 when a pair of its words
    is, else 0.
    """

    english: str
    score: float
    attested: int
    pieces: tuple[Piece, ...]
