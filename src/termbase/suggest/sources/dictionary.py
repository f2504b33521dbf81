"""Whole-term matches in the shipped vi→en dictionary (FVDP), the core lexicon, iso-codes names.

A candidate found as a headword gets each short gloss of its senses (the
first sense first, nouns before other parts of speech: terms are mostly
nouns); one found as a dictionary example phrase gets that example's English
("Vũ khí hạt nhân+Nuclear weapon"), the most specific evidence there is.
"""

from __future__ import annotations

from collections.abc import Sequence

from termbase.data.dictionary import english_example, place_origin
from termbase.normalize import tone_key
from termbase.suggest.sources import Candidate, Suggestion, clamp
from termbase.suggest.sources.lexicon import Lexicon, english_case, name_case

EXAMPLE = 0.78
# An example pair's English for a word of the core lexicon ("thẩm phán": "judge magistrate"
# after "judge"): below the core lexicon's first gloss.
EXAMPLE_BESIDE_CORE = 0.7
PLACE = 0.8
# The project's own core lexicon (data/core.tsv), curated for terms, before the FVDP.
CORE = 0.76
CORE_ORDER = {"noun": 0, "adjective": 1, "verb": 2}
SENSE = 0.7
LEARNED = 0.4


class DictionarySource:
    """Senses, example pairs and country names for the whole Vietnamese term."""

    name = "dictionary"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        return [self._one(c) for c in candidates]

    def _after_nouns(self, key: str, contexts: Sequence[str]) -> bool:
        """Whether the contexts put this word after a noun (twice at least, two times in
        three): a modifier.

        "hạt nhân" is a nucleus as a noun, but in "vũ khí hạt nhân", "năng lượng
        hạt nhân" it modifies the noun before it: nuclear.
        """
        d = self.lexicon.dictionary
        wanted = key.split(" ")
        size = len(wanted)
        seen = after = 0
        for sentence in contexts:
            tokens = [tone_key(t.strip(".,;:!?\"'()“”")) for t in sentence.split()]
            for i in range(len(tokens) - size + 1):
                if tokens[i : i + size] != wanted:
                    continue
                seen += 1
                before = [" ".join(tokens[i - n : i]) for n in (2, 1) if i - n >= 0]
                found = (s for b in before for s in (*d.core.get(b, ()), *d.senses.get(b, ())))
                after += any(s.pos == "noun" for s in found)
        return seen >= 2 and after * 3 >= seen * 2

    def _one(self, candidate: Candidate) -> list[Suggestion]:
        d = self.lexicon.dictionary
        out: list[Suggestion] = []
        for term in candidate.vietnamese:
            key = tone_key(term.text)
            origin = place_origin(d, key)
            # The usual name first ("South Korea"), the formal ones after it.
            for rank, name in enumerate(d.places.get(key, ())):
                confidence = round(PLACE - 0.02 * rank, 2)
                out.append(Suggestion(name, self.name, confidence, f"{origin} for {term.text!r}"))
            # An example pair is the most specific evidence for a phrase, but for a word
            # the core lexicon has, the example's English comes after the core's.
            example = EXAMPLE if key not in d.core else EXAMPLE_BESIDE_CORE
            for ex in d.examples.get(key, ()):
                text = english_example(ex.english)
                if text:
                    out.append(
                        Suggestion(
                            english_case(text, d.proper),
                            self.name,
                            example,
                            f"dictionary example under {ex.headword!r}:"
                            f" {ex.vietnamese}+{ex.english}",
                        )
                    )
            # Terms are mostly nouns: the noun row first, then modifiers, then verbs;
            # a word the text uses after nouns ("vũ khí | hạt nhân") is a modifier first.
            rows = list(d.core.get(key, ()))
            order = dict(CORE_ORDER)
            # Only a word with both readings needs its contexts read.
            if {"noun", "adjective"} <= {r.pos for r in rows} and self._after_nouns(
                key, candidate.contexts
            ):
                order["adjective"] = -1
            rows.sort(key=lambda s: order.get(s.pos, 3))
            for index, sense in enumerate(rows):
                for rank, gloss in enumerate(sense.glosses):
                    out.append(
                        Suggestion(
                            gloss,
                            self.name,
                            clamp(CORE * 0.9**index * 0.93**rank),
                            f"core lexicon {sense.headword!r} ({sense.pos or 'other'}):"
                            f" {sense.text}",
                        )
                    )
            senses = d.senses.get(key, ())
            has_noun = any(s.pos == "noun" for s in senses)
            for sense in senses:
                factor = 0.9 if has_noun and sense.pos not in ("noun", "") else 1.0
                for rank, gloss in enumerate(sense.glosses):
                    confidence = (
                        SENSE
                        * factor
                        * 0.88**sense.index
                        * 0.93**rank
                        * self.lexicon.commonness(gloss)
                    )
                    pos = f" ({sense.pos})" if sense.pos else ""
                    out.append(
                        Suggestion(
                            name_case(term.text, english_case(gloss, d.proper)),
                            self.name,
                            clamp(confidence),
                            f"dictionary {sense.headword!r}{pos}, sense {sense.index + 1}:"
                            f" {sense.text}",
                        )
                    )
            if not out:
                learned = d.learned.get(key, ())
                total = sum(n for _, n in learned) or 1
                for english, count in learned:
                    out.append(
                        Suggestion(
                            english,
                            self.name,
                            clamp(LEARNED * (0.6 + 0.4 * count / total)),
                            f"dictionary: learned from {count} example pair"
                            f"{'s' if count > 1 else ''} whose other words are known",
                        )
                    )
        return out
