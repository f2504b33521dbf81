"""From ranked candidates to stored concepts: grouping, occurrences, writing SQLite.

:func:`build_concepts` joins full forms to the acronyms and names glossed in
parentheses; :func:`locate` reads the scanner's run log once to count each
kept term per document and to pick a few occurrences; :func:`store_result`
writes everything in bulk inside the caller's transaction.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from termbase.merge import SUGGESTED
from termbase.mining.clean import glue_points
from termbase.mining.expand import mixed_spans, run_spans
from termbase.mining.names import PERSON, name_layout, run_parts
from termbase.mining.rank import Candidate, fitting_glosses
from termbase.mining.scan import DocRecord, Scanner, span_at, token_offset
from termbase.mining.syllables import bonds
from termbase.models import (
    DocumentOccurrence,
    DocumentRecord,
    MinedConceptRow,
    MinedTermRow,
    Occurrence,
    TermCount,
)
from termbase.normalize import clean, tone_key
from termbase.store import Termbase
from termbase.store.documents import evidence_key
from termbase.text.documents import read_document


@dataclass(eq=False)
class MinedTerm:
    """A term of a mined concept, with per-document counts and a few occurrences."""

    lang: str
    text: str
    type: str = "fullForm"
    status: str = "candidate"
    source: str = "mined"
    key: str = ""
    counts: dict[tuple[int, str], int] = field(default_factory=dict)  # (doc, surface) -> n
    occurrences: list[tuple[int, Occurrence]] = field(default_factory=list)  # (doc, occ)


@dataclass
class MinedConcept:
    """One candidate concept: its terms (Vietnamese first), score and evidence."""

    score: float
    frequency: int
    documents: int
    terms: list[MinedTerm]
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class MiningResult:
    """What a mining run found, best concept first."""

    documents: list[DocRecord]
    concepts: list[MinedConcept]
    words: int
    candidates: int


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(str.maketrans("Đđ", "Dd")))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _initials(text: str) -> str:
    return "".join(word[0] for word in _fold(text).split() if word).upper()


# One concept's score is its best member's, times this when a gloss joined several
# candidates into it (a full form and its acronym): set by hand; no measurement recorded.
LINKED_BONUS = 1.2


class _Glossed(NamedTuple):
    """The glosses after ranked candidates, by (candidate key, gloss folded to lower case)."""

    counts: Counter[tuple[str, str]]  # how often
    places: dict[tuple[str, str], list[tuple[int, int, int]]]  # (doc, line, column) each
    surfaces: dict[tuple[str, str], Counter[str]]  # the gloss as written


def build_concepts(scanner: Scanner, ranked: list[Candidate], keep: int) -> list[MinedConcept]:
    """Group the best ``keep`` candidates into concepts, joining full forms to glosses."""
    by_key = {c.key: c for c in ranked}
    glossed = _glossed(scanner, by_key)
    groups = _groups(by_key, {c.key for c in ranked[:keep]}, glossed.counts)
    concepts = [_concept(members, glossed) for members in groups]
    concepts.sort(key=lambda c: (-c.score, -c.frequency, c.terms[0].text))
    return concepts


def _glossed(scanner: Scanner, by_key: dict[str, Candidate]) -> _Glossed:
    """The names and acronyms the text glosses in parentheses after a ranked candidate."""
    glossed = _Glossed(Counter(), defaultdict(list), defaultdict(Counter))
    for target, g in fitting_glosses(scanner):
        if target not in by_key:
            continue
        pair = (target, " ".join(scanner.tokens.key[t] for t in g.gloss.split(" ")))
        glossed.counts[pair] += 1
        glossed.places[pair].append((g.doc, g.line, g.column))
        glossed.surfaces[pair][g.gloss] += 1
    return glossed


def _groups(
    by_key: dict[str, Candidate], kept_keys: set[str], links: Counter[tuple[str, str]]
) -> list[list[Candidate]]:
    """The kept candidates, each with the candidates a gloss links it to (union-find)."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    # An acronym explained by many different names is ambiguous: keep its two best.
    per_acronym: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (target, acro), n in links.items():
        per_acronym[acro].append((n, target))
    for acro, targets in per_acronym.items():
        targets.sort(key=lambda t: (-t[0], -by_key[t[1]].score))
        for _, target in targets[:2]:
            if acro in by_key:
                parent[find(acro)] = find(target)
            if target in kept_keys or acro in kept_keys:
                kept_keys.add(target)
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for key in kept_keys:
        groups[find(key)].append(by_key[key])
    for key in list(parent):
        if key in by_key and by_key[key] not in groups[find(key)]:
            groups[find(key)].append(by_key[key])
    return list(groups.values())


