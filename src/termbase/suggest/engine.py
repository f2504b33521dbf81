"""English equivalents for Vietnamese terms: every source asked, merged, ranked, stored.

Each suggestion becomes an English term of the concept with status
"suggested", its source, a confidence (the combined score that ranks it) and
its evidence in the term's note, so that every export carries where it came
from.  A run never touches approved, rejected, forbidden or candidate terms;
it adds, updates or removes only the suggestions of the sources it ran, so
running it again with nothing changed changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from termbase.models import Concept, Term
from termbase.normalize import tone_key
from termbase.store import Termbase
from termbase.suggest.calibration import IDENTITY, Calibration, shipped_calibration
from termbase.suggest.sources import Candidate, Source, Suggestion, clamp
from termbase.suggest.sources.compose import CompositionalSource
from termbase.suggest.sources.dictionary import DictionarySource
from termbase.suggest.sources.glossary import GlossarySource
from termbase.suggest.sources.identity import IdentitySource
from termbase.suggest.sources.lexicon import Lexicon, phrase_key, spelling_key
from termbase.suggest.sources.memory import MemorySource, TranslationMemory
from termbase.suggest.sources.mt import MachineTranslationSource
from termbase.suggest.sources.parenthetical import ParentheticalSource
from termbase.suggest.translators import Translator

# Sources whose suggestions a run owns: it may update or remove them.
OFFLINE_OWNED = frozenset({"glossary", "termbase", "dictionary", "compositional", "identity"})
DECIDED = frozenset({"approved", "rejected", "forbidden", "candidate"})
CONTEXTS = 20
MAX_EVIDENCE = 400


@dataclass
class SuggestReport:
    """What a suggestion run did, for the CLI to print."""

    concepts: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    decided: int = 0
    without: int = 0
    translated: int = 0
    memory: int = 0  # concepts the translation memory had an equivalent for
    warnings: list[str] = field(default_factory=list)
    best: dict[int, Suggestion] = field(default_factory=dict)


def candidate_of(concept: Concept) -> Candidate | None:
    """The concept as a source sees it; None when it needs no suggestion."""
    if concept.id is None:
        return None
    usable = [t for t in concept.terms if t.status not in ("rejected", "forbidden")]
    vietnamese = [t for t in usable if t.lang == "vi"]
    if not vietnamese or any(t.lang == "en" and t.status == "approved" for t in concept.terms):
        return None
    # The preferred term first: approved, then full forms, then stored order.
    vietnamese.sort(key=lambda t: (t.status != "approved", t.type in ("acronym", "abbreviation")))
    contexts = tuple(
        dict.fromkeys(o.context for t in vietnamese for o in t.occurrences if o.context)
    )
    english = tuple(t for t in concept.terms if t.lang == "en")
    return Candidate(concept.id, tuple(vietnamese), english, contexts)


def merge(
    suggestions: Sequence[Suggestion], limit: int, calibration: Calibration = IDENTITY
) -> list[Suggestion]:
    """One suggestion per English phrase (case, number and British/American spelling
    aside), best first.

    Agreeing sources raise the confidence: the best one counts whole, each
    other source adds half of its own share of what is left.  ``calibration``
    then maps that score, by the leading source, to the share of such
    suggestions found right (:mod:`termbase.suggest.calibration`); the ranking
    stays that of the scores, a confidence never above the one ranked before it.  "security
    dialogue" and "security dialog" are one suggestion, shown as the best-rated.
    """
    groups: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        key = spelling_key(phrase_key(s.text))
        if key:
            groups.setdefault(key, []).append(s)
    scored: list[tuple[float, Suggestion, str]] = []
    merged: list[Suggestion] = []
    for group in groups.values():
        best_per_source: dict[str, Suggestion] = {}
        for s in sorted(group, key=lambda s: -s.confidence):
            best_per_source.setdefault(s.source, s)
        ranked = list(best_per_source.values())
        top = ranked[0]
        doubt = 1.0 - top.confidence
        for other in ranked[1:]:
            doubt *= 1.0 - 0.5 * other.confidence
        # Other spellings of the same phrase ("dialog" beside "dialogue") are named first,
        # so that the reviewer sees them even when the note is cut.
        spellings = {phrase_key(s.text): s.text for s in group}
        spellings.pop(phrase_key(top.text), None)
        evidence = (
            f"also spelt {' / '.join(sorted(spellings.values()))}; " if spellings else ""
        ) + top.evidence
        if len(ranked) > 1:
            evidence += "; also " + "; ".join(o.evidence for o in ranked[1:])
        if len(evidence) > MAX_EVIDENCE:
            evidence = evidence[: MAX_EVIDENCE - 1].rstrip() + "…"
        scored.append((min(0.99, 1.0 - doubt), top, evidence))
    # Ranked by the sources' own scores; each calibrated confidence is then held no
    # higher than the one ranked above it, so that the order shown and the
    # confidences agree (re-ranking by calibrated values lost terms on every
    # development list: bench/RESULTS.md).
    scored.sort(key=lambda x: (-x[0], x[1].text.lower()))
    ceiling = 1.0
    for rank, (score, top, evidence) in enumerate(scored[:limit]):
        ceiling = min(ceiling, clamp(calibration(top.source, score, alternative=rank > 0)))
        merged.append(Suggestion(top.text, top.source, ceiling, evidence, top.type))
        ceiling = max(0.0, round(ceiling - 0.001, 3))  # strictly below: ties would reorder
    return merged


def approved_english(lexicon: Lexicon) -> dict[str, list[str]]:
    """Vietnamese term -> its approved English, for the memory's aligner."""
    approved: dict[str, list[str]] = {}
    for entry in lexicon.entries:
        english = [t.text for t in entry.english if t.status == "approved"]
        for term in entry.vietnamese:
            approved.setdefault(term.text, []).extend(english)
    return approved


