"""Header fields as legal staff read them off the corpus (the hdr5 audit): a signature block bounded
by its first signing line and the signer's name, a title in capitals with its names cased, a "V/v"
subject wrapped in a layout cell or standing under the type heading, the office of a body that
decides ("CHỦ TỊCH ỦY BAN NHÂN DÂN …"), a joint text's issuers, a blank date on the number's line,
and the issuer's full name from its number's symbol. Each case is a real corpus line."""
from __future__ import annotations

import pytest

from pipeline.model import Block, Cell, Loc, Table
from pipeline.segment.header import full_issuer, read_header, read_signature, read_title, split_issuer
from pipeline.segment.fields import Header
from pipeline.segment.zones import HeaderZone, split_header

SIGNATURES = [
    # tnt305-legal-md 27cbc6425a10478c.md: the appendix and its table in the signature's cell
    (["KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Mai Sơn", "PHỤ LỤC DANH MỤC THỦ TỤC HÀNH SỬA ĐỔI, BỔ SUNG TRONG LĨNH VỰC HOẠT ĐỘNG",
      "(Kèm theo Quyết định số: 1489/QĐ-UBND ngày 18/11/2025 của Chủ tịch UBND tỉnh Bắc Ninh)", "STT", "Mã TTHC"],
     ("Mai Sơn", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    # f1526a5ac4023b74.md: the name on the line of the signing words, the appendix after it
    (["TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Võ Tấn Đức", "PHỤ LỤC",
      "(Ban hành kèm theo Quyết định số 62/2025/QĐ-UBND ngày 17 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh Đồng Nai)"],
     ("Võ Tấn Đức", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    # 087cf37a325c4959.md: a consolidated text's heading above the signature
    (["XÁC THỰC VĂN BẢN HỢP NHẤT", "KT. BỘ TRƯỞNG THỨ TRƯỞNG", "Nguyễn Hoàng Long"],
     ("Nguyễn Hoàng Long", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")),
    # b3f47f1508761da8.md: a footnote after the name
    (["K/T CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC", "Lâm Thị Phương Thanh",
      "_______________ [1] Gồm các đồng chí Uỷ viên Trung ương Đảng: Phạm Gia Túc"],
     ("Lâm Thị Phương Thanh", "K/T CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC")),
    # 39a27d44cc6e362b.md: a table's cells, no signing line and no name: no signature
    (["1.", "Hàng hóa đề nghị xác định trước mã số do tổ chức, cá nhân cung cấp:", "Ký, mã hiệu, chủng loại:"],
     (None, None, None)),
    # a draft signed by no one yet, an appendix's heading after it (a0079a10826a1d45.md, the name taken out)
    (["CHỦ TỊCH", "PHỤ LỤC I", "DANH MỤC THỦ TỤC HÀNH CHÍNH TRONG LĨNH VỰC KHÍ TƯỢNG THỦY VĂN"], (None, None, "CHỦ TỊCH")),
    # tnt305 39a27d44cc6e362b.md: the capacity's abbreviation on a line of its own; cfc85d8b3511af54.md: ending
    # the heading's line; ef57df9384270c6e.md: glued to its body
    (["Ký, mã hiệu, chủng loại:", "TL.", "CỤC TRƯỞNG", "KT. TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ PHÓ TRƯỞNG BAN", "Đào Thu Hương"],
     ("Đào Thu Hương", "TL. CỤC TRƯỞNG KT. TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ", "PHÓ TRƯỞNG BAN")),
    (["XÁC THỰC VĂN BẢN HỢP NHẤT KT.", "BỘ TRƯỞNG THỨ TRƯỞNG", "Nguyễn Thị Phương Hoa"],
     ("Nguyễn Thị Phương Hoa", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")),
    (["TM.ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Lê Anh Quân"],
     ("Lê Anh Quân", "TM.ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    # 75a0867a09525909.md: the minister who chairs a committee, his deputy signing (offices.csv "Chủ nhiệm")
    (["KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM", "Đỗ Ngọc Huỳnh"], ("Đỗ Ngọc Huỳnh", "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM")),
    # 9c31035f914c937e.md: the deputy's office after the body's head ("KT." lost by the web page)
    (["TL. CỤC TRƯỞNG TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ PHÓ TRƯỞNG BAN", "Đào Thu Hương"],
     ("Đào Thu Hương", "TL. CỤC TRƯỞNG TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ", "PHÓ TRƯỞNG BAN")),
    # 094432765aa270a8.md: "KT." on a line of its own
    (["KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Xuân Tân"], ("Hoàng Xuân Tân", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    # a steering committee's deputy head who is the province's vice-chairman: the first deputy's office, as before
    (["TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH", "Nguyễn Ngọc Phúc"],
     ("Nguyễn Ngọc Phúc", "TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN PHÓ CHỦ TỊCH UBND TỈNH")),
    # negative cases, as before: a plain block, and an OCR'd position before an officer's rank and name
    (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Minh"], ("Nguyễn Minh", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    (["GIÁM ĐÓC", "Thiếu tướng Trương Minh Đương"], ("Trương Minh Đương", None, "GIÁM ĐÓC")),
    (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], (None, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
]


@pytest.mark.parametrize("parts,expected", SIGNATURES, ids=range(len(SIGNATURES)))
def test_the_signature_block_ends_with_the_signers_name(parts, expected):
    sig = read_signature(parts)
    assert (sig["signer"], sig["signer_capacity"], sig["signer_position"]) == expected


TITLES = [
    # tnt305-legal-md 14d45619867d65a2.md
    (["QUYẾT ĐỊNH SỐ 636/QĐ-UBND NGÀY 17/3/2025 CỦA UBND TỈNH QUẢNG NAM VỀ VIỆC TRIỂN KHAI"],
     "Quyết định số 636/QĐ-UBND ngày 17/3/2025 của UBND tỉnh Quảng Nam về việc triển khai"),
    # a83fffe08d7aeed7.md
    (["THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024 CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC TĂNG CƯỜNG"],
     "Thực hiện Chỉ thị số 27/CT-TTG ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ về việc tăng cường"),
    # e598d95fb5f390a4.md (a title over three lines)
    (["PHÂN CẤP THẨM QUYỀN QUYẾT ĐỊNH XÁC LẬP QUYỀN SỞ HỮU TOÀN DÂN", "DÂN TRÊN ĐỊA BÀN THÀNH PHỐ HUẾ"],
     "Phân cấp thẩm quyền quyết định xác lập quyền sở hữu toàn dân dân trên địa bàn thành phố Huế"),
    # 55d7a47de4f0ccee.md: a province's name wrapped, an old tone placement kept as written
    (["VÀ DỊCH VỤ CHỨNG THỰC CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ TRÊN ĐỊA BÀN TỈNH ĐỒNG", "THÁP", "CỦA UỶ BAN NHÂN DÂN TỈNH THANH HOÁ"],
     "Và dịch vụ chứng thực chữ ký số chuyên dùng công vụ trên địa bàn tỉnh Đồng Tháp của Uỷ ban nhân dân tỉnh Thanh Hoá"),
    # e7792cccbca70a64.md: "tỉnh ủy quyền" (the province delegates) holds no party committee "Tỉnh ủy"
    (["PHÊ DUYỆT QUY TRÌNH NỘI BỘ ĐƯỢC ỦY BAN NHÂN DÂN TỈNH ỦY QUYỀN CHO GIÁM ĐỐC"],
     "Phê duyệt quy trình nội bộ được Ủy ban nhân dân tỉnh ủy quyền cho giám đốc"),
    # the verb "quyết định số lượng" is no cited type; a title written in mixed case stays as written
    (["VỀ VIỆC QUYẾT ĐỊNH SỐ LƯỢNG CẤP PHÓ"], "Về việc quyết định số lượng cấp phó"),
    (["Về việc kiện toàn Đội ứng cứu sự cố tỉnh lâm đồng"], "Về việc kiện toàn Đội ứng cứu sự cố tỉnh lâm đồng"),
    # 298 PC04.pdf: "V/v" under the type heading left out, as under a công văn's number
    (["V/v xin chủ trương triển khai thực hiện công tác cai nghiện ma túy tự nguyện"],
     "Xin chủ trương triển khai thực hiện công tác cai nghiện ma túy tự nguyện"),
]


@pytest.mark.parametrize("parts,expected", TITLES, ids=range(len(TITLES)))
def test_a_title_in_capitals_keeps_the_case_of_its_names(parts, expected):
    assert read_title(parts) == expected


def _block(text: str) -> Block:
    return Block(kind="paragraph", text=text, loc=Loc(page=1, block=0, start=0, end=len(text)))


def test_a_subject_line_under_the_type_heading_is_the_title_not_a_section():
    # vbai-lamdong-ubnd "CV 298 PC04/298 PC04.pdf": "V/v …" was read as a section "V"
    zone = split_header([_block(t) for t in (
        "BỘ CÔNG AN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỜ TRÌNH",
        "V/v xin chủ trương triển khai thực hiện công tác cai nghiện ma túy tự nguyện tại gia đình, cộng đồng trên địa bàn tỉnh Lâm Đồng",
        "Kính gửi: Đồng chí Chủ tịch UBND tỉnh Lâm Đồng.")])
    assert zone.title == ["V/v xin chủ trương triển khai thực hiện công tác cai nghiện ma túy tự nguyện tại gia đình, "
                          "cộng đồng trên địa bàn tỉnh Lâm Đồng"]
    # a section "V." of the body still ends the header
    zone = split_header([_block(t) for t in ("KẾ HOẠCH", "Triển khai Đề án 06", "V. TỔ CHỨC THỰC HIỆN")])
    assert zone.title == ["Triển khai Đề án 06"]


def _layout(*columns: list[str]) -> Block:
    cells = [Cell(row=0, col=k, paragraphs=list(paras)) for k, paras in enumerate(columns)]
    return Block(kind="table", text="", loc=Loc(page=1, block=0, start=0, end=0), table=Table(cells=cells))


def test_a_subject_wrapped_in_a_layout_cell_is_read_whole():
    # vbai-lamdong-ubnd "CV 298 PC04/UBND tỉnh chỉ đạo đặt hàng, …docx": the subject kept only its first line
    table = _layout(["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /UBND-NC", "V/v tập trung triển khai thực hiện",
                     "công tác cai nghiện ma túy tự nguyện", "tại gia đình, cộng đồng"],
                    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lâm Đồng, ngày tháng 10 năm 2025"])
    head = read_header(split_header([table, _block("Kính gửi:")]))
    assert head.subject == "tập trung triển khai thực hiện công tác cai nghiện ma túy tự nguyện tại gia đình, cộng đồng"
    assert (head.number, head.place, head.date_blank) == ("/UBND-NC", "Lâm Đồng", True)
    # the motto's cell after the subject's is not the subject's
    table = _layout(["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /UBND-NC", "V/v tham mưu triển khai Kế hoạch số 1014/KH-C04-P6"],
                    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lâm Đồng, ngày tháng 3 năm 2026"])
    assert read_header(split_header([table])).subject == "tham mưu triển khai Kế hoạch số 1014/KH-C04-P6"
    # "Cong van VP UBND tinh cu cong chuc tham gia doan cchc.doc": a stray full stop under it is no words of it
    table = _layout(["UBND TỈNH BÌNH THUẬN", "VĂN PHÒNG", "Số: /VP-NCKSTTHC", "V/v cử thành viên tham gia tổ kiểm tra công vụ", "."])
    assert read_header(split_header([table])).subject == "cử thành viên tham gia tổ kiểm tra công vụ"


ISSUERS = [
    # tnt305-legal-md 55d7a47de4f0ccee.md (144/2025/QĐ-CTUBND): the chairman decides, the committee is no parent
    (["CHỦ TỊCH ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"], ("Chủ tịch UBND tỉnh Đồng Tháp", None)),
    (["CHỦ TỊCH UBND", "THÀNH PHỐ CẦN THƠ"], ("Chủ tịch UBND thành phố Cần Thơ", None)),
    # congbao thong-tu-lien-tich-so-01-2022-…-36844.txt: five bodies, a dash inside one's name
    (["VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - TÒA ÁN NHÂN DÂN TỐI CAO - BỘ CÔNG AN - BỘ QUỐC PHÒNG - BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"],
     ("Viện kiểm sát nhân dân tối cao - Tòa án nhân dân tối cao - Bộ Công an - Bộ Quốc phòng - Bộ Lao động - Thương binh và Xã hội", None)),
    # negative cases: a dash inside one name, a body under its parent
    (["BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"], ("Bộ Lao động - Thương binh và Xã hội", None)),
    (["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"], ("Sở Nội vụ", "UBND tỉnh Lâm Đồng")),
]


@pytest.mark.parametrize("lines,expected", ISSUERS, ids=range(len(ISSUERS)))
def test_an_office_or_joint_bodies_issue(lines, expected):
    assert split_issuer(lines) == expected


def test_a_blank_date_read_onto_the_number_line_is_said_blank():
    # vbai-lamdong-ubnd "giao 5816 SNV …docx": both columns' lines joined by the layout's reading
    head = read_header(HeaderZone(["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc",
                                   "Số: /UBND-NC Lâm Đồng, ngày tháng 8 năm 2025"]))
    assert (head.number, head.number_blank, head.place, head.issued_date, head.date_blank) == (
        "/UBND-NC", True, "Lâm Đồng", None, True)


@pytest.mark.parametrize("issuer,number,expected", [
    # tnt305-legal-md fe168907f6107711.md: "BAN CHẤP HÀNH TRUNG ƯƠNG / BAN TỔ CHỨC", 45-HD/BTCTW
    ("Ban Tổ chức", "45-HD/BTCTW", "Ban Tổ chức Trung ương"),
    ("Ban Tuyên giáo và dân vận", "37-HD/BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương"),
    # the number's body is not the header's: the header's stays
    ("Văn phòng Ban Chấp hành Trung ương", "07-KL/VPTW", "Văn phòng Ban Chấp hành Trung ương"),
    ("Bộ Tài chính", "05/2019/TT-BTC", "Bộ Tài chính"),
])
def test_the_numbers_symbol_completes_the_issuers_name(issuer, number, expected):
    assert full_issuer(Header(issuer=issuer, number=number, issuer_parent="Ban Chấp hành Trung ương")) == expected


@pytest.mark.parametrize("lines,expected", [
    # vbai-lamdong-ubnd Dang_HD05/QC_DangBo_LungCu_2025_2030.docx, nq_cds_dongtháp.docx
    (["HUYỆN UỶ ĐỒNG VĂN", "ĐẢNG UỶ XÃ LŨNG CÚ"], ("Đảng uỷ xã Lũng Cú", "Huyện uỷ Đồng Văn")),
    (["TỈNH UỶ ĐỒNG THÁP"], ("Tỉnh uỷ Đồng Tháp", None)),
    # a committee named by no place keeps its words' case
    (["ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH"], ("Đảng ủy các cơ quan đảng tỉnh", None)),
])
def test_a_party_committees_place_is_a_name(lines, expected):
    assert split_issuer(lines) == expected


@pytest.mark.parametrize("texts,issuer", [
    # tnt305-legal-md 38acb0a43418a36c.md: a web page with no header columns, the authority line under the title
    (["NGHỊ QUYẾT", "Thí điểm một số cơ chế, chính sách đặc thù, đặc biệt", "QUỐC HỘI",
      "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"], "Quốc hội"),
    # 2c2b3ff4b9ac5f74.md: the minister's office names the ministry
    (["THÔNG TƯ", "QUY ĐỊNH MỘT SỐ NỘI DUNG KỸ THUẬT TRONG HOẠT ĐỘNG DẦU KHÍ", "BỘ TRƯỞNG BỘ CÔNG THƯƠNG",
      "Căn cứ Luật Dầu khí ngày 14 tháng 11 năm 2022;"], "Bộ Công Thương"),
    # 70180aecf521049d.md: a joint resolution's page printed "QUỐC HỘI" where three bodies issue it
    (["NGHỊ QUYẾT LIÊN TỊCH", "Quy định chi tiết việc tổ chức tiếp xúc cử tri", "QUỐC HỘI",
      "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"], None),
    # the header's issuer line stays the issuer
    (["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Số: 12/QĐ-UBND", "QUYẾT ĐỊNH", "Về việc kiện toàn Tổ công tác",
      "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Căn cứ Luật Tổ chức chính quyền địa phương;"], "UBND tỉnh Lâm Đồng"),
])
def test_the_authority_line_names_the_issuer_where_no_header_does(texts, issuer):
    assert read_header(split_header([_block(t) for t in texts])).issuer == issuer

ATTACHED = [
    # congbao thong-tu-so-17-2023-tt-bldtbxh-41049.txt: the title ran on after the issuer
    ("(Ban hành kèm theo Thông tư số 17/2023/TT-BLĐTBXH ngày 29 tháng 12 năm 2023 của Bộ trưởng Bộ Lao động - "
     "Thương binh và Xã hội hướng dẫn việc ủy quyền thực hiện nhiệm vụ quản lý nhà nước về lao động",
     ("Thông tư", "17/2023/TT-BLĐTBXH", "2023-12-29", "Bộ trưởng Bộ Lao động - Thương binh và Xã hội")),
    # nghi-quyet-so-105-nq-cp-469364.txt: a note cut at the page's end
    ("(Kèm theo Chương trình hành động của Chính phủ tại", ("Chương trình", None, None, "Chính phủ")),
    # a form's lines to fill in name no document (thong-tu-so-05-2024-…-41900.txt, tnt305 1e6fb98e16a75e3d.md,
    # 1796a553dfee88ef.md, congbao thong-tu-so-15-2023-…-40971.txt)
    ("(Kèm theo Báo cáo số.... BC...... ngày...../.... /..... của Bộ, cơ quan ngang Bộ, Ủy ban nhân dân các tỉnh)", None),
    ("(Kèm theo Công văn số ..../.... ngày.... tháng.... năm .... của Công ty TNHH Tân Cảng-Petro Cam Ranh)", None),
    ("(Kèm theo Quyết định số… /QĐ-UBND ngày … tháng… năm … của Chủ tịch Ủy ban nhân dân tỉnh/thành phố…)", None),
    ("(Ban hành kèm theo Quyết định số........................... ngày....../....../.......)", None),
    # negative cases: a local body's name goes on past "Ủy ban nhân dân"; a draft's blank number stays a document
    ("(Ban hành kèm theo Quyết định số 62/2025/QĐ-UBND ngày 17 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh Đồng Nai)",
     ("Quyết định", "62/2025/QĐ-UBND", "2025-11-17", "UBND tỉnh Đồng Nai")),
    ("(Kèm theo Kế hoạch số /KH-UBND ngày tháng năm 2025 của Ủy ban nhân dân tỉnh Lâm Đồng)",
     ("Kế hoạch", "/KH-UBND", None, "UBND tỉnh Lâm Đồng")),
]


@pytest.mark.parametrize("text,expected", ATTACHED, ids=range(len(ATTACHED)))
def test_a_kem_theo_line_names_its_document(text, expected):
    from pipeline.segment.header import read_attached_to

    got = read_attached_to(text, "Lâm Đồng")
    assert (got and (got["doc_type"], got["number"], got["issued_date"], got["issuer"])) == expected


@pytest.mark.parametrize("line,number", [
    # vbai-lamdong-ubnd ND30/3980_0001 (1).pdf and CV 4409 BCA C04/1_4409.signed.pdf (scans): OCR split the
    # number ("3449"? "4409"), its tail is no number of the document's
    ("Số: 3 49/C04-P6 Hà Nội, ngày tháng Ê năm 2025", None),
    ("Số: 4H09 /BCA-C04 Hà Nội, ngày đ{ tháng năm 2025", None),
    # negative cases: a space before the symbol's slash, and a number alone
    ("Số: 15 /TTr-UBND", "15/TTr-UBND"),
    ("Số:  2571/QĐ-UBND", "2571/QĐ-UBND"),
])
def test_a_number_ocr_split_is_no_number(line, number):
    head = read_header(HeaderZone(["BỘ CÔNG AN", line]))
    assert head.number == number
    assert head.doc_type == ("Công văn" if "C04" in line else None)  # the symbol still says a công văn


def test_a_capacity_alone_on_its_line_opens_the_signature(tmp_path):
    # tnt305-legal-md 094432765aa270a8.md: "**KT.\nCHỦ TỊCH **\nPHÓ CHỦ TỊCH\nHoàng Xuân Tân" (the capacity was lost)
    from pipeline.convert import convert

    path = tmp_path / "qd.txt"
    path.write_text("ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ\nSố: 12/QĐ-UBND\nPhú Thọ, ngày 18 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
                    "Về việc công bố danh mục thủ tục hành chính\n\nĐiều 1. Công bố danh mục thủ tục hành chính.\n"
                    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n\nKT.\nCHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Xuân Tân\n",
                    encoding="utf-8")
    head = convert(str(path))["document"]
    assert (head["signer"], head["signer_capacity"], head["signer_position"]) == ("Hoàng Xuân Tân", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
