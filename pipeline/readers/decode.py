"""Bytes to NFC text: BOMs, UTF-8, UTF-16 and Windows-1258, refusing binary data.

A file that is overwhelmingly valid UTF-8 stays UTF-8 when a few bytes are damaged (a truncated
last character, a flipped byte): those bytes become U+FFFD and a note says how many and where,
instead of the whole file being read as Windows-1252. Blocks of NUL or control bytes inside text
(a disk error, a half-written copy) are taken out with a note, not a refusal of the whole file."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from pipeline.model import Warning_, WarningCode
from pipeline.readers.base import ReadError
from pipeline.text import nfc

LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

# Bytes that never occur in text files (NUL aside, which UTF-16 has).
_CONTROL = set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
# A run of such bytes long enough to be a damaged block rather than a stray byte.
_CONTROL_RUN = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]{4,}")
# Replacement characters per valid non-ASCII character above which the bytes are not UTF-8.
_UTF8_DAMAGE = 1 / 20


class NotText(ValueError):
    """The bytes are not a text document."""


@dataclass
class Decoded:
    """The text of a file, the encoding it was read in, and what was repaired on the way."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Return (NFC text, encoding name) for *data*; raise NotText for binary content."""
    got = decode_report(data)
    return got.text, got.encoding


def decode_report(data: bytes) -> Decoded:
    """Decoded text of *data* with notes on repairs (NUL blocks removed, damaged UTF-8 bytes);
    raise NotText for binary content."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            if enc == "utf-8-sig":
                return _utf8_or_legacy(data[len(bom):], [], "utf-8-sig")
            try:
                return Decoded(nfc(data.decode(enc)), enc)
            except UnicodeDecodeError as exc:
                raise NotText(f"damaged {enc} text ({exc.reason})") from None
    sample = data[:65536]
    if _looks_utf16(sample):
        return _utf16(data, sample)
    data, notes = _strip_control_runs(data)
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL)
    if controls > max(2, len(sample) // 200):
        raise NotText("binary data, not text")
    return _utf8_or_legacy(data, notes, "utf-8")


def text_to_read(data: bytes) -> tuple[str, list[Warning_]]:
    """The text of a .txt or .md file and the encoding warnings (a legacy font converted, a code
    page other than UTF-8, repairs); ReadError for binary data or a file without any text."""
    try:
        decoded = decode_report(data)
    except NotText as exc:
        raise ReadError(f"not a text document: {exc}") from None
    if not decoded.text.strip():
        raise ReadError("no text in file")
    warnings = []
    if decoded.encoding in LEGACY_NAMES:
        warnings.append(Warning_(WarningCode.ENCODING, f"legacy {LEGACY_NAMES[decoded.encoding]} text converted to Unicode"))
    elif decoded.encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(Warning_(WarningCode.ENCODING, f"decoded as {decoded.encoding}"))
    warnings.extend(Warning_(WarningCode.ENCODING, note) for note in decoded.notes)
    return decoded.text, warnings


def _looks_utf16(sample: bytes) -> bool:
    """True when NUL bytes fill one byte of most pairs (UTF-16 without BOM), not a block of both."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return bool(sample) and even + odd > len(sample) // 4 and min(even, odd) * 10 < max(even, odd)


def _utf16(data: bytes, sample: bytes) -> Decoded:
    # every other byte is NUL for Vietnamese-Latin text
    enc = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        raise NotText("binary data") from None
    head = text[:32768]
    if sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\r\f") > max(2, len(head) // 200):
        raise NotText("binary data, not text")  # NUL runs of an image or archive, not UTF-16
    return Decoded(nfc(text), enc)


def _strip_control_runs(data: bytes) -> tuple[bytes, list[str]]:
    """*data* without runs of 4 or more control bytes, and a note saying how many bytes and where
    the first run began; unchanged when there is none."""
    runs = [(m.start(), m.end()) for m in _CONTROL_RUN.finditer(data)]
    if not runs:
        return data, []
    removed = sum(b - a for a, b in runs)
    if removed * 2 > len(data):
        raise NotText("binary data, not text")
    kept = b"".join(data[a:b] for a, b in zip([0] + [e for _, e in runs], [s for s, _ in runs] + [len(data)]))
    line = data.count(b"\n", 0, runs[0][0]) + 1
    return kept, [f"{removed} NUL or control bytes in {len(runs)} block(s) removed (first at byte {runs[0][0]},"
                  f" line {line}): text may be missing there"]


def _utf8_or_legacy(data: bytes, notes: list[str], name: str) -> Decoded:
    """UTF-8 (with a few damaged bytes replaced) when the bytes say so, else the legacy encodings."""
    try:
        return Decoded(nfc(data.decode("utf-8")), name, notes)
    except UnicodeDecodeError as exc:
        first, reason = exc.start, exc.reason
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    wide = len(text) - len(text.encode("ascii", "ignore")) - bad
    if wide and bad <= wide * _UTF8_DAMAGE:
        line = data.count(b"\n", 0, first) + 1
        notes.append(f"{bad} byte sequence(s) that are not valid UTF-8 replaced by \ufffd (first at byte {first},"
                     f" line {line}): check the text there")
        return Decoded(nfc(text), name, notes)
    if name == "utf-8-sig":
        raise NotText(f"damaged utf-8-sig text ({reason} at byte {first})")
    return Decoded(*_legacy(data), notes)


def _legacy(data: bytes) -> tuple[str, str]:
    """A single-byte Vietnamese file: TCVN3 (ABC) and VNI show their signs when read as
    Windows-1252; otherwise Windows-1258, which decodes every byte but 5 undefined ones."""
    from pipeline.readers.legacy import CONVERTERS, detect

    latin = data.decode("cp1252", errors="replace")
    legacy = detect(latin)
    if legacy:
        return nfc(CONVERTERS[legacy](latin)), legacy
    try:
        return nfc(data.decode("cp1258")), "cp1258"
    except UnicodeDecodeError:
        return nfc(data.decode("cp1252", errors="replace")), "cp1252"
