"""Text normalisation shared by every stage: NFC once at the edge, a folded form for matching."""
from __future__ import annotations

import re
import unicodedata
from array import array

# Characters that look like spaces or are invisible in office exports.
_BLANKS = "\u00a0\u2000-\u200b\u202f\u205f\u3000\t "
# A run of them that is not one plain space already (a lone " " stays as it is: not rewritten).
_ODD_SPACES = re.compile(f"[{_BLANKS[:-1]}][{_BLANKS}]*| [{_BLANKS}]+")
_ZERO_WIDTH_MARKS = "\u200c\u200d\u2060\ufeff\u00ad"  # joiners, word joiner, BOM, soft hyphen
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_MARKS}]")
# "D" + combining short/long stroke overlay is a hand-typed "Đ".
_STROKE_D = re.compile(r"([Dd])[\u0335\u0336]")


# The letters of Vietnamese (with f, j, w, z for loanwords and codes), both cases.
VIETNAMESE_LETTERS = frozenset(
    (lambda s: s + s.upper())("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợ"
                              "pqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"))


def nfc(text: str) -> str:
    """Return *text* in NFC with hand-typed stroked D and look-alike eths turned into Đ/đ, zero-width marks removed.
    An ASCII text (a quarter of a DOCX's cells and lines: numbers, codes) is all that already; the
    zero-width marks are looked for with `in` (a fifth of the pattern's scan) before they are removed."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    if "\u0335" in text or "\u0336" in text:
        text = _STROKE_D.sub(lambda m: "Đ" if m.group(1) == "D" else "đ", text)
    if any(map(text.__contains__, _ZERO_WIDTH_MARKS)):  # a scan per mark: cheaper than the pattern's
        text = _ZERO_WIDTH.sub("", text)
    # Icelandic eth (Ð/ð) is typed for Đ/đ by some keyboards and fonts
    return text.replace("\u00d0", "Đ").replace("\u00f0", "đ")


def clean_space(text: str) -> str:
    """Collapse every run of blank characters (no-break spaces included) to one space and trim.
    A printable text with no space doubled or at either end is returned as it is, unscanned: every
    blank the pattern rewrites and every white space strip() removes is unprintable, except the
    plain space (tests/test_seg3_shortcuts.py checks every code point)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _ODD_SPACES.sub(" ", text).strip()


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ch in "\u00a0\t":
        return " "
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


# One output character per input character, so offsets on the folded form index the original.
_FOLD_TABLE = {c: _fold_char(chr(c)) for c in (*range(0x0000, 0x0250), *range(0x1E00, 0x1F00)) if _fold_char(chr(c)) != chr(c)}
# The same table as an array indexed by code point (str.translate looks it up twice as fast as a
# dict; 32 kB, a list of ints would take 285 kB); a code point past its end raises IndexError, a
# LookupError: translate keeps that character as it is.
_FOLD_LIST = array("I", [ord(_FOLD_TABLE.get(c, chr(c))) for c in range(max(_FOLD_TABLE) + 1)])


def fold(text: str) -> str:
    """Fold for matching: lower case, no diacritics, đ→d, tabs and no-break spaces as spaces.

    Each input character maps to exactly one output character, so offsets found on
    the folded form index the original text too.
    """
    return text.translate(_FOLD_LIST)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NUMBER_WORD = re.compile(r"[\d/]")


def slug(text: str) -> str:
    """ASCII slug used in ids ("Quyết định" → "quyet-dinh"). An ASCII word ("1", "II", "a": most
    labels) is its own lower case: fold lowers it and keeps every ASCII letter and digit."""
    if text.isascii() and text.isalnum():
        return text.lower()
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


def sentence_case(text: str) -> str:
    """Turn an ALL-CAPS title into sentence case; leave mixed-case text as written."""
    letters = "".join(filter(str.isalpha, text))
    if letters and sum(map(str.isupper, letters)) / len(letters) > 0.8:
        # document numbers keep their capitals: "SỐ 06/QĐ-TTG" → "số 06/QĐ-TTG"
        low = " ".join(w if _NUMBER_WORD.search(w) else w.lower() for w in text.split(" "))
        return low[:1].upper() + low[1:]
    return text
