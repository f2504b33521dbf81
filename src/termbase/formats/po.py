"""Gettext PO: one entry per concept, for review in any PO editor (Poedit, Lokalize, Weblate).

An entry as written for direction vi-en (en-vi swaps the languages)::

    # Civil law sense; in trade texts see "hợp đồng thương mại".
    #. Domain: law
    #. Definition: Sự thỏa thuận giữa các bên …
    #. English, best first (the first is the translation):
    #. - contract — deep-translator:google, 0.82
    #. - deal — candidate, 0.40
    #. Rejected: agreement
    #. In the texts:
    #. “Hai bên ký «hợp đồng» mua bán.” (seeds/000_082b8f8dc0542e68.txt:12)
    #. termbase: concept 12 rev 3f9c0a1b2d
    #. en target: "contract" status=suggested source=deep-translator:google confidence=0.82
    #: seeds/000_082b8f8dc0542e68.txt:12 seeds/003_3cea117f6d50ac2c.txt:4
    #, fuzzy
    msgid "hợp đồng"
    msgstr "contract"

msgstr is the best target term; a target that is not approved is marked fuzzy.
The translator comment (``#``) is the concept's note, read back: it is what a
PO editor lets the reviewer write (Poedit: Add Comment, Edit Comment).
The ``#.`` lines before ``termbase:`` are the reviewer's notes
(:mod:`._ponotes`), written for a person and never read back. The last lines
are what the import needs: the concept id and ``rev``, a fingerprint of its
decisions at export (:func:`termbase.merge.revision`), and the target as
exported (``<lang> target``): its text and status tell the reviewer's changes
from the file as written, and its provenance is applied on reading only while
msgstr still has that text. Reading: a msgstr without the fuzzy flag is
"approved"; a fuzzy one keeps the status its ``target`` line recorded when that
is candidate or suggested (so an untouched file reads back as written) and is
"suggested" otherwise; an empty msgstr gives no target term.

Files written before the notes (termbase 0.x: ``termbase: concept 12`` first,
then ``domain:``, ``definition:``, ``note:``, ``<lang> term``, ``<lang>
target`` and ``<lang> alternative`` lines) still read as they did, alternatives
and concept fields included (see :mod:`._pocomments`).

The header's X-Source-Language, else Language (en: msgid is Vietnamese), else
the letters only Vietnamese writes, give the direction. Obsolete (``#~``)
entries are ignored. After the quoted text, attributes are ``key=value``; a
value that is not a plain token is a JSON string. ``#:`` lists where the source
term occurs (10 at most; a file name with spaces is wrapped in U+2068/U+2069
as GNU gettext 0.22 does). msgctxt appears only when two entries share a
source term (equal :func:`termbase.normalize.tone_key`). termbase lays out the
``#.`` and ``#:`` lines itself and never wraps them; polib wraps msgid/msgstr
at 79 columns. Reading also takes ``#.`` comments wrapped by a PO tool
(polib's ``save()`` does): see :mod:`._pocomments`.

PO-Revision-Date is the fixed ``1970-01-01 00:00+0000``: termbase keeps no
modification dates, and a writer must not depend on the clock.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

import polib

from termbase.errors import FormatError
from termbase.formats import WriteOptions
from termbase.formats._fields import (
    clean_label,
    format_term,
    guess_direction,
    one_line,
    shorten,
    term_from_attributes,
)
from termbase.formats._pocomments import read_comments, unwrap
from termbase.formats._ponotes import reviewer_notes
from termbase.merge import revision
from termbase.models import Concept, Exported, Occurrence, Term, best_term
from termbase.normalize import clean, tone_key
from termbase.text.decode import read_text

WRAP_WIDTH = 79
MAX_REFERENCES = 10
REVISION_DATE = "1970-01-01 00:00+0000"
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
PLURAL_FORMS = {"en": "nplurals=2; plural=(n != 1);", "vi": "nplurals=1; plural=0;"}


def _reference(occ: Occurrence) -> str:
    doc = occ.document
    if any(ch.isspace() for ch in doc) or re.search(r":\d+$", doc) or doc.startswith("\u2068"):
        doc = f"\u2068{doc}\u2069"
    return f"{doc}:{occ.line}" if occ.line is not None and occ.line >= 0 else doc


def _reference_lines(term: Term) -> list[str]:
    seen: set[tuple[str, int | None]] = set()
    refs: list[str] = []
    for occ in term.occurrences:
        key = (occ.document, occ.line)
        if key in seen or not occ.document:
            continue
        seen.add(key)
        refs.append(_reference(occ))
        if len(refs) == MAX_REFERENCES:
            break
    lines: list[str] = []
    current = "#:"
    for ref in refs:
        if current != "#:" and len(current) + 1 + len(ref) > WRAP_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + ref
    if current != "#:":
        lines.append(current)
    return lines


def _note_lines(concept: Concept) -> list[str]:
    """The concept's note as the entry's translator comment ("# …"), which a PO editor
    shows as the entry's comment and lets the reviewer edit (Poedit: Edit Comment)."""
    if not concept.note:
        return []
    return ["# " + line.strip() for line in concept.note.splitlines() if line.strip()]


