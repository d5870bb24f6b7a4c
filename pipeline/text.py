"""Text normalisation shared by every stage: NFC once at the edge, a folded form for matching."""
from __future__ import annotations

import re
import unicodedata

# Characters that look like spaces or are invisible in office exports.
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\t ]+")
_ZERO_WIDTH = re.compile(r"[\u200c\u200d\u2060\ufeff\u00ad]")
# "D" + combining short/long stroke overlay is a hand-typed "Đ".
_STROKE_D = re.compile(r"([Dd])[\u0335\u0336]")


def nfc(text: str) -> str:
    """Return *text* in NFC with hand-typed stroked D turned into Đ/đ and zero-width marks removed."""
    text = unicodedata.normalize("NFC", text)
    if "\u0335" in text or "\u0336" in text:
        text = _STROKE_D.sub(lambda m: "Đ" if m.group(1) == "D" else "đ", text)
    return _ZERO_WIDTH.sub("", text)


def clean_space(text: str) -> str:
    """Collapse every run of blank characters (no-break spaces included) to one space and trim."""
    return _SPACES.sub(" ", text).strip()


def is_blank(text: str | None) -> bool:
    """True for None, empty text or text made only of (no-break) spaces."""
    return text is None or not clean_space(text)


def fold(text: str) -> str:
    """Fold for matching: lower case, no diacritics, đ→d, spaces collapsed.

    Each input character maps to exactly one output character, so offsets found on
    the folded form index the original text too.
    """
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    folded = "".join(out)
    return folded.replace("\u00a0", " ").replace("\t", " ")


def slug(text: str) -> str:
    """ASCII slug used in ids ("Quyết định" → "quyet-dinh")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def sentence_case(text: str) -> str:
    """Turn an ALL-CAPS title into sentence case; leave mixed-case text as written."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        low = text.lower()
        return low[:1].upper() + low[1:]
    return text
