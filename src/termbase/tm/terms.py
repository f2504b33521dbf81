"""The translation memory as the suggestion engine sees it: English for Vietnamese terms.

:class:`StoredMemory` serves the ``memory`` slot of :mod:`termbase.suggest` from
the termbase's segment pairs; :class:`PairsMemory` does the same for pairs held
in memory (a parallel corpus mined without importing it).  Both answer
:meth:`~AlignedMemory.equivalents` from one :func:`~termbase.tm.align.align_terms`
run over the pairs that hold the terms of a batch (:meth:`~AlignedMemory.prefetch`):

* the pairs come from the Vietnamese word index (all of a term's syllables,
  then the syllables in a row), never from a scan; at most ``pairs_per_term``
  per term (the oldest), at most ``max_pairs`` in one run;
* approved terms and the shipped dictionary are the aligner's priors.

:meth:`~AlignedMemory.attests` says whether an English phrase occurs in the
memory's English side, through the English word index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from termbase.data.dictionary import Dictionary
from termbase.normalize import collapse_spaces
from termbase.suggest.sources.memory import Aligned, ExamplePair
from termbase.tm.align import AlignOptions, TermAlignment, align_terms
from termbase.tm.segments import key_tokens, words_text

if TYPE_CHECKING:
    from termbase.store import Termbase


@dataclass(frozen=True)
class MemoryOptions:
    """How much of the memory one alignment run reads."""

    # Pairs fetched per term (the oldest holding it).  On the NTREX dev list (142 terms
    # seen in 2-40 pairs) 10, 20, 30 and 50 give 129, 129, 128 and 130 right: a term's
    # English is settled by a few pairs, and more only slow the word model.
    pairs_per_term: int = 20
    # Pairs with all of a term's syllables checked for the syllables in a row, per term:
    # bounds the work for a term of common syllables ("nhà nước") in a large memory.
    checked_per_term: int = 2000
    # Pairs in one alignment run; past it a term is aligned on the pairs already chosen
    # (terms come in the caller's order: best-ranked candidates first).  2,000 terms over
    # a 100k-pair memory fill it and take about 1.5 min on a shared 2-core machine.
    max_pairs: int = 10_000
    # Pairs with all of an English phrase's words checked for the words in a row.
    checked_per_phrase: int = 500
    align: AlignOptions = field(default_factory=AlignOptions)


def term_key(text: str) -> str:
    """A term's matching key, as the memory's keys are made (tone placement, case aside)."""
    return " ".join(key_tokens(text))


def _contains(key: str, wanted: str) -> bool:
    return f" {wanted} " in f" {key} "


class AlignedMemory:
    """Equivalents from alignment runs over the pairs holding the terms; see the module."""

    def __init__(self, options: MemoryOptions | None = None) -> None:
        self.options = options or MemoryOptions()
        self._found: dict[str, list[Aligned]] = {}
        self._attested: dict[str, bool] = {}
        self._approved: Mapping[str, Sequence[str]] | None = None
        self._dictionary: Dictionary | None = None
        self.runs = 0  # alignment runs made (one per prefetch with new terms)

    # -- what a subclass provides -----------------------------------------------

    def _holding(self, key: str, cap: int, checked: int) -> list[int]:
        """Up to ``cap`` pair ids whose Vietnamese key holds ``key``, oldest first."""
        raise NotImplementedError

    def _english_holds(self, key: str, checked: int) -> bool:
        raise NotImplementedError

    def _pairs(self, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        """(Vietnamese, English, origin) of each pair id, as plain text."""
        raise NotImplementedError

    # -- the TranslationMemory interface ---------------------------------------------

    def prefetch(
        self,
        vietnamese: Iterable[str],
        approved: Mapping[str, Sequence[str]] | None = None,
        dictionary: Dictionary | None = None,
    ) -> None:
        """Align every term of ``vietnamese`` not aligned yet, in one run.

        ``approved`` (Vietnamese -> approved English) and ``dictionary`` are the
        aligner's priors; they are kept for later runs of this memory.
        """
        if approved is not None:
            self._approved = approved
        if dictionary is not None:
            self._dictionary = dictionary
        terms: dict[str, str] = {}
        for text in vietnamese:
            key = term_key(text)
            if key and key not in self._found and key not in terms:
                terms[key] = text
        if not terms:
            return
        for key in terms:
            self._found[key] = []
        options = self.options
        chosen: dict[int, None] = {}
        for key in terms:
            if len(chosen) >= options.max_pairs:
                break
            chosen.update(
                dict.fromkeys(self._holding(key, options.pairs_per_term, options.checked_per_term))
            )
        ids = sorted(list(chosen)[: options.max_pairs])
        if len(ids) < options.align.min_pairs:
            return
        units = self._pairs(ids)
        ids = [i for i in ids if i in units]
        pairs = [(units[i][0], units[i][1]) for i in ids]
        self.runs += 1
        results = align_terms(
            pairs, list(terms.values()), options.align, self._approved, self._dictionary
        )
        for result in results:
            self._found[term_key(result.vietnamese)] = _aligned(result, ids, units)

    def equivalents(self, vietnamese: str) -> list[Aligned]:
        """The term's English equivalents, best first (aligned now unless prefetched)."""
        key = term_key(vietnamese)
        if key not in self._found:
            self.prefetch([vietnamese])
        return list(self._found.get(key, []))

    def aligned(self, vietnamese: str) -> bool:
        """Whether a run so far gave the term English (never starts one)."""
        return bool(self._found.get(term_key(vietnamese)))

    def attests(self, english: str) -> bool:
        """Whether the English phrase occurs, words in a row, in the memory's English side."""
        key = term_key(english)
        if not key:
            return False
        found = self._attested.get(key)
        if found is None:
            found = self._attested[key] = self._english_holds(key, self.options.checked_per_phrase)
        return found


