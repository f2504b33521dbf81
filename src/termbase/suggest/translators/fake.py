"""A deterministic translator for tests: a fixed table, a visible fallback, a call log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from termbase.suggest.translators import TranslatorUnavailable


class FakeTranslator:
    """Translates from ``table`` (keys compared case-insensitively); else ``<tgt>:text``.

    ``calls`` records every batch asked for, so a test can check the cache;
    ``offline=True`` makes every call fail as an unreachable engine would.
    """

    def __init__(
        self,
        table: Mapping[str, str] | None = None,
        name: str = "fake",
        offline: bool = False,
    ) -> None:
        self.name = name
        self.table = {k.casefold(): v for k, v in (table or {}).items()}
        self.offline = offline
        self.calls: list[tuple[list[str], str, str]] = []

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        self.calls.append((list(texts), src, tgt))
        if self.offline:
            raise TranslatorUnavailable(f"{self.name} cannot be reached (offline)")
        return [self.table.get(text.casefold(), f"{tgt}:{text}") for text in texts]
