"""Machine translation of a whole term by a :class:`~termbase.suggest.translators.Translator`.

Opt-in (``--translator``).  Translations are cached in the termbase per
engine and language pair, so a text is never sent twice; texts are sent in
batches, and each batch is cached as soon as it comes back.  An engine that
fails (offline, timed out, rate-limited, refused) leaves a warning in
:attr:`MachineTranslationSource.warnings` and no suggestion: the offline
sources are unaffected.
"""

from __future__ import annotations

from collections.abc import Sequence

from termbase.errors import TranslatorError
from termbase.normalize import clean
from termbase.store import Termbase
from termbase.suggest.sources import Candidate, Suggestion
from termbase.suggest.translators import Translator

CONFIDENCE = 0.55
BATCH = 50


class MachineTranslationSource:
    """The engine's translation of each candidate's preferred term, cached."""

    def __init__(
        self, tb: Termbase, translator: Translator, src: str = "vi", tgt: str = "en"
    ) -> None:
        self.tb = tb
        self.translator = translator
        self.src = src
        self.tgt = tgt
        self.name = f"mt:{translator.name}"
        self.warnings: list[str] = []
        self.failed = False
        self.asked = 0

    def suggest(self, candidates: Sequence[Candidate]) -> list[list[Suggestion]]:
        texts = list(dict.fromkeys(clean(c.text) for c in candidates))
        engine = self.translator.name
        known = self.tb.cached_translations(engine, self.src, self.tgt, texts)
        missing = [t for t in texts if t not in known]
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            try:
                results = self.translator.translate(batch, self.src, self.tgt)
            except TranslatorError as exc:
                self.failed = True
                self.warnings.append(f"machine translation skipped: {exc}")
                break
            self.asked += len(batch)
            pairs = [
                (text, clean(result or "")) for text, result in zip(batch, results, strict=False)
            ]
            self.tb.cache_translations(engine, self.src, self.tgt, pairs)
            known.update(pairs)
        out: list[list[Suggestion]] = []
        for candidate in candidates:
            translation = known.get(clean(candidate.text), "")
            if not translation or translation.casefold() == candidate.text.casefold():
                out.append([])
                continue
            out.append(
                [
                    Suggestion(
                        translation,
                        self.name,
                        CONFIDENCE,
                        f"machine translation by {engine} ({self.src}→{self.tgt})",
                    )
                ]
            )
        return out
