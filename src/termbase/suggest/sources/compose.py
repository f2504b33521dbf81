"""Compositional translation of multi-word terms not found whole.

The term is split into the fewest known parts (longest match over approved
terms, the glossary and the dictionary); each part is rendered, and the parts
are put in English order.  Vietnamese puts modifiers after the head
("vũ khí | hạt nhân": weapon | nuclear), so the parts are reversed ("nuclear
weapon"); a country at the end becomes an adjective ("Tổng thống | Nga":
Russian President) or an "of" phrase; "về", "và", "với", "cho" keep their
place as "on", "and", "with", "for"; "các"/"những" make the head plural and
"cuộc", "sự", "việc" are dropped.  Among the renderings of the parts, a
combination attested in the termbase, the glossary, the dictionary or the
translation memory is preferred ("kiểm soát vũ khí" as "arms control", not
"weapon control"); WordNet's multi-word lemmas count as attested English, and
the pair of the head and its nearest modifier counts double.  Titles keep their
English shape ("Thứ trưởng Bộ Ngoại giao": Deputy Foreign Minister; "Secretary"
only for the US and the UK), a body before a Latin name is not a title before a
person ("Scotland Government"), and "người" before a noun is a classifier.
Confidence stays below a whole-term match, and the evidence says so.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from termbase.data.cues import TITLE_HEADS
from termbase.normalize import tone_key
from termbase.suggest.sources import Candidate, Suggestion, clamp
from termbase.suggest.sources.lexicon import SMALL_WORDS, Lexicon, Option, title_case

NAME = "compositional"
MAX_PART = 6
MAX_SPLITS = 12
KEPT = "kept as written"
# Each part beyond the fewest possible costs this factor.
EXTRA_PART = 0.93
SPLIT_WORD = 0.7
MAX_CONFIDENCE = 0.6
PLURAL_MARKERS = frozenset({"các", "những"})
DROPPED = frozenset({"của"})
NOMINALIZERS = frozenset({"cuộc", "sự", "việc", "nền", "mối", "cơn"})
AGENT_PREFIXES = frozenset({"người", "nhà"})
# Sino-Vietnamese words that stand before what they modify: "Phó Tổng thống", "cựu Bộ trưởng".
FRONT_MODIFIERS = frozenset({"phó", "cựu"})
AGENT_SUFFIXES = frozenset({"viên"})
# "Bộ" after the title of a minister adds nothing in English: "Thứ trưởng Bộ Ngoại giao"
# is a Deputy Foreign Minister.
MINISTRY_WORDS = frozenset({"bộ"})
MINISTER_TITLES = frozenset({"bộ trưởng", "thứ trưởng"})
# Titles before a person's name ("Tổng thống Donald Trump"), as opposed to bodies before a
# place's ("Chính phủ Scotland").
TITLE_KEYS = frozenset(tone_key(t) for t in TITLE_HEADS)
# Tone keys of single syllables: the same few thousand come back in every term.
_key = functools.lru_cache(maxsize=200_000)(tone_key)
# English words for a minister that only some countries use ("Bộ trưởng Quốc phòng Nga" is
# the Russian Defence Minister, "Bộ trưởng Quốc phòng Mỹ" the US Secretary of Defense),
# with the names and adjectives of those countries, lower case.
TITLE_COUNTRIES = {
    "secretary": frozenset(
        {"us", "american", "united states", "united states of america"}
        | {"uk", "british", "united kingdom"}
    ),
}
# English titles whose first word stays in front of what the Vietnamese puts after
# the title: "thứ trưởng | ngoại giao" is a Deputy Foreign Minister.
# English words that come before a name they classify: "Storm Rosa", "Lake Michigan".
NAME_BEFORE = frozenset(
    {"storm", "hurricane", "typhoon", "cyclone", "tropical storm", "operation", "project"}
    | {"lake", "mount", "mountain", "cape", "fort", "camp", "planet", "comet"}
)
TITLE_PREFIXES = ("first deputy", "deputy", "vice", "assistant", "acting", "under")
PREPOSITIONS = {"về": "on", "và": "and", "với": "with", "cho": "for", "giữa": "between"}
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/&+']*")


@dataclass(frozen=True)
class Part:
    """A run of syllables with its renderings (one for a name kept as it is)."""

    vietnamese: str
    key: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Segment:
    """Words between two prepositions: the ways to split them into parts, head first."""

    splits: tuple[tuple[Part, ...], ...]
    plural: bool
    dropped: bool

    @property
    def parts(self) -> tuple[Part, ...]:
        return self.splits[0]


@dataclass(frozen=True)
class Rendering:
    english: str
    score: float
    attested: int
    pieces: tuple[tuple[Part, Option], ...]


def pluralize(word: str) -> str:
    if not word or not word[-1].isalpha() or word.isupper():
        return word
    w = word.lower()
    if w.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def nominalize(adjective: str) -> str | None:
    """The noun of an adjective at the head of a term: stable -> stability."""
    w = adjective.lower()
    for suffix, noun in (("ble", "bility"), ("ent", "ence"), ("ant", "ance"), ("ive", "iveness")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2 and " " not in w:
            return adjective[: -len(suffix)] + noun
    return None


def nominalize_verb(verb: str) -> list[str]:
    """Nouns a verb may have at the head of a term: negotiate -> negotiation, agree -> agreement.

    Only a noun the dictionary's English uses is taken (see ``Lexicon.is_word``).
    """
    w = verb.lower()
    if " " in w or len(w) < 3:
        return []
    out: list[str] = []
    for suffix, noun in (
        ("ate", "ation"),
        ("ize", "ization"),
        ("ise", "isation"),
        ("ify", "ification"),
        ("ect", "ection"),
        ("uss", "ussion"),
        ("ide", "ision"),
        ("ire", "iry"),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            out.append(w[: -len(suffix)] + noun)
    base = w[:-1] if w.endswith("e") else w
    out += [w + "ment", base + "ance", base + "ence", base + "ion", base + "al"]
    return out


def adjectivize(noun: str) -> str | None:
    """The adjective of a noun before another noun: chemistry -> chemical, nation -> national."""
    w = noun.lower()
    if " " in w:
        return None
    for suffix, adjective in (
        ("istry", "ical"),
        ("ics", "ical"),
        ("omy", "omic"),
        ("ion", "ional"),
        ("ure", "ural"),
        ("ence", "ential"),
        ("ance", "ant"),
        ("ry", "ric"),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + adjective
    return None


def agent_nouns(verb: str) -> list[str]:
    """Nouns for who does ``verb``: consume -> consumer, supply -> supplier, survive -> survivor."""
    w = verb.lower()
    if " " in w or len(w) < 3:
        return []
    if w.endswith("e"):
        return [w + "r", w[:-1] + "or"]
    if w.endswith("y") and w[-2:-1] not in ("a", "e", "o", "u"):
        return [w[:-1] + "ier", w + "er"]
    return [w + "er", w + "or"]


def _open_title(words: list[str]) -> list[str]:
    """ "foreign" + "deputy minister" -> "deputy foreign minister": a title's prefix goes first."""
    if len(words) < 2:
        return words
    head = words[-1]
    lower = head.lower()
    for prefix in TITLE_PREFIXES:
        if lower.startswith(prefix + " ") and " " not in lower[len(prefix) + 1 :]:
            return [head[: len(prefix)], *words[:-1], head[len(prefix) + 1 :]]
    return words


