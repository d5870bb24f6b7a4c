"""Tasks assigned in prose: the agency that is given work, who cooperates, and by when."""
from __future__ import annotations

import pytest

from pipeline.model import Document, Source
from pipeline.readers.txt import read_text
from pipeline.segment import segment
from tests.conftest import SEED, converted


def _document(text: str) -> Document:
    from extractors import extract_all

    blocks, _ = read_text(text)
    doc = Document(Source("x.txt", "0" * 64, "txt"), blocks, text)
    segment(doc)
    extract_all(doc)
    return doc


def _prose(text: str) -> list[dict]:
    return [t.to_json() for t in _document(text).prose_tasks]


def _nodes(text: str) -> dict:
    return {n.id: n for n in _document(text).root.walk()}


def test_sentences_that_assign_work():
    tasks = _prose(
        "KẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; Văn phòng UBND tỉnh theo dõi, đôn đốc việc "
        "thực hiện Kế hoạch này, báo cáo UBND tỉnh trước ngày 15/12/2026.\n"
        "2. Sở Khoa học và Công nghệ thường xuyên hướng dẫn các xã triển khai hằng quý.\n"
        "3. Kinh phí thực hiện từ nguồn ngân sách nhà nước.\n")
    got = [(t["lead"], t["cooperating"], t["deadline"]["kind"], t["deadline"]["end"]) for t in tasks]
    # after ";" Văn phòng UBND tỉnh is the subject of its own clause (it monitors), not a cooperator
    assert got == [(["Sở Nội vụ"], ["Sở Tài chính"], "date", "2026-12-15"),
                   (["Sở Khoa học và Công nghệ"], [], "recurring", None)]
    assert all(t["source"] == "prose" for t in tasks)


def test_seed_prose_tasks_are_apart_from_the_table():
    out = converted(str(SEED))
    assert len(out["tasks"]) == 38
    leads = [t["lead"] for t in out["prose_tasks"]]
    assert ["Sở Tài chính"] in leads
    for t in out["prose_tasks"]:
        assert t["text"]


# the PCMT plan of Lâm Đồng (vbai-lamdong-ubnd, Tờ trình 238 CAT), III.8.a, and Nghị quyết 24/2026/NQ-CP's
# appendix (congbao-8chude), V.4.c: a lead-in hands its work to the list under it
_LEAD_IN_PLAN = (
    "KẾ HOẠCH\nThực hiện Chương trình phòng, chống ma túy đến năm 2030\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "8. Về nguồn lực\n"
    "a) Sở Tài chính chủ trì, phối hợp các sở, ban, ngành\n"
    "- Chủ trì, phối hợp với các sở, ngành liên quan xây dựng, ban hành hướng dẫn về quản lý và sử dụng nguồn vốn "
    "ngân sách trung ương thực hiện Chương trình.\n"
    "- Chịu trách nhiệm về việc phân bổ, sử dụng kinh phí của Chương trình đúng mục tiêu, nhiệm vụ, đối tượng có "
    "hiệu quả, không để thất thoát.\n"
    "9. Ủy ban nhân dân tỉnh chỉ đạo:\n"
    "a) Sở Lao động - Thương binh và Xã hội trình Ủy ban nhân dân cấp tỉnh phê duyệt kế hoạch.\n"
    "b) Ủy ban nhân dân cấp huyện, xã: phê duyệt kế hoạch, tổ chức giám sát, đánh giá theo quy định.\n"
    "10. Sở Nội vụ có trách nhiệm:\n"
    "a) Kiểm tra, đối chiếu hồ sơ liệt sĩ, lập danh sách gửi Bộ Nội vụ trước ngày 15/12/2026.\n"
    "b) Gửi Bằng “Tổ quốc ghi công” đến người đề nghị.\n")


