"""pdfplumber's lattice geometry (pdfplumber.table: snap, join, intersections, cells, groups) on
ruling segments given as tuples, with the same arithmetic in the same order, so that the cells
come out equal to the last bit; but intersections found by position and cells by each point's
column and row, not by scanning every pair. On the corpus's table pages pdfplumber's own code
was a fifth of reading (its cell search is quadratic in the points). Segments with a coordinate
that is not finite go to pdfplumber itself (its comparisons are not an order there)."""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from itertools import groupby

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
# A ruling segment: orientation ("h" or "v"), x0, top, x1, bottom, width, height, as pdfplumber's
# edge dicts hold them (the width or height is kept as given: a scan's is not always x1 - x0).
Edge = tuple[str, float, float, float, float, float, float]


def as_edge(edge: dict) -> Edge:
    """The tuple of one of pdfplumber's edge dicts."""
    return (edge["orientation"], edge["x0"], edge["top"], edge["x1"], edge["bottom"], edge["width"], edge["height"])


def _snapped(edges: list[Edge], tolerance: float) -> list[Edge]:
    """pdfplumber's snap_objects: edges whose position (x0 of a vertical, top of a horizontal)
    lies within *tolerance* of the next one's form a cluster, each moved to the cluster's mean."""
    if not edges:
        return []
    at = 1 if edges[0][0] == "v" else 2
    values = sorted(set(e[at] for e in edges))
    index: dict[float, int] = {}
    group, last = 0, values[0]
    for v in values:
        if v > last + tolerance:
            group += 1
        index[v] = group
        last = v
    clusters = [list(g) for _, g in groupby(sorted(edges, key=lambda e: index[e[at]]), key=lambda e: index[e[at]])]
    out: list[Edge] = []
    for cluster in clusters:
        mean = sum(e[at] for e in cluster) / len(cluster)
        for o, x0, top, x1, bottom, width, height in cluster:
            if at == 1:
                d = mean - x0
                out.append((o, x0 + d, top, x1 + d, bottom, width, height))
            else:
                d = mean - top
                out.append((o, x0, top + d, x1, bottom + d, width, height))
    return out


def _joined(group: list[Edge], tolerance: float) -> list[Edge]:
    """pdfplumber's join_edge_group: edges along one line, each reaching within *tolerance* of
    the one before, joined into one."""
    horizontal = group[0][0] == "h"
    lo, hi = (1, 3) if horizontal else (2, 4)
    edges = sorted(group, key=lambda e: e[lo])
    out = [edges[0]]
    for e in edges[1:]:
        o, x0, top, x1, bottom, width, height = last = out[-1]
        if e[lo] <= last[hi] + tolerance:
            if e[hi] > last[hi]:
                if horizontal:
                    out[-1] = (o, x0, top, e[hi], bottom, e[hi] - x0, height)
                else:
                    out[-1] = (o, x0, top, x1, e[hi], width, height + (e[hi] - bottom))
        else:
            out.append(e)
    return out


def merged(edges: list[Edge], snap: float, join: float, min_length: float) -> list[Edge]:
    """pdfplumber's merge_edges then filter_edges: snapped, joined, and those shorter than
    *min_length* left out; horizontal lines first, each line's edges left to right."""
    snapped = _snapped([e for e in edges if e[0] == "v"], snap) + _snapped([e for e in edges if e[0] == "h"], snap)
    snapped.sort(key=lambda e: (e[0], e[2] if e[0] == "h" else e[1]))
    out: list[Edge] = []
    for _, group in groupby(snapped, key=lambda e: (e[0], e[2] if e[0] == "h" else e[1])):
        out.extend(_joined(list(group), join))
    return [e for e in out if (e[6] if e[0] == "v" else e[5]) >= min_length]