def _comment_lines(concept: Concept, source: Term, target: Term | None, tgt: str) -> list[str]:
    """The reviewer's notes, then the one or two lines the import needs."""
    lines = reviewer_notes(concept, source, target, tgt)
    if concept.id is not None:
        lines.append(f"termbase: concept {concept.id} rev {revision(concept.terms)}")
    if target is not None:
        # The evidence is in the notes, in words: the import needs only the provenance.
        lines.append(f"{tgt} target: {format_term(replace(target, note=None))}")
    return ["#. " + line for line in lines]


def _contexts(rows: list[tuple[Concept, Term, Term | None]]) -> list[str | None]:
    """msgctxt per entry: only where source terms collide, then domain or concept id."""
    groups: dict[str, list[int]] = {}
    for index, (_, source, _) in enumerate(rows):
        groups.setdefault(tone_key(source.text), []).append(index)
    contexts: list[str | None] = [None] * len(rows)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        domains = Counter(rows[i][0].domain for i in indexes)
        taken: set[str] = set()
        for i in indexes:
            concept = rows[i][0]
            if concept.domain and domains[concept.domain] == 1:
                label = one_line(concept.domain)
            elif concept.id is not None:
                label = f"concept {concept.id}"
            else:
                label = f"entry {i + 1}"
            unique, n = label, 2
            while unique in taken:
                unique, n = f"{label} ({n})", n + 1
            taken.add(unique)
            contexts[i] = unique
    return contexts


def _header(options: WriteOptions) -> str:
    src, tgt = options.source_lang, options.target_lang
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.header = (
        f"{LANGUAGE_NAMES[src]} → {LANGUAGE_NAMES[tgt]} terms exported by termbase.\n"
        "Review each msgstr: a fuzzy entry is a suggestion; remove the flag to approve it.\n"
        "The notes' last lines (termbase: concept …) lead each entry back to its concept:"
        " keep them."
    )
    po.metadata = {
        "Project-Id-Version": "termbase",
        "PO-Revision-Date": REVISION_DATE,
        "Last-Translator": "termbase",
        "Language-Team": LANGUAGE_NAMES[tgt],
        "Language": tgt,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[tgt],
        "X-Generator": "termbase",
        "X-Source-Language": src,
    }
    return str(po)


