"""The shipped Vietnamese-English dictionary: FVDP senses and example pairs, iso-codes names.

``fvdp.tsv.gz`` is built by :mod:`termbase.data._build_dictionary`; README.md gives
its sources and licences (GPL-2.0-or-later, LGPL-2.1-or-later).  Everything
is keyed by :func:`termbase.normalize.tone_key`, so "hoà bình" finds "hòa bình".
"""

from __future__ import annotations

import gc
import gzip
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from termbase.normalize import i_y_variant, tone_key

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Letters of English glosses (a few loanword accents allowed); Vietnamese letters mean a
# gloss that is really a cross-reference or an untranslated word.
_ENGLISH = re.compile(r"[A-Za-z][A-Za-z0-9 '.\-éèêàâçñöüï]*")
_ARTICLE = re.compile(r"^(?:a|an|the|to)\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
MAX_GLOSS_WORDS = 4
MAX_SENSE = 160
# "to help one another": the verb is "help".
_FILLER = re.compile(
    r"\s+(?:one another|each other|oneself|one's|somebody|someone|something|sb|sth)\b.*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Sense:
    """One sense of a headword: its part of speech, the sense text and its short glosses."""

    headword: str
    pos: str
    text: str
    glosses: tuple[str, ...]
    index: int
    # "fvdp" for the Free Vietnamese Dictionary Project, "core" for the project's own list.
    origin: str = "fvdp"


@dataclass(frozen=True, slots=True)
class Example:
    """An example pair from a dictionary entry ("Vũ khí hạt nhân" = "Nuclear weapon")."""

    headword: str
    vietnamese: str
    english: str


@dataclass(frozen=True, slots=True)
class Dictionary:
    """Indexes over the shipped data, each by tone key of the Vietnamese."""

    senses: dict[str, tuple[Sense, ...]]
    examples: dict[str, tuple[Example, ...]]
    learned: dict[str, tuple[tuple[str, int], ...]]
    places: dict[str, tuple[str, ...]]
    adjectives: dict[str, str]
    # English words met capitalised inside a sentence and never in lower case.
    proper: frozenset[str]
    # Lower-case English phrases the dictionary uses: glosses and short examples.
    english: frozenset[str]
    # Every lower-case English word of its senses and examples.
    words: frozenset[str] = frozenset()
    # The core lexicon's rows (core.tsv) by tone key, in file order.
    core: dict[str, tuple[Sense, ...]] = field(default_factory=dict)
    # Zipf frequency in general English of the words above (en_zipf.tsv).
    zipf: dict[str, float] = field(default_factory=dict)
    # English words WordNet 3.0 has as nouns (of those in ``zipf``).
    nouns: frozenset[str] = frozenset()
    # Phrase keys of ``english`` (suggest.sources.lexicon.phrase_key), computed at build time.
    english_keys: frozenset[str] = frozenset()
    # Multi-word English lemmas of WordNet 3.0 ("arms race"), lower case (en_phrases.txt.gz).
    phrases: frozenset[str] = frozenset()
    # Keys of the places whose names come first from the project's places list (places.tsv).
    curated_places: frozenset[str] = frozenset()

    def knows(self, key: str) -> bool:
        return (
            key in self.senses
            or key in self.core
            or key in self.examples
            or key in self.learned
            or key in self.places
            or key in self.adjectives
        )


def place_origin(dictionary: Dictionary, key: str) -> str:
    """Where a place's names come from, for a suggestion's evidence."""
    if key in dictionary.curated_places:
        return "place name (termbase places list)"
    return "iso-codes country name"


def glosses(text: str) -> tuple[str, ...]:
    """The short English equivalents in a sense: "to control; to examine" -> control, examine.

    An encyclopedic sense (a paragraph about a place or a person) has none.
    """
    out: list[str] = []
    if len(text) > MAX_SENSE:
        return ()
    for piece in re.split(r"[;,]", _PAREN.sub(" ", text)):
        piece = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", piece)).strip(" .!?:'\"-")
        piece = _ARTICLE.sub("", piece).strip()
        piece = _FILLER.sub("", piece).strip() or piece
        if not piece or not _ENGLISH.fullmatch(piece):
            continue
        if len(piece.split()) > MAX_GLOSS_WORDS or piece.lower().startswith("xem "):
            continue
        if piece not in out:
            out.append(piece)
    return tuple(out)


def english_example(text: str) -> str | None:
    """An example's English as a term: without article, "to" or final stop; None if a sentence."""
    text = _PAREN.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" .!?;:,'\"")
    text = _ARTICLE.sub("", text).strip()
    if not text or not _ENGLISH.fullmatch(text) or len(text.split()) > 6:
        return None
    return text


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _text(name: str) -> str:
    data = resources.files(__package__ or "termbase.data").joinpath(name)
    if not data.is_file():
        return ""
    raw = data.read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


def _rows(name: str = "fvdp.tsv.gz") -> Iterator[list[str]]:
    """The file's rows, split at tabs, one at a time (the whole list would double the peak)."""
    for line in _text(name).splitlines():
        if line and line[0] != "#":
            yield line.split("\t")


CORE_POS = {"n": "noun", "v": "verb", "a": "adjective", "r": ""}


def load_core() -> dict[str, tuple[Sense, ...]]:
    """The project's core lexicon (core.tsv): vi, pos, English equivalents by " | "."""
    core: dict[str, list[Sense]] = defaultdict(list)
    for row in _rows("core.tsv"):
        if len(row) != 3:
            continue
        head, pos, english = row
        key = tone_key(head)
        found = tuple(e.strip() for e in english.split("|") if e.strip())
        core[key].append(Sense(head, CORE_POS.get(pos, ""), english, found, len(core[key]), "core"))
    return {k: tuple(v) for k, v in core.items()}


def core_headwords() -> list[str]:
    """Every headword of the core lexicon (a word with several parts of speech once per row)."""
    return [row[0] for row in _rows("core.tsv") if len(row) == 3]


def core_words(pos: str) -> list[str]:
    """Headwords of the core lexicon with one part of speech (``n``, ``v``, ``a``, ``r``)."""
    return [row[0] for row in _rows("core.tsv") if len(row) == 3 and row[1] == pos]


def core_senses(pos: str) -> list[tuple[str, str]]:
    """(headword, first English equivalent) of the core lexicon's rows with one part of speech."""
    return [
        (row[0], row[2].split("|")[0].strip())
        for row in _rows("core.tsv")
        if len(row) == 3 and row[1] == pos
    ]


def place_names() -> list[str]:
    """The Vietnamese names of the places list (places.tsv), as written there."""
    return [vi.strip() for row in _rows("places.tsv") for vi in row[0].split("|") if vi.strip()]


def _load_places(
    places: dict[str, list[str]], adjectives: dict[str, str], place_words: set[str]
) -> frozenset[str]:
    """Add the places list (places.tsv) in front of the iso-codes names; return its keys.

    Its names are today's usage ("Hàn Quốc": South Korea), where iso-codes has older
    forms or none, and its adjectives are the country's ("Anh": British), not the
    language's ("English").
    """
    keys: set[str] = set()
    for row in _rows("places.tsv"):
        names = [n.strip() for n in row[1].split("|") if n.strip()]
        adjective = row[2].strip() if len(row) > 2 else ""
        for vi in row[0].split("|"):
            key = tone_key(vi.strip())
            places[key] = list(dict.fromkeys([*names, *places.get(key, ())]))
            if adjective:
                adjectives[key] = adjective
            keys.add(key)
        for name in names:
            place_words.update(name.split())
    return frozenset(keys)


def load_zipf() -> tuple[dict[str, float], frozenset[str]]:
    """English Zipf frequencies by word, and the words WordNet has as nouns."""
    rows = [row for row in _rows("en_zipf.tsv") if len(row) >= 2]
    return {r[0]: float(r[1]) for r in rows}, frozenset(r[0] for r in rows if r[2:] == ["n"])


@lru_cache(maxsize=1)
def english_equivalents() -> dict[str, tuple[str, ...]]:
    """Every English equivalent the shipped data gives a tone key, read once per process.

    The same strings as :func:`load_dictionary`'s ``core`` and ``senses`` glosses, its
    ``places`` and its ``learned`` words (as lemmas) together, in no set order: for a
    reader that needs only those (the miner's acronym check), without the examples,
    vocabulary and frequencies the whole dictionary builds (about half the time).
    """
    found: dict[str, list[str]] = defaultdict(list)
    core: dict[str, list[str]] = {
        key: [g for sense in senses_of_key for g in sense.glosses]
        for key, senses_of_key in load_core().items()
    }
    senses: dict[str, list[str]] = defaultdict(list)
    places: dict[str, list[str]] = defaultdict(list)
    for line in _text("fvdp.tsv.gz").splitlines():
        kind = line[:2]  # the examples ("e") are most of the text: not even split
        if kind == "s\t":
            row = line.split("\t")  # s, head, pos, text, glosses, key
            if row[4]:
                senses[row[5] or row[1].lower()].extend(row[4].split(" | "))
            else:
                senses[row[5] or row[1].lower()]  # a headword without glosses, as there
        elif kind == "l\t":
            row = line.split("\t")
            words = row[2].split(" ")
            found[tone_key(row[1])].append(" ".join([*words[:-1], _singular(words[-1])]))
        elif kind == "p\t":
            row = line.split("\t")
            places[tone_key(row[1])].append(row[2])
    _load_places(places, {}, set())
    # The same spellings as load_dictionary, table by table.
    for table in (core, senses, places):
        _alias_spellings(table)
        for key, english in table.items():
            found[key].extend(english)
    return {k: tuple(v) for k, v in found.items() if v}


def _alias_spellings(table: dict[str, Any]) -> None:
    """Each key also under its other spelling of "i"/"y" ("tỉ lệ" finds "tỷ lệ"), if free."""
    aliases = {
        other: found
        for key, found in table.items()
        if (other := i_y_variant(key)) is not None and other not in table
    }
    table.update(aliases)


@lru_cache(maxsize=1)
def load_dictionary() -> Dictionary:
    """The shipped dictionary, read once per process.

    Cycle collection is paused while it loads: it makes ~100k containers and no
    cycles, and the collections they would trigger cost ~0.1 s.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_dictionary()
    finally:
        if enabled:
            gc.enable()


def _load_dictionary() -> Dictionary:
    senses: dict[str, list[Sense]] = defaultdict(list)
    examples: dict[str, list[Example]] = defaultdict(list)
    learned: dict[str, dict[str, int]] = defaultdict(dict)
    places: dict[str, list[str]] = defaultdict(list)
    adjectives: dict[str, str] = {}
    capitalised: set[str] = set()
    place_words: set[str] = set()
    lower: set[str] = set()
    english: set[str] = set()
    vocabulary: set[str] = set()
    english_keys: frozenset[str] = frozenset()
    for row in _rows():
        kind = row[0]
        if kind == "s":
            _, head, pos, text, cut, key = row
            key = key or head.lower()
            found = tuple(cut.split(" | ")) if cut else ()
            senses[key].append(Sense(head, pos, text, found, len(senses[key])))
            for g in found:
                english.add(g.lower())
                lower.update(w for w in g.split() if w.islower())
        elif kind == "e":
            _, head, vi, en, phrase, key = row
            examples[key or vi.lower()].append(Example(head, vi, en))
            words = en.split()
            for w in words[1:]:
                w = w.strip('.,;:!?"()')
                if w[:1].isupper() and w[1:].islower():
                    capitalised.add(w)
                elif w.islower():
                    lower.add(w.capitalize())
            if phrase:
                english.add(phrase.lower())
        elif kind == "l":
            _, vi, en, count = row
            table = learned[tone_key(vi)]
            # "weapon" and "weapons" are one equivalent, counted together.
            lemma = " ".join([*en.split(" ")[:-1], _singular(en.split(" ")[-1])])
            table[lemma] = table.get(lemma, 0) + int(count)
        elif kind == "p":
            _, vi, en = row
            places[tone_key(vi)].append(en)
            place_words.update(en.split())
        elif kind == "a":
            _, vi, en = row
            adjectives.setdefault(tone_key(vi), en)
        elif kind == "v":
            vocabulary.update(row[1].split(" "))
        elif kind == "k":
            english_keys = frozenset(row[1:])
    curated = _load_places(places, adjectives, place_words)
    zipf, nouns = load_zipf()
    core = load_core()
    _alias_spellings(senses)
    _alias_spellings(places)
    _alias_spellings(core)
    for entries in core.values():
        for sense in entries:
            for g in sense.glosses:
                vocabulary.update(_WORD.findall(g.lower()))
    return Dictionary(
        senses={k: tuple(v) for k, v in senses.items()},
        examples={k: tuple(v) for k, v in examples.items()},
        learned={
            k: tuple(sorted(v.items(), key=lambda item: (-item[1], item[0])))
            for k, v in learned.items()
        },
        places={k: tuple(v) for k, v in places.items()},
        curated_places=curated,
        adjectives=adjectives,
        proper=frozenset((capitalised - lower) | place_words),
        english=frozenset(english),
        english_keys=english_keys,
        words=frozenset(vocabulary),
        core=core,
        zipf=zipf,
        nouns=nouns,
        phrases=frozenset(
            line for line in _text("en_phrases.txt.gz").splitlines() if line[:1] != "#"
        ),
    )
