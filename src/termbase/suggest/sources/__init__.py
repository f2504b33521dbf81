"""Where English equivalents come from: one module per source, one interface.

A source gets every candidate of a run at once (machine translation batches
them) and returns, per candidate, its :class:`Suggestion` s: an English text,
the source's name, a confidence in [0, 1] and the evidence a reviewer reads.
:mod:`termbase.suggest.engine` merges and ranks them and writes the termbase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from termbase.models import Term


@dataclass(frozen=True)
class Suggestion:
    """One proposed English equivalent and why."""

    text: str
    source: str
    confidence: float
    evidence: str
    type: str = "fullForm"


@dataclass(frozen=True)
class Candidate:
    """A concept that wants English: its Vietnamese terms, English terms and contexts."""

    concept_id: int
    vietnamese: tuple[Term, ...]  # usable terms, the preferred one first
    english: tuple[Term, ...] = ()
    contexts: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.vietnamese[0].text


class Source(Protocol):
    """A source of suggestions: ``name`` is what terms record as their source."""

    name: str

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]: ...


def clamp(value: float) -> float:
    """A confidence in [0, 1], rounded so that reruns store the same number."""
    return round(min(1.0, max(0.0, value)), 3)