def write_po(concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
    """Write one PO entry per concept that has a source-language term."""
    src, tgt = options.source_lang, options.target_lang
    rows: list[tuple[Concept, Term, Term | None]] = []
    for concept in concepts:
        source = best_term(concept, src)
        if source is not None and source.text.strip():
            rows.append((concept, source, best_term(concept, tgt)))
    parts = [_header(options)]
    for (concept, source, target), context in zip(rows, _contexts(rows), strict=True):
        entry = polib.POEntry(
            msgid=source.text,
            msgstr=target.text if target is not None else "",
            msgctxt=context,
            flags=["fuzzy"] if target is not None and target.status != "approved" else [],
        )
        lead = [
            *_note_lines(concept),
            *_comment_lines(concept, source, target, tgt),
            *_reference_lines(source),
        ]
        parts.append("\n".join([*lead, entry.__unicode__(WRAP_WIDTH)]))
    out.write("\n".join(parts).encode("utf-8"))


# ---------------------------------------------------------------------------
# Reading

_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])(?=[\s\"])\s*(.*)")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
# Characters str.splitlines() breaks on besides \n; polib splits on them too.
_ODD_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _check_string(rest: str, line: int, column: int, path: Path) -> None:
    """Raise unless ``rest`` is exactly one complete quoted PO string."""
    rest = rest.rstrip()
    if not rest.startswith('"'):
        raise FormatError("expected a quoted string", path=path, line=line, column=column)
    match = _STRING.match(rest)
    if match is None:
        raise FormatError(
            "unterminated string: no closing double quote",
            path=path,
            line=line,
            column=column,
            hint='close the string with " on the same line',
        )
    if match.end() != len(rest):
        extra = rest[match.end() :]
        raise FormatError(
            'unexpected text after the closing quote (an unescaped " inside the string?)',
            path=path,
            line=line,
            column=column + match.end() + len(extra) - len(extra.lstrip()),
            hint='write a double quote inside a string as \\"',
        )


def _precheck(lines: list[str], path: Path) -> None:
    """The checks polib skips: unterminated strings, stray lines, msgid without msgstr."""
    pending: int | None = None  # line of a msgid still waiting for its msgstr
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip()) + 1
        if not line or line.startswith("#"):
            continue  # comments, including obsolete (#~) entries, which are ignored
        keyword = _KEYWORD.match(line)
        if keyword:
            word = keyword.group(1)
            if word in ("msgctxt", "msgid") and pending is not None:
                raise FormatError(
                    f"the msgid on line {pending} has no msgstr", path=path, line=pending
                )
            if word == "msgid":
                pending = number
            elif word.startswith("msgstr"):
                pending = None
            _check_string(keyword.group(2), number, indent + keyword.start(2), path)
        elif line.startswith('"'):
            _check_string(line, number, indent, path)
        else:
            raise FormatError(
                f"not a PO line: {line[:40]!r}",
                path=path,
                line=number,
                column=indent,
                hint="a PO line is a # comment, msgctxt/msgid/msgstr, or a quoted string",
            )
    if pending is not None:
        raise FormatError(f"the msgid on line {pending} has no msgstr", path=path, line=pending)


