"""The named rows of the translation memory: what readers yield, imports report, searches find."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(slots=True)
class TmUnit:
    """One segment pair as a reader gives it: both sides in stored form (see :mod:`.segments`)."""

    vi: str
    en: str
    locator: str  # where in the file: "line 12", "tuid 7", "line 12 (tu)"
    source_lang: str | None = None  # the side the file calls its source, when it says
    context: str | None = None  # PO msgctxt
    creator: str | None = None
    created_at: str | None = None
    changer: str | None = None
    changed_at: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    count: int = 1  # times seen, when the file says (our own TMX export does)


@dataclass(frozen=True, slots=True)
class Refusal:
    """A unit of the file that was not imported, and why."""

    locator: str
    reason: str


@dataclass(slots=True)
class ImportReport:
    """What an import did: pairs read, new, duplicates (count raised), refused (with reasons)."""

    path: str
    format: str
    read: int = 0
    new: int = 0
    duplicates: int = 0
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredUnit:
    """A segment pair as stored, with where it came from."""

    id: int
    vi: str
    en: str
    count: int
    origin: str
    locator: str
    source_lang: str | None
    context: str | None
    creator: str | None
    created_at: str | None
    changer: str | None
    changed_at: str | None
    properties: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Match:
    """A fuzzy match: its score (0-100), the minor differences, the token edit script."""

    unit: StoredUnit
    score: int
    minor: tuple[str, ...]  # of "case", "punctuation", "numbers", "markup"
    changed: tuple[int, ...]  # indexes of the match's tokens that differ from the query


@dataclass(frozen=True, slots=True)
class Counterpart:
    """The phrase's aligned translation in a hit: its words, token indexes ``[start, end)``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ConcordanceHit:
    """A segment pair containing the phrase; ``start``/``end`` are token indexes of the phrase.

    ``counterpart``: the phrase's aligned translation in the other side, when the aligner
    linked one in this pair (token indexes counted as for the phrase).
    """

    unit: StoredUnit
    start: int
    end: int
    counterpart: Counterpart | None = None


class MemoryRow(NamedTuple):
    """A unit ready to store: both sides with their keys, token counts and hashes.

    The fields up to ``properties`` are ``tm_units`` columns in order; ``times``
    is added to ``count``.
    """

    pair_hash: int
    vi: str
    en: str
    vi_key: str
    en_key: str
    vi_len: int
    en_len: int
    vi_hash: int
    en_hash: int
    locator: str
    source_lang: str | None
    context: str | None
    creator: str | None
    created_at: str | None
    changer: str | None
    changed_at: str | None
    properties: str | None  # JSON
    times: int


class KeyedBatch(NamedTuple):
    """Consecutive units of a file, keyed: what an import hands the store at a time.

    The keys' tokens travel as numbers, *provisional* ids the keyer gives each
    distinct key token as it meets it (from 1, the same for both languages):
    ``vi_tokens`` holds those of every row's Vietnamese key one after the other
    (``vi_len`` of them per row), ``en_tokens`` the English ones; ``new_keys``
    are the tokens given ids since the previous batch, in id order. The index
    maps them to its own token ids.
    """

    read: int
    rows: list[MemoryRow]
    refused: list[Refusal]
    vi_tokens: array[int]
    en_tokens: array[int]
    new_keys: list[str]


class Candidate(NamedTuple):
    """A unit that may match: its id and the matching key of the searched side."""

    id: int
    key: str
