"""Build glossary/countries.glossary.tsv from the iso-codes Vietnamese country names.

    python glossary/tools/build_countries.py [PATH/TO/debian-bookworm-vi.po]

The PO file is ../shared/data/po/debian-bookworm-vi.po (Debian 12's iso-codes
4.15.0 catalogues, LGPL-2.1-or-later); its ``iso_3166-1`` entries map ISO 3166-1
English names to Vietnamese ones. Many of those Vietnamese names are phonetic
transcriptions or older forms that today's press does not write ("A Phú Hãn",
"Á-căn-đình"), so this script keeps a curated subset:

* ``iso``: the iso-codes name is the current name and is used as it is;
* a Vietnamese list: current press usage, written here; the iso-codes name
  is added as a ``[variant]`` when ``dated`` says it is an older form or a
  transcription still met in texts (Miến Điện, Căm Bốt, Cu-ba), and left out
  when it is wrong or misleading today ("Do Thái" for Israel now means Jewish,
  "Ao" for Austria lacks its accent).

Every ISO name below must be in the PO file, so a changed catalogue fails loudly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

from termbase.formats.glossary_tsv import MARKER, format_line
from termbase.models import Concept, Term
from termbase.normalize import clean, tone_key

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sort_glossary import sort_key

HERE = Path(__file__).resolve().parent
DEFAULT_PO = HERE.parents[2] / "shared" / "data" / "po" / "debian-bookworm-vi.po"
OUT = HERE.parent / "countries.glossary.tsv"
DOMAIN = "geography"
ISO = "iso"

# ISO 3166-1 name in iso-codes -> (English terms, Vietnamese terms or ISO, dated, note).
# English: the UN short name first (UNTERM), then common forms and the ISO name.
COUNTRIES: dict[str, tuple[list[str], list[str] | str, bool, str]] = {
    "Afghanistan": (["Afghanistan"], ["Afghanistan"], True, ""),
    "Albania": (["Albania"], ["Albania"], True, ""),
    "Algeria": (["Algeria"], ["Algeria"], True, ""),
    "Argentina": (["Argentina"], ["Argentina"], False, ""),
    "Armenia": (["Armenia"], ["Armenia"], False, ""),
    "Australia": (["Australia"], ["Australia", "Úc"], False, ""),
    "Austria": (["Austria"], ["Áo"], False, ""),
    "Azerbaijan": (["Azerbaijan"], ["Azerbaijan"], False, ""),
    "Bangladesh": (["Bangladesh"], ["Bangladesh"], False, ""),
    "Belarus": (["Belarus"], ["Belarus"], False, ""),
    "Belgium": (["Belgium"], ISO, False, ""),
    "Brazil": (["Brazil"], ["Brazil"], True, ""),
    "Brunei Darussalam": (["Brunei Darussalam", "Brunei"], ["Brunei"], False, ""),
    "Bulgaria": (["Bulgaria"], ["Bulgaria"], False, ""),
    "Cambodia": (["Cambodia"], ["Campuchia"], True, ""),
    "Canada": (["Canada"], ["Canada"], True, ""),
    "Chile": (["Chile"], ["Chile"], True, ""),
    "China": (
        ["China", "People's Republic of China", "PRC [acronym]"],
        ["Trung Quốc", "Cộng hòa Nhân dân Trung Hoa"],
        False,
        "",
    ),
    "Colombia": (["Colombia"], ["Colombia"], True, ""),
    "Croatia": (["Croatia"], ["Croatia"], False, ""),
    "Cuba": (["Cuba"], ["Cuba"], True, ""),
    "Cyprus": (["Cyprus"], ISO, False, ""),
    "Czech Republic": (["Czechia", "Czech Republic"], ["Séc", "Cộng hòa Séc"], False, ""),
    "Denmark": (["Denmark"], ISO, False, ""),
    "Egypt": (["Egypt"], ISO, False, ""),
    "Estonia": (["Estonia"], ["Estonia"], False, ""),
    "Ethiopia": (["Ethiopia"], ["Ethiopia"], True, ""),
    "Finland": (["Finland"], ISO, False, ""),
    "France": (["France"], ISO, False, ""),
    "Georgia": (["Georgia"], ["Gruzia", "Georgia"], False, "the country in the Caucasus"),
    "Germany": (["Germany"], ISO, False, ""),
    "Greece": (["Greece"], ISO, False, ""),
    "Hungary": (["Hungary"], ["Hungary"], False, ""),
    "Iceland": (["Iceland"], ["Iceland"], True, ""),
    "India": (["India"], ["Ấn Độ"], False, ""),
    "Indonesia": (["Indonesia"], ["Indonesia"], True, ""),
    "Iran, Islamic Republic of": (
        ["Iran", "Islamic Republic of Iran"],
        ["Iran"],
        True,
        "the iso-codes name Ba Tư is the historical Persia",
    ),
    "Iraq": (["Iraq"], ["Iraq"], True, ""),
    "Ireland": (["Ireland"], ["Ireland"], True, ""),
    "Israel": (["Israel"], ["Israel"], False, ""),
    "Italy": (["Italy"], ["Italy", "Ý"], False, ""),
    "Japan": (["Japan"], ["Nhật Bản", "Nhật"], False, ""),
    "Jordan": (["Jordan"], ["Jordan"], False, ""),
    "Kazakhstan": (["Kazakhstan"], ["Kazakhstan"], False, ""),
    "Korea, Democratic People's Republic of": (
        ["Democratic People's Republic of Korea", "North Korea", "DPRK [acronym]"],
        [
            "Triều Tiên",
            "Cộng hòa Dân chủ Nhân dân Triều Tiên",
            "CHDCND Triều Tiên",
            "Bắc Triều Tiên",
            "Bắc Hàn [variant]",
        ],
        False,
        "Bắc Hàn (as in iso-codes) is the southern and overseas form",
    ),
    "Korea, Republic of": (
        ["Republic of Korea", "South Korea", "ROK [acronym]"],
        ["Hàn Quốc", "Đại Hàn Dân Quốc", "Nam Hàn [variant]"],
        False,
        "Nam Hàn (as in iso-codes) is the southern and overseas form",
    ),
    "Kuwait": (["Kuwait"], ["Kuwait"], False, ""),
    "Kyrgyzstan": (["Kyrgyzstan"], ["Kyrgyzstan"], False, ""),
    "Lao People's Democratic Republic": (
        ["Lao People's Democratic Republic", "Laos", "Lao PDR [abbreviation]"],
        ["Lào", "Cộng hòa Dân chủ Nhân dân Lào"],
        False,
        "",
    ),
    "Latvia": (["Latvia"], ["Latvia"], True, ""),
    "Lebanon": (["Lebanon"], ["Liban", "Lebanon"], False, ""),
    "Libya": (["Libya"], ["Libya"], True, ""),
    "Lithuania": (["Lithuania"], ["Litva", "Lithuania"], False, ""),
    "Luxembourg": (["Luxembourg"], ["Luxembourg"], False, ""),
    "Malaysia": (["Malaysia"], ["Malaysia"], True, ""),
    "Mexico": (["Mexico"], ["Mexico"], True, ""),
    "Moldova, Republic of": (["Republic of Moldova", "Moldova"], ["Moldova"], False, ""),
    "Mongolia": (["Mongolia"], ISO, False, ""),
    "Montenegro": (["Montenegro"], ["Montenegro"], False, ""),
    "Myanmar": (["Myanmar"], ["Myanmar"], True, "the iso-codes name Miến Điện is the older Burma"),
    "Netherlands": (["Netherlands"], ["Hà Lan"], True, ""),
    "New Zealand": (["New Zealand"], ["New Zealand"], False, ""),
    "Nigeria": (["Nigeria"], ["Nigeria"], True, ""),
    "Norway": (["Norway"], ISO, False, ""),
    "Pakistan": (["Pakistan"], ["Pakistan"], False, ""),
    "Palestine, State of": (
        ["State of Palestine", "Palestine"],
        ["Palestine", "Nhà nước Palestine"],
        False,
        "a UN non-member observer State",
    ),
    "Philippines": (["Philippines"], ["Philippines"], False, ""),
    "Poland": (["Poland"], ISO, False, ""),
    "Portugal": (["Portugal"], ISO, False, ""),
    "Qatar": (["Qatar"], ["Qatar"], False, ""),
    "Romania": (["Romania"], ["Romania"], False, ""),
    "Russian Federation": (
        ["Russian Federation", "Russia"],
        ["Nga", "Liên bang Nga", "LB Nga [abbreviation]"],
        False,
        "",
    ),
    "Saudi Arabia": (["Saudi Arabia"], ["Saudi Arabia", "Ả Rập Xê Út"], False, ""),
    "Serbia": (["Serbia"], ["Serbia"], True, ""),
    "Singapore": (["Singapore"], ["Singapore"], True, ""),
    "Slovakia": (["Slovakia"], ["Slovakia"], True, ""),
    "Slovenia": (["Slovenia"], ["Slovenia"], True, ""),
    "South Africa": (["South Africa"], ISO, False, ""),
    "Spain": (["Spain"], ISO, False, ""),
    "Sri Lanka": (["Sri Lanka"], ["Sri Lanka"], True, ""),
    "Sweden": (["Sweden"], ["Thụy Điển"], False, ""),
    "Switzerland": (["Switzerland"], ["Thụy Sĩ", "Thụy Sỹ"], False, ""),
    "Syrian Arab Republic": (["Syrian Arab Republic", "Syria"], ["Syria"], False, ""),
    "Taiwan": (["Taiwan"], ISO, False, "UN documents write Taiwan Province of China"),
    "Thailand": (["Thailand"], ISO, False, ""),
    "Timor-Leste": (["Timor-Leste", "East Timor"], ["Timor-Leste", "Đông Timor"], False, ""),
    "Turkmenistan": (["Turkmenistan"], ["Turkmenistan"], False, ""),
    "Ukraine": (["Ukraine"], ["Ukraine", "Ukraina"], False, ""),
    "United Arab Emirates": (
        ["United Arab Emirates", "UAE [acronym]"],
        ["Các Tiểu vương quốc Ả Rập Thống nhất", "UAE [acronym]"],
        False,
        "",
    ),
    "United Kingdom": (
        [
            "United Kingdom",
            "United Kingdom of Great Britain and Northern Ireland",
            "UK [acronym]",
            "Britain",
        ],
        ["Anh", "Vương quốc Anh", "Vương quốc Liên hiệp Anh và Bắc Ireland"],
        False,
        "Anh is also the word for English and a pronoun",
    ),
    "United States": (
        ["United States", "United States of America", "US [acronym]", "USA [acronym]"],
        ["Mỹ", "Hoa Kỳ", "Hợp chúng quốc Hoa Kỳ"],
        False,
        "",
    ),
    "Uzbekistan": (["Uzbekistan"], ["Uzbekistan"], False, ""),
    "Venezuela": (
        ["Venezuela", "Bolivarian Republic of Venezuela"],
        ["Venezuela"],
        False,
        "",
    ),
    "Viet Nam": (
        ["Viet Nam", "Vietnam"],
        ISO,
        False,
        "Viet Nam in two words in UN and Vietnamese official English",
    ),
    "Yemen": (["Yemen"], ["Yemen"], True, ""),
}
# Other names of states and groupings the news use, not in ISO 3166-1.
EXTRA: list[tuple[list[str], list[str], str]] = [
    (["Korean Peninsula"], ["bán đảo Triều Tiên"], ""),
    (["Southeast Asia"], ["Đông Nam Á"], ""),
    (
        ["Indo-Pacific"],
        ["Ấn Độ Dương - Thái Bình Dương", "khu vực Ấn Độ Dương - Thái Bình Dương"],
        "",
    ),
    (["Middle East"], ["Trung Đông"], ""),
    (
        ["East Sea", "South China Sea"],
        ["Biển Đông"],
        "East Sea in Viet Nam's official English; South China Sea internationally and in the DOC",
    ),
    (["Gaza Strip"], ["Dải Gaza"], ""),
    (["Türkiye", "Turkey"], ["Thổ Nhĩ Kỳ"], "UN name Türkiye since 2022"),
    (["North Macedonia"], ["Bắc Macedonia"], ""),
]


def _terms(lang: str, texts: list[str], dated: str | None = None) -> list[Term]:
    terms: list[Term] = []
    seen: set[str] = set()
    for raw in texts:
        kind = "fullForm"
        text = raw
        for tag in ("acronym", "abbreviation", "variant"):
            if raw.endswith(f" [{tag}]"):
                kind, text = tag, raw[: -len(tag) - 3]
        text = clean(text)
        if tone_key(text) in seen:
            continue
        seen.add(tone_key(text))
        terms.append(Term(lang, text, type=kind, status="approved", source="glossary"))
    if dated is not None and tone_key(dated) not in seen:
        terms.append(Term(lang, clean(dated), type="variant", status="approved", source="glossary"))
    return terms


def build(po_path: Path) -> list[str]:
    """The data lines, sorted like tools/sort_glossary.py sorts them."""
    iso = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(po_path))
        if "iso_3166-1" in (e.comment or "") and e.msgstr
    }
    concepts = []
    for name, (english, vietnamese, dated, note) in COUNTRIES.items():
        if name not in iso:
            raise SystemExit(f"{po_path}: no iso_3166-1 entry {name!r}; update COUNTRIES")
        vi = [iso[name]] if vietnamese == ISO else list(vietnamese)
        old = iso[name] if dated and vietnamese != ISO else None
        terms = _terms("vi", vi, old) + _terms("en", english)
        if vietnamese == ISO:
            source = "Vietnamese name from iso-codes"
        elif dated:
            source = "Vietnamese: current usage; the iso-codes form is kept as a variant"
        else:
            source = "Vietnamese: current usage (iso-codes differs)"
        full_note = "; ".join(part for part in (note, source) if part)
        concepts.append(Concept(domain=DOMAIN, note=full_note, terms=tuple(terms)))
    for english, vietnamese, note in EXTRA:
        terms = _terms("vi", vietnamese) + _terms("en", english)
        concepts.append(Concept(domain=DOMAIN, note=note or None, terms=tuple(terms)))
    lines = [line for c in concepts if (line := format_line(c)) is not None]
    return sorted(lines, key=sort_key)


HEADER = (
    MARKER,
    "# Countries, territories and regions (domain geography): a curated subset.",
    "# Generated by glossary/tools/build_countries.py from the iso_3166-1 entries of",
    "# ../shared/data/po/debian-bookworm-vi.po (iso-codes 4.15.0, Debian 12; LGPL-2.1-or-later,",
    "# Vietnamese translation by Hai-Nam Nguyen). Where the iso-codes name is not today's",
    "# usage the Vietnamese is curated and the note says so. Edit the script, not this file.",
)


def main(argv: list[str]) -> int:
    po_path = Path(argv[0]) if argv else DEFAULT_PO
    lines = build(po_path)
    OUT.write_text("\n".join([*HEADER, *lines]) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} concepts to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
