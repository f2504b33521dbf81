"""What the offline sources know: approved concepts (the glossary first) and the dictionary.

:class:`Lexicon` is built once per suggestion run.  It answers three
questions: which approved concepts hold a Vietnamese term (whole-term
matches), how a Vietnamese word or phrase can be rendered in English (the
parts of a compositional translation), and whether an English phrase is
attested somewhere (the termbase, the glossary, the dictionary, the
translation memory), which decides between renderings.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from termbase.data.cues import PAIR_SHORT_NAMES
from termbase.data.dictionary import Dictionary, english_example, load_dictionary, place_origin
from termbase.models import Term, domain_country, neutral_domain
from termbase.normalize import tone_key
from termbase.store import Termbase
from termbase.suggest.sources.country import CountryReader, Key, load_officials, token_keys
from termbase.suggest.sources.memory import TranslationMemory

# English forms of a country used before a noun, where they are not "<name>ian".
_ENGLISH_ADJECTIVES = {
    "united states": "US",
    "united states of america": "US",
    "united kingdom": "UK",
    "european union": "EU",
    "united nations": "UN",
    "viet nam": "Vietnamese",
    "vietnam": "Vietnamese",
    "russian federation": "Russian",
    "russia": "Russian",
    "china": "Chinese",
    "people's republic of china": "Chinese",
}
# The project's core lexicon (data/core.tsv) is curated: it outranks the FVDP's senses.
CORE = 0.78
# The FVDP's senses, example pairs and learned words of a word the core lexicon has too:
# its old senses ("phòng": room before prevent) and examples ("thẩm phán": judge magistrate)
# come after the core lexicon's.
FVDP_BESIDE_CORE = 0.85
_SHORT = ("acronym", "abbreviation")


@dataclass(frozen=True)
class Entry:
    """An approved concept: the glossary's (label "glossary") or a reviewed one ("termbase")."""

    concept_id: int
    label: str
    domain: str | None
    note: str | None
    vietnamese: tuple[Term, ...]
    english: tuple[Term, ...]

    @property
    def country(self) -> str | None:
        """The country a title or body belongs to, from a domain like "government: Russia"."""
        return domain_country(self.domain)

    @property
    def neutral(self) -> bool:
        """A title or body of no country in particular: domain "government" alone."""
        return neutral_domain(self.domain)


@dataclass(frozen=True)
class Option:
    """One English rendering of a Vietnamese word or phrase, for composing."""

    english: str
    confidence: float
    origin: str
    pos: str = ""
    place: bool = False


# The origin of a pair of countries' English ("Mỹ-Nga": US-Russia); a place name's, as the
# compositional source reads origins.
PAIR = "place names joined"


def singular(word: str) -> str:
    """A crude English singular, enough to compare "weapons" with "weapon"."""
    return _singular_lower(word.lower())


