"""Assembling a segment's English: its parts weighed, put in English order and scored.

For each split of a segment, every combination of its parts' best renderings for their
roles is put in English order: reversed ("vũ khí | hạt nhân": nuclear weapon), with a front
modifier kept in front, a country at the end as an adjective in front or an "of" phrase,
and names kept as written after their head.  A rendering scores the geometric mean of its
parts' confidences times the penalties of its split and shape; English attestation of the
whole (the termbase, the glossary, the dictionary, WordNet, the translation memory) or of
its pairs of neighbouring words, the head pair counting double, raises it.  The numbers are
in :mod:`~termbase.suggest.sources.compose.weights`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from termbase.suggest.sources.compose.roles import (
    agent_rendering,
    part_roles,
    pluralize,
    role_options,
)
from termbase.suggest.sources.compose.rows import NAME_POS, Part, Piece, Rendering, Segment
from termbase.suggest.sources.compose.titles import (
    MINISTER_TITLES,
    foreign_title,
    front_modifiers,
    is_title,
    name_forms,
    open_title,
    place_in_front,
    with_article,
)
from termbase.suggest.sources.compose.verbs import (
    noun_forms_only,
    relation_index,
    relation_renderings,
)
from termbase.suggest.sources.compose.weights import WEIGHTS
from termbase.suggest.sources.lexicon import SMALL_WORDS, Lexicon, Option

# Renderings weighed per part: three, or two in a term of more parts than MANY_PARTS.
OPTIONS_PER_PART = 3
OPTIONS_PER_PART_MANY = 2
MANY_PARTS = 4


def render_segment(lexicon: Lexicon, segment: Segment) -> list[Rendering]:
    """The English renderings of one segment, best first."""
    least = len(segment.splits[0])
    out: list[Rendering] = []
    for parts in segment.splits:
        agent = agent_rendering(lexicon, parts)
        if agent is not None:
            out.append(agent)
            continue
        penalty = _split_penalty(parts, least)
        verb = relation_index(parts)
        if verb is not None:

            def render(sub: Sequence[Part]) -> list[Rendering]:
                return _render_parts(lexicon, sub, False, 1.0)

            renderings = relation_renderings(lexicon, parts, verb, render)
            out.extend(
                Rendering(r.english, r.score * penalty, r.attested, r.pieces) for r in renderings
            )
        out.extend(_render_parts(lexicon, parts, segment.plural, penalty, verb))
    out.sort(key=lambda r: -r.score)
    return out


def _render_parts(
    lexicon: Lexicon,
    parts: Sequence[Part],
    plural: bool,
    penalty: float,
    verb: int | None = None,
) -> list[Rendering]:
    """Every combination of the parts' best renderings for their roles, in English order."""
    if len(parts) == 1:
        options = role_options(lexicon, parts[0], "head")[:OPTIONS_PER_PART]
        return [
            score(lexicon, [o.english], [o], (Piece(parts[0], o),), plural, penalty)
            for o in options
        ]
    width = OPTIONS_PER_PART if len(parts) <= MANY_PARTS else OPTIONS_PER_PART_MANY
    choices = [
        role_options(lexicon, part, role)
        for part, role in zip(parts, part_roles(parts), strict=True)
    ]
    if verb is not None:
        # The verb's part read as a noun is one of its own forms ("production"), never
        # another word that sounds the same ("phòng": room).
        choices[verb] = noun_forms_only(parts[verb], choices[verb])
        if not choices[verb]:
            return []
    out: list[Rendering] = []
    for combo in itertools.product(*(c[:width] for c in choices)):
        out.extend(arrange(lexicon, parts, combo, plural, penalty))
    out.sort(key=lambda r: -r.score)
    return out


def _split_penalty(parts: Sequence[Part], least: int) -> float:
    """What a split costs for its parts beyond the fewest and its one-syllable neighbours."""
    penalty = WEIGHTS.extra_part ** (len(parts) - least)
    # Two one-syllable parts side by side are often one word the lexicon lacks
    # ("vũ | khí" read as dance + gas): trust such a split much less.
    singles = sum(1 for a, b in itertools.pairwise(parts) if " " not in a.key and " " not in b.key)
    penalty *= WEIGHTS.split_word**singles
    return penalty