def _concept(members: list[Candidate], glossed: _Glossed) -> MinedConcept:
    """One group of candidates as a concept: Vietnamese terms first, then the English glosses."""
    members.sort(key=lambda c: (c.kind != "term", -c.score))
    linked = len(members) > 1
    terms = [
        MinedTerm(
            "vi", c.text, "acronym" if c.kind == "acronym" and linked else "fullForm", key=c.key
        )
        for c in members
    ]
    terms += _english_terms(members, glossed)
    score = max(c.score for c in members) * (LINKED_BONUS if linked else 1.0)
    return MinedConcept(
        round(score, 4),
        sum(c.frequency for c in members),
        max(c.documents for c in members),
        terms,
        members,
    )


def _english_terms(members: list[Candidate], glossed: _Glossed) -> list[MinedTerm]:
    """The English the text glosses after a concept's members, one term per folded gloss.

    A gloss that spells out the initials of the full form (TTXVN) is a
    Vietnamese acronym, not an English suggestion.
    """
    full = [c for c in members if c.kind == "term"]
    member_keys = {c.key for c in members}
    english: dict[str, MinedTerm] = {}
    for pair, places in glossed.places.items():
        target, acro = pair
        if target not in member_keys or acro in english:
            continue
        surface = glossed.surfaces[pair].most_common(1)[0][0]
        if full and _initials(full[0].text) == re.sub(r"[^A-Z]", "", surface):
            continue
        term = MinedTerm(
            "en",
            surface,
            "acronym" if any(ch.isupper() for ch in surface[1:]) else "fullForm",
            "suggested",
            "parenthetical",
            key=acro,
        )
        term.occurrences.extend(
            (doc, Occurrence("", line, column, None)) for doc, line, column in places
        )
        english[acro] = term
    return list(english.values())


# A kept term a run holds: the term, the index of its first token in the run, its surface.
_Hit = tuple[MinedTerm, int, str]


def locate(scanner: Scanner, concepts: list[MinedConcept], samples: int) -> None:
    """Count each kept Vietnamese term per document and keep up to ``samples`` occurrences.

    One pass over the run log: the runs that hold kept terms are found first
    (:func:`_runs_with_terms`); at most two occurrences per document are kept,
    from as many documents as possible.
    """
    wanted = {t.key: t for concept in concepts for t in concept.terms if t.lang == "vi"}
    _count_and_sample(scanner, _runs_with_terms(scanner, wanted), samples)
    _resolve_contexts(scanner, concepts)


def _runs_with_terms(scanner: Scanner, wanted: dict[str, MinedTerm]) -> dict[int, list[_Hit]]:
    """The kept terms each run holds, by run id (runs that hold none are left out)."""
    key_map, kind_map = scanner.tokens.key, scanner.tokens.kind
    bond = bonds()
    # A span can be a kept term only if its first syllable starts one: most runs
    # and spans are passed over without expanding or joining them.
    firsts = {key.partition(" ")[0] for key in wanted}
    hits_of: dict[int, list[_Hit]] = {}
    for rid, run in enumerate(scanner.run_surface):
        tokens = run.split(" ")
        keys = [key_map[t] for t in tokens]
        if firsts.isdisjoint(keys):
            continue
        classes = [kind_map[t] for t in tokens]
        found = []
        for a, b in _run_pieces(scanner, run, tokens, keys, classes, bond):
            if keys[a] not in firsts:
                continue
            term = wanted.get(" ".join(keys[a:b]))
            if term is not None:
                found.append((term, a, " ".join(tokens[a:b])))
        if found:
            hits_of[rid] = found
    return hits_of


