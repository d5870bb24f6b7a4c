"""The DOCX reader on packages built for the test: Word's auto-numbering kept in front of the text
and told apart as the block's label and level, a footnote's id, deletions dropped and insertions
kept, tabs and breaks, the all-bold and centred cues."""
from __future__ import annotations

from pipeline.readers.docx import read_docx
from tests.adversarial.make import W, docx

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
