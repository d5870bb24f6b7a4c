"""Legacy Vietnamese encodings: text typed in TCVN3 (ABC, .VnTime fonts) or VNI (VNI-Times fonts)
comes out of extraction as Latin-1 look-alikes ("QuyÕt ®Þnh", "Quyeát ñònh"); it is detected and
mapped back to Unicode by the tables in pipeline/data (tcvn3.tsv, vni.tsv)."""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from pipeline.model import Block
from pipeline.text import VIETNAMESE_LETTERS


@lru_cache(maxsize=1)
def tcvn3_table() -> dict[int, str]:
    """Code point as extraction shows it (Latin-1 and Windows-1252 readings of the byte) → Unicode."""
    text = resources.files("pipeline.data").joinpath("tcvn3.tsv").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for row in csv.DictReader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t"):
        byte = int(row["byte"], 16)
        table[byte] = row["unicode"]
        try:
            table[ord(bytes([byte]).decode("cp1252"))] = row["unicode"]
        except UnicodeDecodeError:
            pass
    return table


_LETTER = re.compile(r"[^\W\d_]")
_SPECIFIC = re.compile("[\u0102-\u01B0\u1EA0-\u1EF9]")  # letters proper to Vietnamese: ă ơ ư đ ạ …
# signs that stand for the commonest Vietnamese letters in TCVN3 (đ á à ả ạ Đ ơ ư ă â ê ô) and
# are rare in any real Latin-1 text
_TCVN3_SIGN = re.compile("[®¸µ¶¹§¬\u00ad¨©ª«]")


def _counts(text: str) -> tuple[int, int]:
    """(letters, letters proper to Vietnamese) of *text*."""
    return len(_LETTER.findall(text)), len(_SPECIFIC.findall(text))


def looks_tcvn3(text: str) -> bool:
    """True for Vietnamese typed in TCVN3 and read as Latin-1: no letter proper to Vietnamese
    (ă, ơ, ư, đ, ạ …) but many Latin-1 letters and signs that TCVN3 uses for them."""
    letters, specific = _counts(text)
    return letters >= 40 and specific <= letters * 0.002 and len(_TCVN3_SIGN.findall(text)) >= letters * 0.015


_WORD = re.compile(r"\w+")


def _caps_word(m: re.Match[str]) -> str:
    """ABC capitals fonts (.VnTimeH) reuse the lower-case codes: a word whose plain letters are
    all capitals is a capitals word."""
    word = m.group(0)
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
        return word.upper()
    return word


def from_tcvn3(text: str) -> str:
    """Map TCVN3 text read as Latin-1 to NFC Unicode."""
    return _WORD.sub(_caps_word, unicodedata.normalize("NFC", text.translate(tcvn3_table())))


