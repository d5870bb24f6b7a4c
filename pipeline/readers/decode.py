"""Bytes to NFC text: BOMs, UTF-8, UTF-16 and Windows-1258, refusing binary data."""
from __future__ import annotations

import codecs

from pipeline.text import nfc

# Bytes that never occur in text files (NUL aside, which UTF-16 has).
_CONTROL = set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}


class NotText(ValueError):
    """The bytes are not a text document."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (NFC text, encoding name) for *data*; raise NotText for binary content."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return nfc(data.decode(enc)), enc
            except UnicodeDecodeError as exc:
                raise NotText(f"damaged {enc} text ({exc.reason})") from None
    sample = data[:65536]
    if sample and sample.count(0) > len(sample) // 4:
        # UTF-16 without BOM: every other byte is NUL for Vietnamese-Latin text.
        enc = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise NotText("binary data") from None
        head = text[:32768]
        if sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\r\f") > max(2, len(head) // 200):
            raise NotText("binary data, not text")  # NUL runs of an image or archive, not UTF-16
        return nfc(text), enc
    controls = sum(1 for b in sample if b in _CONTROL)
    if controls > max(2, len(sample) // 200):
        raise NotText("binary data, not text")
    try:
        return nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # A single-byte Vietnamese file: TCVN3 (ABC) and VNI show their signs when read as Windows-1252;
    # otherwise Windows-1258, which decodes every byte but 5 undefined ones.
    from pipeline.readers.legacy import CONVERTERS, detect

    latin = data.decode("cp1252", errors="replace")
    legacy = detect(latin)
    if legacy:
        return nfc(CONVERTERS[legacy](latin)), legacy
    try:
        return nfc(data.decode("cp1258")), "cp1258"
    except UnicodeDecodeError:
        return nfc(data.decode("cp1252", errors="replace")), "cp1252"
