"""English equivalents for Vietnamese terms: sources, ranking, translators.

Each module in ``sources`` proposes English for a candidate with a confidence
and its evidence (the glossary, dictionaries, composition from parts, brackets
in the text, the translation memory, machine translation); ``engine`` asks
them, merges and ranks what they say, and writes the suggestions to the store.
``translators`` holds the machine-translation adapters (deep-translator, and a
fake for tests), used only when asked for.
"""