def _aligned(
    result: TermAlignment, ids: Sequence[int], units: Mapping[int, tuple[str, str, str]]
) -> list[Aligned]:
    """The aligner's equivalents of one term with the memory's ids and texts."""
    out = []
    total = len(result.pairs)
    for eq in result.equivalents:
        segments = tuple(ids[p] for p in eq.pairs)
        origins = dict.fromkeys(short_origin(units[s][2]) for s in segments if units[s][2])
        out.append(
            Aligned(
                english=eq.english,
                count=len(eq.pairs),
                where=", ".join(origins),
                pairs=total,
                score=eq.score,
                alignment=eq.alignment,
                dice=eq.dice,
                segments=segments,
                examples=tuple(
                    ExamplePair(units[ids[p]][0], units[ids[p]][1]) for p in eq.examples
                ),
                prior=eq.prior,
            )
        )
    return out


def short_origin(origin: str) -> str:
    """An imported file's name without its folders (of a pair of files, the first: "a.vi")."""
    return PurePath(origin.split(" + ")[0]).name


def plain_text_of(markup: str) -> str:
    """A stored segment's words as one line of plain text (markup left out)."""
    return collapse_spaces(words_text(markup)).strip()


class StoredMemory(AlignedMemory):
    """The termbase's translation memory, read through its word indexes."""

    def __init__(self, tb: Termbase, options: MemoryOptions | None = None) -> None:
        super().__init__(options)
        self.tb = tb

    def _holding(self, key: str, cap: int, checked: int) -> list[int]:
        found = []
        for candidate in self.tb.tm_containing("vi", key.split(), checked):
            if _contains(candidate.key, key):
                found.append(candidate.id)
                if len(found) >= cap:
                    break
        return found

    def _english_holds(self, key: str, checked: int) -> bool:
        tokens = key.split()
        if len(tokens) == 1:
            return bool(self.tb.tm_containing("en", tokens, 1))
        return any(_contains(c.key, key) for c in self.tb.tm_containing("en", tokens, checked))

    def _pairs(self, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        return {
            i: (plain_text_of(u.vi), plain_text_of(u.en), u.origin)
            for i, u in self.tb.tm_units(ids).items()
        }


def open_memory(tb: Termbase, options: MemoryOptions | None = None) -> StoredMemory | None:
    """The termbase's memory for the suggestion engine; None when it holds no segment pairs."""
    return StoredMemory(tb, options) if tb.tm_size_estimate() > 0 else None


class PairsMemory(AlignedMemory):
    """Segment pairs held in memory (a parallel corpus not imported), with a word index."""

    def __init__(
        self,
        pairs: Sequence[tuple[str, str]],
        origin: str = "",
        options: MemoryOptions | None = None,
    ) -> None:
        super().__init__(options)
        self.pairs = [
            (collapse_spaces(vi).strip(), collapse_spaces(en).strip()) for vi, en in pairs
        ]
        self.origin = origin
        self._keys: dict[str, list[str]] = {}
        self._index: dict[str, dict[str, list[int]]] = {}

    def _postings(self, lang: str, key: str) -> tuple[list[str], list[int]]:
        """The keys of one side, and the pairs holding the rarest token of ``key``."""
        if lang not in self._index:
            side = 0 if lang == "vi" else 1
            keys = self._keys[lang] = [term_key(p[side]) for p in self.pairs]
            index: dict[str, list[int]] = {}
            for i, k in enumerate(keys):
                for token in dict.fromkeys(k.split()):
                    index.setdefault(token, []).append(i)
            self._index[lang] = index
        index = self._index[lang]
        postings = [index.get(t, []) for t in dict.fromkeys(key.split())]
        return self._keys[lang], min(postings, key=len)

    def _holding(self, key: str, cap: int, checked: int) -> list[int]:
        keys, rarest = self._postings("vi", key)
        return [i for i in rarest[:checked] if _contains(keys[i], key)][:cap]

    def _english_holds(self, key: str, checked: int) -> bool:
        keys, rarest = self._postings("en", key)
        return any(_contains(keys[i], key) for i in rarest[:checked])

    def _pairs(self, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        return {i: (*self.pairs[i], self.origin) for i in ids}
