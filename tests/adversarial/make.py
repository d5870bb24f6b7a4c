"""Hostile and damaged inputs, generated at test time (nothing large is committed): DOCX packages
with chosen parts, zips whose entries lie about their size, PDFs with huge pages, mutations."""
from __future__ import annotations

import io
import random
import struct
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(paragraphs: list[str]) -> bytes:
    """word/document.xml holding one run per paragraph."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def docx(parts: dict[str, bytes]) -> bytes:
    """A DOCX package of the given parts (deflated)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def lying_zip(name: str, data: bytes, declared: int) -> bytes:
    """A zip of one deflated member whose local and central headers declare *declared* bytes
    (a bomb that declares 150 bytes and inflates to far more)."""
    raw = bytearray(docx({name: data}))
    local = raw.find(b"PK\x03\x04")
    struct.pack_into("<I", raw, local + 22, declared)
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, declared)
    return bytes(raw)


def footnotes_xml(inner: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0"?>{doctype}<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r><w:t>{inner}'
            f"</w:t></w:r></w:p></w:footnote></w:footnotes>").encode()


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
          + "".join(f'<!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10 if k > 1 else "&lol;" * 10}">' for k in range(1, 10))
          + "]>")


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes, int]:
    """One damaged variant of *data*: truncated, bytes flipped, a range zeroed or a range
    duplicated; (kind, bytes, offset of the first byte changed)."""
    n = len(data)
    kind = rng.choice(("truncate", "flip", "zero", "duplicate"))
    if kind == "truncate":
        cut = rng.randrange(1, max(2, n))
        return kind, data[:cut], cut
    if kind == "flip":
        out = bytearray(data)
        spots = [rng.randrange(n) for _ in range(rng.randint(1, 8))]
        for k in spots:
            out[k] ^= 1 << rng.randrange(8)
        return kind, bytes(out), min(spots)
    a = rng.randrange(n)
    b = min(n, a + rng.randint(1, max(1, n // 20)))
    if kind == "zero":
        return kind, data[:a] + bytes(b - a) + data[b:], a
    return kind, data[:b] + data[a:b] + data[b:], b


def big_page_pdf(width: float = 14400, height: float = 14400) -> bytes:
    """A PDF of one blank page of the given size in points (no text: it goes to OCR)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(width, height)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()