def _run_pieces(
    scanner: Scanner,
    run: str,
    tokens: list[str],
    keys: list[str],
    classes: list[str],
    bond: frozenset[str],
) -> list[tuple[int, int]]:
    """The candidate spans of a run, as expand() cuts them: a person's name stands apart."""
    pieces: list[tuple[int, int]] = []
    for lo, hi, role in run_parts(keys, classes, run in scanner.after_person):
        sub = classes[lo:hi]
        split, named = name_layout(sub, role == PERSON)
        pieces.extend((lo + a, lo + b) for a, b in named)
        if named and split:
            pieces.extend((lo + a, lo + b) for a, b in mixed_spans(keys[lo:hi], sub, split, bond))
        if split:
            pieces.extend(
                (lo + a, lo + b)
                for a, b in run_spans(
                    tokens[lo : lo + split],
                    keys[lo : lo + split],
                    sub[:split],
                    bond,
                    scanner.max_syllables,
                )
            )
    return pieces


def _count_and_sample(scanner: Scanner, hits_of: dict[int, list[_Hit]], samples: int) -> None:
    """Add each document's counts of the kept terms, and sample their first occurrences."""
    useful = hits_of.__contains__
    for index, (ids, starts, segments) in enumerate(scanner.log.documents()):
        per_doc: dict[MinedTerm, int] = {}
        counted = Counter(ids)
        # Only the runs that hold kept terms (filtered in C, not in a Python loop), in
        # the order of their first occurrence, as the samples are picked.
        for rid in filter(useful, counted):
            count = counted[rid]
            for term, start, surface in hits_of[rid]:
                place = (index, surface)
                term.counts[place] = term.counts.get(place, 0) + count
                seen = per_doc.get(term, 0)
                if seen < 2 and len(term.occurrences) < samples:
                    at = starts[ids.index(rid)] + start
                    span = span_at(segments, at)
                    # Until the line is read again, the context holds token index and surface.
                    where = f"{at - span.first}\x00{surface}"
                    term.occurrences.append((index, Occurrence("", span.line, span.column, where)))
                per_doc[term] = seen + 1


def _offset(segment: str, where: str, scanner: Scanner) -> int:
    """Where in ``segment`` the occurrence starts: its surface if seen once, else by token."""
    token, _, surface = where.partition("\x00")
    at = segment.find(surface)
    if at >= 0 and segment.find(surface, at + 1) < 0 and surface:
        return at
    return token_offset(segment, int(token), scanner.tokens)


_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"'”’)]*\s+")