def test_a_lead_in_hands_its_work_to_its_items():
    got = [(t["text"][:40], t["lead"], t["cooperating"], t["deadline"]["end"]) for t in _prose(_LEAD_IN_PLAN)]
    assert got == [
        # the item's own cooperators join the lead-in's
        ("Chủ trì, phối hợp với các sở, ngành liên", ["Sở Tài chính"], ["các sở, ban, ngành", "các sở, ngành liên quan"], None),
        ("Chịu trách nhiệm về việc phân bổ, sử dụn", ["Sở Tài chính"], ["các sở, ban, ngành"], None),
        # items naming an actor of their own are not the lead-in's ("Sở Lao động …", "Ủy ban nhân dân cấp huyện,
        # xã:"): the lead-in keeps its sentence, the item its own task
        ("Ủy ban nhân dân tỉnh chỉ đạo:", ["Ủy ban nhân dân tỉnh"], [], None),
        ("Sở Lao động - Thương binh và Xã hội trìn", ["Sở Lao động - Thương binh và Xã hội"], [], None),
        ("Kiểm tra, đối chiếu hồ sơ liệt sĩ, lập d", ["Sở Nội vụ"], [], "2026-12-15"),
        ("Gửi Bằng “Tổ quốc ghi công” đến người đề", ["Sở Nội vụ"], [], None),
    ]


def test_an_item_task_points_at_its_own_text():
    nodes = _nodes(_LEAD_IN_PLAN)
    for t in _prose(_LEAD_IN_PLAN):
        start, end = t["span"]
        assert nodes[t["node"]].text[start:end].startswith(t["text"][:20]) and t["node"] != "doc"


def test_a_lead_in_without_items_stays():
    # the precision sample's sentences stand alone: "… có trách nhiệm:" with nothing under it is kept
    tasks = _prose("KẾ HOẠCH\nTriển khai năm 2026\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ có trách nhiệm:\n")
    assert [t["text"] for t in tasks] == ["Sở Nội vụ có trách nhiệm:"]


# real sentences of the corpus: who cooperates ends at the verb that says what is done
@pytest.mark.parametrize("sentence,cooperating", [
    # vbai-lamdong-ubnd CV CHUNG/Gửi góp ý Thông tư Bộ TC: the list ran on to "… gửi trực tiếp"
    ("Giao Sở Tài chính chủ trì, phối hợp với Sở Tư pháp và các sở, ngành có liên quan nghiên cứu, tham gia ý kiến "
     "đối với Thông tư quy định mức thu và có văn bản góp ý gửi trực tiếp về Bộ Tài chính.",
     ["Sở Tư pháp và các sở, ngành có liên quan"]),
    # tnt305 1a9051122afe8e2b: "… cập nhật nội dung các thủ tục hành chính …" was taken as a cooperator
    ("Văn phòng Ủy ban nhân dân tỉnh có trách nhiệm chủ trì, phối hợp với Sở Khoa học và Công nghệ cập nhật nội dung "
     "các thủ tục hành chính đã được công bố lên Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
     ["Sở Khoa học và Công nghệ"]),
    # a bare "phối hợp" before an agency (Tờ trình 238 CAT's plan)
    ("Sở Tài chính chủ trì, phối hợp các sở, ban, ngành tham mưu Ủy ban nhân dân tỉnh.", ["các sở, ban, ngành"]),
    # "tổ chức" after a comma is a noun of the list (tnt305 ca9ba61fc61bf961)
    ("Ban Cơ yếu Chính phủ chủ trì, phối hợp với Văn phòng Trung ương Đảng, các cơ quan, tổ chức khác trong hệ thống "
     "chính trị triển khai áp dụng các sản phẩm mật mã.",
     ["Văn phòng Trung ương Đảng", "các cơ quan, tổ chức khác"]),
    # an adverb ends the list (Báo cáo 228 SNV)
    ("Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị thường xuyên tổ chức rà soát các văn bản.",
     ["các cơ quan, đơn vị"]),
    # "lâm" is no "làm": the marks count (tnt305 2d563450d5a57ad1)
    ("Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo các chủ rừng phối hợp với lực lượng Kiểm lâm triển khai phương án "
     "phòng cháy, chữa cháy rừng.", ["lực lượng Kiểm lâm"]),
    # "phối hợp" before a verb names nobody
    ("Bộ Nội vụ chủ trì và phối hợp tổ chức biên soạn bộ công cụ đánh giá kỹ năng nghề quốc gia.", []),
    # a name the gazetteer knows is no verb ("giao"); a short lower-case name stays (Nghị định 127, 170/2026)
    ("Bộ Khoa học và Công nghệ chủ trì, phối hợp với Bộ Ngoại giao thực hiện ký kết các thỏa thuận.", ["Bộ Ngoại giao"]),
    ("Sở Tư pháp phối hợp với cơ sở giam giữ phạm nhân tổ chức tuyên truyền, phổ biến pháp luật.",
     ["cơ sở giam giữ phạm nhân"]),
    # the verb after the names ends them (Nghị định 138/2026/NĐ-CP Điều 31; Nghị quyết 122/NQ-CP)
    ("Bộ Nội vụ chủ trì, phối hợp với các bộ, ngành, tổ chức chính trị - xã hội, hội, hiệp hội nghề nghiệp xem xét "
     "đề xuất khen thưởng.", ["các bộ, ngành, tổ chức chính trị - xã hội, hội", "hiệp hội nghề nghiệp"]),
    ("Bộ Tài chính chủ trì, phối hợp với Bộ Xây dựng thiết lập cơ chế theo dõi giá vật liệu.", ["Bộ Xây dựng"]),
    # "chương trình" is a noun, not the verb "trình"
    ("Sở Nội vụ chủ trì, phối hợp với Ban Quản lý các chương trình mục tiêu quốc gia tổ chức kiểm tra.",
     ["Ban Quản lý các chương trình mục tiêu quốc gia"]),
])
def test_cooperating_agencies_end_at_the_verb(sentence, cooperating):
    from tests.test_prose_precision import _tasks

    assert [t["cooperating"] for t in _tasks(sentence)] == [cooperating]


