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
from dataclasses import dataclass, field
from pathlib import Path

from termbase.mining.expand import mixed_spans, run_spans
from termbase.mining.names import PERSON, name_layout, run_parts
from termbase.mining.rank import Candidate, gloss_key
from termbase.mining.scan import DocRecord, Scanner, segment_of, token_offset
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


def build_concepts(scanner: Scanner, ranked: list[Candidate], keep: int) -> list[MinedConcept]:
    """Group the best ``keep`` candidates into concepts, joining full forms to glosses."""
    by_key = {c.key: c for c in ranked}
    kept_keys = {c.key for c in ranked[:keep]}
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    links: Counter[tuple[str, str]] = Counter()
    gloss_of: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for g in scanner.glosses:
        target = gloss_key(scanner, g)
        if target not in by_key:
            continue
        pair = (target, g.gloss.casefold())
        links[pair] += 1
        gloss_of[pair].append((g.doc, g.line, g.column))
        surfaces[pair][g.gloss] += 1
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
    concepts: list[MinedConcept] = []
    for members in groups.values():
        members.sort(key=lambda c: (c.kind != "term", -c.score))
        terms: list[MinedTerm] = []
        for c in members:
            ttype = "acronym" if c.kind == "acronym" and len(members) > 1 else "fullForm"
            terms.append(MinedTerm("vi", c.text, ttype, key=c.key))
        full = [c for c in members if c.kind == "term"]
        member_keys = {c.key for c in members}
        for pair, places in gloss_of.items():
            target, acro = pair
            if target not in member_keys:
                continue
            surface = surfaces[pair].most_common(1)[0][0]
            if full and _initials(full[0].text) == re.sub(r"[^A-Z]", "", surface):
                continue  # a Vietnamese acronym (TTXVN): no English suggestion
            english = MinedTerm(
                "en",
                surface,
                "acronym" if any(ch.isupper() for ch in surface[1:]) else "fullForm",
                "suggested",
                "parenthetical",
                key=acro,
            )
            for doc, line, column in places:
                english.occurrences.append((doc, Occurrence("", line, column, None)))
            if all(t.lang != "en" or t.key != acro for t in terms):
                terms.append(english)
        linked = len(members) > 1
        score = max(c.score for c in members) * (1.2 if linked else 1.0)
        concepts.append(
            MinedConcept(
                round(score, 4),
                sum(c.frequency for c in members),
                max(c.documents for c in members),
                terms,
                members,
            )
        )
    concepts.sort(key=lambda c: (-c.score, -c.frequency, c.terms[0].text))
    return concepts


def locate(scanner: Scanner, concepts: list[MinedConcept], samples: int) -> None:
    """Count each kept Vietnamese term per document and keep up to ``samples`` occurrences.

    One pass over the run log: a run's hits (the kept terms it holds) are
    worked out the first time the run is met.  At most two occurrences per
    document are kept, from as many documents as possible.
    """
    wanted: dict[str, MinedTerm] = {}
    for concept in concepts:
        for term in concept.terms:
            if term.lang == "vi":
                wanted[term.key] = term
    key_map, kind_map = scanner.tokens.key, scanner.tokens.kind
    surfaces = scanner.run_surface
    bond = bonds()
    hits_of: dict[int, list[tuple[MinedTerm, int, str]]] = {}
    # A span can be a kept term only if its first syllable starts one: most runs
    # and spans are passed over without expanding or joining them.
    firsts = {key.partition(" ")[0] for key in wanted}

    def hits(rid: int) -> list[tuple[MinedTerm, int, str]]:
        tokens = surfaces[rid].split(" ")
        keys = [key_map[t] for t in tokens]
        if firsts.isdisjoint(keys):
            return []
        classes = [kind_map[t] for t in tokens]
        pieces: list[tuple[int, int]] = []
        # The same pieces as expand() makes: a person's name stands apart.
        for lo, hi, role in run_parts(keys, classes, surfaces[rid] in scanner.after_person):
            sub = classes[lo:hi]
            split, named = name_layout(sub, role == PERSON)
            pieces.extend((lo + a, lo + b) for a, b in named)
            if named and split:
                pieces.extend(
                    (lo + a, lo + b) for a, b in mixed_spans(keys[lo:hi], sub, split, bond)
                )
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
        found = []
        for a, b in pieces:
            if keys[a] not in firsts:
                continue
            term = wanted.get(" ".join(keys[a:b]))
            if term is not None:
                found.append((term, a, " ".join(tokens[a:b])))
        return found

    # Most runs hold no kept term: work out every run's hits once, then visit per
    # document only the runs that hold some (filtered in C, not in a Python loop).
    for rid in range(len(surfaces)):
        found = hits(rid)
        if found:
            hits_of[rid] = found
    useful = hits_of.__contains__
    for index, (ids, starts, segments) in enumerate(scanner.log.documents()):
        per_doc: dict[MinedTerm, int] = {}
        counted = Counter(ids)
        # In the order of their first occurrence, as the samples are picked.
        for rid in filter(useful, counted):
            count = counted[rid]
            for term, start, surface in hits_of[rid]:
                place = (index, surface)
                term.counts[place] = term.counts.get(place, 0) + count
                seen = per_doc.get(term, 0)
                if seen < 2 and len(term.occurrences) < samples:
                    at = starts[ids.index(rid)] + start
                    seg = segment_of(segments, at)
                    term.occurrences.append(
                        (
                            index,
                            Occurrence(
                                "",
                                segments[3 * seg],
                                segments[3 * seg + 1],
                                # Until the line is read again: token index and surface.
                                f"{at - segments[3 * seg + 2]}\x00{surface}",
                            ),
                        )
                    )
                per_doc[term] = seen + 1
    _resolve_contexts(scanner, concepts)


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
    """What ``termbase mine`` did."""

    mined: int = 0
    unchanged: int = 0
    replaced: int = 0
    words: int = 0
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
        rows.append(MinedConceptRow(found, score, [_term_row(t, doc_ids) for t in concept.terms]))
    report.concept_ids.extend(tb.save_mined(rows))
    tb.refresh_frequencies(sorted(touched))


def _stored_concept(concept: MinedConcept, existing: dict[str, int]) -> int | None:
    """The stored concept a mined one belongs to: the first of its Vietnamese terms known."""
    for term in concept.terms:
        if term.lang == "vi":
            found = existing.get(tone_key(term.text))
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
