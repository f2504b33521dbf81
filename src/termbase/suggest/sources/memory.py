"""The translation-memory source: a slot until alignment gives termbase a memory.

:class:`TranslationMemory` is the interface a memory will offer: the English
segments aligned with a Vietnamese term (with how often and where), and
whether an English phrase occurs in it at all (used to prefer attested
compositional translations).  Until one exists, :class:`MemorySource` is
built with ``memory=None`` and suggests nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from termbase.suggest.sources import Candidate, Suggestion, clamp


@dataclass(frozen=True)
class Aligned:
    """An English equivalent the memory aligned with a Vietnamese term."""

    english: str
    count: int
    where: str


class TranslationMemory(Protocol):
    """What the suggestion sources need from a translation memory."""

    def equivalents(self, vietnamese: str) -> list[Aligned]: ...

    def attests(self, english: str) -> bool: ...


class MemorySource:
    """Equivalents aligned in the translation memory; nothing while there is none."""

    name = "memory"

    def __init__(self, memory: TranslationMemory | None = None) -> None:
        self.memory = memory

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        if self.memory is None:
            return [[] for _ in candidates]
        out: list[list[Suggestion]] = []
        for candidate in candidates:
            found: list[Suggestion] = []
            aligned = self.memory.equivalents(candidate.text)
            total = sum(a.count for a in aligned) or 1
            for a in aligned:
                share = a.count / total
                found.append(
                    Suggestion(
                        a.english,
                        self.name,
                        clamp(0.55 + 0.3 * share + 0.02 * min(a.count, 5)),
                        f"memory: aligned {a.count}x with {candidate.text!r} ({a.where})",
                    )
                )
            out.append(found)
        return out
