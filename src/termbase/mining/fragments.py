"""Whether a candidate is a fragment: of a longer candidate, or of a word the text writes whole.

Nesting is counted C-value style in :func:`termbase.mining.rank.rank_spans`;
the helpers here decide which extensions of a candidate count (a general word
or a nationality added to it leaves it a term of its own) and which syllable
pairs this text always writes together though the lexicon lacks them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from termbase.mining.scan import CONNECTOR_KEYS, is_vietnamese_syllable
from termbase.mining.wordlists import COUNTRY_KEYS, Words


def weak_extension(
    added: Sequence[str],
    added_keys: Sequence[str],
    neighbour: str,
    right: bool,
    words: Words,
    head_start: bool = False,
) -> bool:
    """Whether a word added to a candidate leaves the candidate a term of its own.

    Weak: a nationality after a name ("… Quốc phòng | Nga"), a lower-case word
    in front of a name ("toà nhà | Đại sứ quán"), and a general word ("tăng
    cường | hỗ trợ an ninh").  One lower-case syllable that is not a general
    word is never weak: it may finish a word the lexicon lacks ("tầm | trung").
    """
    capital = added[0][:1].isupper()
    if (
        right
        and capital
        and (
            (len(added) == 1 and added_keys[0] in COUNTRY_KEYS)
            or not is_vietnamese_syllable(added[0])
        )
    ):
        return True  # a nationality or a Latin name after a name
    if not right and not capital and neighbour[:1].isupper():
        return True
    if not right and capital and head_start:
        return True  # a new name starts: "Đại biểu | Đảng Lao động"
    if capital:
        return False
    # A general word, or a verb in front of its object ("bắt | tôm hùm").
    return words.weak(added_keys) or (not right and words.pos.get(" ".join(added_keys)) == "v")


def written_after(
    tokens: Sequence[str], last: int, pairs: Counter[str], syllables: Counter[str]
) -> bool:
    """Whether the last word, one syllable, nearly always follows the syllable before it here.

    Such a syllable ends a name ("Liên minh châu | Âu"), unless it is a country: a
    text that always writes "Bộ Quốc phòng | Nga" still names the ministry and
    its country.
    """
    if (
        last != len(tokens) - 1
        or tokens[last] in COUNTRY_KEYS
        or not is_vietnamese_syllable(tokens[last])
    ):
        return False  # a country, or a Latin name: a person's after a title
    seen = syllables.get(tokens[last], 0)
    return seen >= 2 and pairs.get(f"{tokens[last - 1]} {tokens[last]}", 0) >= 0.75 * seen


def learned_words(
    freq: Counter[str], syllables: Counter[str], bond: frozenset[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Syllable pairs this text nearly always writes together, though the lexicon lacks them.

    Returns, per syllable, the largest share of its occurrences spent as the
    second (first) half of one such pair: "cắt giảm" makes "giảm …" a fragment.
    """
    second: dict[str, float] = {}
    first: dict[str, float] = {}
    for key, f in freq.items():
        if f < 2 or key.count(" ") != 1:
            continue
        a, b = key.split(" ")
        if key in bond or a in CONNECTOR_KEYS or b in CONNECTOR_KEYS:
            continue
        if syllables.get(b):
            second[b] = max(second.get(b, 0.0), f / syllables[b])
        if syllables.get(a):
            first[a] = max(first.get(a, 0.0), f / syllables[a])
    return second, first


def cuts_word(tokens: Sequence[str], learned: tuple[dict[str, float], dict[str, float]]) -> bool:
    """Whether a candidate starts or ends inside a pair of :func:`learned_words`."""
    second, first = learned
    if len(tokens) == 2 and (second.get(tokens[1], 0) >= 0.75 or first.get(tokens[0], 0) >= 0.75):
        # The pair itself is the learned word, unless a longer word swallows it.
        return False
    return second.get(tokens[0], 0.0) >= 0.75 or first.get(tokens[-1], 0.0) >= 0.75


def trim_connectors(tokens: Sequence[str]) -> str:
    """A candidate's key without connectors at its ends."""
    if tokens and tokens[0] not in CONNECTOR_KEYS and tokens[-1] not in CONNECTOR_KEYS:
        return " ".join(tokens)
    a, b = 0, len(tokens)
    while a < b and tokens[a] in CONNECTOR_KEYS:
        a += 1
    while b > a and tokens[b - 1] in CONNECTOR_KEYS:
        b -= 1
    return " ".join(tokens[a:b])
