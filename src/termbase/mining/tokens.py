"""Token classes: one letter per token, so that a document is one string to search.

A document's kept text is split at white space and at separators into parts;
each distinct part is classified once (:class:`TokenTable`), and a document
becomes its *class string*, one letter per part.  Regular expressions over that
string (below) find the runs of content syllables, sentence starts, glosses,
and the tokens to look at again, without a Python step per token.

======  ==================  ===============================================================
Letter  Name                What makes a token that class
======  ==================  ===============================================================
``V``   ``VI``              a lower-case word spelled like one Vietnamese syllable
                            (:func:`~termbase.mining.syllables.is_vietnamese_syllable`)
                            that is neither a function word nor a connector
``C``   ``CAP``             the same, capitalised ("Hà"), or in capitals with a letter
                            outside ASCII ("VIỆT")
``N``   ``CONN``            a connector ("và", "các", "của", "ở", "về"): inside a name
                            with a capitalised head, else it ends the run
``L``   ``LATIN``           a capitalised word not spelled like one syllable ("Putin",
                            "Wales"), or capitalised parts joined by "-" or "'" that are
                            not all syllables ("Jean-Pierre")
``A``   ``ACRO``            two or more capitals, unless a syllable with a letter outside
                            ASCII ("NATO", and "NAM" too); capitals joined by "-"
                            ("START-II"); capitals with digits ("COVID-19", "G7")
``B``   ``BREAK``           anything else, which ends a run: a function word, a number, a
                            lone capital, a lower-case word that is no syllable ("online")
``S``   ``SENT``            a separator piece with a sentence end in it (. ! ? … :)
``P``   ``PUNCT``           any other separator piece (, ; / | • · * = < > # & +)
``O``   ``OPEN``            an opening bracket: ( [ {
``Q``   ``CLOSE``           a closing bracket: ) ] }
``D``   ``QUOTE``           a piece of quotes only: " “ ” « »
``|``   ``LINE``            :data:`LINE_MARK`, put between two kept spans (a new line)
``v``   ``MAYBE_PAIR_VI``   a ``V`` that may start a two-syllable function word
                            ("dự" of "dự kiến", :data:`~termbase.mining.syllables.PAIRS`)
``c``   ``MAYBE_PAIR_CAP``  the same for a ``C`` ("Tuy" of "Tuy nhiên")
``f``   ``MAYBE_CONTENT``   a function word that may be a syllable of a dictionary word
                            ("không" of "không gian", "sự" of "quân sự"), or that may start
                            a two-syllable function word
======  ==================  ===============================================================

The three lower-case letters exist only until :func:`settle` looks at their
neighbours: a two-syllable function word becomes ``BB``; an ``f`` bonded with
a content neighbour into a dictionary word becomes ``V`` or ``C``; the rest
become ``V``, ``C`` and ``B``.  A token's class out of context (``v`` as
``V``, ``f`` as ``B``) is :attr:`TokenTable.kind`.

The patterns over class strings, in the order a document meets them:

* ``SPECIAL`` (``[vcf]``): is there anything for :func:`settle` to do;
* ``LOOK``: the marked tokens next to content, the only ones looked at (an
  ``f`` between breaks just becomes ``B``);
* ``RUNS``: the runs, tried in order: a capitalised stretch with connectors
  inside (``C[VC]+(?:N[VC]+)+``, group 1, split in Python by
  :func:`~termbase.mining.scan.bridge`), syllables with a capitalised one among
  them and one to three Latin words or acronyms after them ("Nghị viện Wales"),
  a plain run of syllables, or one to five Latin words or acronyms;
* ``INITIAL``: where a sentence's first token is (after ``S`` or ``|`` and any
  ``P``, ``O``, ``Q``, ``D``): a run there may be capitalised for that alone;
* ``AFTER_BREAK``: a ``C`` right after a ``B`` (a person's name after "ông");
* ``MARKED``: an ``L``, ``D`` or ``O`` right after a syllable, where a run may
  stand before a Latin name, between quotes, or before a gloss;
* ``GLOSS``: one to six Latin words or acronyms alone in brackets.

The patterns are written with the letters themselves, as the table gives them
(the Python code uses the named constants).
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from termbase.mining.abbreviations import (
    ABBREVIATION,
    ABBREVIATIONS,
    JOINER,
    is_country_pair,
)
from termbase.mining.syllables import (
    CONNECTOR_KEYS,
    FUNCTION,
    PAIR_FIRST,
    PAIRS,
    bondable_function_words,
    is_vietnamese_syllable,
    key_of,
    noun_bonds,
)

# The class letters (see the table above).
VI, CAP, CONN, LATIN, ACRO, BREAK = "V", "C", "N", "L", "A", "B"
SENT, PUNCT, OPEN, CLOSE, QUOTE, LINE = "S", "P", "O", "Q", "D", "|"
MAYBE_PAIR_VI, MAYBE_PAIR_CAP, MAYBE_CONTENT = "v", "c", "f"
# Letters of content syllables, settled or not; the settled ones a run starts with.
CONTENT = frozenset(VI + CAP + MAYBE_PAIR_VI + MAYBE_PAIR_CAP)
SYLLABLE_LETTERS = VI + CAP
# How settle() leaves the marked letters it did not change.
_SETTLE = str.maketrans({MAYBE_PAIR_VI: VI, MAYBE_PAIR_CAP: CAP, MAYBE_CONTENT: BREAK})

# Put between kept spans joined into one text: a token of its own, class LINE.
LINE_MARK = "\ue000"
_SEP_CHARS = '.,;:!?…()[]{}"“”«»/|•·*=<>#&+'
_SEP_SPLIT = re.compile(r"([()\[\]{}]|[.,;:!?…\"“”«»/|•·*=<>#&+]+)")
_HAS_SEP = re.compile(r"[.,;:!?…()\[\]{}\"“”«»/|•·*=<>#&+]")
_SENTENCE_END = frozenset(".!?…:")
_QUOTES = frozenset('"“”«»')
# Marks stripped from a token's edges before it is classified.
EDGE = "'‘’`´\"-–—_~^"
_ACRONYM_DIGITS = re.compile(r"[A-Z][A-Za-z]{0,5}-?\d{1,4}[A-Za-z]?|[A-Z]{2,}(?:-[A-Z0-9]+)+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# The patterns over class strings (see the module docstring).
SPECIAL = re.compile(r"[vcf]")
LOOK = re.compile(r"[vc]|(?<=[VCvc])f|f(?=[VCvcf])")
RUNS = re.compile(r"(C[VC]+(?:N[VC]+)+)|[VC]*C[VC]*[LA]{1,3}|[VC]+|[LA]{1,5}")
INITIAL = re.compile(r"(?:^|[S|])[POQD]*(?=[^POQDS|])")
AFTER_BREAK = re.compile(r"(?<=B)C")
MARKED = re.compile(r"(?<=[VC])[LDO]")
GLOSS = re.compile(r"O([LA]{1,6})Q")
LINES = re.compile(re.escape(LINE))


class TokenInfo(NamedTuple):
    """What :func:`classify` says of one token."""

    cls: str  # class letter
    key: str  # grouping key (key_of), "" for most breaks
    surface: str  # the token with its edge marks stripped


def classify(token: str) -> TokenInfo:
    """The class, grouping key and surface of one whitespace-separated token."""
    return TokenInfo._make(_classify(token))


# What classify() returns, as a plain tuple: TokenTable.add makes one per distinct token.
_Info = tuple[str, str, str]


def _classify(token: str) -> _Info:
    """:func:`classify` as a plain tuple: a named one costs a Python-level call per token."""
    text = token.strip(EDGE)
    if JOINER in text:
        text = text.replace(JOINER, "")
    if not text:
        return (BREAK, "", "")
    if not text.isalpha() and any(ch.isdigit() for ch in text):
        if _ACRONYM_DIGITS.fullmatch(text):
            return (ACRO, _acronym_key(text), text)
        return (BREAK, "", text)
    if "-" in text or "’" in text or "'" in text:
        parts = re.split(r"[-’']", text)
        if "-" in text and is_country_pair(parts):
            # "Nga-Mỹ", "Mỹ - Nga": one modifier, kept whole inside a term.
            return (CAP, "-".join(map(key_of, parts)), "-".join(parts))
        if all(len(p) >= 2 and p.isalpha() and p.isupper() for p in parts):
            return (ACRO, _acronym_key(text), text)
        if all(p[:1].isupper() and p.isalpha() for p in parts if p) and not all(
            is_vietnamese_syllable(p) for p in parts if p
        ):
            return (LATIN, text.casefold(), text)
        return (BREAK, "", text)
    if not text.isalpha():
        return (BREAK, "", text)
    vietnamese = is_vietnamese_syllable(text)
    if text.isupper() and len(text) >= 2:
        if vietnamese and _NON_ASCII.search(text):
            return _content(text, CAP)
        return (ACRO, _acronym_key(text), text)
    if text[0].isupper():
        if len(text) == 1:
            if vietnamese and _NON_ASCII.search(text) and text.lower() not in _INTERJECTIONS:
                return _content(text, CAP)  # "châu Á", "Ả Rập", "Ý" (Italy)
            # An initial or a label ("A", "B"), unless a word holds it ("Bộ Y tế": settle).
            return (BREAK, key_of(text) if vietnamese else "", text)
        return _content(text, CAP) if vietnamese else (LATIN, text.casefold(), text)
    if vietnamese:
        return _content(text, VI)
    return (BREAK, "", text)


# One-letter syllables that, capitalised alone, open a sentence as an exclamation.
_INTERJECTIONS = frozenset("ồờừơêôạà")


def _acronym_key(text: str) -> str:
    """An acronym's key keeps its capitals: "AI" never groups with the pronoun "ai"."""
    return text.upper()


