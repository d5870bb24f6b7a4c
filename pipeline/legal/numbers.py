"""The one identity of a document number (số ký hiệu): how the references, the citation graph, the
status check and the store tell that two numbers name the same document."""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def number_key(number: str | None) -> str | None:
    """A number as compared: NFC, no whitespace, upper case, diacritics kept, the look-alike Ð
    (U+00D0) as Đ; None for no number, blank included ("108 / 2020 / nđ-cp" → "108/2020/NĐ-CP")."""
    key = _SPACE.sub("", unicodedata.normalize("NFC", number or "")).upper().replace("Ð", "Đ")
    return key or None
