"""Vietnamese words that shape candidate terms, written by hand from grammar, not from any text.

* ``FUNCTION_WORDS`` break a run of syllables: particles, pronouns, classifiers,
  prepositions, conjunctions, number words, aspect and degree words.
* ``CONNECTORS`` also break a run, except inside a name that starts with a head
  ("Tổ chức An ninh *và* Hợp tác *ở* châu Âu", "Hiệp ước *các* lực lượng …").
* ``HEADS`` start names of bodies, agreements, events and titles; a candidate
  beginning with one is a likely term even when it occurs once.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(w.strip() for w in text.split("|") if w.strip())


CONNECTORS = _words("và|các|của|ở|về")

FUNCTION_WORDS = _words(
    """là|có|được|bị|một|những|không|chưa|chẳng|chả|trong|ngoài|cho|này|kia|đó|ấy|nọ|với
    |để|như|đến|khi|lúc|sẽ|đã|đang|vừa|từ|ra|vào|lên|xuống|qua|lại|cũng|chỉ|phải|mà|thì
    |trên|dưới|sau|trước|còn|nhưng|rất|quá|lắm|nên|vì|nó|họ|tôi|ta|mình|chúng|do|hay
    |hoặc|nếu|nào|bằng|tới|vậy|rằng|vẫn|gì|đâu|sao|đây|theo|tại|nhằm|giữa|thêm|đều|hơn
    |nhất|mỗi|mọi|nhiều|ít|cả|luôn|nữa|ngay|tuy|dù|song|bởi|nhờ|hãy|đừng|chớ|thế|cái
    |chiếc|con|cuộc|sự|việc|buổi|lần|lượt|ông|bà|khỏi|hết|cùng|tức|chứ|ạ|à|ư|nhé|nhỉ
    |thôi|đấy|nhau|mấy|chăng|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn
    |triệu|tỷ|tỉ|vài|dăm|gần|khoảng|chừng|tận|suốt|ngày|tháng|hôm|tuần|giờ|phút|nay|mai
    |xong|rồi|sắp|từng|liền|bên|phía|nơi|chỗ|dường|cần|muốn|nói|biết"""
)
# Two-syllable function words: both syllables break a run, whatever each is alone.
FUNCTION_PAIRS = _words(
    """tuy nhiên|thậm chí|cụ thể|hiện nay|hiện tại|đối với|sở dĩ|mặc dù|chẳng hạn|chính là
    |tất cả|liên quan|bao gồm|đồng thời|dự kiến|có thể|không thể|chưa thể|cho biết|cho rằng
    |cho hay|được biết"""
)

HEADS = _words(
    """hiệp ước|hiệp định|công ước|nghị định thư|thỏa thuận|thoả thuận|hội đồng|ủy ban|uỷ ban
    |tổ chức|liên minh|liên đoàn|liên hiệp|hiệp hội|học viện|viện|trung tâm|cục|tổng cục|sở|ban
    |văn phòng|quỹ|ngân hàng|tập đoàn|công ty|đảng|quốc hội|thượng viện|hạ viện|tòa án|toà án
    |lực lượng|quân đội|quân đoàn|hạm đội|bộ tư lệnh|bộ|cơ quan|chương trình|chiến lược
    |diễn đàn|hội nghị|nhóm|đại sứ quán|lãnh sự quán|chính phủ|hãng|thông tấn xã|đài
    |thứ trưởng|bộ trưởng|tổng thống|phó tổng thống|thủ tướng|phó thủ tướng|chủ tịch
    |phó chủ tịch|tổng thư ký|ngoại trưởng|đại sứ|đặc phái viên|cố vấn|người phát ngôn
    |tổng giám đốc|giám đốc|tư lệnh|tham mưu trưởng|đại tướng|thượng tướng|trung tướng
    |thiếu tướng|đô đốc|đại tá|thượng tá|trung tá|thiếu tá|quốc vương|thống đốc|thị trưởng
    |nghị sĩ|thượng nghị sĩ|hạ nghị sĩ|chánh án|bộ trưởng ngoại giao|tổng tham mưu trưởng
    |hiến chương|nghị quyết|tuyên bố chung|sáng kiến|đối thoại|học thuyết|người"""
)
# Heads that are titles of people: a Latin name after one is most likely a person's.
TITLE_HEADS = _words(
    """thứ trưởng|bộ trưởng|tổng thống|phó tổng thống|thủ tướng|phó thủ tướng|chủ tịch
    |phó chủ tịch|tổng thư ký|ngoại trưởng|đại sứ|đặc phái viên|cố vấn|người phát ngôn
    |tổng giám đốc|giám đốc|tư lệnh|tham mưu trưởng|đại tướng|thượng tướng|trung tướng
    |thiếu tướng|đô đốc|đại tá|thượng tá|trung tá|thiếu tá|quốc vương|thống đốc|thị trưởng
    |nghị sĩ|thượng nghị sĩ|hạ nghị sĩ|chánh án|bộ trưởng ngoại giao|tổng tham mưu trưởng"""
)
# The commonest Vietnamese family names (and Sino-Vietnamese readings of Chinese ones): a
# capitalised run right after a title that starts with one is a person ("Thủ tướng | Phạm
# Minh Chính", "Chủ tịch | Hồ Chí Minh").
SURNAMES = _words(
    """nguyễn|trần|lê|phạm|hoàng|huỳnh|phan|vũ|võ|đặng|bùi|đỗ|hồ|ngô|dương|lý|đinh|đoàn
    |trương|lâm|mai|trịnh|lương|tập|vương|lưu|chu"""
)
# Countries whose Vietnamese name has one syllable, as news puts them after a title or a
# body ("Bộ Quốc phòng Nga", "Ngoại trưởng Mỹ").  Other one-syllable capitals are
# mostly one part of a longer name ("Hàn Quốc", "châu Âu", "Liên Hợp Quốc").
COUNTRY_SYLLABLES = _words("mỹ|nga|anh|pháp|đức|ý|nhật|úc|lào|bỉ|séc")
# The one syllable news writes for a country in a hyphenated pair ("Mỹ-Trung", "Nhật-Hàn")
# where the country's name has two: the name it stands for.
PAIR_SHORT_NAMES = {
    "trung": "trung quốc",
    "hàn": "hàn quốc",
    "việt": "việt nam",
    "triều": "triều tiên",
    "ấn": "ấn độ",
    "nhật": "nhật bản",
    "thái": "thái lan",
}
# Heads of one syllable ("Bộ", "Cục", "Đảng") count only before a capitalised word.
WEAK_HEADS = frozenset(h for h in HEADS if " " not in h)

# General words of news prose, written by hand: verbs of saying, stance and
# aspect, general nouns and adverbs.  At the edge of a run they are not part of
# a term ("tăng cường | hỗ trợ an ninh", "nguy cơ xảy ra | chiến tranh hạt
# nhân", "Bộ Ngoại giao Mỹ | khẳng định"), and a candidate made of them alone
# is general vocabulary.
GENERAL_WORDS = _words(
    """khẳng định|nhấn mạnh|thông báo|tuyên bố|cảnh báo|bày tỏ|hoan nghênh|đánh giá
    |đánh giá cao|nhận định|nêu rõ|tiết lộ|xác nhận|phủ nhận|bác bỏ|kêu gọi|đề nghị
    |yêu cầu|đồng ý|nhất trí|thừa nhận|lưu ý|chia sẻ|trả lời|phát biểu|giải thích
    |dẫn lời|bình luận|nhắc lại|cam kết|hy vọng|hi vọng|mong muốn|mong đợi|lo ngại
    |quan ngại|ủng hộ|phản đối|chỉ trích|cáo buộc|khuyến cáo|báo cáo|công bố|đề cập
    |tiến hành|thực hiện|tiếp tục|bắt đầu|kết thúc|hoàn thành|sẵn sàng|cố gắng|tìm cách
    |tìm kiếm|quyết định|cho phép|giúp đỡ|tạo ra|đưa ra|đạt được|xảy ra|diễn ra|tham gia
    |tham dự|gặp gỡ|trao đổi|bàn thảo|tăng cường|cải thiện|giải quyết|xem xét|theo dõi
    |chuẩn bị|duy trì|thúc đẩy|đẩy mạnh|nâng cao|mở rộng|tăng lên|giảm bớt|giảm thiểu
    |hạn chế|ngăn chặn|ngăn cản|đối phó|đối mặt|chấm dứt|nối lại|khởi động|tái khởi động
    |trở thành|trở lại|quay lại|dẫn đầu|dẫn đến|liên quan|phụ trách|nhằm|nhằm mục đích
    |cho thấy|chứng tỏ|chứng minh|nhận thấy|nhận ra|hiểu rõ|coi trọng|quan tâm|chú trọng
    |nắm giữ|sở hữu|ký kết|ban hành|áp dụng|sử dụng|gia hạn|rút khỏi|rút lui|đình chỉ
    |bổ sung|trang bị|thiết lập|tạo lập|tạo điều kiện|đòi hỏi|ngỏ ý|bắt tay|tiếp nhận
    |vấn đề|khả năng|tình hình|tình trạng|kết quả|nguy cơ|cách thức|phương thức
    |khuôn khổ|lĩnh vực|phạm vi|quy mô|mức độ|giai đoạn|thời gian|thời điểm|trường hợp
    |nguyên nhân|lý do|mục tiêu|mục đích|ý kiến|quan điểm|nguồn tin
    |phía|loạt|phần|số|cách|dịp|đợt|vòng|mối|tính|nỗ lực|động thái|bước|dấu hiệu|tín hiệu
    |tương lai|hiện trạng|thực trạng|triển vọng|bối cảnh|xu hướng|đề xuất|kế hoạch
    |quan trọng|đặc biệt|rõ ràng|nhất định|đáng kể|duy nhất|chủ yếu|chính thức|trực tiếp
    |hoàn toàn|gần đây|mới đây|sớm|lâu|khác|chung|riêng|mới|cũ|lớn|nhỏ|cao|thấp|sâu|rộng
    |nói chung|nói riêng|thẳng thắn|phức tạp|khó khăn|căng thẳng|nghiêm trọng|tích cực
    |tiêu cực|hiệu quả|thuận lợi|cần thiết|quyết liệt|mạnh mẽ|nhanh chóng|liên tục"""
)