class CompositionalSource:
    """Renderings of a term from its known parts, in English word order."""

    name = NAME

    def __init__(self, lexicon: Lexicon, limit: int = 2) -> None:
        self.lexicon = lexicon
        self.limit = limit

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        return [self._one(c) for c in candidates]

    def known_whole(self, key: str) -> bool:
        d = self.lexicon.dictionary
        return bool(
            self.lexicon.entries_for(key)
            or key in d.senses
            or key in d.core
            or key in d.examples
            or key in d.places
        )

    def _one(self, candidate: Candidate) -> list[Suggestion]:
        term = candidate.vietnamese[0]
        if term.type in ("acronym", "abbreviation") or self.known_whole(tone_key(term.text)):
            return []
        renderings = self.render(term.text)
        out: list[Suggestion] = []
        for rendering in renderings[: self.limit]:
            out.append(
                Suggestion(
                    rendering.english,
                    NAME,
                    self._confidence(rendering),
                    self._evidence(rendering),
                )
            )
        return out

    # -- splitting -----------------------------------------------------------

    def split(self, text: str) -> list[tuple[Segment, str]] | None:
        """Segments with the English word that joins each to the previous one."""
        tokens = text.split()
        segments: list[tuple[Segment, str]] = []
        start, joiner = 0, ""
        for i, token in enumerate([*tokens, ""]):
            word = _key(token)
            if i == len(tokens) or (
                word in PREPOSITIONS
                and 0 < i < len(tokens) - 1
                and not self._inside_word(tokens, i)
            ):
                segment = self._segment(tokens[start:i])
                if segment is None:
                    return None
                segments.append((segment, joiner))
                start, joiner = i + 1, PREPOSITIONS.get(word, "")
        return segments

    def _inside_word(self, tokens: Sequence[str], i: int) -> bool:
        """Whether token ``i`` (a preposition) is a syllable of a word the lexicon knows.

        "giữa" is "between" in "quan hệ giữa Nga và Mỹ", but a syllable of "giữa nhiệm
        kỳ" (midterm) in "bầu cử giữa nhiệm kỳ".
        """
        keys = [_key(t) for t in tokens]
        for size in range(2, 5):
            for first in range(max(0, i - size + 1), min(i, len(keys) - size) + 1):
                if self.known_whole(" ".join(keys[first : first + size])):
                    return True
        return False

    def _segment(self, tokens: Sequence[str]) -> Segment | None:
        plural = dropped = False
        content: list[str] = []
        for token in tokens:
            word = _key(token)
            if word in MINISTRY_WORDS and tone_key(" ".join(content[-2:])) in MINISTER_TITLES:
                # "Thứ trưởng Bộ Ngoại giao": the minister of a ministry is its minister.
                dropped = True
            elif word in PLURAL_MARKERS:
                plural = dropped = True
            elif word in DROPPED or (word in NOMINALIZERS and not content):
                dropped = True
            else:
                content.append(token)
        if not content:
            return None
        splits = self._splits(content)
        if not splits:
            return None
        return Segment(tuple(splits), plural, dropped)

    def _splits(self, content: Sequence[str]) -> list[tuple[Part, ...]]:
        """Ways to cut ``content`` into known parts: the fewest parts, and one more."""
        n = len(content)
        keys = [_key(t) for t in content]
        parts_at: list[list[tuple[int, Part]]] = [[] for _ in range(n)]
        for i in range(n):
            for j in range(min(n, i + MAX_PART), i, -1):
                part = self._part(" ".join(content[i:j]), " ".join(keys[i:j]))
                if part is not None:
                    parts_at[i].append((j, part))
        fewest: list[int | None] = [None] * (n + 1)
        fewest[n] = 0
        for i in range(n - 1, -1, -1):
            counts = [fewest[j] for j, _ in parts_at[i] if fewest[j] is not None]
            fewest[i] = min(c for c in counts if c is not None) + 1 if counts else None
        least = fewest[0]
        if least is None:
            return []
        out: list[tuple[Part, ...]] = []

        def walk(i: int, done: tuple[Part, ...], budget: int) -> None:
            if len(out) >= MAX_SPLITS:
                return
            if i == n:
                out.append(done)
                return
            for j, part in parts_at[i]:
                rest = fewest[j]
                if rest is not None and len(done) + 1 + rest <= budget:
                    walk(j, (*done, part), budget)

        walk(0, (), least)
        fewest_splits = len(out)
        walk(0, (), least + 1)

        def singles(split: tuple[Part, ...]) -> int:
            return sum(" " not in p.key for p in split)

        # A split with one part more is only worth it between words: "chạy đua |
        # vũ khí | hạt nhân" may read better than "chạy đua | vũ khí hạt nhân",
        # but cutting a syllable off a word ("Đại | sứ quán") never does.
        fewest_singles = min(singles(s) for s in out[:fewest_splits])
        kept = out[:fewest_splits] + [
            s for s in out[fewest_splits:] if singles(s) <= fewest_singles
        ]
        return list(dict.fromkeys(kept))

    def _part(self, text: str, key: str) -> Part | None:
        if " " not in text and _LATIN_TOKEN.fullmatch(text) and not self.lexicon.knows(key):
            return Part(text, key, (Option(text, 0.8, KEPT),))
        if not self.lexicon.knows(key):
            return None
        options = self.lexicon.options(key)
        return Part(text, key, tuple(options)) if options else None

    # -- rendering -------------------------------------------------------------

    def render(self, text: str) -> list[Rendering]:
        """English renderings of ``text``, best first ([] when a part is unknown)."""
        split = self.split(text)
        if split is None:
            return []
        content_parts = sum(len(s.parts) for s, _ in split)
        if content_parts < 2 and not any(s.dropped for s, _ in split):
            return []
        per_segment = [self._render_segment(segment) for segment, _ in split]
        if any(not r for r in per_segment):
            return []
        results: list[Rendering] = []
        for combo in itertools.islice(itertools.product(*(r[:2] for r in per_segment)), 8):
            words: list[str] = []
            score = 1.0
            pieces: list[tuple[Part, Option]] = []
            for (_, joiner), rendering in zip(split, combo, strict=True):
                if joiner:
                    words.append(joiner)
                words.append(rendering.english)
                score *= rendering.score
                pieces.extend(rendering.pieces)
            # The whole is attested only if every segment is; a part of it if any is.
            levels = [r.attested for r in combo]
            attested = 2 if min(levels) == 2 else (1 if max(levels) else 0)
            english = " ".join(words)
            if text[:1].isupper():
                english = title_case(english)
            results.append(Rendering(english, score, attested, tuple(pieces)))
        results.sort(key=lambda r: -r.score)
        unique: dict[str, Rendering] = {}
        for r in results:
            unique.setdefault(r.english.lower(), r)
        return list(unique.values())

    def _render_segment(self, segment: Segment) -> list[Rendering]:
        least = len(segment.splits[0])
        out: list[Rendering] = []
        for parts in segment.splits:
            agent = self._agent(parts)
            if agent is not None:
                out.append(agent)
                continue
            choices: list[list[Option]] = []
            front = 1 if len(parts) > 1 and parts[0].key in FRONT_MODIFIERS else 0
            # A country at the end modifies the whole ("Thứ trưởng Ngoại giao | Nga"):
            # the part before it is a modifier too, not the head of what follows.
            last = len(parts) - 1
            if last > front + 1 and parts[last].options and parts[last].options[0].place:
                last -= 1
            for index, part in enumerate(parts):
                if index < front:
                    role = "modifier"
                elif index == front:
                    role = "head"
                else:
                    role = "modifier" if index >= last else "inner"
                choices.append(self._role_options(part, role)[: 3 if len(parts) <= 4 else 2])
            penalty = EXTRA_PART ** (len(parts) - least)
            # Two one-syllable parts side by side are often one word the lexicon lacks
            # ("vũ | khí" read as dance + gas): trust such a split much less.
            singles = sum(
                1 for a, b in itertools.pairwise(parts) if " " not in a.key and " " not in b.key
            )
            penalty *= SPLIT_WORD**singles
            for combo in itertools.product(*choices):
                out.extend(self._arrange(parts, combo, segment.plural, penalty))
        out.sort(key=lambda r: -r.score)
        return out

    def _agent(self, parts: Sequence[Part]) -> Rendering | None:
        """ "người"/"nhà" + a verb, or the verb + "viên": the English agent noun.

        "người tiêu dùng" (person + consume) is a consumer: the "-er"/"-or" noun
        of the verb, taken only when the dictionary's English uses that word.
        "người" before a noun (no verb reading) is a classifier: "người phụ nữ" is
        a woman, not a "womener".
        """
        if len(parts) != 2:
            return None
        if parts[0].key in AGENT_PREFIXES:
            verb = parts[1]
        elif parts[1].key in AGENT_SUFFIXES:
            verb = parts[0]
        else:
            return None
        if not verb.options:
            return None
        has_verb = any(o.pos == "verb" for o in verb.options)
        first = verb.options[0]
        if parts[0].key == "người" and not has_verb and first.pos == "noun":
            # "người" before a noun of a person is a classifier: "người phụ nữ" is a woman.
            chosen = Option(first.english, first.confidence * 0.9, first.origin, "noun")
            return Rendering(first.english, chosen.confidence, 0, ((verb, chosen),))
        for option in verb.options:
            if option.pos not in (("verb",) if has_verb else ("verb", "")):
                continue
            nouns = agent_nouns(option.english)
            if not nouns:
                continue
            # A form the English side uses wins; else the productive "-er".
            known = [n for n in nouns if self.lexicon.is_word(n)]
            noun, factor = (known[0], 0.9) if known else (nouns[0], 0.75)
            chosen = Option(noun, option.confidence * factor, option.origin, "noun")
            return Rendering(noun, chosen.confidence, 0, ((verb, chosen),))
        return None

    def _role_options(self, part: Part, role: str) -> list[Option]:
        """The part's renderings weighed for its role.

        The head and inner parts (each the head of what follows it) want nouns:
        an adjective or a verb there is also offered as its noun ("stable" ->
        "stability", "negotiate" -> "negotiation"); the last modifier prefers an
        adjective ("strategic" over "strategy") and one word.
        """
        adjusted: list[Option] = []
        for option in part.options:
            factor = 1.0
            words = len(option.english.split())
            if role in ("head", "inner"):
                noun = None
                if option.pos == "verb":
                    # A verb that is also an English noun ("guarantee", "support") heads a
                    # term as it is; one that is not ("ensure") much less well.
                    factor = 0.95 if self.lexicon.is_noun(option.english) else 0.7
                    nouns = nominalize_verb(option.english)
                    known = [n for n in nouns if self.lexicon.is_word(n)]
                    noun = known[0] if known else None
                elif option.pos == "adjective":
                    factor, noun = 0.6, nominalize(option.english)
                if noun:
                    adjusted.append(Option(noun, option.confidence * 0.85, option.origin, "noun"))
            else:
                if option.pos == "adjective":
                    factor = 1.25
                elif option.pos == "verb":
                    factor = 0.85
                elif role == "modifier":
                    # The dictionary often gives only the noun: chemistry -> chemical.
                    adjective = adjectivize(option.english)
                    if adjective and self.lexicon.is_word(adjective):
                        adjusted.append(
                            Option(adjective, option.confidence * 1.1, option.origin, "adjective")
                        )
            if role != "head":
                factor *= 0.85 ** max(0, words - 1)
            adjusted.append(
                Option(
                    option.english,
                    option.confidence * factor,
                    option.origin,
                    option.pos,
                    option.place,
                )
            )
        adjusted.sort(key=lambda o: -o.confidence)
        # The same English as two parts of speech: its best reading for the role.
        best: dict[str, Option] = {}
        for option in adjusted:
            best.setdefault(option.english.lower(), option)
        return list(best.values())

    def _arrange(
        self, parts: Sequence[Part], options: Sequence[Option], plural: bool, penalty: float
    ) -> list[Rendering]:
        """English orders of one choice of renderings: reversed, and "X of Country"."""
        pieces = tuple(zip(parts, options, strict=True))
        english = [o.english for o in options]
        out: list[Rendering] = []
        last = len(parts) - 1
        place_last = (
            last > 0
            and options[last].place
            and not (len(parts) > 1 and parts[0].key in FRONT_MODIFIERS)
        )
        # Reversed, with a country at the end as an adjective in front; a front
        # modifier ("phó": deputy) stays in front.
        front = 1 if len(parts) > 1 and parts[0].key in FRONT_MODIFIERS else 0
        # Names kept as written at the end ("Tổng thống Nga Vladimir Putin") stay there,
        # in their own order.
        tail = 0
        while tail < len(parts) - 1 and parts[len(parts) - 1 - tail].options[0].origin == KEPT:
            tail += 1
        if tail:
            names = " ".join(english[len(english) - tail :])
            heads = self._arrange(parts[:-tail], options[:-tail], plural, penalty)
            kept = pieces[len(pieces) - tail :]
            title = parts[0].key in TITLE_KEYS

            def forms(head: str) -> list[tuple[str, float]]:
                if title or head.lower() in NAME_BEFORE:
                    # A title before a person's name: "President Donald Trump"; a storm,
                    # a lake, an operation before its name: "Storm Rosa", "Lake Michigan".
                    return [("{head} {name}", 1.0)]
                # A body before a name: "Scottish Government" is beyond a word list, but
                # "Scotland Government" and "Government of Scotland" are both English.
                return [("{name} {head}", 1.0), ("{head} of {name}", 0.95)]

            return [
                Rendering(
                    form.format(head=r.english, name=names),
                    r.score * factor,
                    r.attested,
                    (*r.pieces, *kept),
                )
                for r in heads
                for form, factor in forms(r.english)
            ]
        words = english[:front] + list(reversed(english[front:]))
        if place_last:
            adjective = self.lexicon.adjective(parts[last].key, options[last].english)
            if adjective:
                words[front] = adjective
            # Titles depend on the country: a minister is a "Secretary" only in some.
            head = options[front].english.lower().split(" ")[-1]
            countries = TITLE_COUNTRIES.get(head)
            if (
                countries is not None
                and not {
                    (adjective or "").lower(),
                    options[last].english.lower(),
                }
                & countries
            ):
                penalty *= 0.75
        # A country adjective stays first: "Russian | Deputy Foreign Minister".
        lead = front + 1 if place_last else front
        words = words[:lead] + _open_title(words[lead:])
        out.append(self._rendering(words, options, pieces, plural, penalty=penalty))
        if place_last:
            rest = _open_title(list(reversed(english[:last])))
            of = [*rest[:-1], rest[-1], "of", self._with_article(english[last])]
            out.append(
                self._rendering(of, options, pieces, plural, penalty=penalty * 0.9, of_form=True)
            )
        return out

    @staticmethod
    def _with_article(place: str) -> str:
        first = place.split(" ")[0].lower()
        if first in ("united", "republic", "people's", "russian", "kingdom", "state"):
            return f"the {place}"
        return place

    def _rendering(
        self,
        words: list[str],
        options: Sequence[Option],
        pieces: tuple[tuple[Part, Option], ...],
        plural: bool,
        penalty: float,
        of_form: bool = False,
    ) -> Rendering:
        # "trường | trung học": school + secondary school is a secondary school; "nghị sĩ
        # | nghị viện": a member of parliament of parliament is a member of parliament.
        words = [
            w
            for i, w in enumerate(words)
            if not (i and words[i - 1].lower().endswith(" " + w.lower()))
            and not (
                i + 1 < len(words)
                and " " in words[i + 1]
                and f" {w.lower()} " in f" {words[i + 1].lower()} "
            )
        ]
        if plural:
            index = words.index("of") - 1 if of_form else len(words) - 1
            head = words[index].split(" ")
            head[-1] = pluralize(head[-1])
            words[index] = " ".join(head)
        english = " ".join(words)
        confidence = 1.0
        for option in options:
            confidence *= option.confidence
        confidence **= 1 / max(1, len(options))
        attested = 0
        if " " in english:
            whole = self.lexicon.attested(english)
            if whole == 2:
                attested = 2
            else:
                # "of" goes with what follows it: "Minister", "of Russia".
                chunks: list[str] = []
                for word in words:
                    if chunks and chunks[-1] in SMALL_WORDS:
                        chunks[-1] = f"{chunks[-1]} {word}"
                    else:
                        chunks.append(word)
                # The last pair is the head and its nearest modifier, the core of an
                # English compound: "arms race" in "nuclear arms race" counts double.
                found = [
                    bool(self.lexicon.attested(f"{a} {b}")) for a, b in itertools.pairwise(chunks)
                ]
                weights = [1] * (len(found) - 1) + [2] if found else []
                pairs = sum(w for w, ok in zip(weights, found, strict=True) if ok)
                attested = 1 if pairs else 0
                confidence *= 1 + 0.35 * pairs / max(1, sum(weights))
        if attested == 2:
            confidence *= 1.3
        return Rendering(english, confidence * penalty, attested, pieces)

    @staticmethod
    def _confidence(rendering: Rendering) -> float:
        cap = MAX_CONFIDENCE + (0.05 if rendering.attested == 2 else 0.0)
        return clamp(min(cap, 0.15 + 0.5 * rendering.score))

    @staticmethod
    def _evidence(rendering: Rendering) -> str:
        parts = " + ".join(
            f"{part.vietnamese} = {option.english} ({option.origin})"
            for part, option in rendering.pieces
        )
        note = {2: "; the whole is attested", 1: "; part of it is attested", 0: ""}[
            rendering.attested
        ]
        return (
            "compositional (lower confidence than a whole-term match): "
            f"{parts}; modifier-after-head order reversed for English{note}"
        )
