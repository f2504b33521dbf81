"""Page cleaning: general cues, not one site's lines."""

from termbase.mining.clean import RepeatedLines, clean_page, keep_everything

ARTICLE = (
    "Bộ Quốc phòng Nhật Bản công bố kế hoạch tăng cường năng lực phòng thủ tên lửa "
    "trước những diễn biến an ninh phức tạp trong khu vực, theo thông cáo phát đi sáng nay."
)
SECOND = (
    "Theo kế hoạch, hệ thống phòng thủ tên lửa mới sẽ được triển khai tại ba căn cứ "
    "và hoàn thành trước năm 2027, với tổng chi phí hàng tỷ yên cho năng lực phòng thủ."
)


def kept_text(lines: list[str]) -> str:
    return "\n".join(span.text for span in clean_page(lines).kept)


def reasons(lines: list[str]) -> dict[str, str]:
    return {cut.text: cut.reason for cut in clean_page(lines).cuts}


def test_footer_cue_ends_the_article() -> None:
    lines = [
        "Nhật Bản tăng cường phòng thủ tên lửa",
        ARTICLE,
        SECOND,
        "Tin liên quan",
        "Giá vàng hôm nay tăng mạnh trên thị trường trong nước",
        "Xổ số miền Bắc hôm nay: kết quả chi tiết từng giải thưởng",
    ]
    kept = kept_text(lines)
    assert ARTICLE in kept and SECOND in kept
    assert "Giá vàng" not in kept and "Xổ số" not in kept
    why = reasons(lines)
    assert why["Xổ số miền Bắc hôm nay: kết quả chi tiết từng giải thưởng"].startswith(
        "after the article's end (footer cue 'Tin liên quan'"
    )


def test_source_line_ends_the_article_but_not_a_sentence_starting_with_theo() -> None:
    lines = [ARTICLE, "Theo kế hoạch, " + SECOND, "(Theo Kyodo)", "Bài đọc nhiều: chứng khoán"]
    kept = kept_text(lines)
    assert "Theo kế hoạch" in kept
    assert "chứng khoán" not in kept
    assert reasons(lines)["Bài đọc nhiều: chứng khoán"] == (
        "after the article's end (source line '(Theo Kyodo)', line 3)"
    )


def test_furniture_lines_are_cut_wherever_they_are() -> None:
    lines = [
        "Thời sự",
        "Nhật Bản tăng cường phòng thủ tên lửa",
        "Thứ Hai, 05/02/2024 08:15 GMT+7",
        "Theo dõi Báo Mới trên",
        ARTICLE,
        "anh-minh-hoa-2024.jpg",
        SECOND,
    ]
    why = reasons(lines)
    assert why["Thời sự"].startswith("short line before the article")
    assert why["Thứ Hai, 05/02/2024 08:15 GMT+7"] == "date or time line"
    assert why["Theo dõi Báo Mới trên"].startswith("page furniture")
    assert why["anh-minh-hoa-2024.jpg"] == "file name or link"
    assert "Nhật Bản tăng cường phòng thủ tên lửa" in kept_text(lines)


def test_glued_links_are_split_and_judged_by_topic() -> None:
    glued = (
        "Nhật Bản triển khai phòng thủ tên lửa tại căn cứ mớiGiá vàng hôm nay giảm mạnh"
        " trên thị trường tự do"
    )
    page = clean_page([ARTICLE, glued, SECOND])
    texts = [span.text for span in page.kept]
    assert "Nhật Bản triển khai phòng thủ tên lửa tại căn cứ mới" in texts
    assert all("mớiGiá" not in t for t in texts)
    cut = {c.text: c.reason for c in page.cuts}
    assert cut["Giá vàng hôm nay giảm mạnh trên thị trường tự do"].startswith(
        "glued link list off the article's topic"
    )
    glued_span = next(s for s in page.kept if s.text.startswith("Nhật Bản triển khai"))
    assert (glued_span.line, glued_span.column) == (2, 1)


def test_repeated_lines_within_a_page_and_across_documents() -> None:
    headline = "Nhật Bản tăng cường năng lực phòng thủ tên lửa tại ba căn cứ"
    lines = [ARTICLE, headline, headline, SECOND, headline + " " + headline]
    page = clean_page(lines)
    assert [c.reason for c in page.cuts if c.line in (3, 5)] == [
        "repeated line (first on line 2)",
        "repeated line (first on line 2)",
    ]
    assert sum(1 for s in page.kept if s.text == headline) == 1
    repeated = RepeatedLines()
    repeated.add(["Đăng ký nhận bản tin mỗi sáng", ARTICLE], "a")
    repeated.add(["Đăng ký nhận bản tin mỗi sáng", SECOND], "b")
    repeated.add(["Đăng ký nhận bản tin mỗi sáng", SECOND], "b")  # the same page again
    assert repeated.documents_with("Đăng ký nhận bản tin mỗi sáng") == 2
    cuts = clean_page([ARTICLE, "Đăng ký nhận bản tin mỗi sáng", SECOND], repeated).cuts
    assert [c.reason for c in cuts] == ["line found in 2 documents"]


def test_plain_text_without_prose_keeps_its_lines_and_keep_everything_keeps_all() -> None:
    lines = ["vũ khí hạt nhân", "kiểm soát vũ khí", "", "Đọc thêm"]
    assert kept_text(lines) == "vũ khí hạt nhân\nkiểm soát vũ khí"
    assert [s.text for s in keep_everything(lines).kept] == [
        "vũ khí hạt nhân",
        "kiểm soát vũ khí",
        "Đọc thêm",
    ]


def test_spacing_and_case_do_not_hide_a_repeat() -> None:
    headline = "Nhật Bản tăng cường năng lực phòng thủ tên lửa"
    lines = [
        ARTICLE,
        headline,
        "NHẬT BẢN TĂNG CƯỜNG NĂNG LỰC PHÒNG THỦ TÊN LỬA",
        "Nhật Bản tăng cường  năng lực\tphòng thủ tên lửa",
        headline + "\u00a0" + headline,  # printed twice
        SECOND,
    ]
    assert reasons(lines) == {text: "repeated line (first on line 2)" for text in lines[2:5]}
    repeated = RepeatedLines()
    repeated.add([headline], "a")
    repeated.add(["  " + headline.replace(" ", "\u00a0")], "b")
    assert repeated.documents_with(headline.upper().replace(" ", "  ")) == 2


def test_gmt_without_a_digit_is_a_date_line() -> None:
    assert reasons([ARTICLE, "Cập nhật lúc GMT+", SECOND]) == {
        "Cập nhật lúc GMT+": "date or time line"
    }


def test_a_word_inside_a_longer_word_of_the_article_is_not_shared() -> None:
    # "hòng" is inside the article's "phòng", "ti" inside "tiếp": neither counts.
    teaser = "Hòng ti rồi hòng ti ..."
    page = clean_page([ARTICLE, teaser, SECOND])
    assert {c.text: c.reason for c in page.cuts} == {
        teaser: "teaser-like line off the article's topic (0% shared)"
    }
