"""Signature text never left inside an article: closings without a "Nơi nhận" label, as the corpus
prints them (a recipients list run onto one line, "(Đã ký)" with no name, a gazette stamp's residue
on the signing lines, a joint circular's co-signers, the gazette's stamp note after the name)."""
from __future__ import annotations

import pytest

from pipeline.readers import read
from pipeline.segment import segment
from pipeline.notation import markers as mk
from pipeline.segment.zones import SIGN_POSITION, SIGNED_MARK

HEAD = ("ỦY BAN THƯỜNG VỤ QUỐC HỘI\nSố: 1680/NQ-UBTVQH15\nHà Nội, ngày 16 tháng 6 năm 2025\nNGHỊ QUYẾT\n"
        "Về việc sắp xếp các đơn vị hành chính cấp xã\n")
ARTICLES = ("Điều 1. Sắp xếp đơn vị hành chính\n1. Sắp xếp toàn bộ diện tích tự nhiên.\n"
            "Điều 2. Hiệu lực thi hành\n1. Nghị quyết này có hiệu lực từ ngày 01 tháng 7 năm 2025.\n"
            "Điều 3. Tổ chức thực hiện\n3. Hội đồng Dân tộc, các Ủy ban của Quốc hội giám sát việc thực hiện Nghị quyết này.\n")
RECIPIENTS = ("- Chính phủ; - Ban Tổ chức Trung ương; - Ủy ban TW Mặt trận Tổ quốc Việt Nam; - Kiểm toán nhà "
              "nước; - Lưu: HC, PLTP.\n")
GAZETTE_HEAD = ("CHÍNH PHỦ\nSố: 143/2026/NĐ-CP\nHà Nội, ngày 12 tháng 5 năm 2026\nNGHỊ ĐỊNH\n"
                "Quy định chi tiết một số điều của Luật Hóa chất\n")

CASES = [
    # tnt305-legal-md: the list without its label, then a mark with no name (0f145efacbf006fc.md)
    (HEAD + ARTICLES + RECIPIENTS + "(đã ký)\n", None, None, 5),
    # … with the position before the mark (92582856e1434cfb.md)
    (HEAD + ARTICLES + RECIPIENTS + "CHỦ TỊCH\n(Đã ký)\n", None, "CHỦ TỊCH", 5),
    # congbao txt: the stamp's residue on the position (nghi-dinh-so-143-2026-nd-cp-469481.txt)
    (GAZETTE_HEAD + ARTICLES + "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\n    PHÓ THỦ TƯỚNGky]\n\nNguyễn Văn Thắng\n",
     "Nguyễn Văn Thắng", "PHÓ THỦ TƯỚNG", 0),
    # … and on the name (nghi-quyet-so-19-2026-nq-cp-469466.txt)
    (GAZETTE_HEAD + ARTICLES + "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\ny]Phạm Thị Thanh Trà\n",
     "Phạm Thị Thanh Trà", "PHÓ THỦ TƯỚNG", 0),
    # a joint circular's co-signers: the first is the header's (thong-tu-lien-tich-so-01-2022-…-36844.txt)
    (GAZETTE_HEAD + ARTICLES + "KT. CHÁNH ÁN\nTÒA ÁN NHÂN DÂN TỐI CAO\nPHÓ CHÁNH ÁN\n\nNguyễn Trí Tuệ\n\n"
     "KT. VIỆN TRƯỞNG\nVIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\nPHÓ VIỆN TRƯỞNG\n\nNguyễn Duy Giảng\n",
     "Nguyễn Trí Tuệ", "PHÓ CHÁNH ÁN", 0),
    # the gazette's stamp note after the name (quyet-dinh-so-844-qd-ttg-469526.txt)
    (GAZETTE_HEAD + ARTICLES.replace("Nghị quyết này.", "Nghị quyết này./.") + "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n [\nPhạm Thị Thanh Trà\n\n"
     "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n",
     "Phạm Thị Thanh Trà", "PHÓ THỦ TƯỚNG", 0),
]