def build_sources(
    tb: Termbase,
    lexicon: Lexicon,
    translator: Translator | None,
    memory: TranslationMemory | None,
) -> list[Source]:
    sources: list[Source] = [
        GlossarySource(lexicon),
        ParentheticalSource(),
        DictionarySource(lexicon),
        CompositionalSource(lexicon),
        IdentitySource(),
        MemorySource(memory),
    ]
    if translator is not None:
        sources.append(MachineTranslationSource(tb, translator))
    return sources


def suggest_concepts(
    tb: Termbase,
    concept_ids: Sequence[int],
    translator: Translator | None = None,
    *,
    memory: TranslationMemory | None = None,
    limit: int = 5,
    calibration: Calibration | None = None,
) -> SuggestReport:
    """(Re)compute the English suggestions of ``concept_ids``; the caller holds the transaction.

    Offline sources always run; ``translator`` adds machine translation
    (cached in the termbase; a failing engine is a warning in the report).
    Concepts with an approved English term, or whose Vietnamese terms are all
    rejected, are left alone.  Confidences go through ``calibration``, by
    default the shipped table (``bench/calibrate.py`` fits it with
    ``calibration=IDENTITY``, the sources' own scores).
    """
    if calibration is None:
        calibration = shipped_calibration()
    report = SuggestReport()
    candidates: list[Candidate] = []
    for start in range(0, len(concept_ids), 2000):
        for concept in tb.load_concepts(concept_ids[start : start + 2000], contexts=CONTEXTS):
            candidate = candidate_of(concept)
            if candidate is None:
                report.decided += 1
            else:
                candidates.append(candidate)
    report.concepts = len(candidates)
    if not candidates:
        return report
    lexicon = Lexicon.from_termbase(tb, memory=memory)
    owned = set(OFFLINE_OWNED)
    if memory is not None:
        # Every term of the run at once: the memory aligns them in one run.
        memory.prefetch(
            (t.text for c in candidates for t in c.vietnamese),
            approved_english(lexicon),
            lexicon.dictionary,
        )
        owned.add(MemorySource.name)
    sources = build_sources(tb, lexicon, translator, memory)
    found: list[list[Suggestion]] = [[] for _ in candidates]
    for source in sources:
        for bucket, suggestions in zip(found, source.suggest(candidates), strict=True):
            bucket.extend(suggestions)
        if isinstance(source, MemorySource):
            report.memory = sum(
                1 for bucket in found if any(s.source == source.name for s in bucket)
            )
        if isinstance(source, MachineTranslationSource):
            report.warnings.extend(source.warnings)
            report.translated = source.asked
            if not source.failed:
                owned.add(source.name)
    # English for concepts that have none yet (new candidates) is written in bulk.
    pending: list[tuple[int, Term]] = []
    for candidate, suggestions in zip(candidates, found, strict=True):
        ranked = merge(suggestions, limit, calibration)
        _store(tb, candidate, ranked, owned, report, pending)
    tb.add_new_terms(pending)
    return report


def _store(
    tb: Termbase,
    candidate: Candidate,
    ranked: list[Suggestion],
    owned: set[str],
    report: SuggestReport,
    pending: list[tuple[int, Term]],
) -> None:
    """Write one concept's suggestions: add, update, and drop the stale ones it owns.

    A concept without English terms only gains new ones: they go to ``pending``,
    which the caller writes in one batch.
    """
    rows = [r for r in tb.term_rows(candidate.concept_id) if r.term.lang == "en"]
    by_key = {tone_key(r.term.text): r for r in rows}
    refused = {phrase_key(r.term.text) for r in rows if r.term.status in ("rejected", "forbidden")}
    kept: set[int] = set()
    changed = False
    for s in ranked:
        if phrase_key(s.text) in refused:
            continue  # a reviewer said no to this English (in some number)
        row = by_key.get(tone_key(s.text))
        if row is None:
            term = Term(
                lang="en",
                text=s.text,
                type=s.type,
                status="suggested",
                source=s.source,
                confidence=s.confidence,
                note=s.evidence,
            )
            if rows:
                kept.add(tb.add_term(candidate.concept_id, term))
            else:
                pending.append((candidate.concept_id, term))
            report.added += 1
            changed = True
        elif row.term.status in DECIDED:
            continue  # never overwrite a reviewer's decision or a candidate
        else:
            kept.add(row.id)
            mine = row.term.source in owned or (row.term.source or "").startswith("mt:")
            updates: dict[str, object] = {"confidence": s.confidence, "note": s.evidence}
            if mine:
                # A newer version of the source may write the same English otherwise
                # ("Conservative Party" for "conservative Party"): a suggestion takes it.
                updates.update(source=s.source, type=s.type, text=s.text)
            if tb.update_term(row.id, **updates):
                report.updated += 1
                changed = True
        report.best.setdefault(candidate.concept_id, s)
    for row in rows:
        if row.id in kept or row.term.status != "suggested" or row.term.source not in owned:
            continue
        tb.delete_term(row.id)
        report.removed += 1
        changed = True
    if not ranked:
        report.without += 1
    if not changed:
        report.unchanged += 1
