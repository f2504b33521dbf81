"""Terminology check: are a translation's terms the termbase's approved ones?

For each segment pair whose source contains an approved term, the target must
contain one of the concept's approved terms in the other language (synonyms
are alternatives) and none of its forbidden ones. :mod:`.match` finds terms,
:mod:`.readers` reads the bilingual files, :mod:`.report` writes the findings
as JSON or JUnit XML. ``termbase check`` is the command over it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from termbase.check.match import Checker, Hit
from termbase.check.readers import Item, Skipped
from termbase.errors import InputError
from termbase.models import StatusTerm

DIRECTIONS = ("vi-en", "en-vi")

__all__ = [
    "DIRECTIONS",
    "Checker",
    "Checkers",
    "Finding",
    "Hit",
    "SegmentResult",
    "Tally",
    "check_items",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """A failed check, where it is: file, unit, the pair's text and what is wrong (``hit``)."""

    path: str
    locator: str
    line: int | None
    direction: str
    source: str
    target: str
    hit: Hit


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """A segment pair whose source holds approved terms, and the checks it failed."""

    path: str
    locator: str
    line: int | None
    terms: int
    findings: tuple[Finding, ...]


@dataclass(slots=True)
class Tally:
    """What a check read: segment pairs, those holding approved terms, those skipped."""

    segments: int = 0
    with_terms: int = 0
    findings: int = 0
    skipped: list[tuple[str, Skipped]] = field(default_factory=list)


class Checkers:
    """The termbase's approved and forbidden terms, one :class:`Checker` per direction."""

    def __init__(self, terms: Iterable[StatusTerm]) -> None:
        self._terms = list(terms)
        self._built: dict[str, Checker] = {}
        if not any(t.status == "approved" for t in self._terms):
            raise InputError(
                "the termbase has no approved terms, so there is nothing to check against;"
                " approve terms first (or pass the right --db)"
            )

    def direction(self, name: str) -> Checker:
        """The checker of ``name`` ("vi-en" or "en-vi"), built on first use."""
        checker = self._built.get(name)
        if checker is None:
            source, _, target = name.partition("-")
            checker = self._built[name] = Checker(self._terms, source, target)
        return checker


def check_items(
    checkers: Checkers,
    path: str,
    items: Iterable[Item],
    direction: str | None,
    tally: Tally,
) -> Iterator[SegmentResult]:
    """Check each segment pair of one file; yields those holding approved source terms.

    ``direction`` overrides what the file says of its source language; a file
    that says nothing is taken as Vietnamese → English.
    """
    for item in items:
        if isinstance(item, Skipped):
            tally.skipped.append((path, item))
            continue
        tally.segments += 1
        name = direction or ("en-vi" if item.source_lang == "en" else "vi-en")
        checker = checkers.direction(name)
        source, target = (item.vi, item.en) if name == "vi-en" else (item.en, item.vi)
        terms, hits = checker.check(source, target)
        if not terms:
            continue
        tally.with_terms += 1
        tally.findings += len(hits)
        findings = tuple(
            Finding(path, item.locator, item.line, name, source, target, hit) for hit in hits
        )
        yield SegmentResult(path, item.locator, item.line, terms, findings)