def _singular_lower(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


_PHRASE_WORD = re.compile(r"[\w'\-]+")
# Singulars by lower-case word: the same few thousand words come back in every phrase.
_SINGULARS: dict[str, str] = {}


def phrase_key(text: str) -> str:
    """Lower case, singular words, single spaces: how English equivalents are compared."""
    cache = _SINGULARS
    out = []
    for w in _PHRASE_WORD.findall(text.lower()):
        s = cache.get(w)
        if s is None:
            if len(cache) > 500_000:
                cache.clear()
            s = cache[w] = _singular_lower(w)
        out.append(s)
    return " ".join(out)


# British spellings and their American forms, for telling variants of one word apart from
# different words: "defence"/"defense", "dialogue"/"dialog", "organisation"/"organization".
_SPELLINGS = [
    (re.compile(r"(?<=[a-z]{2})our\b"), "or"),  # labour, colour (not four, hour)
    (re.compile(r"(?<=[a-z]{2})is(e|ed|es|ing|ation|ations)\b"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})yse\b"), "yze"),  # analyse
    (re.compile(r"(?<=[a-z]{2})ence\b"), "ense"),  # defence, licence
    (re.compile(r"(?<=[a-z]{2})([bt])re\b"), r"\1er"),  # centre, theatre, litre, fibre
    (re.compile(r"(?<=[a-z]{2})ogue\b"), "og"),  # dialogue, catalogue
    (re.compile(r"(?<=[a-z])ll(ed|ing|er)\b"), r"l\1"),  # travelled, modelling
    (re.compile(r"(?<=[a-z]{2})mme\b"), "m"),  # programme
]


def spelling_key(key: str) -> str:
    """A phrase key with British spellings in their American form: one key for both."""
    for pattern, american in _SPELLINGS:
        key = pattern.sub(american, key)
    return key


SMALL_WORDS = frozenset({"of", "on", "and", "with", "for", "between", "the", "a", "an", "in", "to"})


def english_case(text: str, proper: frozenset[str]) -> str:
    """Dictionary glosses start with a capital for no reason: lower it unless a name.

    A gloss in title case ("The Conservative Party") is a name: every word after
    the first but the small ones starts with a capital, and the first keeps its own.
    """
    first, _, rest = text.partition(" ")
    others = [w for w in rest.split() if w.lower() not in SMALL_WORDS]
    if (
        first[:1].isupper()
        and first[1:].islower()
        and first not in proper
        and first.lower() not in ("i",)
        and not (others and all(w[:1].isupper() for w in others))
    ):
        first = first.lower()
    return f"{first} {rest}".strip() if rest else first


def title_case(text: str) -> str:
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word.lower() in SMALL_WORDS:
            out.append(word.lower())
        elif word[:1].islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def name_case(vietnamese: str, english: str) -> str:
    """A name keeps a name's capitals: "Liên Hiệp quốc" is the "United Nations", not "nations".

    Only when the Vietnamese starts with a capital and the English is a name too (its
    first word kept its capital through :func:`english_case`).
    """
    if vietnamese[:1].isupper() and english[:1].isupper() and " " in english:
        return title_case(english)
    return english


class Lexicon:
    """Approved concepts and the dictionary, indexed by Vietnamese tone key."""

    def __init__(
        self,
        entries: Sequence[Entry],
        dictionary: Dictionary | None = None,
        memory: TranslationMemory | None = None,
    ) -> None:
        self.entries = list(entries)
        self.dictionary = dictionary if dictionary is not None else load_dictionary()
        self.memory = memory
        self._by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            for key in dict.fromkeys(tone_key(t.text) for t in entry.vietnamese):
                self._by_key[key].append(entry)
        self._places = {
            phrase_key(en) for names in self.dictionary.places.values() for en in names
        } | {phrase_key(t.text) for e in self.entries if e.domain == "geography" for t in e.english}
        dict_grams, dict_whole = _dictionary_phrases(self.dictionary)
        own = [t.text for e in self.entries for t in e.english]
        self._grams = dict_grams | _grams(own)
        self._whole = dict_whole | {phrase_key(p) for p in own}
        self._words = self.dictionary.words | frozenset(
            w for p in own for w in p.lower().split(" ")
        )
        self._options: dict[str, list[Option]] = {}
        self._reader: CountryReader | None = None
        self._country_keys: dict[str, str] = {}
        self._country_names: dict[str, str] = {}
        self._attested: dict[str, int] = {}
        self._place_adjectives: dict[str, str] | None = None

    @classmethod
    def from_termbase(
        cls,
        tb: Termbase,
        dictionary: Dictionary | None = None,
        memory: TranslationMemory | None = None,
        exclude: Iterable[int] = (),
    ) -> Lexicon:
        """Every concept with an approved English term, except ``exclude``."""
        skip = set(exclude)
        ids = [i for i in tb.concept_ids(["approved"], lang="en") if i not in skip]
        entries = []
        for concept in tb.load_concepts(ids, contexts=0):
            usable = [t for t in concept.terms if t.status not in ("rejected", "forbidden")]
            vi = tuple(t for t in usable if t.lang == "vi")
            en = tuple(
                sorted(
                    (t for t in usable if t.lang == "en"),
                    key=lambda t: t.status != "approved",
                )
            )
            if not vi or not en or concept.id is None:
                continue
            label = "glossary" if all(t.source == "glossary" for t in vi) else "termbase"
            entries.append(Entry(concept.id, label, concept.domain, concept.note, vi, en))
        return cls(entries, dictionary, memory)

    # -- whole-term matches ------------------------------------------------

    def entries_for(self, key: str) -> list[Entry]:
        return self._by_key.get(key, [])

    def country_reader(self) -> CountryReader:
        """Reads the country attached to a term's occurrences (see :mod:`.country`)."""
        if self._reader is None:
            self._reader = self._build_reader()
        return self._reader

    def country_key(self, english: str) -> str:
        """One key per country, whichever English name: "Russian Federation", "Russia"."""
        self.country_reader()
        key = phrase_key(english)
        return self._country_keys.get(key, key)

    def country_name(self, key: str) -> str:
        """The English name of a country key, as the places list writes it first."""
        self.country_reader()
        return self._country_names.get(key, key)

    def _build_reader(self) -> CountryReader:
        places: dict[Key, str] = {}

        def add(vietnamese: Iterable[str], english: Sequence[str]) -> None:
            keys = [k for k in map(phrase_key, english) if k]
            if not keys:
                return
            known = (self._country_keys[k] for k in keys if k in self._country_keys)
            country = next(known, keys[0])
            self._country_names.setdefault(country, english[0])
            for k in keys:
                self._country_keys.setdefault(k, country)
            for vi in vietnamese:
                places.setdefault(token_keys(vi), country)

        for key, names in self.dictionary.places.items():
            add([key], names)
        for entry in self.entries:
            if entry.domain == "geography":
                add(
                    [t.text for t in entry.vietnamese if t.type not in _SHORT],
                    [t.text for t in entry.english if t.type not in _SHORT],
                )
        officials: dict[Key, str] = {}
        for country, names in load_officials():
            key = phrase_key(country)
            for name in names:
                officials.setdefault(token_keys(name), self._country_keys.get(key, key))
        return CountryReader(places, officials)

    # -- parts -------------------------------------------------------------

    def knows(self, key: str) -> bool:
        if key in self._by_key or self.dictionary.knows(key):
            return True
        return "-" in key and " " not in key and bool(self.options(key))

    def options(self, key: str) -> list[Option]:
        """English renderings of a Vietnamese word or phrase, most confident first."""
        if key not in self._options:
            self._options[key] = self._build_options(key)
        return self._options[key]

    def _build_options(self, key: str) -> list[Option]:
        if "-" in key and " " not in key:
            return self._pair_options(key)
        # One option per English phrase and part of speech: "hàng không" is "aviation"
        # as a modifier and as a noun, and the role in a term decides which counts.
        # The first of equal confidence stays, so the order of the sources matters.
        found: dict[tuple[str, str], Option] = {}
        for option in itertools.chain(
            self._concept_options(key),
            self._dictionary_options(key),
            self._sense_options(key),
        ):
            k = phrase_key(option.english)
            if not k:
                continue
            kept = found.get((k, option.pos))
            if kept is None or option.confidence > kept.confidence:
                found[(k, option.pos)] = self._placed(key, k, option)
        return sorted(found.values(), key=lambda o: -o.confidence)

    def _pair_options(self, key: str) -> list[Option]:
        """Two countries joined by a hyphen ("Mỹ-Nga"): one modifier, "US-Russia".

        Each country by its short name where its adjective is one ("US", "UK"), else
        its shortest English name ("Russia", not "Russian Federation"): "US-Russia",
        "China-Japan", as news English writes them.
        """
        names = []
        for part in key.split("-"):
            part = PAIR_SHORT_NAMES.get(part, part)
            places = [o for o in self.options(part) if o.place]
            if not places:
                return []
            short = self.adjective(part, places[0].english) or ""
            # The everyday name: "Russia", not the glossary's "Russian Federation".
            place = min(places, key=lambda o: (o.english.count(" "), len(o.english)))
            names.append((short if short.isupper() else place.english, place))
        english = "-".join(name for name, _ in names)
        origin = "; ".join(f"{p.english} ({p.origin})" for _, p in names)
        confidence = min(p.confidence for _, p in names)
        return [Option(english, confidence, f"{PAIR}: {origin}", "adjective")]

    def _placed(self, key: str, phrase: str, option: Option) -> Option:
        """``option``, marked a place if it names a country.

        A name (capitalised) of a place, or of a people with a language ("Nga": Russia,
        tiếng Nga: Russian), is a country.
        """
        named = option.english[:1].isupper()
        place = option.place or (
            named and (phrase in self._places or key in self.dictionary.adjectives)
        )
        return Option(option.english, option.confidence, option.origin, option.pos, place)

    def _concept_options(self, key: str) -> Iterator[Option]:
        """The English of the approved concepts that hold ``key``, two of each at most."""
        entries = self.entries_for(key)
        countries = {e.country for e in entries if e.country}
        if len(countries) > 1 and any(e.neutral for e in entries):
            # A title several countries share, with its country-neutral concept: as a part
            # of a longer term ("Thứ trưởng Ngoại giao Anh") only the neutral English serves.
            entries = [e for e in entries if e.neutral]
        for entry in entries:
            full = [t for t in entry.english if t.type not in ("acronym", "abbreviation")]
            if len(countries) > 1:
                # A title several countries share ("Bộ trưởng Quốc phòng"): as a part of
                # a longer term only its forms that name no country are of use.
                named = self._country_words(countries)
                full = [t for t in full if not set(t.text.lower().split()) & named]
            for rank, term in enumerate(full[:2]):
                yield Option(
                    term.text,
                    0.9 - 0.1 * rank,
                    f"{entry.label} concept {entry.concept_id}",
                    "noun",
                    entry.domain == "geography",
                )

    def _dictionary_options(self, key: str) -> Iterator[Option]:
        """Place names, dictionary examples and the core lexicon's glosses for ``key``."""
        d = self.dictionary
        for names in d.places.get(key, ()):
            yield Option(names, 0.85, place_origin(d, key), "noun", True)
        beside_core = FVDP_BESIDE_CORE if key in d.core else 1.0
        for ex in d.examples.get(key, ()):
            text = english_example(ex.english)
            if text:
                yield Option(
                    english_case(text, d.proper),
                    0.8 * beside_core,
                    f"dictionary example under {ex.headword!r}",
                    "",
                )
        for sense in d.core.get(key, ()):
            for rank, gloss in enumerate(sense.glosses):
                yield Option(
                    gloss,
                    # Rows differ by part of speech, which the role weighs later.
                    CORE * 0.9**rank,
                    f"core lexicon {sense.headword!r} ({sense.pos or 'other'}): {sense.text}",
                    sense.pos,
                )

    def _sense_options(self, key: str) -> Iterator[Option]:
        """The FVDP's glosses for ``key``, and English learned from its examples."""
        d = self.dictionary
        # The headword of a country or people ("nga": Russia) keeps its capital.
        proper = d.proper | {g.split(" ")[0] for s in d.senses.get(key, ()) for g in s.glosses}
        proper = proper if key in d.adjectives or key in d.places else d.proper
        beside_core = FVDP_BESIDE_CORE if key in d.core else 1.0
        for sense in d.senses.get(key, ()):
            for rank, gloss in enumerate(sense.glosses):
                yield Option(
                    english_case(gloss, proper),
                    0.7 * 0.85**sense.index * 0.9**rank * self.commonness(gloss) * beside_core,
                    f"dictionary {sense.headword!r}: {sense.text}",
                    sense.pos,
                )
        learned = d.learned.get(key, ())
        total = sum(n for _, n in learned) or 1
        for english, count in learned:
            yield Option(
                english,
                0.35 + 0.25 * count / total,
                f"learned from {count} dictionary example{'s' if count > 1 else ''}",
            )

    def commonness(self, english: str) -> float:
        """1.0 for a gloss of common English words, down to 0.75 for a rare or unknown one.

        The dictionary lists "firmament" before "sky": general English frequency
        (wordfreq's Zipf scale, ``en_zipf.tsv``) of its rarest word tips the balance.
        """
        table = self.dictionary.zipf
        rarest = min(
            (table[w] for w in _PHRASE_WORD.findall(english.lower()) if w in table),
            default=None,
        )
        if rarest is None:
            return 1.0
        return 0.75 + 0.25 * min(1.0, max(0.0, (rarest - 1.5) / 3))

    def _country_words(self, countries: set[str]) -> set[str]:
        words: set[str] = {"us", "u.s.", "american", "russian", "chinese", "vietnamese"}
        for country in countries:
            words.update(country.lower().split())
            adjective = _ENGLISH_ADJECTIVES.get(country.lower())
            if adjective:
                words.add(adjective.lower())
        return words - {"of", "the"}

    def adjective(self, key: str, english: str) -> str | None:
        """The form of a place used before a noun: Nga -> Russian, Mỹ -> US."""
        known = _ENGLISH_ADJECTIVES.get(english.lower())
        if known:
            return known
        return self.dictionary.adjectives.get(key)

    def place_adjective(self, english: str) -> str | None:
        """The adjective of a place named in English: Russia -> Russian, United States -> US."""
        if self._place_adjectives is None:
            d = self.dictionary
            self._place_adjectives = {
                name.lower(): d.adjectives[key]
                for key, names in d.places.items()
                if key in d.adjectives
                for name in names
            } | {k: v for k, v in _ENGLISH_ADJECTIVES.items()}
        return self._place_adjectives.get(english.lower())

    # -- attestation ---------------------------------------------------------

    def is_noun(self, english: str) -> bool:
        """Whether WordNet has this one-word English as a common noun (see termbase.data)."""
        return english.lower() in self.dictionary.nouns

    def is_word(self, english: str) -> bool:
        """Whether the dictionary or the termbase uses this English word."""
        return english.lower() in self._words

    def attested(self, english: str) -> int:
        """2 if the phrase is a known English term, 1 if it occurs inside one, else 0."""
        # Renderings of different concepts share their parts: each phrase is looked up once.
        found = self._attested.get(english)
        if found is None:
            found = self._attested[english] = self._attest(english)
        return found

    def _attest(self, english: str) -> int:
        key = phrase_key(english)
        if key in self._whole:
            return 2
        if key in self._grams:
            return 1
        if self.memory is not None and self.memory.attests(english):
            return 1
        return 0


def _grams(phrases: Iterable[str]) -> frozenset[str]:
    """Every run of two to five words of the phrases, as phrase keys."""
    return _key_grams(map(phrase_key, phrases))


def _key_grams(keys: Iterable[str]) -> frozenset[str]:
    """Every run of two to five words of phrase keys."""
    grams: set[str] = set()
    for key in keys:
        spaces = key.count(" ")
        if spaces < 2:
            # Most phrases are two words: their only run is themselves.
            if spaces:
                grams.add(key)
            continue
        words = key.split()
        for n in range(2, min(len(words), 5) + 1):
            for i in range(len(words) - n + 1):
                grams.add(" ".join(words[i : i + n]))
    return frozenset(grams)


# The dictionary's share of the attestation index, built once per dictionary.
_DICTIONARY_PHRASES: dict[int, tuple[Dictionary, frozenset[str], frozenset[str]]] = {}


def _dictionary_phrases(dictionary: Dictionary) -> tuple[frozenset[str], frozenset[str]]:
    cached = _DICTIONARY_PHRASES.get(id(dictionary))
    if cached is None or cached[0] is not dictionary:
        # WordNet phrases ship as phrase keys already (see termbase.data._build_dictionary).
        # The core lexicon's multi-word equivalents ("deputy foreign minister") are English
        # a dictionary gives, as the FVDP's glosses are.
        core = {
            phrase_key(g)
            for senses in dictionary.core.values()
            for sense in senses
            for g in sense.glosses
            if " " in g
        }
        keys = (
            (dictionary.english_keys or frozenset(map(phrase_key, dictionary.english)))
            | dictionary.phrases
            | core
        )
        cached = (dictionary, _key_grams(keys), keys)
        _DICTIONARY_PHRASES[id(dictionary)] = cached
    return cached[1], cached[2]
