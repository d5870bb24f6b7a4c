"""underthesea's sentence splitter loaded alone (extractors/splitter.py) splits as underthesea's
own import does, and preloading the models imports neither spaCy nor underthesea whole."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.splitter import sent_tokenize

ROOT = Path(__file__).resolve().parent.parent


# real corpus sentences and what underthesea 9.5's splitter made of them (the corpus's 39,792
# distinct texts split alike by both loads when this module was written)
CASES = [
    ("m) Đẩy mạnh các giải pháp để phát triển mạnh mẽ, hiệu quả, bền vững thị trường vốn. Khẩn trương hoàn thiện "
     "Nghị định về chào bán, giao dịch trái phiếu doanh nghiệp riêng lẻ.",
     ["m) Đẩy mạnh các giải pháp để phát triển mạnh mẽ, hiệu quả, bền vững thị trường vốn.",
      "Khẩn trương hoàn thiện Nghị định về chào bán, giao dịch trái phiếu doanh nghiệp riêng lẻ."]),
    ("Căn cứ Nghị định số ngày ... tháng .... năm….. của Ủy ban nhân dân tỉnh, thành phố….. quy định chức năng",
     ["Căn cứ Nghị định số ngày ... tháng .... năm…..", "của Ủy ban nhân dân tỉnh, thành phố…..", "quy định chức năng"]),
    ("4.2. Trình tự, thủ tục cấp, cấp điều chỉnh, cấp lại Giấy phép vận chuyển hàng hóa nguy hiểm",
     ["4.2.", "Trình tự, thủ tục cấp, cấp điều chỉnh, cấp lại Giấy phép vận chuyển hàng hóa nguy hiểm"]),
    ("Lễ Quốc tang nguyên Chủ tịch nước Trần Đức Lương tổ chức tại Nhà tang lễ nào? Nơi an táng nguyên Chủ tịch "
     "nước Trần Đức Lương ở đâu?",
     ["Lễ Quốc tang nguyên Chủ tịch nước Trần Đức Lương tổ chức tại Nhà tang lễ nào?",
      "Nơi an táng nguyên Chủ tịch nước Trần Đức Lương ở đâu?"]),
    ("3. Phạt tiền từ 10.000.000 đồng đến 20.000.000 đồng đối với tổ chức dịch vụ việc làm.",
     ["3.", "Phạt tiền từ 10.000.000 đồng đến 20.000.000 đồng đối với tổ chức dịch vụ việc làm."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_corpus_sentences(text, expected):
    assert sent_tokenize(text) == expected


def test_no_spacy_nor_whole_underthesea_imported():
    code = ("import sys; from extractors import load_models; load_models(); "
            "print(sorted(m for m in ('spacy', 'underthesea') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


_PROSE = st.lists(st.one_of(st.sampled_from(["Sở Nội vụ", "chủ trì", "TP.", "Hà Nội", "1.500.000", "15.12.2025", "e.g.",
                                             "t.", "Th.S", "...", "…", ". ", "? ", "! ", "?!", ".\n", "\n", " ", "\t",
                                             "a", "Ông", "v.v.", "(", ")", "\"", "Điều 3."]),
                            st.text(max_size=5)), max_size=15).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PROSE)
def test_splitter_alone_as_underthesea(text):
    underthesea = pytest.importorskip("underthesea")
    assert sent_tokenize(text) == underthesea.sent_tokenize(text)


# punctuation, abbreviations (the punkt file's and underthesea's own), digits, cases and blanks
# packed close, so that every branch of the splitter's loop is taken
_DENSE = st.lists(st.one_of(st.sampled_from([".", "..", "...", "....", "?", "!", "?!", ".?", "!.", " ", "\t", "\n", "\r",
                                             "TP", "tp", "Th.S", "e.g", "v.v", "ts", "1", "15", "000", "a", "Z", "Ông",
                                             "ăn", "Đ", "…", "\u00a0", "\u2003", "٣", "_"]),
                            st.characters()), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_DENSE, _PROSE, st.text(max_size=30)))
def test_fast_loop_as_underthesea_module(text):
    """The loop that steps from one ".?!" to the next splits as underthesea's module does."""
    from extractors.splitter import _module_splitter

    assert sent_tokenize(text) == _module_splitter()(text)


def test_fast_loop_in_use():
    """The installed underthesea's splitter is the code the fast loop was checked against (else it
    is not used: a new underthesea splits with its own code until the loop is checked again)."""
    from extractors.splitter import _module_splitter, _splitter

    assert _splitter() is not _module_splitter()
