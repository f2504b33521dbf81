"""Finding a concept's approved terms in a segment pair, with one automaton per language.

Each side of a segment becomes a haystack: case folded, its words (runs of
letters and digits; syllables, in Vietnamese) between single spaces, so a
pattern (a term made the same way, with a space at each end) matches only
whole words and a whole term. Then:

* Vietnamese: the tone placed where :func:`termbase.normalize.tone_key` places
  it, so "hòa" and "hoà", "Thủy" and "thuỷ" are one word, and so are the two
  spellings of "i"/"y" ("tỉ lệ", "tỷ lệ"); other diacritics still count ("ban"
  is not "bán").
* English: the possessive dropped from the text ("Council's", "states'"); a term
  is entered with the regular plurals and singulars of its first and last words
  ("member states", "heads of state"), and closed up when hyphenated
  ("cease-fire", "ceasefire"); "cease-fire" and "cease fire" are one haystack.

All the source patterns go into one Aho-Corasick automaton (pyahocorasick);
the target of a pair whose source holds terms is searched only for the patterns
of those terms' concepts (a substring test each). A text is prepared by a few
passes of C (NFC, casefold, regular expressions with fixed replacements), never
a Python call per word, so a segment costs the same whatever the size of the
termbase.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from termbase.models import StatusTerm
from termbase.normalize import clean, i_y_variant

_NON_WORD_RE = re.compile(r"[\W_]+")
# "Council's", "states'": the possessive is no part of the term.
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\b|(?<=s)['’](?!\w)")
_HYPHENATED_RE = re.compile(r"\w-\w")
# Tone marks as the old style places them in an open oa, oe, uy ("hòa", "thủy"), moved
# to where tone_key puts them ("hoà", "thuỷ"): the only placements the two styles
# disagree on. One pass of C over the text instead of a Python call per word.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_OLD_STYLE: dict[str, str] = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
    for _tone in _TONES:
        _old = unicodedata.normalize("NFC", _first + _tone + _second)
        _OLD_STYLE[_old] = unicodedata.normalize("NFC", _first + _second + _tone)
_OLD_STYLE_RE = re.compile(f"({'|'.join(_OLD_STYLE)})(?![^\\W_])")


def _folded(text: str) -> str:
    """NFC (marks in order), case folded: the text every key starts from."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = clean(text)
    return text.casefold()


def vi_haystack(text: str) -> str:
    """Vietnamese text as the automaton reads it: words (syllables) between single spaces.

    Case folded and the tone placed as :func:`termbase.normalize.tone_key` places it.
    """
    text = _OLD_STYLE_RE.sub(lambda m: _OLD_STYLE[m.group(1)], _folded(text))
    return " " + _NON_WORD_RE.sub(" ", text).strip() + " "


def en_haystack(text: str) -> str:
    """English text as the automaton reads it: case folded, possessives dropped, words."""
    text = _folded(text)
    if "'" in text or "’" in text:  # most segments have none: skip the regex's scan
        text = _POSSESSIVE_RE.sub("", text)
    return " " + _NON_WORD_RE.sub(" ", text).strip() + " "


HAYSTACKS: dict[str, Callable[[str], str]] = {"vi": vi_haystack, "en": en_haystack}


def word_forms(word: str) -> set[str]:
    """An English word and its regular plural or singular ("policy", "policies")."""
    forms = {word}
    if len(word) < 2 or not word.isalpha():
        return forms
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(word + "es")
    if word.endswith("y") and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    elif not word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "s")
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.add(word[:-1])
    return forms


def term_patterns(text: str, lang: str) -> list[str]:
    """The patterns a term is found by.

    Vietnamese: the term itself, keyed as the text is, and its other spelling of
    "i"/"y" (:func:`termbase.normalize.i_y_variant`). English: every regular
    plural or singular of its first and last words (the head noun of "member
    states" and of "heads of state"), and closed up when hyphenated ("cease-fire",
    "ceasefire").
    """
    words = HAYSTACKS[lang](text).split()
    if not words:
        return []
    if lang == "vi":
        # "tỉ lệ" is "tỷ lệ" spelt with "i": both spellings are the term.
        other = i_y_variant(" ".join(words))
        return [_joined(words)] if other is None else [_joined(words), f" {other} "]
    spellings = [words]
    if _HYPHENATED_RE.search(text):
        closed = HAYSTACKS[lang](_HYPHENATED_RE.sub(lambda m: m.group().replace("-", ""), text))
        if closed.split() != words:
            spellings.append(closed.split())
    patterns: set[str] = set()
    for spelling in spellings:
        if len(spelling) == 1:
            patterns.update(_joined([f]) for f in word_forms(spelling[0]))
            continue
        for first in word_forms(spelling[0]):
            for last in word_forms(spelling[-1]):
                patterns.add(_joined([first, *spelling[1:-1], last]))
    return sorted(patterns)


def _joined(keys: Sequence[str]) -> str:
    return " " + " ".join(keys) + " "


