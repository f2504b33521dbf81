"""The numbers of a compositional rendering: one frozen dataclass, a sentence each.

A rendering's score is the geometric mean of its parts' confidences (each weighed for its
role in the term), times the penalties of its split and of its English shape, times a bonus
where English attests the whole or its pairs of words; its confidence is a line of the score,
capped below a whole-term match.  Most numbers were set by hand with the first compositional
source (3880b6f) and have not been measured one by one since; where a number came in with a
rule that bench/RESULTS.md measured ("Suggestion quality", table "What changed"), its
comment names that row.  The row measures the rule with its number, not a sweep of values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """Factors on a part's or a rendering's score, and the confidence line."""

    # -- the split -------------------------------------------------------------
    # Each part beyond the fewest possible: a finer split must be earned by attested English.
    # Set by hand (3880b6f).
    extra_part: float = 0.93
    # Each pair of one-syllable parts side by side, often one word the lexicon lacks ("vũ |
    # khí" read as dance + gas). Set by hand (3880b6f).
    split_word: float = 0.7
    # The confidence of a Latin token the lexicon lacks, kept as written (a name). Set by hand
    # (3880b6f).
    kept_name: float = 0.8

    # -- a part for its role ---------------------------------------------------
    # "người" before a noun, read as a classifier ("người phụ nữ": woman): the noun's own
    # confidence times this. Set by hand (c7b61d8), with the rule in the RESULTS row "a verb
    # heads a term as it is only if English has it as a noun ...; 'người' before a noun is a
    # classifier" (seeds, glossary off, 0.706 -> 0.735 for the three rules of that row).
    classifier: float = 0.9
    # An agent noun ("consumer" from "người tiêu dùng") the dictionary's English uses. Set by
    # hand (3880b6f).
    known_agent: float = 0.9
    # An agent noun the dictionary's English lacks, made with "-er". Set by hand (3880b6f).
    coined_agent: float = 0.75
    # A verb at the head that English also has as a common noun ("guarantee"). Set by hand
    # (dc32bc2), with the rule of the RESULTS row above (0.706 -> 0.735 on the seeds).
    head_verb_noun: float = 0.95
    # A verb at the head that is no English noun ("ensure"). Set by hand (dc32bc2), same row.
    head_verb: float = 0.7
    # An adjective at the head of a term, as it is. Set by hand (3880b6f).
    head_adjective: float = 0.6
    # The noun of a verb or adjective at the head ("negotiation", "stability"), offered
    # beside it. Set by hand (3880b6f).
    head_noun_form: float = 0.85
    # An adjective as the last modifier ("strategic" over "strategy"). Set by hand (3880b6f).
    modifier_adjective: float = 1.25
    # A verb as the last modifier. Set by hand (3880b6f).
    modifier_verb: float = 0.85
    # The adjective of a noun as the last modifier ("chemistry" -> "chemical"), where the
    # dictionary's English uses it. Set by hand (3880b6f).
    modifier_adjectivized: float = 1.1
    # A noun as the field after a title or body named for one ("Health Minister", "Finance
    # Ministry"), where a modifier elsewhere would prefer the adjective ("Medical Minister").
    # Set by hand (issue 12, compose2) to equal ``modifier_adjective``: the field's noun
    # takes the place the adjective has elsewhere.
    field_noun: float = 1.25
    # An adjective as that field: below the noun, above a plain part, so that English's
    # attested exception wins with it ("foreign minister", not "diplomacy minister"). Set by
    # hand (issue 12, compose2).
    field_adjective: float = 1.1
    # Each English word beyond the first of a part that is not the head: a modifier is
    # usually one word. Set by hand (3880b6f).
    extra_word: float = 0.85

    # -- the English shape -----------------------------------------------------
    # "Government of Scotland" beside "Scotland Government" (a body before a name). Set by
    # hand (efbc0c9), with the RESULTS row that starts "FVDP typos mended" (NTREX 1000-1997,
    # glossary off, 0.283 -> 0.317 for that row's nine changes together).
    body_of_name: float = 0.95
    # A title word only some countries use ("Secretary": the US, the UK) with another
    # country. Set by hand (ddb643e), with the RESULTS row "a country at the end modifies the
    # whole title ...; 'Secretary' ... only with the US or the UK" (NTREX 1000-1997, glossary
    # off, 0.633 -> 0.650 for the two rules of that row).
    foreign_title: float = 0.75
    # "Minister of Russia" beside "Russian Minister". Set by hand (3880b6f).
    of_country: float = 0.9
    # A title with "of" before a person's name ("Secretary-General of ASEAN Kao Kim Hourn")
    # where no adjective puts the country in front. Set by hand (issue 12: names).
    of_before_name: float = 0.7

    # A verb between a head and its object read as a relation (:mod:`.verbs`): the plain
    # compound ("measles vaccine", "anti-tank missile"), the phrase with the relation's
    # preposition ("vaccine against measles"), and another verb's "-ing" modifier
    # ("missile-carrying aircraft"), each on the geometric mean of the head's and the
    # object's scores. Set by hand (issue 12, compose2): the plain compound first, as a
    # translator writes it; an "-ing" form below a noun form of the verb ("steel import
    # tax" before "steel-importing tax").
    verb_relation: float = 0.95
    verb_preposition: float = 0.9
    verb_ing: float = 0.8

    # -- attested English ------------------------------------------------------
    # The most the attested pairs of neighbouring words add: this times their weighted
    # share. Set by hand (3880b6f).
    pair_bonus: float = 0.35
    # The weight of the last pair (the head and its nearest modifier, "arms race" in
    # "nuclear arms race"); every other pair weighs 1. Set by hand (5654fd9), with the
    # RESULTS row "the head pair of an English compound weighs double ..." (seeds, glossary
    # off, 0.676 -> 0.706 with that row's second rule).
    head_pair: int = 2
    # The whole rendering is a known English term. Set by hand (3880b6f).
    attested_whole: float = 1.3

    # -- confidence ------------------------------------------------------------
    # The confidence is ``ceiling * score / (score + confidence_half)``: it rises with the
    # score and never reaches the ceiling, so that two renderings of different scores never
    # share a confidence (a cap made the wrong "Deputy Diplomatic Minister" and the right
    # "Deputy Foreign Minister" both 0.6).  The ceiling is ``attested_ceiling`` when English
    # attests the whole, ``guess_ceiling`` for a guess (:func:`.source.is_guess`: not
    # attested as a whole, and for three parts or more not in a pair either; a part from the
    # FVDP's old senses, its examples or words learned from them; the name of a body) and
    # ``ceiling`` otherwise, all below a whole-term match.  A guess stays below
    # ``guess_most``, so that 0.5 or more says a translator would write it.  Set by hand
    # (issue 12) and checked on the development lists, not tuned to them: the reliability
    # table of bench/eval_suggest.py.
    confidence_half: float = 0.25
    attested_ceiling: float = 0.8
    ceiling: float = 0.75
    guess_ceiling: float = 0.56
    guess_most: float = 0.49


WEIGHTS = Weights()
