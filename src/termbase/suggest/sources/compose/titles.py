"""Titles, ministers, countries and names: the rules that give a title its English shape.

A front modifier ("phó": deputy, "cựu": former) stays in front; "Bộ" after a minister's
title adds nothing ("Thứ trưởng Bộ Ngoại giao": Deputy Foreign Minister); a title's prefix
goes before the field ("deputy" + "foreign" + "minister"); a country at the end becomes an
adjective in front ("Russian President") or an "of" phrase with its article ("of the United
Kingdom"), and a title word only some countries use ("Secretary") is doubtful with any
other.  Before a name kept as written, a title, a storm or a lake comes first ("President
Donald Trump", "Storm Rosa"), and a body goes either way ("Scotland Government",
"Government of Scotland").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from termbase.data.cues import TITLE_HEADS
from termbase.normalize import tone_key
from termbase.suggest.sources.compose.rows import NAME_POS, Part
from termbase.suggest.sources.compose.weights import WEIGHTS
from termbase.suggest.sources.lexicon import Lexicon

# Sino-Vietnamese words that stand before what they modify: "Phó Tổng thống", "cựu Bộ trưởng".
FRONT_MODIFIERS = frozenset({"phó", "cựu"})
# "Bộ" after the title of a minister adds nothing in English: "Thứ trưởng Bộ Ngoại giao"
# is a Deputy Foreign Minister.
MINISTRY_WORDS = frozenset({"bộ"})
MINISTER_TITLES = frozenset({"bộ trưởng", "thứ trưởng"})
# Titles and bodies named for a field of government: English names the field by its noun,
# not its adjective ("Bộ trưởng Y tế": Health Minister, not Medical Minister; "Bộ Tài
# chính": Finance Ministry; "Ủy ban Tư pháp": Justice Committee).
FIELD_HEADS = frozenset(
    tone_key(h)
    for h in ("bộ trưởng", "thứ trưởng", "bộ", "ủy ban", "ban", "sở", "cục", "tổng cục", "vụ")
)
# Titles before a person's name ("Tổng thống Donald Trump"), as opposed to bodies before a
# place's ("Chính phủ Scotland").
TITLE_KEYS = frozenset(tone_key(t) for t in TITLE_HEADS)
# English words for a minister that only some countries use ("Bộ trưởng Quốc phòng Nga" is
# the Russian Defence Minister, "Bộ trưởng Quốc phòng Mỹ" the US Secretary of Defense),
# with the names and adjectives of those countries, lower case.
TITLE_COUNTRIES = {
    "secretary": frozenset(
        {"us", "american", "united states", "united states of america"}
        | {"uk", "british", "united kingdom"}
    ),
}
# English words that come before a name they classify: "Storm Rosa", "Lake Michigan".
NAME_BEFORE = frozenset(
    {"storm", "hurricane", "typhoon", "cyclone", "tropical storm", "operation", "project"}
    | {"lake", "mount", "mountain", "cape", "fort", "camp", "planet", "comet"}
)
# English titles whose first word stays in front of what the Vietnamese puts after
# the title: "thứ trưởng | ngoại giao" is a Deputy Foreign Minister.
TITLE_PREFIXES = ("first deputy", "deputy", "vice", "assistant", "acting", "under")
# First words of a place's name that take "the": "of the United States".
ARTICLE_WORDS = ("united", "republic", "people's", "russian", "kingdom", "state")


class NameForm(NamedTuple):
    """A way to put a head and a name kept as written together, and its factor."""

    template: str
    factor: float


def front_modifiers(parts: Sequence[Part]) -> int:
    """1 if the first of several parts is a front modifier ("Phó | Tổng thống"), else 0."""
    return 1 if len(parts) > 1 and parts[0].key in FRONT_MODIFIERS else 0


def field_head(parts: Sequence[Part]) -> int | None:
    """The index of the field after a title or body named for one ("Bộ trưởng | Y tế"), if any."""
    front = front_modifiers(parts)
    field = front + 1
    if field >= len(parts) or parts[front].key not in FIELD_HEADS:
        return None
    options = parts[field].options
    if not options or options[0].place or options[0].pos == NAME_POS:
        return None
    return field


def ministry_after_title(word: str, before: Sequence[str]) -> bool:
    """Whether ``word`` is "Bộ" right after a minister's title: the minister of a ministry."""
    return word in MINISTRY_WORDS and tone_key(" ".join(before[-2:])) in MINISTER_TITLES


def open_title(words: list[str]) -> list[str]:
    """ "foreign" + "deputy minister" -> "deputy foreign minister": a title's prefix goes first."""
    if len(words) < 2:
        return words
    head = words[-1]
    lower = head.lower()
    for prefix in TITLE_PREFIXES:
        if lower.startswith(prefix + " ") and " " not in lower[len(prefix) + 1 :]:
            return [head[: len(prefix)], *words[:-1], head[len(prefix) + 1 :]]
    return words


def place_in_front(lexicon: Lexicon, title: str) -> str | None:
    """ "President of Russia" -> "Russian President": the place's adjective in front, if known."""
    head, of, place = title.partition(" of ")
    if not of or not head:
        return None
    place = place.removeprefix("the ")
    adjective = lexicon.place_adjective(place)
    return f"{adjective} {head}" if adjective else None


def with_article(place: str) -> str:
    """A place's name after "of": "the United States", "Russia"."""
    first = place.split(" ")[0].lower()
    if first in ARTICLE_WORDS:
        return f"the {place}"
    return place


def foreign_title(title: str, adjective: str | None, country: str) -> bool:
    """Whether the last word of ``title`` is one ``country`` does not use ("Secretary")."""
    countries = TITLE_COUNTRIES.get(title.lower().split(" ")[-1])
    return countries is not None and not {(adjective or "").lower(), country.lower()} & countries


def is_title(part: Part) -> bool:
    """Whether ``part`` is a title or starts with one ("Tổng thống", "Tổng thống Nga")."""
    words = part.key.split(" ")
    return any(" ".join(words[:n]) in TITLE_KEYS for n in range(1, len(words) + 1))


def name_forms(head: str, first: Part) -> list[NameForm]:
    """How ``head`` (the English of the parts before a name) and the name go together."""
    if is_title(first) or head.lower() in NAME_BEFORE:
        # A title before a person's name: "President Donald Trump"; a storm, a lake, an
        # operation before its name: "Storm Rosa", "Lake Michigan".
        return [NameForm("{head} {name}", 1.0)]
    # A body before a name: "Scottish Government" is beyond a word list, but
    # "Scotland Government" and "Government of Scotland" are both English.
    return [NameForm("{name} {head}", 1.0), NameForm("{head} of {name}", WEIGHTS.body_of_name)]