def arrange(
    lexicon: Lexicon, parts: Sequence[Part], options: Sequence[Option], plural: bool, penalty: float
) -> list[Rendering]:
    """English orders of one choice of renderings: reversed, and "X of Country"."""
    # Names kept as written at the end ("Tổng thống Nga Vladimir Putin") stay there,
    # in their own order.
    tail = 0
    while tail < len(parts) - 1 and parts[len(parts) - 1 - tail].options[0].pos == NAME_POS:
        tail += 1
    if tail:
        return _before_names(lexicon, parts, options, plural, penalty, tail)
    pieces = tuple(Piece(part, option) for part, option in zip(parts, options, strict=True))
    english = [o.english for o in options]
    last = len(parts) - 1
    # Reversed, with a country at the end as an adjective in front; a front
    # modifier ("phó": deputy) stays in front.
    front = front_modifiers(parts)
    place_last = last > 0 and options[last].place and not front
    words = english[:front] + list(reversed(english[front:]))
    if place_last:
        adjective = lexicon.adjective(parts[last].key, options[last].english)
        if adjective:
            words[front] = adjective
        # Titles depend on the country: a minister is a "Secretary" only in some.
        if foreign_title(options[front].english, adjective, options[last].english):
            penalty *= WEIGHTS.foreign_title
    elif (
        last > front
        and not options[last].place
        and parts[front].key in MINISTER_TITLES
        and foreign_title(options[front].english, None, "")
    ):
        # A bare title ("Bộ trưởng Quốc phòng") names no country: the generic English
        # ("Defence Minister") before a word only some countries use ("Defense Secretary").
        penalty *= WEIGHTS.foreign_title
    # A country adjective stays first: "Russian | Deputy Foreign Minister".
    lead = front + 1 if place_last else front
    words = words[:lead] + open_title(words[lead:])
    out = [score(lexicon, words, options, pieces, plural, penalty)]
    if place_last:
        rest = open_title(list(reversed(english[:last])))
        of = [*rest, "of", with_article(english[last])]
        of_penalty = penalty * WEIGHTS.of_country
        out.append(score(lexicon, of, options, pieces, plural, of_penalty, of_form=True))
    return out


def _before_names(
    lexicon: Lexicon,
    parts: Sequence[Part],
    options: Sequence[Option],
    plural: bool,
    penalty: float,
    tail: int,
) -> list[Rendering]:
    """Renderings of parts whose last ``tail`` are names kept as written."""
    names = " ".join(o.english for o in options[len(options) - tail :])
    heads = arrange(lexicon, parts[:-tail], options[:-tail], plural, penalty)
    kept = tuple(Piece(p, o) for p, o in zip(parts[-tail:], options[-tail:], strict=True))
    out: list[Rendering] = []
    for r in heads:
        head, factor = r.english, 1.0
        if r.attested == 2 and len(r.pieces) == 1:
            # One part's own gloss ("Đại học": higher education) attests no composition,
            # least of all with a name after it.
            factor /= WEIGHTS.attested_whole
        if is_title(parts[0]):
            # English puts a title's country in front of a name: "Russian President
            # Vladimir Putin", not "President of Russia Vladimir Putin".
            head = place_in_front(lexicon, head) or head
            if " of " in f" {head.lower()} ":
                factor *= WEIGHTS.of_before_name
        out.extend(
            Rendering(
                form.template.format(head=head, name=names),
                r.score * form.factor * factor,
                min(r.attested, 1),
                (*r.pieces, *kept),
            )
            for form in name_forms(head, parts[0])
        )
    return out


def score(
    lexicon: Lexicon,
    words: list[str],
    options: Sequence[Option],
    pieces: tuple[Piece, ...],
    plural: bool,
    penalty: float,
    of_form: bool = False,
) -> Rendering:
    """The rendering of ``words`` (one English order of ``options``) with its score."""
    words = _said_once(words)
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
        if lexicon.attested(english) == 2:
            attested = 2
        else:
            pairs, total = _attested_pairs(lexicon, words)
            attested = 1 if pairs else 0
            confidence *= 1 + WEIGHTS.pair_bonus * pairs / max(1, total)
    if attested == 2:
        confidence *= WEIGHTS.attested_whole
    return Rendering(english, confidence * penalty, attested, pieces)


def _said_once(words: list[str]) -> list[str]:
    """Words without one its neighbour already says.

    "trường | trung học": school + secondary school is a secondary school; "nghị sĩ
    | nghị viện": a member of parliament of parliament is a member of parliament.
    """
    return [
        w
        for i, w in enumerate(words)
        if not (i and words[i - 1].lower().endswith(" " + w.lower()))
        and not (
            # "of" before "the United States of America" is the phrase's own "of".
            w != "of"
            and i + 1 < len(words)
            and " " in words[i + 1]
            and f" {w.lower()} " in f" {words[i + 1].lower()} "
        )
    ]


def _attested_pairs(lexicon: Lexicon, words: Sequence[str]) -> tuple[int, int]:
    """The weight of the attested pairs of neighbouring words, and of all pairs."""
    # "of" goes with what follows it: "Minister", "of Russia".
    chunks: list[str] = []
    for word in words:
        if chunks and chunks[-1] in SMALL_WORDS:
            chunks[-1] = f"{chunks[-1]} {word}"
        else:
            chunks.append(word)
    # The last pair is the head and its nearest modifier, the core of an
    # English compound: "arms race" in "nuclear arms race" counts double.
    found = [bool(lexicon.attested(f"{a} {b}")) for a, b in itertools.pairwise(chunks)]
    weights = [1] * (len(found) - 1) + [WEIGHTS.head_pair] if found else []
    pairs = sum(w for w, ok in zip(weights, found, strict=True) if ok)
    return pairs, sum(weights)
