"""A part's renderings weighed for its role in the term, and the English word forms that takes.

Vietnamese puts the head first and its modifiers after it.  The head (and an inner part, the
head of what follows it) wants a noun: an adjective or a verb there is also offered as its
noun ("stable" -> "stability", "negotiate" -> "negotiation").  The last modifier prefers an
adjective ("strategic" over "strategy"), made from a noun where the dictionary gives only the
noun ("chemistry" -> "chemical"), and one word.  "người"/"nhà" + a verb, or a verb +
"viên", is the English agent noun ("người tiêu dùng": consumer), and "người" before a noun a
classifier ("người phụ nữ": woman).  Word forms are made by suffix rules and taken only where
the dictionary's English uses the word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from termbase.suggest.sources.compose.rows import Part, Piece, Rendering
from termbase.suggest.sources.compose.titles import field_head, front_modifiers
from termbase.suggest.sources.compose.weights import WEIGHTS
from termbase.suggest.sources.lexicon import Lexicon, Option

Role = Literal["head", "inner", "modifier", "field"]
AGENT_PREFIXES = frozenset({"người", "nhà"})
AGENT_SUFFIXES = frozenset({"viên"})


def part_roles(parts: Sequence[Part]) -> list[Role]:
    """The role of each part: a front modifier, the head, inner parts, the last modifiers."""
    front = front_modifiers(parts)
    # A country at the end modifies the whole ("Thứ trưởng Ngoại giao | Nga"):
    # the part before it is a modifier too, not the head of what follows.
    last = len(parts) - 1
    if last > front + 1 and parts[last].options and parts[last].options[0].place:
        last -= 1
    roles: list[Role] = []
    for index in range(len(parts)):
        if index < front:
            roles.append("modifier")
        elif index == front:
            roles.append("head")
        else:
            roles.append("modifier" if index >= last else "inner")
    field = field_head(parts)
    if field is not None:
        roles[field] = "field"
    return roles


def role_options(lexicon: Lexicon, part: Part, role: Role) -> list[Option]:
    """The part's renderings weighed for its role, best first, one per English text."""
    adjusted: list[Option] = []
    for option in part.options:
        if role == "modifier":
            factor, derived = _as_modifier(lexicon, option)
        elif role == "field":
            factor, derived = _as_field(option), None
        else:
            factor, derived = _as_head(lexicon, option)
        if derived is not None:
            adjusted.append(derived)
        if role != "head":
            factor *= WEIGHTS.extra_word ** max(0, len(option.english.split()) - 1)
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


def _as_head(lexicon: Lexicon, option: Option) -> tuple[float, Option | None]:
    """The factor of ``option`` as a head, and the noun it is also offered as, if any."""
    factor = 1.0
    noun = None
    if option.pos == "verb":
        # A verb that is also an English noun ("guarantee", "support") heads a
        # term as it is; one that is not ("ensure") much less well.
        is_noun = lexicon.is_noun(option.english)
        factor = WEIGHTS.head_verb_noun if is_noun else WEIGHTS.head_verb
        known = [n for n in nominalize_verb(option.english) if lexicon.is_word(n)]
        noun = known[0] if known else None
    elif option.pos == "adjective":
        factor, noun = WEIGHTS.head_adjective, nominalize(option.english)
    if not noun:
        return factor, None
    confidence = option.confidence * WEIGHTS.head_noun_form
    return factor, Option(noun, confidence, option.origin, "noun")


def _as_modifier(lexicon: Lexicon, option: Option) -> tuple[float, Option | None]:
    """The factor of ``option`` as the last modifier, and the adjective it is also offered as."""
    if option.pos == "adjective":
        return WEIGHTS.modifier_adjective, None
    if option.pos == "verb":
        return WEIGHTS.modifier_verb, None
    # The dictionary often gives only the noun: chemistry -> chemical.
    adjective = adjectivize(option.english)
    if not adjective or not lexicon.is_word(adjective):
        return 1.0, None
    confidence = option.confidence * WEIGHTS.modifier_adjectivized
    return 1.0, Option(adjective, confidence, option.origin, "adjective")


def _as_field(option: Option) -> float:
    """The factor of ``option`` as the field of a title or body: its noun ("Health Minister")."""
    if option.pos == "noun":
        return WEIGHTS.field_noun
    if option.pos == "verb":
        return WEIGHTS.modifier_verb
    if option.pos == "adjective":
        return WEIGHTS.field_adjective
    return 1.0


def agent_rendering(lexicon: Lexicon, parts: Sequence[Part]) -> Rendering | None:
    """ "người"/"nhà" + a verb, or the verb + "viên": the English agent noun.

    "người tiêu dùng" (person + consume) is a consumer: the "-er"/"-or" noun
    of the verb, taken only when the dictionary's English uses that word.
    "người" before a noun (no verb reading) is a classifier: "người phụ nữ" is
    a woman, not a "womener".
    """
    if len(parts) == 3 and parts[0].key in AGENT_PREFIXES:
        return _agent_with_object(lexicon, parts)
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
        confidence = first.confidence * WEIGHTS.classifier
        chosen = Option(first.english, confidence, first.origin, "noun")
        return Rendering(first.english, chosen.confidence, 0, (Piece(verb, chosen),))
    for option in verb.options:
        if option.pos not in (("verb",) if has_verb else ("verb", "")):
            continue
        nouns = agent_nouns(option.english)
        if not nouns:
            continue
        # A form the English side uses wins; else the productive "-er".
        known = [n for n in nouns if lexicon.is_word(n)]
        noun, factor = (
            (known[0], WEIGHTS.known_agent) if known else (nouns[0], WEIGHTS.coined_agent)
        )
        chosen = Option(noun, option.confidence * factor, option.origin, "noun")
        return Rendering(noun, chosen.confidence, 0, (Piece(verb, chosen),))
    return None


def _agent_with_object(lexicon: Lexicon, parts: Sequence[Part]) -> Rendering | None:
    """ "người ủng hộ | X": an X supporter; "nhà sản xuất | ô tô": a car producer."""
    if not any(o.pos == "verb" for o in parts[1].options):
        return None
    agent = agent_rendering(lexicon, parts[:2])
    # The object of the verb is a noun, as a field is: "peace supporter", not "peaceful".
    objects = role_options(lexicon, parts[2], "field")
    if agent is None or not objects or objects[0].pos == "verb" or objects[0].place:
        return None
    obj = objects[0]
    english = f"{obj.english} {agent.english}"
    score = (agent.score * obj.confidence) ** 0.5
    attested = lexicon.attested(english)
    if attested == 2:
        score *= WEIGHTS.attested_whole
    return Rendering(english, score, attested, (*agent.pieces, Piece(parts[2], obj)))


# -- English word forms ---------------------------------------------------------


def pluralize(word: str) -> str:
    """The plural of an English noun: country -> countries, tax -> taxes."""
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
