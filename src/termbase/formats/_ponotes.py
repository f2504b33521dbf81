"""The notes a PO editor shows a reviewer ("Notes for translators": the ``#.`` lines).

Written for a person, in the target language's terms: the concept's domain and
definition, the target-language terms one per line in words, best first
("United States: Deputy Secretary of State — glossary, 0.88 (2 of 5
occurrences name United States right after the term)"), the rejected and
forbidden ones on a line each, and one or two sentences the source term occurs
in, the term marked «so», with the file's name. Each suggestion's evidence is
said in words, once for the lines it backs, cut between words: the suggestion
engine's store of it (headwords, glossary concept ids, each part's origin in a
compositional translation) is left out, and the other sources that back a
suggestion are named ("also backed by: glossary (China)"). Evidence in another
shape is shown as it is. No line starts with one of the keys termbase's own
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
# The suggestion engine's evidence is the best source's, then "; also " and the others'.
_ALSO = "; also "
_ALSO_SPELT = re.compile(r"(?P<spelt>also spelt [^;]*); ")
# The glossary source's evidence: "glossary concept 877 (government: United States):
# preferred English; United States: 2 of 5 occurrences name United States …".
_GLOSSARY_EVIDENCE = re.compile(
    r"(?P<label>[^();]+?) concept \d+(?: \((?P<domain>[^()]*)\))?:"
    r" (?:preferred|also) English(?:; (?P<why>.*))?"
)
# The dictionary source's: "core lexicon 'vũ khí' (noun): weapon | arms", "dictionary
# 'dẫn' (verb), sense 1: to conduct; to lead": the headword is the entry's own term.
_LEXICON_EVIDENCE = re.compile(
    r"(?P<where>core lexicon|dictionary(?: example under)?) (?:'[^']*'|\"[^\"]*\")"
    r"(?: \((?P<pos>[^()]*)\))?(?P<rest>.*)"
)
_REVERSED = "modifier-after-head order reversed for English"
# Where each source's evidence starts, and the source in words, for the "also" part.
_OTHER_SOURCES = (
    (re.compile(r"glossary concept \d+(?: \((?P<domain>[^()]*)\))?"), "glossary"),
    (re.compile(r"termbase concept \d+(?: \((?P<domain>[^()]*)\))?"), "approved terms"),
    (re.compile(r"core lexicon|dictionary|place name"), "dictionary"),
    (re.compile(r"compositional"), "word by word"),
    (re.compile(r"identity"), "kept as written"),
    (re.compile(r"parenthetical"), "brackets in the texts"),
    (re.compile(r"tm:"), "translation memory"),
    (re.compile(r"machine translation by (?P<engine>[^ ;()]+)"), "machine translation"),
)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` at a space where there is one, marked "…"."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    space = head.rfind(" ")
    if space > width // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def _drop_brackets(text: str) -> str:
    """``text`` without its parenthesised asides, nested ones included."""
    out: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return re.sub(r" {2,}", " ", "".join(out)).replace(" ;", ";").strip()


def _top_level_split(text: str, sep: str) -> tuple[str, str]:
    """``text`` split at the first ``sep`` outside parentheses (the rest may be empty)."""
    depth = 0
    for at, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and text.startswith(sep, at):
            return text[:at], text[at + len(sep) :]
    return text, ""


def _clause_in_words(clause: str, source: str | None) -> tuple[str | None, str]:
    """One source's evidence for a reader: (the country it is for, why), ids left out."""
    match = _GLOSSARY_EVIDENCE.fullmatch(clause)
    if match is not None:
        country, why = domain_country(match["domain"]), match["why"] or ""
        if country and why.startswith(f"{country}: "):
            why = why[len(country) + 2 :]
        return country, why
    match = _LEXICON_EVIDENCE.fullmatch(clause)
    if match is not None:
        said = [w for w in (match["where"], match["pos"]) if w and w != source]
        rest = match["rest"].replace(" | ", ", ")
        return None, ", ".join(said) + (rest if said else rest.removeprefix(", ").lstrip(": "))
    if source:
        # "identity: …", "compositional (lower confidence …): …": the line names the source.
        prefix = re.match(rf"{re.escape(source)}(?: \([^()]*\))?: ", clause)
        if prefix is not None:
            clause = clause[prefix.end() :]
    if " = " in clause:
        # Compositional parts, "thỏa thuận = deal (glossary concept 815) + …": no origins.
        parts, rest = _top_level_split(clause, "; ")
        # That Vietnamese puts the head first goes without saying for the reader.
        first, after = _top_level_split(rest, "; ")
        if _REVERSED.startswith(first.rstrip("…").rstrip()):
            rest = after
        clause = _drop_brackets(parts) + (f"; {rest}" if rest else "")
    return None, clause