def sentence_at(line: str, column: int, width: int = 320) -> str:
    """The sentence of ``line`` around 0-based ``column``, shortened to about ``width``."""
    start = 0
    for found in _SENTENCE_BREAK.finditer(line, 0, column):
        start = found.end()
    after = _SENTENCE_BREAK.search(line, column)
    end = after.start() + 1 if after else len(line)
    # Headlines of a link list glued without a space ("ủng hộBộ trưởng") end there too.
    for point in glue_points(line):
        if start < point <= column:
            start = point
        elif column < point < end:
            end = point
    text = line[start:end].strip()
    if len(text) > width:
        at = max(0, column - start - width // 2)
        text = ("…" if at else "") + text[at : at + width].strip() + "…"
    return text


def lines_of(record: DocRecord) -> tuple[str, ...] | None:
    """A document's lines: kept ones, or the file read again if it is unchanged."""
    if record.lines is not None:
        return record.lines
    if record.path is None:
        return None
    try:
        doc = read_document(Path(record.path))
    except Exception:  # the file went away or broke since: no contexts
        return None
    return doc.lines if doc.digest == record.digest else None


def _resolve_contexts(scanner: Scanner, concepts: list[MinedConcept]) -> None:
    """Turn (segment line, segment column, token) into a column and the sentence around it."""
    needed: dict[int, list[tuple[MinedTerm, int]]] = defaultdict(list)
    for concept in concepts:
        for term in concept.terms:
            for k, (doc, _occ) in enumerate(term.occurrences):
                needed[doc].append((term, k))
    for doc in sorted(needed):
        record = scanner.docs[doc]
        lines = lines_of(record)
        for term, k in needed[doc]:
            _, occ = term.occurrences[k]
            line = occ.line or 0
            text = lines[line - 1] if lines and 0 < line <= len(lines) else None
            column = occ.column
            if text is not None and occ.context is not None and column is not None:
                column += _offset(text[column - 1 :], occ.context, scanner)
            context = sentence_at(text, (column or 1) - 1) if text is not None else None
            term.occurrences[k] = (doc, Occurrence(record.name, occ.line, column, context))


# -- storing ---------------------------------------------------------------------

REVIEWED = ("approved", "rejected", "forbidden")
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


@dataclass
class MineReport:
    """What ``termbase mine`` did.

    ``words``: words read in the documents mined, of which ``words_cut`` were cut
    as page furniture and ``words_mined`` mined.  ``duplicates``: documents whose
    content another document of the termbase or the run holds, skipped.
    """

    mined: int = 0
    unchanged: int = 0
    duplicates: int = 0
    replaced: int = 0
    words: int = 0
    words_cut: int = 0
    words_mined: int = 0
    candidates: int = 0
    created: int = 0
    updated: int = 0
    left_alone: int = 0
    concept_ids: list[int] = field(default_factory=list)


def store_result(tb: Termbase, result: MiningResult, report: MineReport) -> None:
    """Write mined concepts into ``tb`` (the caller holds the transaction).

    Terms a reviewer approved, rejected or forbade keep their status; a concept
    holding a rejected or forbidden term is not brought back as a candidate.
    """
    saved = tb.save_documents(
        [DocumentRecord(r.key, r.name, r.digest, r.words) for r in result.documents]
    )
    doc_ids = [doc.id for doc in saved]
    touched = {cid for doc in saved for cid in doc.counted}
    report.replaced += sum(doc.replaced for doc in saved)
    existing = tb.mined_term_index()
    rejected = tb.rejected_terms()
    protected = tb.protected_concepts()
    # Several mined concepts may land in one stored concept: the best score counts.
    best: dict[int, float] = {}
    rows: list[MinedConceptRow] = []
    for concept in result.concepts:
        found = _stored_concept(concept, existing)
        score = concept.score
        if found is not None:
            if any((found, t.lang, tone_key(clean(t.text))) in rejected for t in concept.terms):
                report.left_alone += 1
                continue
            score = best[found] = max(score, best.get(found, score))
            report.updated += 1
            touched.add(found)
        else:
            report.created += 1
        terms = [_term_row(t, doc_ids) for t in concept.terms]
        if found in protected:
            # A concept a person decided on, or the glossary's: mining adds evidence, and
            # any term it lacks only as a suggestion for review, never as a candidate.
            terms = [replace(t, status=SUGGESTED) if t.status == "candidate" else t for t in terms]
        rows.append(MinedConceptRow(found, score, terms))
    report.concept_ids.extend(tb.save_mined(rows))
    tb.refresh_frequencies(sorted(touched))


def _stored_concept(concept: MinedConcept, existing: dict[str, int]) -> int | None:
    """The stored concept a mined one belongs to: the first of its Vietnamese terms known."""
    for term in concept.terms:
        if term.lang == "vi":
            found = existing.get(evidence_key(term.text))
            if found is not None:
                return found
    return None


def _term_row(term: MinedTerm, doc_ids: list[int]) -> MinedTermRow:
    """A mined term as the store takes it, documents numbered by their ids."""
    return MinedTermRow(
        term.lang,
        term.text,
        term.type,
        term.status,
        term.source,
        # A TermCount for each ((document, surface), n): no Python loop over the counts
        list(
            map(
                TermCount,
                map(doc_ids.__getitem__, map(_FIRST, term.counts)),
                map(_SECOND, term.counts),
                term.counts.values(),
            )
        ),
        [DocumentOccurrence(doc_ids[d], o) for d, o in term.occurrences],
    )