def _direction(po: Any, path: Path) -> str:
    source = str(po.metadata.get("X-Source-Language", "")).strip().lower()[:2]
    if source in ("vi", "en"):
        return "vi-en" if source == "vi" else "en-vi"
    target = str(po.metadata.get("Language", "")).strip().lower()
    if target[:2] in ("vi", "en"):
        return "en-vi" if target[:2] == "vi" else "vi-en"
    if target:
        raise FormatError(
            f"the file translates into {shorten(target)!r};"
            " termbase reads Vietnamese–English files",
            path=path,
            hint="set the header's Language to en (msgid Vietnamese) or vi (msgid English)",
        )
    pairs = ((e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in po if not e.obsolete)
    return guess_direction(pairs) or "vi-en"


def _references(pairs: Iterable[tuple[str, str]]) -> Iterator[Occurrence]:
    """Occurrences from polib's (file, line) pairs, rejoining isolated names with spaces."""
    pending: str | None = None
    for name, number in pairs:
        token = f"{name}:{number}" if number else name
        if pending is not None:
            pending += " " + token
            if "\u2069" not in token:
                continue
            token, pending = pending, None
        elif token.startswith("\u2068") and "\u2069" not in token:
            pending = token
            continue
        # A line number has 18 digits at most (what SQLite holds); else it is part of the name.
        match = re.fullmatch(r"(.*):(\d{1,18})", token)
        doc, line = (match[1], int(match[2])) if match else (token, None)
        if doc.startswith("\u2068") and doc.endswith("\u2069"):
            doc = doc[1:-1]
        doc = clean_label(doc)
        if doc:
            yield Occurrence(document=doc, line=line)


def _target(
    lang: str, text: str, fuzzy: bool, recorded: tuple[str | None, dict[str, str]] | None
) -> Term:
    """The msgstr as a term: approved unless fuzzy, with the provenance recorded for it."""
    attrs: dict[str, str] = {}
    if recorded is not None and clean(recorded[0] or "") == text:
        attrs = recorded[1]
    status = "approved"
    if fuzzy:
        status = attrs.get("status", "suggested")
        status = status if status in ("candidate", "suggested") else "suggested"
    return term_from_attributes(lang, text, attrs, status=status)


def _entry_concept(entry: Any, src: str, tgt: str, path: Path) -> Concept | None:
    source_text = clean(entry.msgid)
    if not source_text:
        return None
    target_text = clean(entry.msgstr or entry.msgstr_plural.get(0, ""))
    try:
        comments = read_comments(entry.comment, src, tgt)
        source = term_from_attributes(src, source_text, comments.source_attrs)
        terms = [replace(source, occurrences=tuple(_references(entry.occurrences)))]
        if target_text:
            fuzzy = "fuzzy" in entry.flags
            terms.append(_target(tgt, target_text, fuzzy, comments.recorded))
        exported = None
        if comments.revision is not None:
            recorded = comments.recorded
            shown = None
            if recorded is not None and recorded[0]:
                shown = term_from_attributes(tgt, clean(recorded[0]), recorded[1])
            exported = Exported(comments.revision, shown)
    except ValueError as exc:
        raise FormatError(
            f"entry {source_text[:40]!r}: cannot read a termbase comment: {exc}",
            path=path,
            line=max(int(entry.linenum or 1), 1),
            hint="keep the '#.' comments as termbase wrote them",
        ) from None
    fields = comments.fields
    return Concept(
        id=int(fields["id"]) if "id" in fields else None,
        domain=clean_label(fields.get("domain", "")) or None,
        definition=clean(fields.get("definition", "")) or None,
        # The reviewer's comment (a translator comment, "# …") is the concept's note;
        # files written before the notes held it as "#. note: …".
        note=clean(unwrap(entry.tcomment or "")) or clean(fields.get("note", "")) or None,
        terms=(*terms, *comments.alternatives) if target_text else tuple(terms),
        exported=exported,
    )


def read_po(path: Path, encoding: str | None = None) -> list[Concept]:
    """Read a PO file into concepts: source term first, then msgstr, then alternatives."""
    text = read_text(path, encoding).replace("\r\n", "\n").replace("\r", "\n")
    if _ODD_BREAKS.search(text):
        text = _ODD_BREAKS.sub(" ", text)
    _precheck(text.split("\n"), path)
    if not text.endswith("\n"):
        text += "\n"  # also keeps polib from ever taking the text for a file name
    try:
        po = polib.pofile(text, encoding="utf-8", wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError, IndexError, KeyError) as exc:
        found = _POLIB_LINE.search(str(exc))
        message = str(exc).split("):", 1)[-1].strip() if "):" in str(exc) else ""
        raise FormatError(
            f"malformed PO file: {message or 'a line out of place'}",
            path=path,
            line=int(found[1]) if found else None,
            hint="msgctxt, msgid and msgstr come in that order; msgfmt -c shows more",
        ) from None
    src, tgt = _direction(po, path).split("-")
    concepts = []
    for entry in po:
        if entry.obsolete:
            continue
        concept = _entry_concept(entry, src, tgt, path)
        if concept is not None:
            concepts.append(concept)
    return concepts


def detect_po(head: str) -> bool:
    return re.search(r'(?m)^\s*msgid\s+"', head) is not None


class PoFormat:
    """Gettext PO, one entry per concept."""

    name = "po"
    extensions = ("po", "pot")
    single_equivalent = True
    priority = 20
    # Its files carry notes for the reviewer that are not read back: a second
    # round trip, not the first, gives the same bytes (the contract test knows).
    notes_for_people = True

    def detect(self, head: str) -> bool:
        return detect_po(head)

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_po(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_po(concepts, out, options)


FORMATS = (PoFormat(),)
