"""Translators: the registry, the fake, and the deep-translator adapter over mocked HTTP."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from termbase.errors import TranslatorError
from termbase.suggest.translators import (
    Translator,
    TranslatorUnavailable,
    get_translator,
    register_translator,
    translator_names,
    unregister_translator,
)
from termbase.suggest.translators.deeptranslator import ENGINES, DeepTranslator
from termbase.suggest.translators.fake import FakeTranslator


class FakeHTTP:
    """Answers every request from a script of (status, body) or exceptions, and logs them."""

    def __init__(self, script: list[Any]) -> None:
        self.script = script
        self.requests: list[tuple[str, Any]] = []

    def send(self, request: Any, **kwargs: Any) -> requests.Response:
        self.requests.append((request.url, kwargs.get("timeout")))
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, BaseException):
            raise step
        status, body = step
        response = requests.Response()
        response.status_code = status
        response._content = body.encode("utf-8")
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        return response


@pytest.fixture
def http(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHTTP]:
    fake = FakeHTTP([(200, "")])
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter,
        "send",
        lambda adapter, request, **kwargs: fake.send(request, **kwargs),
    )
    yield fake


def google_page(text: str) -> str:
    return f'<html><body><div class="t0">{text}</div></body></html>'


def engine(name: str = "google", **kwargs: Any) -> tuple[DeepTranslator, list[float]]:
    slept: list[float] = []
    return DeepTranslator(name, sleep=slept.append, **kwargs), slept


# -- registry and fake -----------------------------------------------------------


def test_registry_knows_the_deep_translator_engines() -> None:
    assert {"google", "mymemory", "libre", "deepl", "microsoft", "yandex"} <= set(
        translator_names()
    )


def test_registered_translator_is_returned_and_removed() -> None:
    fake = FakeTranslator({"họp báo": "press conference"}, name="test-fake")
    register_translator("test-fake", lambda: fake)
    try:
        got = get_translator("test-fake")
        assert isinstance(got, Translator)
        assert got.translate(["Họp báo", "x"], "vi", "en") == ["press conference", "en:x"]
    finally:
        unregister_translator("test-fake")
    assert "test-fake" not in translator_names()


def test_unknown_translator_names_the_known_ones() -> None:
    with pytest.raises(TranslatorError, match=r"no translator 'nope'; choose one of .*google"):
        get_translator("nope")


def test_fake_offline_raises_unavailable() -> None:
    with pytest.raises(TranslatorUnavailable):
        FakeTranslator(offline=True).translate(["a"], "vi", "en")


# -- deep-translator adapter ---------------------------------------------------------


def test_every_request_gets_the_timeout(http: FakeHTTP) -> None:
    http.script = [(200, google_page("nuclear weapons"))]
    translator, _ = engine(timeout=3.5)
    assert translator.translate(["vũ khí hạt nhân"], "vi", "en") == ["nuclear weapons"]
    assert [timeout for _, timeout in http.requests] == [3.5]


def test_nothing_outside_the_adapter_is_patched(
    http: FakeHTTP, monkeypatch: pytest.MonkeyPatch
) -> None:
    google = importlib.import_module("deep_translator.google")

    def state() -> tuple[Any, ...]:
        return (requests.Session.request, requests.request, requests.get, google.requests)

    before = state()
    during: list[tuple[Any, ...]] = []
    send = requests.adapters.HTTPAdapter.send

    def spy(adapter: Any, request: Any, **kwargs: Any) -> requests.Response:
        during.append(state())
        return send(adapter, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", spy)
    http.script = [(200, google_page("ally"))]
    translator, _ = engine()
    assert translator.translate(["đồng minh"], "vi", "en") == ["ally"]
    assert during == [before]
    assert state() == before


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_every_engine_sends_through_the_adapter_session(http: FakeHTTP, name: str) -> None:
    spec = ENGINES[name]
    keys = {var: "key" for param, var in spec.env.items() if param in spec.required}
    translator, _ = engine(name, timeout=2.5, environ=keys)
    # deep-translator's DeepL has no Vietnamese; the fake answers are not the engines' own.
    src, tgt = ("fr", "de") if name == "deepl" else ("vi", "en")
    with contextlib.suppress(TranslatorError):
        translator.translate(["đồng minh"], src, tgt)
    assert http.requests
    assert {timeout for _, timeout in http.requests} == {2.5}


def test_google_batches_texts_in_one_request(http: FakeHTTP) -> None:
    http.script = [(200, google_page("press conference\nnuclear war"))]
    translator, _ = engine()
    assert translator.translate(["họp báo", "chiến tranh hạt nhân"], "vi", "en") == [
        "press conference",
        "nuclear war",
    ]
    assert len(http.requests) == 1


def test_google_falls_back_to_one_by_one_when_lines_merge(http: FakeHTTP) -> None:
    http.script = [
        (200, google_page("merged into one line")),
        (200, google_page("press conference")),
        (200, google_page("nuclear war")),
    ]
    translator, _ = engine()
    out = translator.translate(["họp báo", "chiến tranh hạt nhân"], "vi", "en")
    assert out == ["press conference", "nuclear war"]
    assert len(http.requests) == 3


def test_429_and_5xx_are_retried_with_backoff(http: FakeHTTP) -> None:
    http.script = [(429, ""), (503, ""), (200, google_page("ally"))]
    translator, slept = engine(backoff=0.5)
    assert translator.translate(["đồng minh"], "vi", "en") == ["ally"]
    assert slept == [0.5, 1.0]


def test_still_failing_after_the_retries_is_unavailable(http: FakeHTTP) -> None:
    http.script = [(502, "")]
    translator, slept = engine(retries=2)
    with pytest.raises(TranslatorUnavailable, match="HTTP 502 after 2 retries"):
        translator.translate(["đồng minh"], "vi", "en")
    assert slept == [1.0, 2.0]


def test_offline_is_unavailable_at_once(http: FakeHTTP) -> None:
    http.script = [requests.exceptions.ConnectionError("no route to host")]
    translator, slept = engine()
    with pytest.raises(TranslatorUnavailable, match="offline"):
        translator.translate(["đồng minh"], "vi", "en")
    assert slept == []
    assert len(http.requests) == 1


def test_a_timeout_is_unavailable(http: FakeHTTP) -> None:
    http.script = [requests.exceptions.ReadTimeout("slow")]
    translator, _ = engine()
    with pytest.raises(TranslatorUnavailable, match="timed out"):
        translator.translate(["đồng minh"], "vi", "en")


def test_mymemory_gets_locale_codes(http: FakeHTTP) -> None:
    http.script = [(200, '{"responseData": {"translatedText": "ally"}, "matches": []}')]
    translator, _ = engine("mymemory")
    assert translator.code("vi") == "vi-VN"
    assert translator.translate(["đồng minh"], "vi", "en") == ["ally"]
    url = http.requests[0][0]
    assert "langpair=vi-VN%7Cen-GB" in url


def test_a_missing_key_names_its_variable() -> None:
    translator = DeepTranslator("libre", environ={})
    with pytest.raises(TranslatorError, match=r"needs \$LIBRE_API_KEY"):
        translator.translate(["đồng minh"], "vi", "en")


def test_an_empty_text_is_not_sent(http: FakeHTTP) -> None:
    translator, _ = engine("mymemory")
    assert translator.translate(["  "], "vi", "en") == [""]
    assert http.requests == []


@pytest.mark.network
def test_google_for_real() -> None:
    translator = DeepTranslator("google", timeout=15)
    (english,) = translator.translate(["họp báo"], "vi", "en")
    assert "press" in english.lower() or "conference" in english.lower()
