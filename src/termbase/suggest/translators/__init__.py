"""Machine translation engines behind one small interface, and their registry.

An engine is anything with a ``name`` and ``translate(texts, src, tgt)``
returning one translation per text, in order.  The deep-translator engines
(:mod:`termbase.suggest.translators.deeptranslator`) are imported only when one is
asked for; tests register :class:`~termbase.suggest.translators.fake.FakeTranslator`.

Errors: :class:`TranslatorUnavailable` when the engine cannot be reached
(offline, timed out, still rate-limited after the retries); any other
:class:`~termbase.errors.TranslatorError` for an engine that refuses (bad key,
unsupported language).  Callers treat both as a warning, never a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from termbase.errors import TranslatorError


@runtime_checkable
class Translator(Protocol):
    """A machine translation engine: one translation per text, in order."""

    name: str

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]: ...


class TranslatorUnavailable(TranslatorError):
    """The engine could not be reached: offline, timed out or rate-limited."""


TranslatorFactory = Callable[[], Translator]
_REGISTRY: dict[str, TranslatorFactory] = {}


def register_translator(name: str, factory: TranslatorFactory) -> None:
    """Make ``factory`` available as ``--translator NAME`` (a later call replaces it)."""
    _REGISTRY[name] = factory


def unregister_translator(name: str) -> None:
    _REGISTRY.pop(name, None)


def translator_names() -> list[str]:
    """Every engine name that :func:`get_translator` accepts, sorted."""
    _register_builtins()
    return sorted(_REGISTRY)


def get_translator(name: str) -> Translator:
    """The engine registered as ``name``; TranslatorError names the known ones."""
    _register_builtins()
    factory = _REGISTRY.get(name)
    if factory is None:
        raise TranslatorError(
            f"no translator {name!r}; choose one of {', '.join(sorted(_REGISTRY))}"
        )
    return factory()


def _register_builtins() -> None:
    from termbase.suggest.translators.deeptranslator import ENGINES, DeepTranslator

    for engine in ENGINES:
        if engine not in _REGISTRY:
            _REGISTRY[engine] = _deep_factory(engine, DeepTranslator)


def _deep_factory(engine: str, cls: Callable[[str], Translator]) -> TranslatorFactory:
    return lambda: cls(engine)


__all__ = [
    "Translator",
    "TranslatorError",
    "TranslatorUnavailable",
    "get_translator",
    "register_translator",
    "translator_names",
    "unregister_translator",
]