def _content(text: str, cls: str) -> _Info:
    key = key_of(text)
    if key in FUNCTION:
        return (BREAK, key, text)
    if key in CONNECTOR_KEYS:
        return (CONN, key, text)
    return (cls, key, text)


class TokenTable:
    """Every distinct token seen, classified once: its class letters and parts."""

    def __init__(self) -> None:
        # Per whitespace-separated token: its parts' class letters, and its parts.
        self.classes: dict[str, str] = {LINE_MARK: LINE}
        self.parts: dict[str, tuple[str, ...]] = {LINE_MARK: ("",)}
        # Per part (its surface): grouping key, and class out of context (settled letters).
        self.key: dict[str, str] = {"": ""}
        self.kind: dict[str, str] = {"": BREAK}
        self._bondable = bondable_function_words()

    def add(self, raw: str) -> None:
        """Split one whitespace-separated token at separators and classify its parts."""
        letters: list[str] = []
        parts: list[str] = []
        abbreviation = ABBREVIATION.fullmatch(raw.lstrip("([{"))
        if abbreviation:
            # "TT. Trump": the words the abbreviation stands for, then the rest of the token.
            lead = raw[: len(raw) - len(abbreviation[0])]
            words = ABBREVIATIONS[abbreviation[1]].split()
            pieces = [*(_SEP_SPLIT.split(lead) if lead else []), *words]
            rest = abbreviation[2]
            pieces += _SEP_SPLIT.split(rest) if _HAS_SEP.search(rest) else [rest]
        else:
            pieces = _SEP_SPLIT.split(raw) if _HAS_SEP.search(raw) else [raw]
        for piece in pieces:
            if not piece:
                continue
            if piece[0] in _SEP_CHARS and _SEP_SPLIT.fullmatch(piece):
                if piece in "([{":
                    letter = OPEN
                elif piece in ")]}":
                    letter = CLOSE
                elif not _SENTENCE_END.isdisjoint(piece):
                    letter = SENT
                elif _QUOTES.issuperset(piece):
                    letter = QUOTE
                else:
                    letter = PUNCT
                letters.append(letter)
                parts.append(piece)
                self.key.setdefault(piece, "")
                self.kind.setdefault(piece, letter)
                continue
            cls, key, surface = _classify(piece)
            surface = surface or piece
            if key in PAIR_FIRST and cls in (VI, CAP):
                cls = MAYBE_PAIR_VI if cls == VI else MAYBE_PAIR_CAP
            elif cls == BREAK and key and (key in self._bondable or key in PAIR_FIRST):
                cls = MAYBE_CONTENT
            letters.append(cls)
            parts.append(surface)
            self.key.setdefault(surface, key)
            self.kind.setdefault(surface, cls.translate(_SETTLE))
        self.classes[raw] = "".join(letters)
        self.parts[raw] = tuple(parts)

    def split(self, text: str) -> tuple[str, list[str]]:
        """The class string and the parts of ``text``, one letter per part."""
        raw = text.split()
        classes = self.classes
        for token in itertools.filterfalse(classes.__contains__, raw):
            if token not in classes:
                self.add(token)
        letters = "".join(map(classes.__getitem__, raw))
        parts = list(itertools.chain.from_iterable(map(self.parts.__getitem__, raw)))
        return letters, parts


