"""The translation-memory source: English equivalents aligned in the user's segment pairs.

:class:`TranslationMemory` is what a memory offers (:mod:`termbase.tm.terms`
gives the termbase's own): the English aligned with a Vietnamese term (with
how often, how well and where), and whether an English phrase occurs in it
at all (used to prefer attested compositional translations).  The engine
hands it every term of a run first (:meth:`TranslationMemory.prefetch`), so
that a run aligns once.  Without a memory, :class:`MemorySource` suggests
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

from termbase.suggest.sources import Candidate, Suggestion, clamp

if TYPE_CHECKING:
    from termbase.data.dictionary import Dictionary


class ExamplePair(NamedTuple):
    """A segment pair where the term and its English were linked (plain text)."""

    vi: str
    en: str


@dataclass(frozen=True)
class Aligned:
    """An English equivalent the memory aligned with a Vietnamese term.

    ``count``: pairs where the English was linked to the term; ``pairs``: pairs
    holding the term; ``score``/``alignment``/``dice``: the aligner's (see
    :class:`termbase.tm.align.Equivalent`); ``segments``: the memory's ids of the
    ``count`` pairs; ``where``: their origins.
    """

    english: str
    count: int
    where: str
    pairs: int = 0
    score: float = 0.0
    alignment: float = 0.0
    dice: float = 0.0
    segments: tuple[int, ...] = ()
    examples: tuple[ExamplePair, ...] = ()
    prior: bool = False


class TranslationMemory(Protocol):
    """What the suggestion sources need from a translation memory."""

    def prefetch(
        self,
        vietnamese: Iterable[str],
        approved: Mapping[str, Sequence[str]] | None = None,
        dictionary: Dictionary | None = None,
    ) -> None: ...

    def equivalents(self, vietnamese: str) -> list[Aligned]: ...

    def attests(self, english: str) -> bool: ...


@dataclass(frozen=True)
class MemoryWeights:
    """How an aligned equivalent's confidence is made: a first, simple calibration.

    confidence = base + alignment * min(alignment, 1) + linked * count / pairs
                 + seen * min(pairs - 1, 4) / 4, times ``runner_up`` below the best.

    On the NTREX dev list (142 terms, ``eval/ntrex_align_dev.tsv``) the best English
    is right for 4/6, 26/31, 43/46 and 57/59 terms whose alignment is below 0.3,
    0.3-0.5, 0.5-0.7 and above 0.7; share and pair count predict much less.  The
    weights stay below those rates (about 0.6, 0.7, 0.8, 0.9): mined candidates are
    noisier than a curated list.  Issue 12 calibrates every source properly.
    """

    # Any English the aligner keeps for a term seen in two pairs or more.
    base: float = 0.5
    # The aligner's mean phrase score over the term's pairs (0-1): the main signal.
    alignment: float = 0.4
    # The share of the term's pairs where this English was linked to it.
    linked: float = 0.05
    # More pairs, more evidence: full at five pairs.
    seen: float = 0.05
    # The second and third equivalents are alternatives, not the answer.
    runner_up: float = 0.7


# The evidence fits the engine's 400-character note: three examples of two 34-character
# sides, three segment ids and the file name.
EXAMPLE_WIDTH = 34
EXAMPLES = 3
SEGMENT_IDS = 3


class MemorySource:
    """Equivalents aligned in the translation memory; nothing while there is none."""

    name = "tm"

    def __init__(
        self, memory: TranslationMemory | None = None, weights: MemoryWeights | None = None
    ) -> None:
        self.memory = memory
        self.weights = weights or MemoryWeights()

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        if self.memory is None:
            return [[] for _ in candidates]
        out: list[list[Suggestion]] = []
        for candidate in candidates:
            best: dict[str, Suggestion] = {}
            for term in candidate.vietnamese:
                aligned = self.memory.equivalents(term.text)
                for rank, a in enumerate(aligned):
                    if rank and (a.count < 2 or _part_of(a.english, aligned[0].english)):
                        continue  # linked once, or a piece of the best ("Court"): noise
                    s = Suggestion(
                        a.english, self.name, self.confidence(a, rank), evidence(term.text, a)
                    )
                    key = a.english.casefold()
                    if key not in best or s.confidence > best[key].confidence:
                        best[key] = s
            out.append(sorted(best.values(), key=lambda s: -s.confidence))
        return out

    def confidence(self, a: Aligned, rank: int) -> float:
        w = self.weights
        share = a.count / a.pairs if a.pairs else 0.0
        value = (
            w.base
            + w.linked * share
            + w.alignment * min(a.alignment, 1.0)
            + w.seen * min(max(a.pairs - 1, 0), 4) / 4
        )
        return clamp(value * (w.runner_up if rank else 1.0))


def _part_of(english: str, whole: str) -> bool:
    return f" {english.casefold()} " in f" {whole.casefold()} "


def evidence(vietnamese: str, a: Aligned) -> str:
    """What a reviewer reads: counts, score, segments and up to three example pairs."""
    ids = ", ".join(f"#{i}" for i in a.segments[:SEGMENT_IDS])
    if len(a.segments) > SEGMENT_IDS:
        ids += ", …"
    held = f" of {a.pairs}" if a.pairs else ""
    text = (
        f"tm: linked with {vietnamese!r} in {a.count}{held} segment pairs"
        f" (score {a.score:.2f}, Dice {a.dice:.2f}"
        + (", a known equivalent" if a.prior else "")
        + ")"
    )
    if ids:
        text += f": {ids}"
    if a.where:
        text += f" in {a.where}"
    for n, example in enumerate(a.examples[:EXAMPLES]):
        text += (
            f"{'; e.g. ' if n == 0 else '; '}{shorten(example.vi, vietnamese, EXAMPLE_WIDTH)}"
            f" ⇄ {shorten(example.en, a.english, EXAMPLE_WIDTH)}"
        )
    return text


def _find(text: str, needle: str) -> tuple[int, str]:
    """Where ``needle`` (or its singular, or its first word) is in ``text``; 0 if nowhere."""
    folded = text.casefold()
    first = needle.split()[0] if needle.split() else needle
    for form in (needle, needle.removesuffix("s"), first.removesuffix("s")):
        at = folded.find(form.casefold()) if form else -1
        if at >= 0:
            return at, form
    return 0, ""


def shorten(text: str, needle: str, width: int) -> str:
    """``text`` cut to about ``width`` characters around ``needle``, cuts marked with …."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    at, needle = _find(text, needle)
    start = max(0, min(at - (width - len(needle)) // 2, len(text) - width))
    end = min(len(text), start + max(width, len(needle)))
    # Whole words only.
    if start > 0:
        space = text.find(" ", start, at if at > start else start + width // 3)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", at + len(needle), end)
        end = space if space >= 0 else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")
