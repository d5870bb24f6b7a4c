"""Both tone placements of Vietnamese ("hoá"/"hóa", "khoẻ"/"khỏe", "thuỷ"/"thủy", "uỷ"/"ủy") match
alike, in the folded form and in name_key, and name_key leaves the syllables written one way only
("đoàn", "toán", "loại", "quỹ") as written, so that heads such as "đoàn" and "kiểm toán" match."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.agency_ids import agency, name_key
from extractors.prose_actors import is_actor
from pipeline.text import fold

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_ONSETS = ("", "h", "t", "th", "kh", "l", "ng", "x", "s", "ch", "tr", "đ", "n", "th", "v")


def _toned(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


@given(st.sampled_from(_ONSETS), st.sampled_from(("oa", "oe", "uy")), st.sampled_from(_TONES),
       st.sampled_from(("", " ", ", ", " tỉnh")), st.booleans())
def test_both_placements_of_an_open_rhyme_match(onset, rhyme, tone, after, capital):
    first = onset + _toned(rhyme[0], tone) + rhyme[1]    # "hóa", "thủy"
    second = onset + rhyme[0] + _toned(rhyme[1], tone)   # "hoá", "thuỷ"
    if capital:
        first, second = first.capitalize(), second.capitalize()
    assert name_key(f"Sở {second}{after}") == name_key(f"Sở {first}{after}") == f"sở {first.lower()}{after}".strip()
    assert fold(first) == fold(second)


@given(st.sampled_from(_ONSETS), st.sampled_from(("oa", "oe")), st.sampled_from(_TONES),
       st.sampled_from(("n", "t", "c", "ch", "ng", "nh", "i", "y")))
def test_a_closed_rhyme_is_kept_as_written(onset, rhyme, tone, final):
    word = onset + rhyme[0] + _toned(rhyme[1], tone) + final  # "đoàn", "toán", "loại", "khoét"
    assert name_key(word) == word and name_key(word.upper()) == word


@pytest.mark.parametrize("word", ["quý", "quỳ", "quỷ", "quỹ", "quỵ"])
def test_qu_is_written_one_way(word):
    assert name_key(word.capitalize()) == word


# real corpus sentences, as written and in the other placement
BOTH = [
    ("- Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Ninh", "- Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Ninh"),
    ("Văn hoá, Thể thao và Du lịch chỉ đạo, phối hợp với các cơ quan báo chí:",
     "Văn hóa, Thể thao và Du lịch chỉ đạo, phối hợp với các cơ quan báo chí:"),
    ("tính mạng, sức khoẻ của con người được quy đổi thành tiền",
     "tính mạng, sức khỏe của con người được quy đổi thành tiền"),
    ("h khoản 1 Điều 57 Luật Thuỷ lợi số 08/2017/QH14", "h khoản 1 Điều 57 Luật Thủy lợi số 08/2017/QH14"),
    ("vi phạm pháp luật về quản lý chất thải rắn sinh hoạt thì tuỳ theo tính chất, mức",
     "vi phạm pháp luật về quản lý chất thải rắn sinh hoạt thì tùy theo tính chất, mức"),
    ("- Lập biên bản hoà giải *(Trường hợp hòa giải", "- Lập biên bản hòa giải *(Trường hợp hoà giải"),
]


@pytest.mark.parametrize("written, other", BOTH)
def test_corpus_sentences_in_either_placement(written, other):
    assert name_key(written) == name_key(other)
    assert fold(written) == fold(other)


# real corpus sentences whose closed syllables name_key must keep ("đoàn", "toán", "Quỹ", "hoạt")
KEPT = [
    "Kiểm toán Nhà nước thực hiện kiểm toán theo khoản 2 Điều 116 Luật Bảo",
    "Công đoàn Việt Nam, Đoàn Thanh niên cộng sản Hồ Chí Minh, Hội Nông dân",
    "tổ chức tín dụng Việt Nam, Đài Truyền hình Việt Nam, Quỹ Đầu tư phát triển địa",
    "vi phạm pháp luật về quản lý chất thải rắn sinh hoạt thì tùy theo tính chất, mức",
]


@pytest.mark.parametrize("sentence", KEPT)
def test_corpus_sentences_keep_their_closed_syllables(sentence):
    assert name_key(sentence) == sentence.lower()


@pytest.mark.parametrize("lead", [
    "Liên đoàn Lao động tỉnh",                 # "Khuyến khích Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh, …"
    "Kiểm toán Nhà nước",                      # "Kiểm toán Nhà nước thực hiện kiểm toán …"
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Tổng Kiểm toán Nhà nước",                 # "… từ Quyết định Tổng Kiểm toán Nhà nước ban hành …"
    "Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Ninh",
])
def test_heads_with_a_closed_syllable_are_actors(lead):
    assert is_actor(lead)


def test_agency_ids_stay_what_earlier_versions_wrote():
    # ids of the baseline conversion (main 2773d47), hashed from the earlier key ("đòan")
    assert agency("Liên đoàn Lao động tỉnh", "Lâm Đồng").id == "ag:lien-doan-lao-dong-tinh-lam-dong-9f645b"
    assert agency("Văn phòng Kiểm toán Nhà nước", None).id == "ag:van-phong-kiem-toan-nha-nuoc-483876"
    assert agency("Bộ Văn hoá, Thể thao và Du lịch", None).id == agency("Bộ Văn hóa, Thể thao và Du lịch", None).id


def test_prose_tasks_of_corpus_sentences_with_doan():
    from tests.test_prose_precision import _tasks

    # tnt305-legal-md/docs/437c3beb60ae2874.md: a collective that ends with "đoàn thể" is an actor
    got = _tasks("Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể theo chức năng, nhiệm vụ được "
                 "giao chủ động phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân dân các phường, xã, đặc khu trong "
                 "việc tổ chức thực hiện Kế hoạch.")
    assert [t["lead"] for t in got] == [["Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể"]]
    # tnt305-legal-md/docs/e13e31ece6a27b0d.md: "kiểm tra" after "Đoàn" is the team's name, so no lead
    # cut to "Trưởng Đoàn" (and "Trưởng Đoàn kiểm tra" is no agency the extractor names)
    assert _tasks("Trưởng Đoàn kiểm tra có trách nhiệm lập hồ sơ kiểm tra theo quy định của pháp luật.") == []
