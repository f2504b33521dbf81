"""Tokens for alignment: Vietnamese syllables, English words, the English phrases a term may have.

Both sides become lists of word tokens with a key (Vietnamese: tone key, so
"hoà"/"hòa" and case make no difference; English: lower case, singular) and a
*chunk* number that changes at every punctuation mark, so that no phrase
crosses one.  English candidate phrases are 1-6 words inside one chunk with no
stopword at either edge ("the Prime Minister" is "Prime Minister"; "Federation
of German Industries" keeps its inner "of").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from termbase.normalize import tone_key
from termbase.suggest.sources.lexicon import singular

MAX_ENGLISH_WORDS = 6

# A word, with inner apostrophes, hyphens and dots ("don't", "co-operation", "U.S"); the
# possessive "'s" is a token of its own so that "Britain's" gives "Britain".
_EN_TOKEN = re.compile(
    r"(?P<poss>['’]s\b)|(?P<word>[^\W_]+(?:[-.][^\W_]+|['’](?!s\b)[^\W_]+)*)|(?P<punct>[^\w\s])",
    re.UNICODE,
)
_VI_TOKEN = re.compile(r"(?P<word>[^\W_]+)|(?P<punct>[^\w\s])", re.UNICODE)

# English words a term equivalent neither starts nor ends with: articles, pronouns,
# prepositions, conjunctions, auxiliaries and the commonest adverbs.
_STOPWORDS = """
    a an the this that these those there here it its it's they them their theirs he him his
    she her hers we us our ours you your yours i me my mine who whom whose which what when
    where why how whether if then than so as at by for from in into of off on onto out over
    to up upon with within without about above across after against along among around
    before behind below beneath beside besides between beyond during except inside near
    since through throughout till toward towards under underneath until via and or but nor
    yet either neither both not no is are was were be been being am do does did doing done
    have has had having will would shall should can could may might must 's ' also just
    very too only even still already more most less least much many some any all each every
    other another such own same said says say according per like unlike well back now ago
    one ones s
"""
STOPWORDS = frozenset(_STOPWORDS.split())
# Stopwords even with a capital inside a sentence ("Bank of England"); the others are
# words of a name there ("Theresa May", "Will Smith", "Nothing Compares").
TITLE_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "nor",
        "for",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "as",
    ]
)
# Punctuation after which a capital says nothing (a new sentence or quotation starts).
_OPENERS = frozenset(".!?:;\"“‘'(")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a segment: its key, its chunk (between punctuation) and where it is.

    ``stop``: a stopword here (an English phrase neither starts nor ends with it).
    """

    key: str
    chunk: int
    start: int
    end: int
    stop: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """An English candidate: words ``[first, last)`` of a segment and its key."""

    first: int
    last: int
    key: str


def vietnamese_tokens(text: str) -> list[Token]:
    """The syllables of a Vietnamese segment, keyed by tone key."""
    out: list[Token] = []
    chunk = 0
    for m in _VI_TOKEN.finditer(text):
        if m.lastgroup == "punct":
            chunk += 1
        else:
            out.append(Token(syllable_key(m.group()), chunk, m.start(), m.end()))
    return out


def english_tokens(text: str) -> list[Token]:
    """The words of an English segment, keyed lower case and singular.

    A stopword with a capital inside a sentence is a word of a name ("Theresa May"),
    unless it is one of :data:`TITLE_STOPWORDS`.
    """
    out: list[Token] = []
    chunk = 0
    initial = True
    for m in _EN_TOKEN.finditer(text):
        word = m.group()
        if m.lastgroup == "punct":
            chunk += 1
            initial = initial or word in _OPENERS
            continue
        key = "'s" if m.lastgroup == "poss" else english_key(word)
        stop = is_stopword(key)
        if stop and not initial and word[:1].isupper() and key.lower() not in TITLE_STOPWORDS:
            stop = False
        out.append(Token(key, chunk, m.start(), m.end(), stop))
        initial = False
    return out


_SYLLABLES: dict[str, str] = {}
_KEYS: dict[str, str] = {}


def syllable_key(word: str) -> str:
    """The tone key of a Vietnamese syllable (case and tone placement make no difference)."""
    key = _SYLLABLES.get(word)
    if key is None:
        if len(_SYLLABLES) > 200_000:
            _SYLLABLES.clear()
        key = _SYLLABLES[word] = tone_key(word)
    return key


def english_key(word: str) -> str:
    """Lower case, singular ("Ministers" and "minister" count together); acronyms kept."""
    key = _KEYS.get(word)
    if key is None:
        if len(_KEYS) > 200_000:
            _KEYS.clear()
        plain = word.replace("’", "'")
        if len(plain) > 1 and plain.isupper():
            key = plain  # an acronym: "US" is not "us", "AM" not "am"
        elif len(plain) > 2 and plain.endswith("s") and plain[:-1].isupper():
            key = plain[:-1]  # "AMs", "MWPs"
        else:
            key = singular(plain)
        _KEYS[word] = key
    return key


def phrase_key(text: str) -> str:
    """The key of an English phrase, as candidates are keyed (for comparing with a reference)."""
    return " ".join(t.key for t in english_tokens(text))


def is_stopword(key: str) -> bool:
    return key in STOPWORDS or key.isdigit()


def english_phrases(tokens: list[Token], max_words: int = MAX_ENGLISH_WORDS) -> Iterator[Phrase]:
    """Every candidate phrase of a segment: inside one chunk, no stopword at an edge."""
    n = len(tokens)
    for first in range(n):
        head = tokens[first]
        if head.stop:
            continue
        parts = [head.key]
        for last in range(first + 1, min(n, first + max_words) + 1):
            tail = tokens[last - 1]
            if tail.chunk != head.chunk:
                break
            if last > first + 1:
                parts.append(tail.key)
            if not tail.stop:
                yield Phrase(first, last, " ".join(parts))


def find_term(
    term: list[str], tokens: list[Token], starts: Iterable[int] | None = None
) -> Iterator[int]:
    """Where the syllable keys ``term`` occur in ``tokens`` (inside one chunk).

    ``starts``: the positions of ``term[0]`` when the caller knows them.
    """
    n, k = len(tokens), len(term)
    if not k:
        return
    if starts is None:
        starts = (i for i in range(n) if tokens[i].key == term[0])
    for i in starts:
        if i + k > n:
            continue
        chunk = tokens[i].chunk
        if all(tokens[i + d].key == term[d] and tokens[i + d].chunk == chunk for d in range(1, k)):
            yield i