def _segmented(tmp_path, text, ext="txt"):
    path = tmp_path / f"doc.{ext}"
    path.write_text(text, encoding="utf-8")
    doc = read(str(path))
    segment(doc)
    return doc


def _signing_line(line: str) -> bool:
    line = line.strip(" *")
    return bool(SIGNED_MARK.match(line) or (mk.is_caps(line) and (mk.SIGN_CAPACITY.match(line) or SIGN_POSITION.match(line)))
                or line.startswith(("Ký bởi", "Cơ quan:")) or "Lưu:" in line)


@pytest.mark.parametrize("text,signer,position,recipients", CASES, ids=range(len(CASES)))
def test_no_signature_text_in_an_article(tmp_path, text, signer, position, recipients):
    doc = _segmented(tmp_path, text)
    articles = [n for n in doc.root.walk() if n.kind == "article"]
    assert len(articles) == 3
    inside = [ln for a in articles for n in a.walk() for ln in n.text.splitlines() if _signing_line(ln)]
    assert inside == []
    assert (doc.header.get("signer"), doc.header.get("signer_position")) == (signer, position)
    assert len(doc.header.get("recipients") or []) == recipients
    if recipients:
        assert doc.header["recipients"][-1] == "Lưu: HC, PLTP"
    assert not [w for w in doc.warnings if w.code == "signature_elsewhere"]


def test_a_mark_glued_between_capacity_and_name_leaves_the_name_whole(tmp_path):
    """tnt305-legal-md/docs/e4ddc120fc14463c.md: the layout table flattened without spaces."""
    doc = _segmented(tmp_path, HEAD + ARTICLES + "\n- Thủ tướng, các Phó Thủ tướng Chính phủ; - Lưu: VT, TCCV (2) | "
                     "TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Nguyễn Hòa Bình |\n", "md")
    assert doc.header.get("signer") == "Nguyễn Hòa Bình"


# A decision with its regulation attached (the shape of congbao-8chude's thong-tu-so-29-2022-tt-bldtbxh):
# each container's closing is its own.
DECISION = ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 12/QĐ-UBND\nLâm Đồng, ngày 3 tháng 2 năm 2025\nQUYẾT ĐỊNH\n"
            "Ban hành Quy chế làm việc\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n")
SIGNED = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Hùng\n"
REGULATION = ("QUY CHẾ\nLàm việc của Ủy ban nhân dân tỉnh\n(Ban hành kèm theo Quyết định số 12/QĐ-UBND)\n"
              "Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc làm việc.\n"
              "Điều 2. Tổ chức thực hiện\nCác sở, ngành thực hiện Quy chế này./.\n")


def test_an_attached_texts_recipients_are_not_the_documents(tmp_path):
    doc = _segmented(tmp_path, DECISION + "Nơi nhận: - Như Điều 2;\n- Lưu: VT.\n" + SIGNED + REGULATION
                     + "Nơi nhận: - Các sở, ngành;\n- Lưu: VT, NC.\n")
    assert doc.header["recipients"] == ["- Như Điều 2;", "Lưu: VT"]
    attachment = next(n for n in doc.root.children if n.kind == "attachment")
    assert [n.kind for n in attachment.children][-1] == "recipients"


def test_an_attached_texts_list_ends_at_its_own_prose(tmp_path):
    """The gazette prints the decision's signature without a recipients list; the attached form's
    dashes after its note are its body's, not recipients (the list ended at the note)."""
    doc = _segmented(tmp_path, DECISION + SIGNED + REGULATION
                     + "- Như Điều 2;\nGhi chú: mẫu kèm theo gồm các mục sau.\n- Họ và tên người đề nghị;\n")
    attachment = next(n for n in doc.root.children if n.kind == "attachment")
    recipients = [i.text for n in attachment.walk() if n.kind == "recipients" for i in n.children]
    assert recipients == ["- Như Điều 2;"]
    assert "- Họ và tên người đề nghị;" in [n.text for n in attachment.walk() if n.kind == "item"]
    assert doc.header["recipients"] == [] and doc.header["signer"] == "Nguyễn Văn Hùng"
