"""Term attributes written as text, shared by the PO and CSV formats.

A term's attributes read ``"text" key=value …``; a value that is not a plain
token is a JSON string. Also: guessing which column is Vietnamese.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from termbase.models import STATUSES, TERM_TYPES, Term
from termbase.normalize import clean

_BARE_VALUE = re.compile(r"[\w.:/@+-]+")
_ATTR_TOKEN = re.compile(
    r'\s*(?:(?P<text>"(?:[^"\\]|\\.)*")'
    r'|(?P<key>[a-z]+)=(?P<value>"(?:[^"\\]|\\.)*"|[^\s"|]+)'
    r"|(?P<bar>\|))"
)
TERM_KEYS = ("status", "type", "source", "confidence", "pos", "note")
# SQLite stores integers in 64 bits: a larger id or line number could not be kept.
MAX_INTEGER = 2**63 - 1


def shorten(text: str, width: int = 30) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, for an error message."""
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_whole(text: str, what: str) -> int:
    """``text`` as an int SQLite can hold; ValueError naming ``what`` otherwise."""
    try:
        # int() refuses over 4,300 digits with a message of its own: 40 is plenty.
        value = int(text) if len(text) <= 40 else None
    except ValueError:
        raise ValueError(f"{what} {shorten(text)!r} is not a whole number") from None
    if value is None or abs(value) > MAX_INTEGER:
        raise ValueError(f"{what} {shorten(text)} is too large (at most {MAX_INTEGER})")
    return value


def quote_value(value: str) -> str:
    """``value`` as a bare token when it is one, else as a JSON string."""
    if _BARE_VALUE.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def format_attributes(pairs: Iterable[tuple[str, object]]) -> str:
    """``key=value`` pairs, skipping None; floats keep their exact repr."""
    out = []
    for key, value in pairs:
        if value is None:
            continue
        if isinstance(value, float):
            text = repr(value)
        elif isinstance(value, int):
            text = str(value)
        else:
            text = quote_value(one_line(str(value)))
        out.append(f"{key}={text}")
    return " ".join(out)


def format_term(term: Term, with_text: bool = True) -> str:
    """A term as `"text" status=… type=… source=… confidence=… pos=… note=…`."""
    conf = None if term.confidence is None else float(term.confidence)
    attrs = format_attributes(
        [
            ("status", term.status),
            ("type", None if term.type == "fullForm" else term.type),
            ("source", term.source),
            ("confidence", conf),
            ("pos", term.pos),
            ("note", term.note),
        ]
    )
    if not with_text:
        return attrs
    text = json.dumps(one_line(term.text), ensure_ascii=False)
    return f"{text} {attrs}" if attrs else text


def parse_items(value: str) -> list[tuple[str | None, dict[str, str]]]:
    """Read `"text" key=value … | "text" …` back; ValueError says what is wrong."""
    items: list[tuple[str | None, dict[str, str]]] = []
    current: dict[str, str] | None = None
    pos, end = 0, len(value.rstrip())
    while pos < end:
        match = _ATTR_TOKEN.match(value, pos)
        if not match:
            raise ValueError(f"cannot read {value[pos:end].strip()[:30]!r}")
        pos = match.end()
        if match["bar"]:
            current = None
        elif match["text"]:
            current = {}
            items.append((_unquote(match["text"]), current))
        else:
            if current is None:
                current = {}
                items.append((None, current))
            key = match["key"]
            if key in current:
                raise ValueError(f"{key} is given twice")
            raw = match["value"]
            current[key] = _unquote(raw) if raw.startswith('"') else raw
    return items


def _unquote(quoted: str) -> str:
    try:
        text = json.loads(quoted)
    except json.JSONDecodeError:
        raise ValueError(f"bad escape in {quoted[:30]}") from None
    if not isinstance(text, str):
        raise ValueError(f"not a string: {quoted[:30]}")
    return text


def term_from_attributes(
    lang: str, text: str, attrs: dict[str, str], status: str | None = None
) -> Term:
    """A Term from parsed attributes (unknown keys and bad values raise ValueError)."""
    unknown = sorted(set(attrs) - set(TERM_KEYS))
    if unknown:
        raise ValueError(
            f"unknown attribute {shorten(unknown[0])!r}; known: {', '.join(TERM_KEYS)}"
        )
    status = status or attrs.get("status", "candidate")
    if status not in STATUSES:
        raise ValueError(f"status {shorten(status)!r} is not one of {', '.join(STATUSES)}")
    term_type = attrs.get("type", "fullForm")
    if term_type not in TERM_TYPES:
        raise ValueError(f"type {shorten(term_type)!r} is not one of {', '.join(TERM_TYPES)}")
    return Term(
        lang=lang,
        text=text,
        type=term_type,
        status=status,
        source=_opt_label(attrs.get("source")),
        confidence=parse_confidence(attrs.get("confidence")),
        pos=_opt_label(attrs.get("pos")),
        note=_opt_clean(attrs.get("note")),
    )


def parse_confidence(value: str | None) -> float | None:
    """A confidence as written in PO, CSV and OmegaT files; ValueError for NaN or infinity.

    SQLite would keep NaN as NULL and termbase's JSON cannot write infinity: a
    non-finite confidence is refused rather than dropped without a word.
    """
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"confidence {shorten(value)!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(
            f"confidence {shorten(value)!r} is not a finite number;"
            " write one such as 0.9, or leave it empty"
        )
    return number


# Provenance, part of speech, domain and file names repeat from entry to entry.
clean_label = lru_cache(maxsize=4096)(clean)


def _opt_label(value: str | None) -> str | None:
    if value is None:
        return None
    return clean_label(value) or None


def _opt_clean(value: str | None) -> str | None:
    if value is None:
        return None
    return clean(value) or None


_BREAKS = re.compile("[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and tabs turned into spaces (a no-op on clean text)."""
    if _BREAKS.search(text):
        return " ".join(text.split())
    return text


# ---------------------------------------------------------------------------
# Which column is Vietnamese: letters only Vietnamese uses (ă ơ ư đ, hook above,
# dot below, a circumflex with a tone). ASCII and Latin-1 letters (é, à, ô…) also
# occur in English loanwords and names, so they are not counted.


def _vietnamese_letters() -> frozenset[str]:
    letters = {"đ", "Đ"}
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            letter = unicodedata.normalize("NFC", base + tone)
            letters.update((letter, letter.upper()))
    return frozenset(ch for ch in letters if len(ch) == 1 and ch > "\u00ff")


VIETNAMESE_LETTERS = _vietnamese_letters()


def vietnamese_score(text: str) -> int:
    """How many letters of ``text`` only Vietnamese writes."""
    return sum(1 for ch in text if ch in VIETNAMESE_LETTERS)


def guess_direction(pairs: Iterable[tuple[str, str]]) -> str | None:
    """ "vi-en" or "en-vi" by a vote of pairs on which side looks Vietnamese; None on a tie."""
    first = second = 0
    for left, right in pairs:
        a, b = vietnamese_score(left), vietnamese_score(right)
        if a > b:
            first += 1
        elif b > a:
            second += 1
    if first == second:
        return None
    return "vi-en" if first > second else "en-vi"


# ---------------------------------------------------------------------------
# Writing