def test_submits_is_a_verb_that_gives_work():
    # Quyết định 844/QĐ-TTg (congbao-8chude): the lead ran on to "… trình Hội đồng nhân dân cùng cấp"
    from tests.test_prose_precision import _tasks

    got = _tasks("Uỷ ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp bố trí ngân sách địa phương để hỗ trợ "
                 "thêm mức đóng cho người dân tham gia bảo hiểm y tế.")
    assert [t["lead"] for t in got] == [["Uỷ ban nhân dân cấp tỉnh"]]
    # "chương trình", "quy trình", "tờ trình" are nouns
    assert _tasks("Ban Quản lý chương trình đầu tư công theo quy trình đã ban hành.") == []


# tnt305 45fb7c4784bcce3a (a Kế hoạch of Lâm Đồng's Hội đồng Thi đua), V.2: a whole sentence over points
# of other agencies ("d) Thuế tỉnh, Bảo hiểm xã hội tỉnh: …") is a task of its own; the points keep their own
_WHOLE_SENTENCE = (
    "KẾ HOẠCH\nThi đua năm 2026\nV. TỔ CHỨC THỰC HIỆN\n"
    "2. Các cơ quan, đơn vị, địa phương có trách nhiệm theo dõi, tổng hợp các trường hợp vi phạm, kỷ luật trong "
    "năm gửi về Hội đồng Thi đua - Khen thưởng tỉnh trước ngày 10/12/2026\n"
    "a) Công an tỉnh: Tổng hợp danh sách các cơ quan, đơn vị, địa phương có người mắc các tệ nạn xã hội.\n"
    "b) Thuế tỉnh, Bảo hiểm xã hội tỉnh: Xác nhận việc thực hiện nghĩa vụ nộp ngân sách nhà nước.\n")


def test_a_whole_sentence_over_points_stays_a_task():
    got = [(t["text"][:30], t["lead"]) for t in _prose(_WHOLE_SENTENCE)]
    assert ("Các cơ quan, đơn vị, địa phươn", ["Các cơ quan, đơn vị, địa phương"]) in got
    assert all(lead != ["Các cơ quan, đơn vị, địa phương"] for text, lead in got if text.startswith("Thuế tỉnh"))


