"""A verb between a noun and its object: read as a relation, never as a noun.

"vắc xin | phòng | sởi" is a vaccine that prevents measles: English says "measles
vaccine" or "vaccine against measles", never "measles room vaccine" (the noun "phòng",
room, is another word that sounds the same).  A verb right after the head with an object
after it is read as the relation between them: the verbs of prevention and opposition
("phòng", "chống", "ngừa") as "against" or "anti-", those of treatment ("chữa", "trị")
as "for", both also as a plain compound ("measles vaccine"); any other verb as an
"-ing" modifier ("missile-carrying aircraft").  Only a verb the core lexicon gives is
read so; the part's nouns that are no form of its verbs ("room" for "phòng") are not
weighed there at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from termbase.suggest.sources.compose.rows import Part, Piece, Rendering
from termbase.suggest.sources.compose.titles import front_modifiers
from termbase.suggest.sources.compose.weights import WEIGHTS
from termbase.suggest.sources.lexicon import Lexicon, Option

# Vietnamese verbs of a relation between a thing and what it acts on, and the English
# word for it: "vắc xin phòng sởi" (vaccine against measles), "tên lửa chống tăng"
# (anti-tank missile), "thuốc chữa ung thư" (drug for cancer).
RELATION_VERBS = {
    "phòng": "against",
    "ngừa": "against",
    "phòng ngừa": "against",
    "phòng chống": "against",
    "ngăn ngừa": "against",
    "chống": "anti-",
    "chữa": "for",
    "trị": "for",
    "điều trị": "for",
}
# Renderings of the head and of the object combined.
RENDERINGS_EACH = 2


def relation_index(parts: Sequence[Part]) -> int | None:
    """The index of a verb right after the head with an object after it, if any."""
    index = front_modifiers(parts) + 1
    if index >= len(parts) - 1:
        return None
    verb, following = parts[index], parts[index + 1]
    if not any(o.pos == "verb" and o.origin.startswith("core lexicon") for o in verb.options):
        return None
    # The object is a noun (or a name); a second verb makes a verb phrase of its own.
    if not following.options or following.options[0].pos == "verb":
        return None
    return index


def noun_forms_only(part: Part, options: Sequence[Option]) -> list[Option]:
    """The nouns among ``options`` that are forms of the part's verbs ("production").

    Neither a bare verb ("missile carry aircraft") nor another word that sounds the same
    ("phòng": room) stands in an English compound.
    """
    if part.key in RELATION_VERBS:
        return []  # a relation, not a thing: "measles vaccine", not "prevention vaccine"
    verbs = [o.english.lower() for o in part.options if o.pos == "verb"]
    return [o for o in options if o.pos in ("noun", "") and _verb_form(o.english.lower(), verbs)]


def _verb_form(noun: str, verbs: Sequence[str]) -> bool:
    # "production" is a form of "produce", "race" of "race"; "room" of nothing.
    return any(noun[:4] == verb[:4] for verb in verbs)


def relation_renderings(
    lexicon: Lexicon,
    parts: Sequence[Part],
    index: int,
    render: Callable[[Sequence[Part]], list[Rendering]],
) -> list[Rendering]:
    """Renderings of ``parts`` with the verb at ``index`` read as a relation.

    ``render`` gives the renderings of the parts before the verb and of those after it.
    """
    verb_part = parts[index]
    verb = next(o for o in verb_part.options if o.pos == "verb")
    heads = render(parts[:index])[:RENDERINGS_EACH]
    objects = render(parts[index + 1 :])[:RENDERINGS_EACH]
    relation = RELATION_VERBS.get(verb_part.key)
    out: list[Rendering] = []
    for head, obj in itertools.product(heads, objects):
        base = (head.score * obj.score) ** 0.5
        pieces = (*head.pieces, Piece(verb_part, verb), *obj.pieces)
        forms: list[tuple[str, float]]
        if relation is None:
            forms = [(f"{obj.english}-{ing_form(verb.english)} {head.english}", WEIGHTS.verb_ing)]
        elif relation == "anti-":
            forms = [
                (f"anti-{obj.english} {head.english}", WEIGHTS.verb_relation),
                (f"{head.english} against {obj.english}", WEIGHTS.verb_preposition),
            ]
        else:
            forms = [
                (f"{obj.english} {head.english}", WEIGHTS.verb_relation),
                (f"{head.english} {relation} {obj.english}", WEIGHTS.verb_preposition),
            ]
        for english, factor in forms:
            attested = lexicon.attested(english) if " " in english else 0
            bonus = WEIGHTS.attested_whole if attested == 2 else 1.0
            level = attested if attested == 2 else min(1, head.attested + obj.attested)
            out.append(Rendering(english, base * factor * bonus, level, pieces))
    return out


def ing_form(verb: str) -> str:
    """The "-ing" form of an English verb: carry -> carrying, produce -> producing."""
    first, _, rest = verb.partition(" ")
    w = first.lower()
    if w.endswith("ie"):
        w = w[:-2] + "y"
    elif w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        w = w[:-1]
    return " ".join(x for x in (w + "ing", rest) if x)
