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
from termbase.suggest.sources.compose.rows import KEPT, NAME_POS, Piece, Rendering, Segment
from termbase.suggest.sources.compose.split import known_whole, split_term
from termbase.suggest.sources.compose.titles import is_title
from termbase.suggest.sources.compose.weights import WEIGHTS
from termbase.suggest.sources.lexicon import PAIR, Lexicon, title_case

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
            guess = is_guess(rendering, term.text)
            out.append(
                Suggestion(
                    rendering.english,
                    NAME,
                    self._confidence(rendering, guess),
                    self._evidence(rendering, guess),
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
    def _confidence(rendering: Rendering, guess: bool = False) -> float:
        w = WEIGHTS
        ceiling = w.attested_ceiling if rendering.attested == 2 else w.ceiling
        if guess:
            ceiling = w.guess_ceiling
        score = max(0.0, rendering.score)
        confidence = ceiling * score / (score + w.confidence_half)
        return clamp(min(w.guess_most, confidence) if guess else confidence)

    @staticmethod
    def _evidence(rendering: Rendering, guess: bool = False) -> str:
        parts = " + ".join(
            f"{piece.part.vietnamese} = {piece.option.english} ({piece.option.origin})"
            for piece in rendering.pieces
        )
        note = {2: "; the whole is attested", 1: "; part of it is attested", 0: ""}[
            rendering.attested
        ]
        doubt = "; a guess: English does not attest this composition" if guess else ""
        return (
            "compositional (lower confidence than a whole-term match): "
            f"{parts}; modifier-after-head order reversed for English{note}{doubt}"
        )


# Origins of a part's English that a modern news dictionary or the termbase gives: the
# core lexicon, approved concepts and the glossary, the places lists, names kept as written.
_CURATED = ("core lexicon", "glossary concept", "termbase concept", "place name", "iso-codes", KEPT)


def is_guess(rendering: Rendering, text: str) -> bool:
    """Whether a rendering is a guess English does not back (see ``WEIGHTS.guess_ceiling``)."""
    if rendering.attested == 2:
        return False
    pieces = [p for p in rendering.pieces if p.option.pos != NAME_POS]
    if any(not p.option.origin.startswith(_CURATED) for p in pieces):
        return True  # an FVDP sense, example or learned word
    if len(pieces) >= 3 and not rendering.attested:
        return True  # three parts or more and not one pair English knows
    if rendering.pieces and rendering.pieces[0].option.pos == "verb":
        # A verb heads it ("phạm tội | hình sự", "tước | quyền bầu cử"): a clause, which
        # English does not build by putting the rest before the verb ("criminal commit crime").
        return True
    first = rendering.pieces[0].part if rendering.pieces else None
    if (
        first is not None
        and is_title(first)
        and any(p.option.origin.startswith(PAIR) for p in pieces)
    ):
        # A title of two countries ("Tổng thống Mỹ-Nga") is two people: "US and Russian
        # presidents", which no rendering of one title writes.
        return True
    # The name of a body is a name, not a composition ("Federation of German Industries"):
    # unless English attests it whole, a capitalised term other than a title is a guess.
    return bool(text[:1].isupper() and first is not None and not is_title(first))


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
