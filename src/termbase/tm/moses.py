"""Moses-tokenised text (as in the IWSLT corpora): detect it and undo it.

Moses' tokenizer escapes ``' " & < > [ ] |`` as HTML entities and puts a space
around punctuation ("life &apos;s work ."). A file is taken for tokenised when
at least a fifth of its non-empty lines show one of those signs; its lines are
then detokenised on import and the import summary says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ENTITIES = {
    "&apos;": "'",
    "&quot;": '"',
    "&amp;": "&",
    "&lt;": "<",
    "&gt;": ">",
    "&#91;": "[",
    "&#93;": "]",
    "&#124;": "|",
}
_ENTITY_RE = re.compile("|".join(map(re.escape, _ENTITIES)))
_SIGN_RE = re.compile(r"&(?:apos|quot|amp|lt|gt|#91|#93|#124);|\s[,.!?;:](?:\s|$)")
_ATTACH_LEFT = frozenset({",", ".", "?", "!", ":", ";", "%", ")", "]", "}", "...", "…"})
_ATTACH_RIGHT = frozenset({"(", "[", "{", "$", "#"})
_CLITIC_RE = re.compile(r"(?:'(?:s|re|ve|ll|d|m|t)|n't)", re.IGNORECASE)
SHARE = 0.2


def looks_tokenised(lines: Sequence[str]) -> bool:
    """Whether at least a fifth of the non-empty lines show Moses' entities or spacing."""
    filled = [line for line in lines if line.strip()]
    if not filled:
        return False
    signs = sum(1 for line in filled if _SIGN_RE.search(line))
    return signs >= SHARE * len(filled)


def detokenise(line: str) -> str:
    """Undo Moses tokenisation: entities back to characters, punctuation re-attached."""
    text = _ENTITY_RE.sub(lambda m: _ENTITIES[m.group()], line)
    out: list[str] = []
    glue_next = False
    open_quotes: set[str] = set()
    for token in text.split():
        if token == "@-@":
            out.append("-")
            glue_next = True
            continue
        glue = glue_next
        glue_next = False
        if token in _ATTACH_LEFT or _CLITIC_RE.fullmatch(token):
            glue = True
        elif token in _ATTACH_RIGHT:
            glue_next = True
        elif token in ('"', "'"):
            if token in open_quotes:
                open_quotes.discard(token)
                glue = True
            else:
                open_quotes.add(token)
                glue_next = True
        if out and not glue:
            out.append(" ")
        out.append(token)
    return "".join(out)