def _others_in_words(others: str) -> str:
    """The other sources that back a suggestion, in words ("dictionary, glossary (China)")."""
    names: list[str] = []
    for clause in re.split(r"; (?=\S)", others):
        for pattern, name in _OTHER_SOURCES:
            match = pattern.match(clause)
            if match is None:
                continue
            country = domain_country(match.groupdict().get("domain"))
            engine = match.groupdict().get("engine")
            said = f"{name} ({country or engine})" if country or engine else name
            if said not in names:
                names.append(said)
            break
    return ", ".join(names) if names else "other sources"


def _why(term: Term) -> tuple[str | None, str]:
    """The country a term is for, and its evidence in words (empty if none)."""
    note = one_line(term.note or "").strip()
    if note.endswith("…"):  # the engine cut its evidence, maybe inside a word
        note = note[:-1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    spelt = ""
    match = _ALSO_SPELT.match(note)
    if match is not None:
        spelt, note = match["spelt"], note[match.end() :]
    top, others = _top_level_split(note, _ALSO)
    country, why = _clause_in_words(top.strip(), term.source)
    said = [s for s in (spelt, why) if s]
    if others.strip():
        said.append("also backed by: " + _others_in_words(others.strip()))
    return country, "; ".join(said)


def _in_words(term: Term, said_before: str = "") -> tuple[str, str]:
    """``- United States: Deputy Secretary of State — glossary, 0.88 (why)``, and the why.

    ``said_before``: the evidence of the line above, not repeated.
    """
    country, why = _why(term)
    line = f"{country}: {term.text}" if country else term.text
    said = [s for s in (term.source, _confidence(term)) if s]
    if term.status not in ("suggested",):
        said.insert(0, term.status)
    if said:
        line += " — " + ", ".join(said)
    if why:
        line += f" ({_cut(why, EVIDENCE_WIDTH)})" if why != said_before else " (as above)"
    return "- " + line, why


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
        if start:  # from the start of a word
            space = marked.find(" ", start, at)
            start = space + 1 if space >= 0 else start
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
        # The file's name: its folders are on the entry's "#:" lines (Poedit: right-click).
        name = re.split(r"[/\\]", occ.document)[-1]
        where = f" ({name}:{occ.line})" if occ.line is not None else ""
        lines.append(f"“{marked}”{where}")
        if len(lines) == CONTEXTS:
            break
    return lines


def reviewer_notes(concept: Concept, source: Term, target: Term | None, tgt: str) -> list[str]:
    """The lines a reviewer reads for one entry (without the ``#. `` prefix)."""
    lines: list[str] = []
    # The concept's note is the entry's translator comment, which a PO editor lets the
    # reviewer edit and the import reads (see termbase.formats.po): not repeated here.
    for label, value in (("Domain", concept.domain), ("Definition", concept.definition)):
        if value:
            lines.append(f"{label}: {one_line(value)}")
    usable = [t for t in concept.terms_in(tgt) if t.status not in ("rejected", "forbidden")]
    usable.sort(key=lambda t: (t is not target, STATUS_RANK[t.status], -(t.confidence or 0.0)))
    language = LANGUAGE_NAMES[tgt]
    if usable:
        first = "the first is the translation" if target is not None else "none chosen yet"
        lines.append(f"{language}, best first ({first}):")
        said = ""
        for term in usable:
            line, said = _in_words(term, said)
            lines.append(line)
    for status, label in (("rejected", "Rejected"), ("forbidden", "Forbidden, never use")):
        texts = [t.text for t in concept.terms_in(tgt) if t.status == status]
        if texts:
            lines.append(f"{label}: " + "; ".join(texts))
    contexts = _contexts(source)
    if contexts:
        lines.append("In the texts:")
        lines.extend(contexts)
    return lines
