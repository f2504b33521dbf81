"""The notes a PO editor shows a reviewer ("Notes for translators": the ``#.`` lines).

Written for a person, in the target language's terms: the concept's domain,
definition and note, the target-language terms one per line in words, best
first ("United States: Deputy Secretary of State — glossary, 0.88 (2 of 5
occurrences name United States right after the term)"), the rejected and
forbidden ones on a line each, and one or two sentences the source term occurs
in, the term marked «so». No line starts with one of the keys termbase's own
machine-readable comments use (lower-case ``domain:``, ``vi term:`` …), and the
import reads none of this: see :mod:`termbase.formats.po`.
"""

from __future__ import annotations

import re
import unicodedata

from termbase.formats._fields import one_line
from termbase.models import STATUS_RANK, Concept, Term, domain_country

LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
# Sentences shown per entry, and how long one may be around the term.
CONTEXTS = 2
CONTEXT_WIDTH = 160
EVIDENCE_WIDTH = 160
# The glossary source's evidence: "glossary concept 877 (government: United States):
# preferred English; United States: 2 of 5 occurrences name United States …".
_GLOSSARY_EVIDENCE = re.compile(
    r"(?P<label>[^()]+?) concept \d+(?: \((?P<domain>[^()]*)\))?:"
    r" (?:preferred|also) English(?:; (?P<why>.*))?"
)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _in_words(term: Term) -> str:
    """``United States: Deputy Secretary of State — glossary, 0.88 (why)``."""
    country, why = None, term.note
    match = _GLOSSARY_EVIDENCE.fullmatch(one_line(term.note or ""))
    if match is not None:
        country = domain_country(match["domain"])
        why = match["why"]
        if why and country and why.startswith(f"{country}: "):
            why = why[len(country) + 2 :]
    line = f"{country}: {term.text}" if country else term.text
    said = [s for s in (term.source, _confidence(term)) if s]
    if term.status not in ("suggested",):
        said.insert(0, term.status)
    if said:
        line += " — " + ", ".join(said)
    if why:
        line += f" ({_cut(one_line(why), EVIDENCE_WIDTH)})"
    return "- " + line


def _confidence(term: Term) -> str | None:
    return None if term.confidence is None else f"{float(term.confidence):.2f}"


def _context(sentence: str, text: str) -> str | None:
    """``sentence`` with ``text`` marked «…» and cut around it; None if it is not there."""
    sentence = unicodedata.normalize("NFC", one_line(sentence).strip())
    folded = sentence.casefold()
    if len(folded) != len(sentence):  # casefold changed a length: positions would slip
        return None
    at = folded.find(unicodedata.normalize("NFC", text).casefold())
    if at < 0:
        return None
    end = at + len(text)
    marked = f"{sentence[:at]}«{sentence[at:end]}»{sentence[end:]}"
    if len(marked) > CONTEXT_WIDTH:
        start = max(0, at - CONTEXT_WIDTH // 2)
        marked = ("…" if start else "") + _cut(marked[start:], CONTEXT_WIDTH)
    return marked


def _contexts(source: Term) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for occ in source.occurrences:
        if not occ.context or occ.context in seen:
            continue
        seen.add(occ.context)
        marked = _context(occ.context, source.text)
        if marked is None:
            continue
        where = f" ({occ.document}:{occ.line})" if occ.line is not None else ""
        lines.append(f"“{marked}”{where}")
        if len(lines) == CONTEXTS:
            break
    return lines


def reviewer_notes(concept: Concept, source: Term, target: Term | None, tgt: str) -> list[str]:
    """The lines a reviewer reads for one entry (without the ``#. `` prefix)."""
    lines: list[str] = []
    for label, value in (
        ("Domain", concept.domain),
        ("Definition", concept.definition),
        ("Note", concept.note),
    ):
        if value:
            lines.append(f"{label}: {one_line(value)}")
    usable = [t for t in concept.terms_in(tgt) if t.status not in ("rejected", "forbidden")]
    usable.sort(key=lambda t: (t is not target, STATUS_RANK[t.status], -(t.confidence or 0.0)))
    language = LANGUAGE_NAMES[tgt]
    if usable:
        first = "the first is the translation" if target is not None else "none chosen yet"
        lines.append(f"{language}, best first ({first}):")
        lines.extend(_in_words(t) for t in usable)
    for status, label in (("rejected", "Rejected"), ("forbidden", "Forbidden, never use")):
        texts = [t.text for t in concept.terms_in(tgt) if t.status == status]
        if texts:
            lines.append(f"{label}: " + "; ".join(texts))
    contexts = _contexts(source)
    if contexts:
        lines.append("In the texts:")
        lines.extend(contexts)
    return lines