@lru_cache(maxsize=1)
def _vni() -> tuple[dict[str, str], re.Pattern[str]]:
    """VNI sequences → Unicode, and a pattern matching the longest sequence first."""
    text = resources.files("pipeline.data").joinpath("vni.tsv").read_text(encoding="utf-8")
    table = {row["vni"]: row["unicode"] for row in csv.DictReader(
        (ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t")}
    keys = sorted(table, key=len, reverse=True)
    return table, re.compile("|".join(map(re.escape, keys)))


# A vowel followed by a VNI sign: rare in any real Latin-1 text (đ's ñ alone is Spanish too).
_VNI_SIGN = re.compile(r"[aeouyAEOUYôöÔÖ][ùøûõïÙØÛÕÏ]|[aeoAEO][âáàåãäÂÁÀÅÃÄ]|[aA][êéèúüëÊÉÈÚÜË]")


def looks_vni(text: str) -> bool:
    """True for Vietnamese typed in VNI and read as Windows-1252: no letter proper to Vietnamese
    but many vowels followed by VNI's signs ("Quyeát ñònh"), of many kinds: ~18% of the letters
    of a VNI decision; a French text dense in "où", "goût", "naïve" has a few kinds only."""
    letters, specific = _counts(text)
    if letters < 40 or specific > letters * 0.002:
        return False
    signs = _VNI_SIGN.findall(text)
    return len(signs) >= letters * 0.08 and len(set(signs)) >= 6


def from_vni(text: str) -> str:
    """Map VNI text read as Windows-1252 to NFC Unicode."""
    table, pattern = _vni()
    return unicodedata.normalize("NFC", pattern.sub(lambda m: table[m.group(0)], text))


DETECT_MAX = 50000  # detect reads at most these characters of a sample
DETECT_HEAD = 5000  # its first test: the letters proper to Vietnamese in these first characters
UNICODE_SHARE = 0.002  # over this share of the sample's characters, the sample is Unicode Vietnamese


def detect(text: str) -> str | None:
    """"tcvn3", "vni" or None for a sample of extracted text."""
    text = text[:DETECT_MAX]
    # Unicode Vietnamese: letters proper to it over 0.2% of the characters (so of the letters too),
    # nearly always found in the first 5,000 already: neither
    if len(_SPECIFIC.findall(text, 0, DETECT_HEAD)) > len(text) * UNICODE_SHARE:
        return None
    specific = len(_SPECIFIC.findall(text))
    if specific > len(text) * UNICODE_SHARE or specific > len(_LETTER.findall(text)) * 0.002:
        return None
    if looks_tcvn3(text):
        return "tcvn3"
    if looks_vni(text):
        return "vni"
    return None


CONVERTERS = {"tcvn3": from_tcvn3, "vni": from_vni}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_STRAY_SIGN = re.compile("[°¡¿]")
_FOREIGN_LETTER = re.compile("[^\\W\\d_%s]" % "".join(sorted(VIETNAMESE_LETTERS)))  # a letter not of Vietnamese
_ODD_SIGN = re.compile("[%s%s]" % (_CONTROL.pattern[1:-1], _STRAY_SIGN.pattern[1:-1]))  # either of the two


def garbled(text: str) -> bool:
    """True for Vietnamese drawn in a font without a Unicode map ("BØC ÔNG AN", "\\x10Ùc l-p -
    Tå do"): of 100 letters or more, at least 5% are control characters, letters foreign to
    Vietnamese (ø, Æ, ñ, Ç …) or signs standing in for letters (°, ¡, ¿), and the text holds control
    characters or letters proper to Vietnamese (a French or Spanish text is not garbled). Vietnamese
    text stays under 0.2% over a page (13% on the corpus's one such PDF)."""
    text = unicodedata.normalize("NFC", text)
    if len(text) < 100:
        return False
    if _ODD_SIGN.search(text) is None and _FOREIGN_LETTER.search(text) is None:  # nearly every text: nothing odd
        return False
    controls = len(_CONTROL.findall(text))
    odd = len(_FOREIGN_LETTER.findall(text)) + controls + len(_STRAY_SIGN.findall(text))
    if odd < 5:  # under 5% of any 100 letters: the letters need no counting
        return False
    letters = len(_LETTER.findall(text))
    if letters < 100:
        return False
    return odd >= 0.05 * letters and (controls >= 3 or len(_SPECIFIC.findall(text)) >= 0.002 * letters)


def _plainly_unicode(blocks: list[Block]) -> bool:
    """detect() says None at its first test on fix_blocks's sample, told from the sample's first
    DETECT_HEAD characters only (its first blocks' texts): more letters proper to Vietnamese there than
    UNICODE_SHARE of the DETECT_MAX characters detect reads at most, whatever the rest of the sample holds."""
    head: list[str] = []
    size = -1
    for b in blocks[:400]:
        head.append(b.text)
        size += len(b.text) + 1
        if size >= DETECT_HEAD:
            return len(_SPECIFIC.findall(" ".join(head), 0, DETECT_HEAD)) > DETECT_MAX * UNICODE_SHARE
    return False  # a shorter text: the sample decides


def fix_blocks(blocks: list[Block]) -> str | None:
    """Convert every block and cell of a TCVN3 or VNI document in place; return the encoding
    it was in (None for Unicode)."""
    if _plainly_unicode(blocks):  # nearly every document: no sample built
        return None
    sample = " ".join(b.text for b in blocks[:400]) + " ".join(  # rows_text()[:30], the other rows unread
        s.text for b in blocks[:200] if b.table for row in b.table.grid()[:30] for s in row)
    encoding = detect(sample)
    if encoding is None:
        return None
    convert = CONVERTERS[encoding]
    for b in blocks:
        b.text = convert(b.text)
        if b.table:
            for cell in b.table.own_cells():
                cell.paragraphs = [convert(p) for p in cell.paragraphs]
    return encoding
