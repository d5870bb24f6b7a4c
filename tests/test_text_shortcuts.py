"""Property tests: the shortcuts taken for speed (issue 19) give what the plain definitions give.
clean_space rewrites only the blank runs that are not one space already; detect() and garbled()
count letters only when the answer can still depend on them."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.readers import legacy
from pipeline.text import clean_space

BLANKS = " \u00a0\u2000\u2005\u200a\u200b\u202f\u205f\u3000\t"
_RUN = re.compile("[\u00a0\u2000-\u200b\u202f\u205f\u3000\t ]+")
# letters proper to Vietnamese, Latin-1 look-alikes of TCVN3 and VNI, controls, stray signs
LETTERS = "aeoQuyÕt®Þnhñòøù\u00b8\u00b5ăơưđạ\x10\x05°¡¿ØÆÇ1 "


def _clean_space(text: str) -> str:
    """The definition: every run of blanks one space, trimmed."""
    return _RUN.sub(" ", text).strip()


def _detect(text: str) -> str | None:
    """detect() as first written: both counts taken up front."""
    text = text[:50000]
    letters, specific = legacy._counts(text)
    if specific > letters * 0.002:
        return None
    return "tcvn3" if legacy.looks_tcvn3(text) else "vni" if legacy.looks_vni(text) else None


def _garbled(text: str) -> bool:
    """garbled() as first written: the letters counted first."""
    text = unicodedata.normalize("NFC", text)
    letters = legacy._LETTER.findall(text)
    if len(letters) < 100:
        return False
    controls = len(legacy._CONTROL.findall(text))
    odd = len(legacy._FOREIGN_LETTER.findall(text)) + controls + len(legacy._STRAY_SIGN.findall(text))
    return odd >= 0.05 * len(letters) and (controls >= 3 or len(legacy._SPECIFIC.findall(text)) >= 0.002 * len(letters))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=BLANKS + "ab\n", max_size=40))
def test_clean_space_is_its_definition(text):
    assert clean_space(text) == _clean_space(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LETTERS, min_size=0, max_size=400))
def test_legacy_checks_are_their_definitions(text):
    assert legacy.detect(text) == _detect(text)
    assert legacy.garbled(text) == _garbled(text)


def test_legacy_checks_on_real_kinds_of_text():
    """A TCVN3 decision, a few VNI words, a garbled page and plain Vietnamese are told apart as before."""
    samples = ["QuyÕt ®Þnh vÒ viÖc ban hµnh kÕ ho¹ch " * 8, "Quyeát ñònh veà vieäc ban haønh keá hoaïch " * 8,
               "BØC ÔNG AN \x10Ùc l-p - Tå do ° ¡ ¿ " * 10, "Quyết định về việc ban hành kế hoạch " * 8]
    assert [legacy.detect(s) for s in samples] == [_detect(s) for s in samples]
    assert [legacy.garbled(s) for s in samples] == [_garbled(s) for s in samples]
    assert legacy.detect(samples[0]) == "tcvn3" and legacy.detect(samples[3]) is None
    assert legacy.garbled(samples[2]) and not legacy.garbled(samples[3])
