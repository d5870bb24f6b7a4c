"""The DOCX reader on packages built for the test: Word's auto-numbering kept in front of the text
and told apart as the block's label and level, a footnote's id, deletions dropped and insertions
kept, tabs and breaks, the all-bold and centred cues; text boxes read once where they sit."""
from __future__ import annotations

import pytest

from pipeline.readers.docx import read_docx
from tests.adversarial.make import W, docx
from tests.conftest import CORPUS, needs_corpus

NUMBERING = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>').encode()


def _numbered(text: str, ilvl: int) -> str:
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="3"/></w:numPr></w:pPr>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p>")


def _package(body: str, **parts: bytes) -> bytes:
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    return docx({"word/document.xml": document, **{f"word/{k}.xml": v for k, v in parts.items()}})


def test_word_numbering_stays_in_the_text_and_is_the_blocks_label_and_level():
    body = (_numbered("Nhiệm vụ trọng tâm", 0) + _numbered("Rà soát thủ tục hành chính;", 1)
            + _numbered("Số hóa hồ sơ.", 1) + _numbered("Tổ chức thực hiện", 0)
            + "<w:p><w:r><w:t>Giao Sở Tư pháp chủ trì.</w:t></w:r></w:p>")
    blocks = read_docx(_package(body, numbering=NUMBERING))
    assert [(b.text, b.label, b.level) for b in blocks] == [
        ("1. Nhiệm vụ trọng tâm", "1.", 0), ("a) Rà soát thủ tục hành chính;", "a)", 1), ("b) Số hóa hồ sơ.", "b)", 1),
        ("2. Tổ chức thực hiện", "2.", 0), ("Giao Sở Tư pháp chủ trì.", None, None)]


def test_a_footnote_keeps_its_marked_text_and_carries_its_id():
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
             '<w:footnote w:id="2"><w:p><w:r><w:t>Văn bản này được sửa đổi, bổ sung bởi Quyết định số 12/2024/QĐ-UBND.'
             "</w:t></w:r></w:p></w:footnote></w:footnotes>").encode()
    blocks = read_docx(_package("<w:p><w:r><w:t>Điều 1. Phạm vi điều chỉnh</w:t></w:r></w:p>", footnotes=notes))
    assert [(b.text, b.role, b.note_id) for b in blocks] == [
        ("Điều 1. Phạm vi điều chỉnh", None, None),
        ("[2] Văn bản này được sửa đổi, bổ sung bởi Quyết định số 12/2024/QĐ-UBND.", "footnote", "2")]


def test_tracked_changes_breaks_and_the_bold_and_centred_cues():
    body = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>QUYẾT ĐỊNH</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>Giao Sở </w:t></w:r><w:del><w:r><w:delText>Nội vụ</w:delText><w:t>Nội vụ</w:t></w:r></w:del>'
            '<w:ins><w:r><w:t>Tư pháp</w:t></w:r></w:ins><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t> chủ trì;</w:t></w:r>'
            '<w:r><w:br/><w:t>thời hạn:</w:t><w:tab/><w:t>quý II</w:t></w:r></w:p>')
    blocks = read_docx(_package(body))
    assert [(b.text, b.bold, b.centered) for b in blocks] == [
        ("QUYẾT ĐỊNH", True, True), ("Giao Sở Tư pháp chủ trì;", False, False), ("thời hạn: quý II", False, False)]


# A text box as Word writes it: the drawing (mc:Choice) and its VML copy (mc:Fallback), both with the text
_NS = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def _box(*paragraphs: str) -> str:
    inner = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return inner.join(('<w:txbxContent>', '</w:txbxContent>'))


def _drawn_box(*paragraphs: str) -> str:
    """A run holding a text box twice: the drawing and its VML fallback."""
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            f'<wps:wsp><wps:txbx>{_box(*paragraphs)}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:rect><v:textbox>{_box(*paragraphs)}</v:textbox></v:rect>'
            '</w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def _boxed_package(body: str) -> bytes:
    return docx({"word/document.xml": f'<w:document xmlns:w="{W}" {_NS}><w:body>{body}</w:body></w:document>'.encode()})


