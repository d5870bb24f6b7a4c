"""Synthetic PDFs for reader tests, drawn with pypdfium2: text at a place and angle, ruled lines
and filled boxes, in the order given (the order of the content stream)."""
from __future__ import annotations

import ctypes
import io
import math
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def text(x: float, y: float, s: str, size: float = 12, angle: float = 0) -> tuple:
    """Text whose baseline starts at (x, y), turned *angle* degrees counter-clockwise."""
    return ("text", x, y, s, size, angle)


def line(x0: float, y0: float, x1: float, y1: float) -> tuple:
    """A stroked black line."""
    return ("line", x0, y0, x1, y1)


def box(x: float, y: float, w: float, h: float, rgb: tuple[int, int, int]) -> tuple:
    """A filled box without a border."""
    return ("box", x, y, w, h, rgb)


def grid(x: float, top: float, widths: list[float], heights: list[float]) -> list[tuple]:
    """The ruling lines of a table whose top-left corner is (x, top), y going up."""
    right = x + sum(widths)
    bottom = top - sum(heights)
    ops = []
    y = top
    for h in [0, *heights]:
        y -= h
        ops.append(line(x, y, right, y))
    cx = x
    for w in [0, *widths]:
        cx += w
        ops.append(line(cx, top, cx, bottom))
    return ops


def make_pdf(pages: list[list[tuple]], size: tuple[float, float] = (595, 842)) -> bytes:
    """A PDF of the given pages, each a list of drawing operations."""
    pdf = pdfium.PdfDocument.new()
    font = None
    if DEJAVU.is_file():
        data = DEJAVU.read_bytes()
        buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        font = pdfium_c.FPDFText_LoadFont(pdf.raw, buf, len(data), pdfium_c.FPDF_FONT_TRUETYPE, 1)
    for ops in pages:
        page = pdf.new_page(*size)
        for op in ops:
            obj = _object(pdf, font, op)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _object(pdf, font, op: tuple):
    kind = op[0]
    if kind == "text":
        _, x, y, s, size, angle = op
        obj = (pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, size) if font
               else pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", size))
        wide = (s + "\0").encode("utf-16-le")
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(ctypes.create_string_buffer(wide, len(wide)),
                                                   ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        a = math.radians(angle)
        pdfium_c.FPDFPageObj_Transform(obj, math.cos(a), math.sin(a), -math.sin(a), math.cos(a), x, y)
        return obj
    if kind == "line":
        _, x0, y0, x1, y1 = op
        obj = pdfium_c.FPDFPageObj_CreateNewPath(x0, y0)
        pdfium_c.FPDFPath_LineTo(obj, x1, y1)
        pdfium_c.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
        pdfium_c.FPDFPageObj_SetStrokeWidth(obj, 0.5)
        pdfium_c.FPDFPath_SetDrawMode(obj, 0, 1)
        return obj
    _, x, y, w, h, (r, g, b) = op
    obj = pdfium_c.FPDFPageObj_CreateNewRect(x, y, w, h)
    pdfium_c.FPDFPageObj_SetFillColor(obj, r, g, b, 255)
    pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_ALTERNATE, 0)
    return obj


def scanned(pdf_bytes: bytes, dpi: int = 200) -> bytes:
    """The same pages as images only, as a scanner gives them: no text layer, no drawing."""
    source = pdfium.PdfDocument(pdf_bytes)
    pdf = pdfium.PdfDocument.new()
    for k in range(len(source)):
        width, height = source[k].get_size()
        bitmap = source[k].render(scale=dpi / 72, grayscale=True)
        page = pdf.new_page(width, height)
        image = pdfium.PdfImage.new(pdf)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(bitmap.to_pil().convert("RGB")))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
