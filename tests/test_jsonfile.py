"""termbase's JSON: the full concept, validated on the way in."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termbase.errors import FormatError
from termbase.formats import WriteOptions
from termbase.formats._fields import MAX_INTEGER
from termbase.formats.jsonfile import concepts_to_json, dumps, read_json, write_json
from termbase.models import Concept, Occurrence, Term
from termbase.normalize import clean

CONCEPT = Concept(
    id=12,
    domain="luật",
    definition="Sự thỏa thuận giữa các bên.",
    score=3.5,
    frequency=7,
    terms=(
        Term(
            "vi",
            "hợp đồng",
            status="approved",
            source="seed",
            confidence=0.9,
            pos="noun",
            occurrences=(Occurrence("seeds/000_082b8f8dc0542e68.txt", 12, 3, "Ký hợp đồng."),),
        ),
        Term("en", "contract", status="suggested", source="deep-translator:google", confidence=1),
    ),
)


def _json(concepts: list[Concept]) -> str:
    out = io.BytesIO()
    write_json(concepts, out, WriteOptions())
    return out.getvalue().decode("utf-8")


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "terms.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_shape() -> None:
    assert concepts_to_json([CONCEPT]) == {
        "concepts": [
            {
                "id": 12,
                "domain": "luật",
                "definition": "Sự thỏa thuận giữa các bên.",
                "note": None,
                "score": 3.5,
                "frequency": 7,
                "terms": [
                    {
                        "lang": "vi",
                        "text": "hợp đồng",
                        "type": "fullForm",
                        "status": "approved",
                        "source": "seed",
                        "confidence": 0.9,
                        "pos": "noun",
                        "note": None,
                        "occurrences": [
                            {
                                "document": "seeds/000_082b8f8dc0542e68.txt",
                                "line": 12,
                                "column": 3,
                                "context": "Ký hợp đồng.",
                            }
                        ],
                    },
                    {
                        "lang": "en",
                        "text": "contract",
                        "type": "fullForm",
                        "status": "suggested",
                        "source": "deep-translator:google",
                        "confidence": 1.0,
                        "pos": None,
                        "note": None,
                        "occurrences": [],
                    },
                ],
            }
        ]
    }


@pytest.mark.parametrize("count", [0, 1, 3, 5000])
def test_file_is_json_dumps_output(count: int) -> None:
    concepts = [CONCEPT] * count
    expected = json.dumps(concepts_to_json(concepts), ensure_ascii=False, indent=2) + "\n"
    assert _json(concepts) == expected


def test_file_is_indented_utf8_in_key_order() -> None:
    text = _json([CONCEPT])
    assert '"text": "hợp đồng"' in text  # not \\u escapes
    assert text.startswith('{\n  "concepts": [\n    {\n      "id": 12,\n      "domain"')
    assert _json([]) == '{\n  "concepts": []\n}\n'


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_VALUES)
def test_dumps_matches_the_standard_library(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_dumps_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(ValueError, match="inf cannot be written as JSON"):
        dumps({"score": float("inf")})


def test_round_trip_is_exact(tmp_path: Path) -> None:
    assert read_json(_file(tmp_path, _json([CONCEPT]))) == [CONCEPT]


_TEXT = st.text(
    alphabet=st.sampled_from(list("aăâđêôơưhòàảạ ĐÐ'\"\\/{}[],:\u0301\u00a0")), min_size=1
).filter(lambda text: clean(text) != "")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    st.lists(
        st.builds(
            Concept,
            id=st.none() | st.integers(-MAX_INTEGER, MAX_INTEGER),  # what SQLite can hold
            definition=st.none() | _TEXT,
            score=st.none() | st.floats(allow_nan=False, allow_infinity=False),
            terms=st.lists(
                st.builds(Term, lang=st.sampled_from(["vi", "en"]), text=_TEXT), max_size=3
            ).map(tuple),
        ),
        max_size=4,
    )
)
def test_read_cleans_and_then_is_stable(tmp_path: Path, concepts: list[Concept]) -> None:
    once = read_json(_file(tmp_path, _json(concepts)))
    assert read_json(_file(tmp_path, _json(once))) == once


def test_missing_keys_take_defaults(tmp_path: Path) -> None:
    text = '{"concepts": [{"terms": [{"lang": "vi", "text": " Ðà  Nẵng "}]}]}'
    assert read_json(_file(tmp_path, text)) == [Concept(terms=(Term("vi", "Đà Nẵng"),))]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "(top level): expected an object, found a list"),
        ({}, 'concepts: missing; the file must be {"concepts": [...]}'),
        ({"concepts": {}}, "concepts: expected a list, found an object"),
        ({"concepts": [], "version": 1}, "(top level).version: unknown key"),
        ({"concepts": [1]}, "concepts[0]: expected an object, found a number"),
        ({"concepts": [{"id": "12"}]}, "concepts[0].id: expected a whole number, found a string"),
        ({"concepts": [{"id": True}]}, "concepts[0].id: expected a whole number, found true/false"),
        ({"concepts": [{"score": "high"}]}, "concepts[0].score: expected a number"),
        ({"concepts": [{"terms": "x"}]}, "concepts[0].terms: expected a list, found a string"),
        (
            {
                "concepts": [
                    {},
                    {},
                    {},
                    {"terms": [{"lang": "vi", "text": "x", "status": "aproved"}]},
                ]
            },
            'concepts[3].terms[0].status: "aproved" is not one of candidate, suggested',
        ),
        (
            {"concepts": [{"terms": [{"lang": "fr", "text": "paix"}]}]},
            'concepts[0].terms[0].lang: "fr"',
        ),
        (
            {"concepts": [{"terms": [{"text": "x"}]}]},
            "concepts[0].terms[0].lang: null is not one of",
        ),
        (
            {"concepts": [{"terms": [{"lang": "vi", "text": "x", "type": "word"}]}]},
            'concepts[0].terms[0].type: "word" is not one of fullForm',
        ),
        ({"concepts": [{"terms": [{"lang": "vi"}]}]}, "concepts[0].terms[0].text: missing"),
        (
            {"concepts": [{"terms": [{"lang": "vi", "text": "  "}]}]},
            "concepts[0].terms[0].text: is empty",
        ),
        (
            {"concepts": [{"terms": [{"lang": "vi", "text": "x", "colour": "red"}]}]},
            "concepts[0].terms[0].colour: unknown key",
        ),
        (
            {"concepts": [{"terms": [{"lang": "vi", "text": "x", "occurrences": [{"line": 3}]}]}]},
            "concepts[0].terms[0].occurrences[0].document: missing",
        ),
        (
            {
                "concepts": [
                    {
                        "terms": [
                            {
                                "lang": "vi",
                                "text": "x",
                                "occurrences": [{"document": "a", "line": 1.5}],
                            }
                        ]
                    }
                ]
            },
            "concepts[0].terms[0].occurrences[0].line: expected a whole number, found a number",
        ),
    ],
)
def test_validation_names_the_json_path(tmp_path: Path, document: object, message: str) -> None:
    path = _file(tmp_path, json.dumps(document))
    with pytest.raises(FormatError) as caught:
        read_json(path)
    assert caught.value.message.startswith(message)
    assert caught.value.path == str(path)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"concepts": [\n  {"id": 1,}\n]}', 2, 12),
        ('{"concepts": [', 1, 15),
        ("", 1, 1),
    ],
)
def test_syntax_errors_have_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    with pytest.raises(FormatError, match="malformed JSON") as caught:
        read_json(_file(tmp_path, text))
    assert (caught.value.line, caught.value.column) == (line, column)