def test_a_text_box_is_read_once_after_the_paragraph_it_sits_in():
    # the draft stamp of "DỰ THẢO QUYẾT ĐỊNH THÀNH LẬP HỘI ĐỒNG ATVSLĐ …" (corpus), drawn with its VML copy
    body = (f'<w:p>{_drawn_box("DỰ THẢO")}</w:p><w:p><w:r><w:t>QUYẾT ĐỊNH</w:t></w:r></w:p>'
            f'<w:p><w:r><w:t>Về việc thành lập Hội đồng</w:t></w:r>{_drawn_box("Dấu")}<w:r><w:t> An toàn</w:t></w:r></w:p>')
    blocks = read_docx(_boxed_package(body))
    assert [b.text for b in blocks] == ["DỰ THẢO", "QUYẾT ĐỊNH", "Về việc thành lập Hội đồng An toàn", "Dấu"]


def test_a_vml_only_text_box_and_one_in_a_header_cell():
    # "Dự thảo Thông tư (bản mới)" has a VML box only; "UBND tỉnh chỉ đạo đặt hàng …" its subject in a box
    # in the header table's first cell, under the number
    vml = f"<w:p><w:r><w:pict><v:rect><v:textbox>{_box('DỰ THẢO 2')}</v:textbox></v:rect></w:pict></w:r></w:p>"
    cell = ("<w:tc><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p><w:p><w:r><w:t>Số: /UBND-NC</w:t></w:r>"
            f'{_drawn_box("V/v tập trung triển khai thực hiện", "công tác cai nghiện ma túy tự nguyện")}</w:p></w:tc>')
    blocks = read_docx(_boxed_package(vml + f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>"))
    assert blocks[0].text == "DỰ THẢO 2" and blocks[1].kind == "table"
    assert blocks[1].table.grid()[0][0].paragraphs == ["ỦY BAN NHÂN DÂN", "Số: /UBND-NC", "V/v tập trung triển khai thực hiện",
                                                     "công tác cai nghiện ma túy tự nguyện"]


def test_a_deletion_inside_a_text_box_is_dropped():
    box = ('<w:r><w:pict><v:rect><v:textbox><w:txbxContent><w:p><w:r><w:t>Số: </w:t></w:r><w:del><w:r><w:t>12</w:t>'
           '</w:r></w:del><w:r><w:t>15/QĐ-UBND</w:t></w:r></w:p></w:txbxContent></v:textbox></v:rect></w:pict></w:r>')
    assert [b.text for b in read_docx(_boxed_package(f"<w:p>{box}</w:p>"))] == ["Số: 15/QĐ-UBND"]


_ND30 = CORPUS / "vbai-lamdong-ubnd" / "files" / "ND30"


@needs_corpus
@pytest.mark.parametrize("path, box_line", [
    ("CV 298 PC04/UBND tỉnh chỉ đạo đặt hàng, giao các đơn vị sự nghiệp thực hiện cai nghiện.docx", "tại gia đình, cộng đồng"),
    ("Tờ trình 187 Hội đồng ATVSLĐ/DỰ THẢO QUYẾT ĐỊNH THÀNH LẬP HỘI ĐỒNG ATVSLĐ TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG (đã thẩm định).docx",
     "DỰ THẢO"),
    ("CV CHUNG/Gửi góp ý Thông tư Bộ TC/Dự thảo Thông tư (bản mới).docx", "DỰ THẢO 2"),
])
def test_the_corpus_text_boxes_are_read_once(path, box_line):
    blocks = read_docx((_ND30 / path).read_bytes())
    lines = [b.text for b in blocks] + [p for b in blocks if b.table for c in b.table.own_cells() for p in c.paragraphs]
    assert lines.count(box_line) == 1


def test_a_text_box_leaves_its_hosts_bold_cue_alone():
    host = (f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>QUYẾT ĐỊNH</w:t></w:r>{_drawn_box("DỰ THẢO")}</w:p>')
    assert [(b.text, b.bold) for b in read_docx(_boxed_package(host))] == [("QUYẾT ĐỊNH", True), ("DỰ THẢO", False)]



def test_a_cells_fallback_copy_is_skipped_in_a_part_without_text_boxes():
    # block-level alternate content (no w:txbxContent anywhere, so the part reads as plain): the
    # cell keeps the mc:Choice paragraph, not its mc:Fallback copy; without any mc:Fallback no check
    copies = ('<mc:AlternateContent><mc:Choice Requires="w14"><w:p><w:r><w:t>Sở Tư pháp</w:t></w:r></w:p></mc:Choice>'
              "<mc:Fallback><w:p><w:r><w:t>Sở Tư pháp</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>")
    for cell, paragraphs in ((copies, ["Sở Tư pháp"]), (copies.replace("Fallback", "Choice"), ["Sở Tư pháp"] * 2)):
        blocks = read_docx(_boxed_package(f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"))
        assert blocks[0].table.grid()[0][0].paragraphs == paragraphs

# -- the parts read only when something needs them (numbering, styles), still checked for damage --------
_STYLES = (f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Muc"><w:pPr><w:numPr><w:ilvl w:val="1"/>'
           '<w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>').encode()
_PLAIN_STYLES = f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Normal"/></w:styles>'.encode()


@pytest.mark.parametrize("part, content", [("styles", _PLAIN_STYLES), ("numbering", NUMBERING)])
def test_a_damaged_part_is_refused_though_nothing_reads_it(part, content):
    from pipeline.readers.docx import DocxError

    body = "<w:p><w:r><w:t>Điều 1. Phạm vi điều chỉnh</w:t></w:r></w:p>"
    assert read_docx(_package(body, **{part: content}))[0].text == "Điều 1. Phạm vi điều chỉnh"
    for damaged in (content[:-12], content.replace(b"<w:abstractNum ", b"<x:abstractNum ").replace(b"<w:style ", b"<x:style ")):
        with pytest.raises(DocxError, match=rf"^damaged {part}\.xml \(.*line 1"):  # cut, or a prefix not bound
            read_docx(_package(body, **{part: damaged}))


def test_numbering_reached_through_a_style_or_a_footnote_only():
    body = ('<w:p><w:pPr><w:pStyle w:val="Muc"/></w:pPr><w:r><w:t>Rà soát thủ tục hành chính;</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:pStyle w:val="Muc"/></w:pPr><w:r><w:t>Số hóa hồ sơ.</w:t></w:r></w:p>')
    blocks = read_docx(_package(body, numbering=NUMBERING, styles=_STYLES))
    assert [(b.text, b.label, b.level) for b in blocks] == [
        ("a) Rà soát thủ tục hành chính;", "a)", 1), ("b) Số hóa hồ sơ.", "b)", 1)]
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1">{_numbered("Sửa đổi năm 2024", 0)}</w:footnote>'
             "</w:footnotes>").encode()
    blocks = read_docx(_package("<w:p><w:r><w:t>Điều 1.</w:t></w:r></w:p>", numbering=NUMBERING, footnotes=notes))
    assert blocks[-1].text == "[1] 1. Sửa đổi năm 2024"


def test_a_utf16_document_is_numbered_though_its_bytes_do_not_spell_numpr():
    document = (f'<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="{W}"><w:body>'
                f'{_numbered("Nhiệm vụ trọng tâm", 0)}</w:body></w:document>').encode("utf-16")
    blocks = read_docx(docx({"word/document.xml": document, "word/numbering.xml": NUMBERING}))
    assert [(b.text, b.label) for b in blocks] == [("1. Nhiệm vụ trọng tâm", "1.")]


# The bold cue as the XPath it was before: every run with a w:t has a first w:rPr/w:b not set off, and there is one.
_ALL_BOLD = ("boolean(descendant::w:r[w:t]) and not(descendant::w:r[w:t][not((w:rPr/w:b)[1]"
             "[not(@w:val='0' or @w:val='false')])])")


@needs_corpus
def test_the_bold_cue_of_every_corpus_paragraph_is_the_xpaths():
    import zipfile

    from lxml import etree

    from pipeline.readers.docx import _P, _all_bold, _plain, _xml

    all_bold = etree.XPath(_ALL_BOLD, namespaces={"w": W})
    checked = 0
    for path in sorted(CORPUS.rglob("*.docx"))[::4]:
        xml = zipfile.ZipFile(path).read("word/document.xml")
        if _plain(xml):
            for p in _xml(xml, "document.xml").iter(_P):
                assert _all_bold(p, True) == all_bold(p), (path.name, etree.tostring(p)[:300])
                checked += 1
    assert checked > 1000