class _Automaton:
    """Patterns (space-delimited key strings) to integer ids, searched all at once."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._ids: dict[str, int] = {}

    def add(self, pattern: str) -> int:
        """The id of ``pattern``, added if new."""
        found = self._ids.get(pattern)
        if found is None:
            found = self._ids[pattern] = len(self._ids)
            # Space-delimited: the match covers pattern[1:-1], whole words.
            self._automaton.add_word(pattern, (found, len(pattern)))
        return found

    def finish(self) -> None:
        if self._ids:
            self._automaton.make_automaton()

    def search(self, haystack: str) -> list[tuple[int, int, int]]:
        """Every match in ``haystack`` as (start, end, id), start and end character offsets."""
        if not self._ids:
            return []
        return [
            (end - length + 2, end, found)
            for end, (found, length) in self._automaton.iter(haystack)
        ]


@dataclass(frozen=True, slots=True)
class Hit:
    """One check that failed in a segment.

    ``kind`` is "missing" (none of ``expected`` in the target) or "forbidden"
    (``found``, a forbidden term, is there). ``term`` is the source term as the
    termbase spells it; ``concepts`` the concepts it is a term of.
    """

    kind: str
    concepts: tuple[int, ...]
    term: str
    expected: tuple[str, ...]
    found: str | None = None


@dataclass(frozen=True, slots=True)
class _Group:
    """The concepts sharing one source pattern, and what their targets may and may not say.

    ``accept``: the patterns of every approved target term of the concepts;
    ``forbidden``: (pattern, term) of their forbidden target terms, none also approved.
    """

    concepts: tuple[int, ...]
    term: str
    accept: tuple[str, ...]
    forbidden: tuple[tuple[str, str], ...]
    expected: tuple[str, ...]


def _spans(patterns: Iterable[str], haystack: str) -> list[tuple[int, int]]:
    """Every occurrence of each pattern in ``haystack``, overlapping ones too, as (start, end)."""
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        at = haystack.find(pattern)
        while at >= 0:
            spans.append((at + 1, at + len(pattern) - 1))
            at = haystack.find(pattern, at + 1)
    return spans


class Checker:
    """The approved terms of one direction (source language → target language).

    The source side is searched with one automaton; the target side only where
    the source holds a term, and then only for the patterns of that term's
    concepts (a substring test each), not for every target term of the termbase.
    """

    def __init__(self, terms: Iterable[StatusTerm], source: str, target: str) -> None:
        self.source, self.target = source, target
        by_concept: dict[int, list[StatusTerm]] = {}
        for term in terms:
            by_concept.setdefault(term.concept_id, []).append(term)
        self._source = _Automaton()
        target_ids: dict[str, int] = {}
        target_text: dict[int, str] = {}
        pattern_concepts: dict[int, list[int]] = {}
        pattern_text: dict[int, str] = {}
        approved: dict[int, set[int]] = {}
        forbidden: dict[int, set[int]] = {}
        for concept_id, rows in by_concept.items():
            targets = [t for t in rows if t.lang == target]
            if not targets:
                continue  # nothing the translation should or should not say
            for row in targets:
                bucket = approved if row.status == "approved" else forbidden
                for pattern in term_patterns(row.text, target):
                    found = target_ids.setdefault(pattern, len(target_ids))
                    target_text.setdefault(found, row.text)
                    bucket.setdefault(concept_id, set()).add(found)
            for row in rows:
                if row.lang != source or row.status != "approved":
                    continue
                for pattern in term_patterns(row.text, source):
                    found = self._source.add(pattern)
                    owners = pattern_concepts.setdefault(found, [])
                    if concept_id not in owners:
                        owners.append(concept_id)
                    pattern_text.setdefault(found, row.text)
        self._source.finish()
        target_patterns = {found: pattern for pattern, found in target_ids.items()}
        self._groups: dict[int, _Group] = {}
        for found, owners in pattern_concepts.items():
            ok = frozenset().union(*(approved.get(c, set()) for c in owners))
            bad = frozenset().union(*(forbidden.get(c, set()) for c in owners)) - ok
            expected = tuple(dict.fromkeys(target_text[i] for i in sorted(ok)))
            self._groups[found] = _Group(
                tuple(owners),
                pattern_text[found],
                tuple(target_patterns[i] for i in sorted(ok)),
                tuple((target_patterns[i], target_text[i]) for i in sorted(bad)),
                expected,
            )
        self.concepts = len({c for owners in pattern_concepts.values() for c in owners})

    def source_terms(self, text: str) -> list[int]:
        """The source patterns found in ``text``: longest first, none inside another found."""
        matches = self._source.search(HAYSTACKS[self.source](text))
        if len(matches) > 1:
            matches.sort(key=lambda m: (m[0] - m[1], m[0]))
            kept: list[tuple[int, int, int]] = []
            for match in matches:
                if all(match[1] < k[0] or match[0] > k[1] for k in kept):
                    kept.append(match)
            matches = sorted(kept)
            return list(dict.fromkeys(m[2] for m in matches))
        return [m[2] for m in matches]

    def check(self, source: str, target: str) -> tuple[int, list[Hit]]:
        """How many source terms ``source`` has, and the checks the pair fails."""
        found = self.source_terms(source)
        if not found:
            return 0, []
        return len(found), self.target_hits(found, target)

    def target_hits(self, found: Sequence[int], target: str) -> list[Hit]:
        """The checks ``target`` fails, for the source patterns ``found`` in its source."""
        haystack = HAYSTACKS[self.target](target)
        hits: list[Hit] = []
        seen: set[tuple[int, ...]] = set()
        for term_id in found:
            group = self._groups[term_id]
            if group.concepts in seen:
                continue  # two synonyms of one concept in the segment: one check
            seen.add(group.concepts)
            if group.accept and not any(p in haystack for p in group.accept):
                hits.append(Hit("missing", group.concepts, group.term, group.expected))
            allowed: list[tuple[int, int]] | None = None
            for pattern, text in group.forbidden:
                if pattern not in haystack:
                    continue
                if allowed is None:
                    allowed = _spans(group.accept, haystack)
                # A forbidden term inside an approved one ("security" in "Security
                # Council") is the approved term, not the forbidden one.
                if any(
                    not any(a[0] <= s[0] and s[1] <= a[1] for a in allowed)
                    for s in _spans((pattern,), haystack)
                ):
                    hits.append(Hit("forbidden", group.concepts, group.term, group.expected, text))
        return hits