def test_a_lead_in_that_says_what_opens_its_items():
    # Nghị quyết 122/NQ-CP (congbao-8chude), III.1: the drafts are what the ministry reports on
    tasks = _prose("NGHỊ QUYẾT\nPhiên họp Chính phủ thường kỳ tháng 4 năm 2026\nIII. NHIỆM VỤ\n"
                   "1. Bộ Tài chính báo cáo về tiếp thu, giải trình, chỉnh lý, hoàn thiện các dự thảo:\n"
                   "a) Nghị quyết Quốc hội về kế hoạch phát triển kinh tế - xã hội 5 năm giai đoạn 2026 - 2030;\n"
                   "b) Nghị quyết của Quốc hội về kế hoạch tài chính quốc gia và vay trả nợ công 5 năm.\n")
    assert [t["text"] for t in tasks] == [
        "Bộ Tài chính báo cáo về tiếp thu, giải trình, chỉnh lý, hoàn thiện các dự thảo: Nghị quyết Quốc hội về kế "
        "hoạch phát triển kinh tế - xã hội 5 năm giai đoạn 2026 - 2030;",
        "Bộ Tài chính báo cáo về tiếp thu, giải trình, chỉnh lý, hoàn thiện các dự thảo: Nghị quyết của Quốc hội về "
        "kế hoạch tài chính quốc gia và vay trả nợ công 5 năm."]
    assert all(t["lead"] == ["Bộ Tài chính"] for t in tasks)


@pytest.mark.parametrize("sentence,deadline", [
    # a yearly duty stays recurring (tnt305 355bcc582867074b, Điều 14.1.d)
    ("Các bộ, ngành tổng hợp, báo cáo về việc ký hợp đồng gửi Bộ Nội vụ hằng năm.", ("hằng năm", "recurring")),
    # Nghị quyết 122/NQ-CP, appendix 13.b: the date of the Công điện cited sets no deadline
    ("Bộ Tư pháp theo dõi, đôn đốc tình hình xây dựng văn bản quy định chi tiết chậm, nợ theo chỉ đạo của Thủ tướng "
     "Chính phủ tại Công điện số 36/CĐ-TTg ngày 25 tháng 4 năm 2026 về việc tăng cường kỷ luật, kỷ cương.", (None, "none")),
    # tnt305 437c3beb60ae2874, V.9: the yearly plan is where the money is, not when the task is due
    ("Ủy ban nhân dân các phường, xã, đặc khu chủ động bố trí kinh phí từ nguồn vốn ngân sách địa phương trong kế "
     "hoạch hàng năm, nguồn Quỹ Phòng, chống thiên tai.", (None, "none")),
    ("Sở Tài chính tham mưu bố trí dự toán ngân sách hằng năm để thực hiện Kế hoạch.", (None, "none")),
    # a day a word of time opens is the task's (Nghị quyết 17/2026/NQ-CP; tnt305 50f694478a35aefd)
    ("Ủy ban nhân dân cấp tỉnh tổ chức triển khai thủ tục hành chính này từ ngày 01 tháng 8 năm 2026.",
     ("từ ngày 01 tháng 8 năm 2026", "date")),
    ("Sở Nội vụ tổ chức lễ trao thưởng, khen thưởng vào ngày 19 tháng 12 năm 2025.",
     ("vào ngày 19 tháng 12 năm 2025", "date")),
    # its III.5.e: "trong tháng 5 năm 2026" does
    ("Bộ Công Thương khẩn trương hoàn thiện Chiến lược quốc gia về đất hiếm, báo cáo Thủ tướng Chính phủ trong tháng 5 "
     "năm 2026 theo ý kiến chỉ đạo.", ("trong tháng 5 năm 2026 theo ý kiến chỉ đạo", "period")),
])
def test_a_prose_deadline_is_not_a_cited_date(sentence, deadline):
    from tests.test_prose_precision import _tasks

    assert [(t["deadline"]["raw"], t["deadline"]["kind"]) for t in _tasks(sentence)] == [deadline]
