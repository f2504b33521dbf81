"""What a segment is made of: its stored text with inline markup, and its matching key.

A segment is stored the way TMX writes a ``<seg>``'s content: text escaped for
XML, inline elements (``bpt``, ``ept``, ``ph``, ``it``, ``hi``, ``ut``, ``sub``)
kept as elements. The matching key is built from the words only: markup removed
(the content of ``hi`` is text; that of the code elements is not), NFC, case
folded, tone placement normalised (:func:`termbase.normalize.tone_key`), every
number one placeholder token ``0`` and punctuation dropped.  Tokens are what
SQLite's ``unicode61`` tokenizer sees as one: runs of letters and digits, so a
Vietnamese syllable or an English word.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, unescape

from lxml import etree

from termbase.normalize import clean, fold_key, tone_key

# Elements whose content is native code (not text) in TMX 1.4b.
CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})
INLINE_TAGS = CODE_TAGS | {"hi", "sub"}
NUMBER = "0"

_TOKEN_RE = re.compile(r"\d+(?:[.,:/]\d+)*|[^\W_]+")
# The same tokens in ASCII text, found faster (letters first, a class per alternative).
_ASCII_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*|[0-9]+(?:[.,:/][0-9]+)*")
_PUNCT_RE = re.compile(r"[^\w\s]")


# Token -> key, filled as tokens are met: a plain dict lookup is the cheapest
# way to key a million segments; cleared when it grows past _KEYS_MAX.
_KEYS: dict[str, str] = {}
_KEYS_MAX = 1 << 20


def token_key(token: str) -> str:
    """The matching key of one token: ``0`` for a number, else its tone key."""
    key = _KEYS.get(token)
    if key is None:
        if len(_KEYS) >= _KEYS_MAX:
            _KEYS.clear()
        key = _KEYS[token] = NUMBER if token[0].isdigit() else tone_key(token)
    return key


def tokens_of(text: str) -> list[str]:
    """The surface tokens of plain text (NFC), in order."""
    return (_ASCII_TOKEN_RE if text.isascii() else _TOKEN_RE).findall(text)


def key_tokens(text: str) -> list[str]:
    """The matching-key tokens of plain text."""
    return cleaned_key_tokens(clean(text))


def cleaned_key_tokens(text: str) -> list[str]:
    """The matching-key tokens of text already through :func:`termbase.normalize.clean`."""
    tokens = _TOKEN_RE.findall(text)
    try:  # every token met before: one C-level pass
        return list(map(_KEYS.__getitem__, tokens))
    except KeyError:
        return [token_key(t) for t in tokens]


def key_hash(key: str) -> int:
    """A signed 64-bit hash of a key, for exact lookups through an integer index."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def fold_tokens(text: str) -> list[str]:
    """The tokens of ``text`` with every diacritic removed (for concordance)."""
    return [NUMBER if t[0].isdigit() else t for t in _TOKEN_RE.findall(fold_key(text))]


# -- markup --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a segment: translatable ``text`` or a native ``code`` of an inline tag."""

    text: str
    code: bool = False


def markup_of(seg: etree._Element) -> str:
    """The stored form of a ``<seg>`` element: its inner XML, namespaces left out."""
    parts = [escape(seg.text or "")]
    for child in seg:
        if isinstance(child.tag, str):
            parts.append(_inline_xml(child))
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def _inline_xml(elem: etree._Element) -> str:
    tag = etree.QName(elem).localname
    attrs = "".join(f' {_attr_name(k)}="{escape(v, _QUOTE)}"' for k, v in elem.attrib.items())
    inner = [escape(elem.text or "")]
    for child in elem:
        if isinstance(child.tag, str):
            inner.append(_inline_xml(child))
        inner.append(escape(child.tail or ""))
    body = "".join(inner)
    return f"<{tag}{attrs}>{body}</{tag}>" if body else f"<{tag}{attrs}/>"


_QUOTE = {'"': "&quot;"}
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def _attr_name(name: str) -> str:
    return (
        "xml:" + name[len(_XML_NS) :] if name.startswith(_XML_NS) else etree.QName(name).localname
    )


def markup_from_text(text: str) -> str:
    """The stored form of plain text (PO, CSV, parallel files): escaped, no markup.

    A NUL becomes U+FFFD, as an export shows every character XML cannot carry:
    PostgreSQL's text cannot hold one, and the place stays visible.
    """
    return escape(text.replace("\x00", "\ufffd") if "\x00" in text else text)


def pieces(markup: str) -> list[Piece]:
    """The runs of a stored segment: text, and the native code of each inline tag."""
    if "<" not in markup:
        return [Piece(unescape(markup, _ENTITIES))] if markup else []
    seg = etree.fromstring(f"<seg>{markup}</seg>")
    out: list[Piece] = []
    _walk(seg, out, code=False)
    return [p for p in out if p.text]


_ENTITIES = {"&quot;": '"', "&apos;": "'"}


def _walk(elem: etree._Element, out: list[Piece], code: bool) -> None:
    out.append(Piece(elem.text or "", code))
    for child in elem:
        if isinstance(child.tag, str):
            tag = etree.QName(child).localname
            # sub inside a code element is translatable text again.
            _walk(child, out, code=tag in CODE_TAGS or (code and tag != "sub"))
        out.append(Piece(child.tail or "", code))


def plain_text(markup: str) -> str:
    """The segment as the original document had it: text and native codes inline."""
    return "".join(p.text for p in pieces(markup))


def words_text(markup: str) -> str:
    """The translatable text only (markup removed): what matching looks at."""
    return " ".join(p.text for p in pieces(markup) if not p.code)


def tags_of(markup: str) -> list[str]:
    """The inline tags of a stored segment, in order (for the "markup differs" mark)."""
    return re.findall(r"<(\w+)", markup)


# -- analysis ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Analysis:
    """What scoring needs of one segment."""

    keys: list[str]
    cased: list[str]  # one case signature per key token
    numbers: list[str]
    punctuation: str
    tags: list[str]


def analyse(markup: str) -> Analysis:
    """Tokens for the distance, and what the minor-difference marks compare."""
    text = clean(words_text(markup))
    surface = _TOKEN_RE.findall(text)
    keys = [token_key(t) for t in surface]
    # Where each token has capitals: tone placement never changes a word's length in NFC.
    cased = ["".join("1" if c.isupper() else "0" for c in t) for t in surface]
    numbers = [t for t in surface if t[0].isdigit()]
    punctuation = "".join(_PUNCT_RE.findall(_TOKEN_RE.sub(" ", text)))
    return Analysis(keys, cased, numbers, punctuation, tags_of(markup))


def styled_runs(markup: str, marked: set[int]) -> list[tuple[str, str]]:
    """The segment as runs of ("text" | "code" | "mark", text) for display.

    ``marked`` are token indexes (as :func:`analyse` counts them) to show as
    changed; native codes of inline markup come out as "code".
    """
    runs: list[tuple[str, str]] = []
    index = 0
    for piece in pieces(markup):
        if piece.code:
            runs.append(("code", piece.text))
            continue
        text = clean_piece(piece.text)
        last = 0
        for match in _TOKEN_RE.finditer(text):
            if index in marked:
                runs.append(("text", text[last : match.start()]))
                runs.append(("mark", match.group()))
                last = match.end()
            index += 1
        runs.append(("text", text[last:]))
    return [r for r in runs if r[1]]


def clean_piece(text: str) -> str:
    """A run of text as displayed: NFC, marks in order, whitespace kept."""
    return "".join(clean(part) if part.strip() else part for part in re.split(r"(\s+)", text))