def intersections(edges: list[Edge], tolerance: float) -> dict[tuple[float, float], tuple[set, set]]:
    """pdfplumber's edges_to_intersections: each point (x of a vertical, top of a horizontal) where
    the two meet within *tolerance*, with the boxes of the verticals and horizontals through it.
    The horizontals are looked up by their top, the exact test applied to each candidate."""
    hs = sorted((e for e in edges if e[0] == "h"), key=lambda e: (e[2], e[1]))
    tops = [h[2] for h in hs]
    slack = 2 * tolerance + 1.0  # wider than any rounding: the exact test below decides
    found: dict[tuple[float, float], tuple[set, set]] = {}
    for v in (e for e in edges if e[0] == "v"):
        _, vx, vtop, _, vbottom, _, _ = v
        vbox = v[1:5]
        for h in hs[bisect_left(tops, vtop - slack):bisect_right(tops, vbottom + slack)]:
            if vtop <= h[2] + tolerance and vbottom >= h[2] - tolerance and vx >= h[1] - tolerance and vx <= h[3] + tolerance:
                ends = found.get((vx, h[2]))
                if ends is None:
                    ends = found[(vx, h[2])] = (set(), set())
                ends[0].add(vbox)
                ends[1].add(h[1:5])
    return found


def cells(points: dict[tuple[float, float], tuple[set, set]]) -> list[Box]:
    """pdfplumber's intersections_to_cells: from each point (in sorted order), the smallest cell
    whose corners are points joined by common edges, trying the points below it nearest first,
    then the points right of it nearest first."""
    ordered = sorted(points)
    column: dict[float, list[tuple[float, float]]] = {}
    row: dict[float, list[tuple[float, float]]] = {}
    for p in ordered:
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    out: list[Box] = []
    for pt in ordered:
        below = [p for p in column[pt[0]] if p > pt]
        right = [p for p in row[pt[1]] if p > pt]
        cell = _smallest_cell(points, pt, below, right)
        if cell is not None:
            out.append(cell)
    return out


def _connects(points: dict, p: tuple[float, float], q: tuple[float, float]) -> bool:
    """pdfplumber's edge_connects: *p* and *q* on one vertical (or horizontal) edge."""
    if p[0] == q[0] and not points[p][0].isdisjoint(points[q][0]):
        return True
    return p[1] == q[1] and not points[p][1].isdisjoint(points[q][1])


def _smallest_cell(points: dict, pt: tuple[float, float], below: list, right: list) -> Box | None:
    for down in below:
        if not _connects(points, pt, down):
            continue
        for across in right:
            if not _connects(points, pt, across):
                continue
            corner = (across[0], down[1])
            if corner in points and _connects(points, corner, across) and _connects(points, corner, down):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


def tables(boxes: list[Box]) -> list[list[Box]]:
    """pdfplumber's cells_to_tables: cells grouped by shared corners (a group is every cell
    reachable corner to corner), top-left first, groups of one cell left out. The cells of a
    group are in no particular order."""
    parent = list(range(len(boxes)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[tuple[float, float], int] = {}
    for k, (x0, top, x1, bottom) in enumerate(boxes):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            other = owner.setdefault(corner, k)
            parent[root(other)] = root(k)
    groups: dict[int, list[Box]] = {}
    for k, box in enumerate(boxes):
        groups.setdefault(root(k), []).append(box)
    found = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in found if len(t) > 1]


def lattice_groups(edges: list[Edge], snap: float) -> list[list[Box]]:
    """The groups of cells the ruling *edges* draw, as pdfplumber's lattice finds them with *snap*
    as every tolerance and 3 points the shortest edge kept."""
    if not math.isfinite(sum([e[1] + e[2] + e[3] + e[4] + e[5] + e[6] for e in edges])):
        return _pdfplumber_groups(edges, snap)  # a coordinate not finite (or the sum past the floats: rightly so too)
    return tables(cells(intersections(merged(edges, snap, snap, 3), snap)))


def _pdfplumber_groups(edges: list[Edge], snap: float) -> list[list[Box]]:
    from pdfplumber import table as geometry
    from pdfplumber.utils import filter_edges

    dicts = [{"object_type": "edge", "orientation": o, "x0": x0, "top": top, "x1": x1, "bottom": bottom,
              "width": width, "height": height} for o, x0, top, x1, bottom, width, height in edges]
    merged_edges = filter_edges(geometry.merge_edges(dicts, snap, snap, snap, snap), min_length=3)
    return geometry.cells_to_tables(geometry.intersections_to_cells(geometry.edges_to_intersections(merged_edges, snap, snap)))