def settle(letters: str, parts: list[str], keys: dict[str, str]) -> str:
    """Decide the tokens marked for a second look, from their neighbours.

    A two-syllable function word ("dự kiến", "tuy nhiên") breaks the run; a
    function word inside a dictionary word ("hàng không", "quân sự") is
    content.  The pairs are looked up all at once; Python only visits hits.
    """
    if not SPECIAL.search(letters):
        return letters
    look = list(map(re.Match.start, LOOK.finditer(letters)))
    if not look:
        return letters.translate(_SETTLE)
    n = len(parts)
    parts.append("")  # parts[n] and parts[-1]: an empty neighbour at both ends
    part = parts.__getitem__
    key = keys.__getitem__
    here = list(map(key, map(part, look)))
    after = list(map(key, map(part, map((1).__add__, look))))
    before = list(map(key, map(part, map((-1).__add__, look))))
    parts.pop()
    right = list(map(" ".join, zip(here, after, strict=True)))
    left = list(map(" ".join, zip(before, here, strict=True)))
    bond = noun_bonds()
    pair = list(map(PAIRS.__contains__, right))
    bonded = list(map(bond.__contains__, right))
    bonded_left = list(map(bond.__contains__, left))
    out = list(letters)
    skip = -1
    for j in itertools.compress(
        range(len(look)), map(any, zip(pair, bonded, bonded_left, strict=True))
    ):
        i = look[j]
        if i <= skip:
            continue
        if pair[j] and i + 1 < n:
            out[i] = out[i + 1] = BREAK
            skip = i + 1
        elif out[i] == MAYBE_CONTENT and (
            (bonded[j] and i + 1 < n and out[i + 1] in CONTENT)
            or (bonded_left[j] and i and out[i - 1] in CONTENT)
        ):
            out[i] = CAP if parts[i][:1].isupper() else VI
    return "".join(out).translate(_SETTLE)
