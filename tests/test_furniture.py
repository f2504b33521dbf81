"""Credits, datelines and site names are page furniture, never terms (issue 12, item 2).

Every example mines short synthetic pages through the library entry point the CLI
calls (``mine_documents``), or runs ``termbase mine --explain-boilerplate``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Run
from termbase.mining.pipeline import MineOptions, mine_documents
from termbase.text.documents import document_from_text

PUTIN = (
    "Tổng thống Nga Vladimir Putin phát biểu tại cuộc họp báo ở Moscow hôm thứ Năm "
    "về quan hệ với phương Tây và an ninh khu vực châu Âu."
)
WEST = (
    "Theo các nhà phân tích, quan hệ giữa Nga và phương Tây đang ở mức thấp nhất "
    "kể từ khi Chiến tranh Lạnh kết thúc cách đây ba thập kỷ."
)


def mined(*texts: str) -> set[str]:
    docs = [document_from_text(t, f"d{i}.txt") for i, t in enumerate(texts)]
    result = mine_documents(docs, MineOptions(keep=5000))
    return {t.text for c in result.concepts for t in c.terms if t.lang == "vi"}


def test_photo_credits_are_not_terms() -> None:
    found = mined(
        f"{PUTIN}\nẢnh: REUTERS\n{WEST}\nTổng thống Putin tại Điện Kremlin. (Ảnh: AFP/TTXVN)",
        f"{WEST}\n(Ảnh: AFP/TTXVN)\n{PUTIN}\nÔng Putin tại Moscow. Ảnh: REUTERS\n"
        f"{WEST} (Nguồn: AFP)\nÔng Putin tại Geneva. John Minchillo / Pool via REUTERS",
    )
    assert {"Tổng thống Putin", "Moscow"} <= found
    assert not found & {"REUTERS", "AFP", "TTXVN", "AFP/TTXVN", "Ảnh", "Pool", "John Minchillo"}


def test_datelines_are_not_terms_but_an_agency_in_running_text_is_text() -> None:
    found = mined(
        f"VTV.vn - {PUTIN}\n{WEST}\nWASHINGTON (Reuters) - {PUTIN}",
        f"Hà Nội (TTXVN) - {WEST}\n(TTXVN) - {PUTIN}\nHà Nội, ngày 5/6/2021 - {WEST}",
        "Hãng tin Reuters cho biết ông Putin sẽ tới Geneva. "
        "Hãng tin Reuters dẫn nguồn tin giấu tên.",
    )
    assert not found & {"VTV", "VTV.vn", "WASHINGTON", "TTXVN", "Hà Nội"}
    assert "Reuters" in found or "Hãng tin Reuters" in found


def test_a_domain_name_in_running_text_is_not_a_term() -> None:
    found = mined(
        f"Theo VTV.vn, {PUTIN[0].lower()}{PUTIN[1:]}\n{WEST}",
        f"{WEST} Thông tin được đăng trên VTV.vn và VnExpress.net cùng ngày.",
    )
    assert "Chiến tranh Lạnh" in found
    assert not [t for t in found if "VTV" in t or "VnExpress" in t]


def test_explain_boilerplate_gives_the_reason_of_each_inline_cut(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        f"WASHINGTON (Reuters) - {PUTIN}\n{WEST}\nÔng Putin tại Moscow. (Ảnh: AFP)\n"
        f"Thông tin được đăng trên VTV.vn cùng ngày. {WEST}\n",
        encoding="utf-8",
    )
    out = run("mine", "--explain-boilerplate", str(page)).stdout
    assert "cut   WASHINGTON (Reuters) -\n         why   dateline" in out
    assert "cut   (Ảnh: AFP)\n         why   photo or source credit" in out
    assert "cut   VTV.vn\n         why   domain name" in out
    assert "Ông Putin tại Moscow" not in out  # the caption itself is kept
