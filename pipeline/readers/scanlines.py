"""Ruling lines of a scanned page: long runs of dark pixels across (rows) and down (columns) of its
image, as segments in points that pdfplumber's lattice geometry takes, so that a scanned table
gets its cells like a drawn one."""
from __future__ import annotations

import numpy as np

DARK = 160      # grey level below which a pixel is ink
MIN_RUN = 15.0  # points: shorter runs are letter strokes, not rules


def ruling_edges(gray: np.ndarray, dpi: float) -> list[dict]:
    """Horizontal and vertical segments (x0, x1, top, bottom in points, top down) of a grey page image."""
    ink = gray < DARK
    scale = 72.0 / dpi
    min_px = int(MIN_RUN / scale)
    edges: list[dict] = []
    for y, x0, x1 in _runs(ink, min_px):
        top = y * scale
        edges.append({"object_type": "scan_edge", "orientation": "h", "x0": x0 * scale, "x1": x1 * scale,
                      "top": top, "bottom": top, "width": (x1 - x0) * scale, "height": 0.0})
    for x, y0, y1 in _runs(ink.T, min_px):
        left = x * scale
        edges.append({"object_type": "scan_edge", "orientation": "v", "x0": left, "x1": left,
                      "top": y0 * scale, "bottom": y1 * scale, "width": 0.0, "height": (y1 - y0) * scale})
    return edges


def _runs(ink: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of ink at least *min_len* long along the rows of *ink*."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    rows, starts = np.nonzero(np.diff(padded, axis=1) == 1)
    _, ends = np.nonzero(np.diff(padded, axis=1) == -1)
    keep = ends - starts >= min_len
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))
