"""English equivalents of Vietnamese terms, from the segment pairs they occur in.

:func:`align_terms` is the library entry point: segment pairs (Vietnamese,
English) and Vietnamese candidate terms in, and for every term seen in at
least two pairs its best English equivalents out, each with its evidence
(the segments, counts, Dice, log-likelihood, a score and example pairs).
:func:`mine_candidates` gives the candidates from the Vietnamese side with
termbase's own miner when the caller has none.

How a term is aligned:

1. Word probabilities both ways (IBM Model 1, :mod:`.align_model`) are
   learned from all the pairs, with the dictionary and approved terms as
   prior counts (:mod:`.align_priors`).
2. In each pair holding the term, every English phrase (1-6 words, no stopword
   at an edge, no punctuation inside: :mod:`.align_text`) gets a *phrase
   score* from those probabilities: how much of the term's syllables land in
   it (coverage), how much of its content words belong to the term
   (precision) and how much of what the term aligns to it holds (recall).
3. Competitive linking: in one pair, terms that do not overlap in Vietnamese
   do not share English words; the better link claims them first.
4. A phrase's score for the term adds up over the term's pairs (a phrase
   found in every pair beats one found once), then the corpus-level Dice and
   the priors are added (:class:`AlignWeights`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from termbase.data.dictionary import Dictionary, load_dictionary
from termbase.tm.align_model import FloatArray, ModelOptions, Posteriors, train_posteriors
from termbase.tm.align_priors import phrase_priors, word_priors
from termbase.tm.align_stats import baseline, dice, llr, phrase_counts
from termbase.tm.align_text import (
    MAX_ENGLISH_WORDS,
    Phrase,
    Token,
    english_phrases,
    english_tokens,
    find_term,
    vietnamese_tokens,
)


@dataclass(frozen=True)
class AlignWeights:
    """How a term's English candidates are ranked (the score is a sum of these parts).

    Set by hand; on the NTREX dev list (142 terms) none moves the result by more than one
    term: dice 0 / 0.15 / 0.3 / 0.5 give 130 / 129 / 129 / 130 right, prior 0 gives 130.
    """

    # The phrase score summed over the term's pairs, divided by them: rewards a phrase the
    # word model puts under the term in most of its pairs.  The main part.
    alignment: float = 1.0
    # Corpus Dice of term and phrase: rewards a phrase that occurs where the term does and
    # rarely elsewhere; breaks ties between nested phrases ("Minister" / "Prime Minister").
    dice: float = 0.3
    # A phrase the dictionary or an approved term gives for the term (whole-phrase match).
    prior: float = 0.3


@dataclass(frozen=True)
class AlignOptions:
    """What :func:`align_terms` keeps and how it decides."""

    min_pairs: int = 2  # a term is aligned when seen in at least this many pairs
    max_english_words: int = MAX_ENGLISH_WORDS
    equivalents: int = 3  # equivalents kept per term, best first
    examples: int = 3  # example pairs kept per equivalent
    # A phrase below this phrase score in a pair is not counted for it (noise).
    min_phrase_score: float = 0.05
    competitive: bool = True
    use_dictionary: bool = True
    weights: AlignWeights = field(default_factory=AlignWeights)
    model: ModelOptions = field(default_factory=ModelOptions)


@dataclass(frozen=True)
class Equivalent:
    """An English equivalent of a term and the evidence for it.

    ``pairs``: indices of the pairs where it was linked to the term; ``cooccurrences``:
    pairs holding both; ``frequency``: pairs whose English holds it at all.
    """

    english: str
    key: str
    score: float
    alignment: float
    dice: float
    llr: float
    cooccurrences: int
    frequency: int
    pairs: tuple[int, ...]
    examples: tuple[int, ...]
    prior: bool = False


@dataclass(frozen=True)
class TermAlignment:
    """A Vietnamese term, the pairs it occurs in and its English equivalents, best first."""

    vietnamese: str
    pairs: tuple[int, ...]
    equivalents: tuple[Equivalent, ...]

    @property
    def best(self) -> Equivalent | None:
        return self.equivalents[0] if self.equivalents else None


@dataclass
class _Segment:
    text: str  # the English side
    vi: list[Token]
    en: list[Token]
    phrases: list[Phrase]
    content: FloatArray  # 1.0 for each English word that is not a stopword


@dataclass
class _Occurrence:
    term: int
    segment: int
    first: int  # syllables [first, last) of the Vietnamese side
    last: int
    # phrase index in the segment -> phrase score
    scores: dict[int, float] = field(default_factory=dict)


def _phrase_scores(seg: _Segment, post: Posteriors, s: int, first: int, last: int) -> FloatArray:
    """The phrase score of every candidate phrase of segment ``s`` for syllables [first, last)."""
    forward = post.forward[s]  # English words x (1 + syllables)
    backward = post.backward[s]  # syllables x (1 + English words)
    into = backward[first:last, 1:]  # term syllables x English words
    # A word belongs to the term when either direction says so (the union of the two
    # alignments): Model 1 gives a frequent syllable with many translations ("Mỹ": US,
    # American, America) little of each word one way and all of it the other.
    inside = np.maximum(
        forward[:, 1 + first : 1 + last].sum(axis=1), np.minimum(into.sum(axis=0), 1.0)
    )
    inside *= seg.content
    cum_in = np.concatenate(([0.0], np.cumsum(inside)))
    cum_content = np.concatenate(([0.0], np.cumsum(seg.content)))
    cum_into = np.concatenate((np.zeros((into.shape[0], 1)), np.cumsum(into, axis=1)), axis=1)
    firsts = np.fromiter((p.first for p in seg.phrases), dtype=np.int64, count=len(seg.phrases))
    lasts = np.fromiter((p.last for p in seg.phrases), dtype=np.int64, count=len(seg.phrases))
    held = cum_in[lasts] - cum_in[firsts]
    precision = held / np.maximum(cum_content[lasts] - cum_content[firsts], 1.0)
    recall = held / max(float(cum_in[-1]), 1e-9)
    coverage = (cum_into[:, lasts] - cum_into[:, firsts]).mean(axis=0)
    scores: FloatArray = np.cbrt(precision * recall * coverage)
    return scores


def mine_candidates(
    vietnamese: Sequence[str], documents: Sequence[str] | None = None, keep: int = 2000
) -> list[str]:
    """Vietnamese candidate terms of the segments, by termbase's miner, best first.

    ``documents`` names the document of each segment (a TM's origin file, say): the
    miner counts in how many documents a candidate occurs.  Without it, one document.
    """
    from termbase.mining.pipeline import MineOptions, mine_documents
    from termbase.text.documents import document_from_text

    names = documents if documents is not None else ["<segments>"] * len(vietnamese)
    grouped: dict[str, list[str]] = defaultdict(list)
    for name, text in zip(names, vietnamese, strict=True):
        grouped[name].append(" ".join(text.split()))
    docs = [document_from_text("\n".join(lines), name) for name, lines in grouped.items()]
    result = mine_documents(docs, MineOptions(keep=keep))
    return [t.text for c in result.concepts for t in c.terms if t.lang == "vi"]


def _locate(
    terms: Sequence[str], segments: Sequence[_Segment], min_pairs: int
) -> tuple[list[int], list[_Occurrence]]:
    """Occurrences of each term; returns the terms seen in enough pairs and their occurrences."""
    keys = [[t.key for t in vietnamese_tokens(term)] for term in terms]
    by_first: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            by_first[k[0]].append(i)
    found: dict[int, list[_Occurrence]] = defaultdict(list)
    for s, seg in enumerate(segments):
        positions: dict[str, list[int]] = defaultdict(list)
        for i, token in enumerate(seg.vi):
            if token.key in by_first:
                positions[token.key].append(i)
        for start, where in positions.items():
            for term in by_first[start]:
                for i in find_term(keys[term], seg.vi, where):
                    found[term].append(_Occurrence(term, s, i, i + len(keys[term])))
    kept = sorted(t for t, occ in found.items() if len({o.segment for o in occ}) >= min_pairs)
    return kept, [o for t in kept for o in found[t]]


def _link(
    segments: Sequence[_Segment],
    occurrences: list[_Occurrence],
    preference: Sequence[Mapping[str, float]],
) -> None:
    """Competitive linking: terms apart in Vietnamese do not share English words in a pair.

    In each pair, the candidate links (an occurrence and one of its phrases) are taken
    best first, by how much the term prefers that phrase over the whole memory
    (``preference[occurrence.term]``; Melamed's global association), then by its phrase
    score there, then by the phrase's key (so that ties go the same way in every pair);
    an occurrence takes one
    link, and a link is refused when its phrase touches words a link of another term,
    apart from it in Vietnamese, took.  Then each occurrence loses the phrases touching
    words the others took.
    """
    by_segment: dict[int, list[int]] = defaultdict(list)
    for i, occ in enumerate(occurrences):
        if occ.scores:
            by_segment[occ.segment].append(i)
    for s, members in by_segment.items():
        if len(members) < 2:
            continue
        phrases = segments[s].phrases
        links = sorted(
            (
                -preference[occurrences[i].term].get(phrases[p].key, 0.0),
                -value,
                phrases[p].key,
                order,
                i,
                p,
            )
            for order, i in enumerate(members)
            for p, value in occurrences[i].scores.items()
        )
        taken: dict[int, int] = {}  # occurrence -> its phrase
        for *_, i, p in links:
            if i in taken:
                continue
            occ, phrase = occurrences[i], phrases[p]
            if any(
                _apart(occ, occurrences[j]) and _touch(phrase, phrases[q]) for j, q in taken.items()
            ):
                continue
            taken[i] = p
        for i in members:
            occ = occurrences[i]
            rivals = [phrases[q] for j, q in taken.items() if _apart(occ, occurrences[j])]
            if rivals:
                occ.scores = {
                    p: v
                    for p, v in occ.scores.items()
                    if not any(_touch(phrases[p], r) for r in rivals)
                }


def _apart(a: _Occurrence, b: _Occurrence) -> bool:
    """Two occurrences of a pair that share no syllable (nested terms may share English)."""
    return a.last <= b.first or b.last <= a.first


def _touch(a: Phrase, b: Phrase) -> bool:
    return not (a.last <= b.first or b.last <= a.first)


def _segments(pairs: Sequence[tuple[str, str]], max_words: int) -> list[_Segment]:
    out = []
    for vi, en in pairs:
        en_tokens = english_tokens(en)
        content = np.asarray([0.0 if t.stop else 1.0 for t in en_tokens])
        phrases = list(english_phrases(en_tokens, max_words))
        out.append(_Segment(en, vietnamese_tokens(vi), en_tokens, phrases, content))
    return out


def align_terms(
    pairs: Sequence[tuple[str, str]],
    terms: Iterable[str],
    options: AlignOptions | None = None,
    approved: Mapping[str, Sequence[str]] | None = None,
    dictionary: Dictionary | None = None,
) -> list[TermAlignment]:
    """Align each of ``terms`` seen in at least ``min_pairs`` of ``pairs`` with its English.

    ``pairs`` are (Vietnamese, English) segment texts; evidence refers to them by index.
    ``approved`` maps Vietnamese terms to English already approved (priors, read only);
    the shipped dictionary is used unless ``options.use_dictionary`` is off.
    Terms come back in the order given, each once.
    """
    options = options or AlignOptions()
    term_list = list(dict.fromkeys(t.strip() for t in terms if t.strip()))
    segments = _segments(pairs, options.max_english_words)
    kept, occurrences = _locate(term_list, segments, options.min_pairs)
    if not kept:
        return []
    if options.use_dictionary and dictionary is None:
        dictionary = load_dictionary()
    elif not options.use_dictionary:
        dictionary = None
    known = word_priors([seg.vi for seg in segments], dictionary, approved)
    post = train_posteriors(
        [[t.key for t in seg.vi] for seg in segments],
        [[t.key for t in seg.en] for seg in segments],
        known,
        options.model,
    )
    for occ in occurrences:
        seg = segments[occ.segment]
        if seg.phrases:
            scores = _phrase_scores(seg, post, occ.segment, occ.first, occ.last)
            good = np.nonzero(scores >= options.min_phrase_score)[0]
            occ.scores = {int(p): float(scores[p]) for p in good}
    seg_phrases = [{p.key for p in seg.phrases} for seg in segments]
    ranker = _Ranker(segments, seg_phrases, phrase_counts(seg_phrases), options.weights)
    by_term: dict[int, list[_Occurrence]] = defaultdict(list)
    for occ in occurrences:
        by_term[occ.term].append(occ)
    priors = {t: phrase_priors(term_list[t], dictionary, approved) for t in kept}
    if options.competitive:
        preference: list[dict[str, float]] = [{} for _ in term_list]
        for t in kept:
            preference[t] = {c.key: c.score for c in ranker.rank(by_term[t], priors[t])}
        _link(segments, occurrences, preference)
    return [ranker.alignment(term_list[t], by_term[t], priors[t], options) for t in kept]


@dataclass(frozen=True)
class _Ranked:
    """One English candidate of a term, scored."""

    key: str
    score: float
    alignment: float
    dice: float
    prior: bool
    where: dict[int, tuple[float, Phrase]]  # pair -> best phrase score there, the phrase


@dataclass
class _Ranker:
    """Ranks a term's English candidates: phrase scores added over its pairs, Dice, priors."""

    segments: Sequence[_Segment]
    seg_phrases: Sequence[set[str]]
    counts: Counter[str]
    weights: AlignWeights

    def _together(self, pairs: Iterable[int]) -> Counter[str]:
        together: Counter[str] = Counter()
        for s in pairs:
            together.update(self.seg_phrases[s])
        return together

    def rank(self, occurrences: Sequence[_Occurrence], priors: set[str]) -> list[_Ranked]:
        w = self.weights
        term_pairs = {o.segment for o in occurrences}
        n_term = len(term_pairs)
        per_pair: dict[str, dict[int, tuple[float, Phrase]]] = defaultdict(dict)
        for occ in occurrences:
            phrases = self.segments[occ.segment].phrases
            for p, value in occ.scores.items():
                phrase = phrases[p]
                seen = per_pair[phrase.key].get(occ.segment)
                if seen is None or value > seen[0]:
                    per_pair[phrase.key][occ.segment] = (value, phrase)
        together = self._together(term_pairs)
        ranked = []
        for key, where in per_pair.items():
            alignment = sum(v for v, _ in where.values()) / n_term
            d = dice(together[key], n_term, self.counts[key])
            prior = key in priors
            score = w.alignment * alignment + w.dice * d + w.prior * prior
            ranked.append(_Ranked(key, score, alignment, d, prior, where))
        ranked.sort(key=lambda r: (-r.score, r.key))
        return ranked

    def alignment(
        self,
        term: str,
        occurrences: Sequence[_Occurrence],
        priors: set[str],
        options: AlignOptions,
    ) -> TermAlignment:
        """The term's best equivalents with their evidence."""
        term_pairs = sorted({o.segment for o in occurrences})
        n_term, total = len(term_pairs), len(self.segments)
        together = self._together(term_pairs)
        equivalents = []
        for r in self.rank(occurrences, priors)[: options.equivalents]:
            surfaces: Counter[str] = Counter()
            for s, (_v, phrase) in r.where.items():
                seg = self.segments[s]
                surfaces[seg.text[seg.en[phrase.first].start : seg.en[phrase.last - 1].end]] += 1
            best_first = sorted(r.where, key=lambda s: (-r.where[s][0], s))
            equivalents.append(
                Equivalent(
                    english=surfaces.most_common(1)[0][0],
                    key=r.key,
                    score=round(r.score, 4),
                    alignment=round(r.alignment, 4),
                    dice=round(r.dice, 4),
                    llr=round(llr(together[r.key], n_term, self.counts[r.key], total), 2),
                    cooccurrences=together[r.key],
                    frequency=self.counts[r.key],
                    pairs=tuple(sorted(r.where)),
                    examples=tuple(best_first[: options.examples]),
                    prior=r.prior,
                )
            )
        return TermAlignment(term, tuple(term_pairs), tuple(equivalents))


def align_baseline(
    pairs: Sequence[tuple[str, str]],
    terms: Iterable[str],
    measure: str = "dice",
    options: AlignOptions | None = None,
) -> list[TermAlignment]:
    """The best English of each term by one association measure alone ("dice" or "llr").

    Same terms, same pairs and same English candidates as :func:`align_terms`, no word
    model, no linking, no priors: what the aligner is measured against.
    """
    options = options or AlignOptions()
    term_list = list(dict.fromkeys(t.strip() for t in terms if t.strip()))
    segments = _segments(pairs, options.max_english_words)
    kept, occurrences = _locate(term_list, segments, options.min_pairs)
    seg_phrases = [{p.key for p in seg.phrases} for seg in segments]
    counts = phrase_counts(seg_phrases)
    where: dict[int, set[int]] = defaultdict(set)
    for occ in occurrences:
        where[occ.term].add(occ.segment)
    out = []
    for term in kept:
        found = baseline(sorted(where[term]), seg_phrases, counts, measure)
        equivalents: tuple[Equivalent, ...] = ()
        if found is not None:
            key, score = found
            pairs_with = tuple(s for s in sorted(where[term]) if key in seg_phrases[s])
            equivalents = (
                Equivalent(
                    english=_surface_of(segments, pairs_with[0], key),
                    key=key,
                    score=round(score, 4),
                    alignment=0.0,
                    dice=round(dice(len(pairs_with), len(where[term]), counts[key]), 4),
                    llr=round(llr(len(pairs_with), len(where[term]), counts[key], len(pairs)), 2),
                    cooccurrences=len(pairs_with),
                    frequency=counts[key],
                    pairs=pairs_with,
                    examples=pairs_with[: options.examples],
                ),
            )
        out.append(TermAlignment(term_list[term], tuple(sorted(where[term])), equivalents))
    return out


def _surface_of(segments: Sequence[_Segment], s: int, key: str) -> str:
    seg = segments[s]
    phrase = next(p for p in seg.phrases if p.key == key)
    return seg.text[seg.en[phrase.first].start : seg.en[phrase.last - 1].end]
