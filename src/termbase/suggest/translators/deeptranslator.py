"""deep-translator engines (Google, MyMemory, LibreTranslate, DeepL, Microsoft, Yandex).

deep-translator is imported only when a translation is asked for.  Its engines
call ``requests.get``/``post`` with no timeout and take no session
(nidhaloff/deep-translator#186), so each engine here is a subclass whose own
methods see, as ``requests``, a small client over this adapter's
``requests.Session``: every request gets the timeout, and the client notes the
status code of the last response (deep-translator's exceptions do not always
carry it).  Nothing outside the adapter is changed.  429 and 5xx answers are
retried with exponential backoff; a connection error or a timeout is
:class:`TranslatorUnavailable` at once.

Keys come from environment variables (see :data:`ENGINES`), never from files.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from termbase.errors import TranslatorError
from termbase.suggest.translators import TranslatorUnavailable


@dataclass(frozen=True)
class EngineSpec:
    """How to build one deep-translator engine and speak its language codes."""

    class_name: str
    codes: Mapping[str, str] = field(default_factory=dict)
    # constructor argument -> environment variable
    env: Mapping[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    # Texts joined by newlines in one request (Google keeps lines apart).
    joins_lines: bool = False
    max_chars: int = 4500
    extra: Mapping[str, Any] = field(default_factory=dict)


ENGINES: dict[str, EngineSpec] = {
    "google": EngineSpec("GoogleTranslator", joins_lines=True, max_chars=4500),
    # MyMemory wants locale codes: vi-VN, en-GB.
    "mymemory": EngineSpec(
        "MyMemoryTranslator",
        codes={"vi": "vi-VN", "en": "en-GB"},
        env={"email": "MYMEMORY_EMAIL"},
        max_chars=500,
    ),
    "libre": EngineSpec(
        "LibreTranslator",
        env={"api_key": "LIBRE_API_KEY", "custom_url": "LIBRE_URL"},
        required=("api_key",),
        max_chars=4500,
    ),
    "deepl": EngineSpec(
        "DeeplTranslator",
        codes={"en": "en-GB"},
        env={"api_key": "DEEPL_API_KEY"},
        required=("api_key",),
        extra={"use_free_api": True},
    ),
    "microsoft": EngineSpec(
        "MicrosoftTranslator",
        env={"api_key": "MICROSOFT_API_KEY", "region": "MICROSOFT_REGION"},
        required=("api_key",),
    ),
    "yandex": EngineSpec(
        "YandexTranslator", env={"api_key": "YANDEX_API_KEY"}, required=("api_key",)
    ),
}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def _requests() -> Any:
    return importlib.import_module("requests")


class SessionClient:
    """What an engine's code calls ``requests``: get and post on one Session, with a timeout.

    ``status`` and ``error`` tell what the last exchange did.
    """

    def __init__(self, session: Any, timeout: float) -> None:
        self.session = session
        self.timeout = timeout
        self.exceptions = _requests().exceptions
        self.status: int | None = None
        self.error: BaseException | None = None

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        try:
            response = self.session.request(method, url, **kwargs)
        except Exception as exc:
            self.error = exc
            raise
        self.status = int(response.status_code)
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(_requests(), name)  # anything else an engine reads from requests


def on_client(cls: type, client: SessionClient) -> type:
    """A subclass of the engine ``cls`` whose own methods call ``client`` as ``requests``.

    The methods are copies of the engine's with ``requests`` bound to ``client`` in their
    globals; deep-translator's modules and ``requests`` itself are left as they are.
    """
    namespace = {**vars(sys.modules[cls.__module__]), "requests": client}

    def rebind(fn: Any) -> Any:
        if not isinstance(fn, types.FunctionType):
            return fn
        copy = types.FunctionType(
            fn.__code__, namespace, fn.__name__, fn.__defaults__, fn.__closure__
        )
        copy.__kwdefaults__ = fn.__kwdefaults__
        copy.__qualname__ = fn.__qualname__
        copy.__doc__ = fn.__doc__
        return copy

    own: dict[str, Any] = {}
    for name, value in vars(cls).items():
        if isinstance(value, types.FunctionType):
            own[name] = rebind(value)
        elif isinstance(value, property):
            own[name] = property(rebind(value.fget), rebind(value.fset), rebind(value.fdel))
    return type(cls.__name__, (cls,), own)


class DeepTranslator:
    """One deep-translator engine with timeouts, retries and per-engine language codes."""

    def __init__(
        self,
        engine: str,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise TranslatorError(f"no translator {engine!r}; choose one of {', '.join(ENGINES)}")
        self.name = engine
        self.spec = ENGINES[engine]
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.environ = os.environ if environ is None else environ
        self._engines: dict[tuple[str, str], Any] = {}
        self._client: SessionClient | None = None

    def code(self, lang: str) -> str:
        """The engine's code for a termbase language (MyMemory: vi -> vi-VN)."""
        return self.spec.codes.get(lang, lang)

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        """One translation per text ("" where the engine found none)."""
        if not texts:
            return []
        engine = self._engine(src, tgt)
        if not self.spec.joins_lines:
            return [self._call(engine, text) for text in texts]
        out: list[str] = []
        for chunk in self._chunks(texts):
            if len(chunk) == 1:
                out.append(self._call(engine, chunk[0]))
                continue
            lines = self._call(engine, "\n".join(chunk)).split("\n")
            if len(lines) == len(chunk):
                out.extend(line.strip() for line in lines)
            else:  # the engine merged or split lines: ask one by one
                out.extend(self._call(engine, text) for text in chunk)
        return out

    def _chunks(self, texts: Sequence[str]) -> Iterator[list[str]]:
        chunk: list[str] = []
        size = 0
        for text in texts:
            if chunk and (size + len(text) + 1 > self.spec.max_chars or "\n" in text):
                yield chunk
                chunk, size = [], 0
            chunk.append(text)
            size += len(text) + 1
            if "\n" in text:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    def _engine(self, src: str, tgt: str) -> Any:
        key = (src, tgt)
        if key in self._engines:
            return self._engines[key]
        kwargs: dict[str, Any] = dict(self.spec.extra)
        for param, var in self.spec.env.items():
            value = self.environ.get(var)
            if value:
                kwargs[param] = value
        missing = [self.spec.env[p] for p in self.spec.required if p not in kwargs]
        if missing:
            raise TranslatorError(
                f"the {self.name} translator needs ${' and $'.join(missing)}; set it and retry"
            )
        try:
            module = importlib.import_module("deep_translator")
        except ImportError:
            raise TranslatorError(
                "deep-translator is not installed; pip install deep-translator"
            ) from None
        cls = on_client(getattr(module, self.spec.class_name), self._http())
        # Microsoft's constructor already asks the service for its languages.
        engine = self._attempt(
            lambda: cls(source=self.code(src), target=self.code(tgt), **kwargs), "connect"
        )
        self._engines[key] = engine
        return engine

    def _http(self) -> SessionClient:
        """The client over this adapter's own session (made on first use)."""
        if self._client is None:
            self._client = SessionClient(_requests().Session(), self.timeout)
        return self._client

    def _call(self, engine: Any, text: str) -> str:
        if not text.strip():
            return ""
        result = self._attempt(lambda: engine.translate(text), text)
        return "" if result is None else str(result).strip()

    def _attempt(self, fn: Callable[[], Any], what: str) -> Any:
        """Run ``fn``, retrying 429/5xx with backoff; map failures to TranslatorError."""
        requests = _requests()
        offline = (requests.exceptions.ConnectionError, requests.exceptions.Timeout)
        seen = self._http()
        for attempt in range(self.retries + 1):
            seen.status, seen.error = None, None
            try:
                return fn()
            except Exception as exc:
                failure: BaseException = exc
            if isinstance(failure, offline) or isinstance(seen.error, offline):
                cause = seen.error if isinstance(seen.error, offline) else failure
                kind = "timed out" if isinstance(cause, requests.exceptions.Timeout) else "offline"
                raise TranslatorUnavailable(
                    f"{self.name} cannot be reached ({kind}: {type(cause).__name__});"
                    " the offline sources still gave their suggestions"
                ) from None
            status = seen.status
            if status in RETRY_STATUSES or type(failure).__name__ == "TooManyRequests":
                if attempt < self.retries:
                    self.sleep(self.backoff * (2**attempt))
                    continue
                raise TranslatorUnavailable(
                    f"{self.name} still answers HTTP {status or 429} after"
                    f" {self.retries} retries; try again later"
                ) from None
            if type(failure).__name__ == "TranslationNotFound":
                return ""
            raise TranslatorError(
                f"{self.name} failed on {what[:40]!r}: {type(failure).__name__}"
                f"{': ' + str(failure).strip()[:120] if str(failure).strip() else ''}"
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover
