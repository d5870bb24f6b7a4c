"""One identity of a document number (pipeline/legal/numbers.py): the references, the graph, the
status check and the store all compare numbers by number_key, which must not change with case,
spacing or Unicode normal form."""
from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pipeline.legal import NUMBER_RE, canonical_id
from pipeline.legal.numbers import number_key

# real numbers of the corpus: decrees, decisions, plans, party resolutions, joint circulars
NUMBERS = ["108/2020/NĐ-CP", "2571/QĐ-UBND", "202/2025/QH15", "1664/NQ-UBTVQH15", "18-NQ/TW",
           "01/2015/TTLT-BNV-BTC", "893/QĐ-TTg", "36-HD/VPTW", "15/2025/QĐ-UBND", "1234/UBND-KT", "48-KH/TU"]


def test_real_numbers_are_their_own_keys_in_upper_case():
    assert [number_key(n) for n in NUMBERS] == [n.upper() for n in NUMBERS]
    assert number_key(None) is None and number_key("") is None


def test_spacing_case_and_look_alikes_do_not_matter():
    assert number_key("108 / 2020 / nđ-cp") == "108/2020/NĐ-CP"
    assert number_key("2571/QÐ-UBND") == "2571/QĐ-UBND"  # U+00D0 (Eth) written for Đ
    assert number_key("893/QĐ-TTg") == number_key("893/qđ-ttg")


def test_the_graph_id_carries_the_key():
    assert canonical_id("Nghị định", "108 / 2020 / nđ-cp", "2020-09-14") == "vn:nghi-dinh:108/2020/NĐ-CP:2020-09-14"


def _spaced(number: str, cuts: list[int], space: str) -> str:
    out = list(number)
    for cut in sorted(cuts, reverse=True):
        out.insert(cut % (len(out) + 1), space)
    return "".join(out)


@given(st.sampled_from(NUMBERS), st.lists(st.integers(0, 40), max_size=4), st.sampled_from([" ", "  ", "\t", "\u00a0"]),
       st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]), st.sampled_from([str.lower, str.upper, str.swapcase, str]))
def test_key_is_stable_under_spacing_case_and_normal_form(number, cuts, space, form, case):
    variant = unicodedata.normalize(form, case(_spaced(number, cuts, space)))
    assert number_key(variant) == number_key(number)


@given(st.text(alphabet="0123456789/-.QĐNDCPUBTVHKđăâêôơưÐ ", min_size=1, max_size=30))
def test_key_is_idempotent_and_case_blind(text):
    key = number_key(text)
    assert key is None or (number_key(key) == key and number_key(text.lower()) == key)


def test_every_number_the_pattern_finds_keys_to_itself_spelled_any_way():
    for m in NUMBER_RE.finditer("Căn cứ Nghị định số 108/2020/NĐ-CP và Quyết định số 2571 / QĐ-UBND, Nghị quyết 18-NQ/TW"):
        assert number_key(m.group(0)) == number_key(unicodedata.normalize("NFD", m.group(0).lower()))
