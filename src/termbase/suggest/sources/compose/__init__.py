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

The stages, one module each: :mod:`.split` (segments and parts), :mod:`.roles` (a
part's renderings for its role, English word forms), :mod:`.titles` (titles, ministers,
countries, names), :mod:`.arrange` (English order and the score), :mod:`.source` (the
source itself); :mod:`.rows` holds the rows they pass, :mod:`.weights` every number.
"""

from termbase.suggest.sources.compose.source import NAME, CompositionalSource

__all__ = ["NAME", "CompositionalSource"]
