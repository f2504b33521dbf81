"""termbase's ``#.`` comments in a PO entry, read back however a PO tool wrapped them.

The writer (:mod:`termbase.formats.po`) puts each comment on one line:
``termbase: concept 12 rev 3f9c0a1b2d`` and ``<lang> target: …``, after the
reviewer's notes, which are not read (everything before the ``termbase:`` line
that has a ``rev``). Files written before the notes hold ``termbase: concept
12``, ``domain: …``, ``definition: …``, ``note: …``, ``<lang> term: …``,
``<lang> target: …`` and ``<lang> alternative: …`` in that order, all read.
polib's ``save()`` wraps the long ones at its width (78 columns unless told
otherwise), as textwrap does: at a space, or after the hyphen of a
hyphenated word. GNU gettext (msgcat, msgattrib) keeps them as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from termbase.formats._fields import parse_items, parse_whole, term_from_attributes
from termbase.models import Term
from termbase.normalize import clean

_COMMENT = re.compile(
    r"(?P<key>termbase|domain|definition|note|(?P<lang>vi|en) "
    r"(?P<role>term|target|alternative)):\s?(?P<value>.*)"
)
# termbase writes its comments in this order; "alternative" may repeat.
_COMMENT_ORDER = ("termbase", "domain", "definition", "note", "term", "target", "alternative")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
# textwrap (hence polib) may break a line after the hyphen of a hyphenated word.
_HYPHEN_END = re.compile(r"(?:[^\d\W]{2}|[^\d\W]-[^\d\W])-\Z")
_WORD_START = re.compile(r"[^\d\W]-?[^\d\W]")
_ROLE_START = re.compile(r"(?:term|target|alternative):")
_HEAD_WITH_REV = re.compile(r"concept -?\d+ rev [0-9a-f]{1,64}")


def _rank(match: re.Match[str]) -> int:
    return _COMMENT_ORDER.index(match["role"] or match["key"])


def _continues(current: re.Match[str], line: str, match: re.Match[str] | None) -> bool:
    """Whether ``line`` goes on with the comment ``current``, wrapped by a PO tool."""
    if match is None:
        return True
    if match["key"] == "termbase" and _HEAD_WITH_REV.fullmatch(match["value"].strip()):
        return False  # the line the machine-readable part starts with, after the notes
    if current["role"] is not None:
        # Quoted text and key=value pairs: inside an open quote, whatever
        # follows is the quote's text; outside, a key starts a new comment.
        return '"' in _QUOTED.sub("", current["value"])
    # Free text may hold "note: …" too: a key only starts a new comment when
    # termbase writes it later than the one being read.
    return _rank(match) <= _rank(current)


def _join(before: str, after: str) -> str:
    if _HYPHEN_END.search(before) and _WORD_START.match(after):
        return before + after
    return f"{before} {after}"


def unwrap(comment: str) -> str:
    """A free-text comment (the reviewer's ``#`` one) on one line again, however wrapped."""
    text = ""
    for line in (line.strip() for line in comment.split("\n")):
        if line:
            text = _join(text, line) if text else line
    return text


def _unsplit_keys(lines: list[str]) -> list[str]:
    """Lines with "vi"/"en" put back before the "term:" … that a very narrow wrap moved on."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] in ("vi", "en") and _ROLE_START.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def termbase_comments(comment: str) -> list[re.Match[str]]:
    """termbase's ``#.`` comments in polib's ``entry.comment``, each on one line again.

    termbase writes each comment on one line; polib's ``save()`` (and the
    editors built on it) wraps long ones at some width, at a space or after the
    hyphen of a hyphenated word (textwrap). A line that starts no termbase comment
    continues the one before; see :func:`_continues` for one that looks as if
    it did. Lines before the first termbase comment, and after a blank one,
    belong to other tools and are left out.
    """
    found: list[re.Match[str]] = []
    current: re.Match[str] | None = None
    for line in _unsplit_keys([line.strip() for line in comment.split("\n")]):
        match = _COMMENT.fullmatch(line)
        if not line:
            current = None
        elif current is not None and _continues(current, line, match):
            # The key at the start still matches: _COMMENT's value takes any text.
            current = _COMMENT.fullmatch(_join(current.group(), line)) or current
            found[-1] = current
        elif match is not None:
            current = match
            found.append(match)
    return found


@dataclass
class EntryComments:
    """What termbase's comments of one entry say."""

    fields: dict[str, str] = field(default_factory=dict)
    source_attrs: dict[str, str] = field(default_factory=dict)
    recorded: tuple[str | None, dict[str, str]] | None = None
    alternatives: list[Term] = field(default_factory=list)
    # The concept's decisions at export (termbase.merge.revision); None in older files.
    revision: str | None = None


_HEAD = re.compile(r"concept (-?\d+)(?: rev ([0-9a-f]{1,64}))?")


def _from_head(matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """The comments from the ``termbase:`` line with a ``rev`` on, if there is one.

    Before it are the reviewer's notes, which a PO tool may have wrapped so
    that a line starts with what looks like a key ("note: …").
    """
    for index in range(len(matches) - 1, -1, -1):
        match = matches[index]
        if match["key"] == "termbase" and " rev " in match["value"]:
            return matches[index:]
    return matches


def read_comments(comment: str, src: str, tgt: str) -> EntryComments:
    """Parse termbase's comments; ValueError says what is wrong with one."""
    found = EntryComments()
    for match in _from_head(termbase_comments(comment)):
        key, value = match["key"], match["value"]
        if key == "termbase":
            head = _HEAD.fullmatch(value.strip())
            if head is None:
                raise ValueError("expected 'termbase: concept <number> rev <fingerprint>'")
            found.fields.setdefault("id", str(parse_whole(head[1], "concept")))
            if head[2] is not None and found.revision is None:
                found.revision = head[2]
        elif match["role"] is None:
            found.fields.setdefault(key, value)
        elif match["role"] == "term":
            items = parse_items(value)
            if match["lang"] == src and items:
                found.source_attrs = items[0][1]
        elif match["role"] == "target":
            if match["lang"] == tgt and found.recorded is None:
                items = parse_items(value)
                found.recorded = items[0] if items else None
        else:
            for alt_text, alt_attrs in parse_items(value):
                alt = clean(alt_text or "")
                if alt:
                    term = term_from_attributes(match["lang"], alt, alt_attrs)
                    found.alternatives.append(term)
    return found
