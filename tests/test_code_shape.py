"""No function of pipeline/ or extractors/ over 60 lines or complexity 25, but the listed ones,
which may only shrink (tests/cases/large_functions.csv; measures in tests/code_shape.py)."""
from __future__ import annotations

import csv

from tests.code_shape import MAX_COMPLEXITY, MAX_LINES, ROOT, all_shapes

LISTED = ROOT / "tests" / "cases" / "large_functions.csv"


def _listed() -> dict[str, tuple[int, int]]:
    lines = [line for line in LISTED.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["function"]: (int(row["lines"]), int(row["complexity"])) for row in csv.DictReader(lines)}


def test_no_new_function_is_too_big():
    listed = _listed()
    new = [f"{s.where} ({s.lines} lines, cc {s.complexity})" for s in all_shapes() if s.too_big and s.where not in listed]
    assert not new, f"over {MAX_LINES} lines or complexity {MAX_COMPLEXITY}: split them: {new}"


def test_listed_functions_only_shrink():
    shapes = {s.where: s for s in all_shapes()}
    grown, fitting = [], []
    for where, (lines, cc) in _listed().items():
        shape = shapes.get(where)
        if shape is None or not shape.too_big:
            fitting.append(where)
        elif shape.lines > lines or shape.complexity > cc:
            grown.append(f"{where}: {shape.lines} lines (was {lines}), cc {shape.complexity} (was {cc})")
    assert not grown, f"listed functions grew: {grown}"
    assert not fitting, f"take these off tests/cases/large_functions.csv, they fit now: {fitting}"
