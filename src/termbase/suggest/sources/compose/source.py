"""The compositional source: English for a term not found whole, from its known parts.

:class:`CompositionalSource` splits a term (:mod:`.split`), renders each segment
(:mod:`.arrange`, with :mod:`.roles` and :mod:`.titles`), joins the segments with their
prepositions, and turns each rendering's score into a confidence below a whole-term match,
with evidence that names every part and where its English came from.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from termbase.normalize import tone_key
from termbase.suggest.sources import Candidate, Suggestion, clamp
from termbase.suggest.sources.compose.arrange import render_segment
from termbase.suggest.sources.compose.rows import Piece, Rendering, Segment
from termbase.suggest.sources.compose.split import known_whole, split_term
from termbase.suggest.sources.compose.weights import WEIGHTS
from termbase.suggest.sources.lexicon import Lexicon, title_case

NAME = "compositional"
# Renderings of each segment combined, and the most combinations of them tried.
RENDERINGS_PER_SEGMENT = 2
MAX_COMBINATIONS = 8


class CompositionalSource:
    """Renderings of a term from its known parts, in English word order."""

    name = NAME

    def __init__(self, lexicon: Lexicon, limit: int = 2) -> None:
        self.lexicon = lexicon
        self.limit = limit

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        return [self._one(c) for c in candidates]

    def known_whole(self, key: str) -> bool:
        return known_whole(self.lexicon, key)

    def _one(self, candidate: Candidate) -> list[Suggestion]:
        term = candidate.vietnamese[0]
        if term.type in ("acronym", "abbreviation") or self.known_whole(tone_key(term.text)):
            return []
        renderings = self.render(term.text)
        out: list[Suggestion] = []
        for rendering in renderings[: self.limit]:
            out.append(
                Suggestion(
                    rendering.english,
                    NAME,
                    self._confidence(rendering),
                    self._evidence(rendering),
                )
            )
        return out

    def split(self, text: str) -> list[Segment] | None:
        """The segments of ``text`` (None when a part is unknown)."""
        return split_term(self.lexicon, text)

    def render(self, text: str) -> list[Rendering]:
        """English renderings of ``text``, best first ([] when a part is unknown)."""
        segments = self.split(text)
        if segments is None:
            return []
        content_parts = sum(len(s.parts) for s in segments)
        if content_parts < 2 and not any(s.dropped for s in segments):
            return []
        per_segment = [render_segment(self.lexicon, segment) for segment in segments]
        if any(not r for r in per_segment):
            return []
        combos = itertools.product(*(r[:RENDERINGS_PER_SEGMENT] for r in per_segment))
        capital = text[:1].isupper()
        results = [
            _joined(segments, combo, capital)
            for combo in itertools.islice(combos, MAX_COMBINATIONS)
        ]
        results.sort(key=lambda r: -r.score)
        unique: dict[str, Rendering] = {}
        for r in results:
            unique.setdefault(r.english.lower(), r)
        return list(unique.values())

    @staticmethod
    def _confidence(rendering: Rendering) -> float:
        w = WEIGHTS
        cap = w.max_confidence + (w.attested_cap if rendering.attested == 2 else 0.0)
        return clamp(min(cap, w.confidence_base + w.confidence_slope * rendering.score))

    @staticmethod
    def _evidence(rendering: Rendering) -> str:
        parts = " + ".join(
            f"{piece.part.vietnamese} = {piece.option.english} ({piece.option.origin})"
            for piece in rendering.pieces
        )
        note = {2: "; the whole is attested", 1: "; part of it is attested", 0: ""}[
            rendering.attested
        ]
        return (
            "compositional (lower confidence than a whole-term match): "
            f"{parts}; modifier-after-head order reversed for English{note}"
        )


def _joined(segments: Sequence[Segment], combo: Sequence[Rendering], capital: bool) -> Rendering:
    """One rendering per segment joined by the segments' prepositions."""
    words: list[str] = []
    score = 1.0
    pieces: list[Piece] = []
    for segment, rendering in zip(segments, combo, strict=True):
        if segment.joiner:
            words.append(segment.joiner)
        words.append(rendering.english)
        score *= rendering.score
        pieces.extend(rendering.pieces)
    # The whole is attested only if every segment is; a part of it if any is.
    levels = [r.attested for r in combo]
    attested = 2 if min(levels) == 2 else (1 if max(levels) else 0)
    english = " ".join(words)
    if capital:
        english = title_case(english)
    return Rendering(english, score, attested, tuple(pieces))
