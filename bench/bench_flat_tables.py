"""Issue 14, widely: the DOCX plans of the corpus with task tables, each flattened by the test
generator (tests/flatgen.py) with many seeds, read back as text; prints the task F1 (text
similarity ≥ 0.85) and the share of matched tasks whose lead, cooperating and deadline equal the
DOCX reading's. Asserts nothing.

    .venv/bin/python bench/bench_flat_tables.py [CORPUS_DIR] [--seeds N]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.convert import convert  # noqa: E402
from pipeline.readers import read  # noqa: E402
from pipeline.readers.errors import InputError  # noqa: E402
from tests.flatgen import flatten_document  # noqa: E402
from tests.gazette_pairs import _fields_equal, _match  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--seeds", type=int, default=20)
    args = ap.parse_args()
    plans = []
    for p in sorted(Path(args.corpus).rglob("*.docx")):
        try:
            tasks = [t for t in convert(str(p))["tasks"] if t["source"] == "table"]
        except InputError:
            continue
        if tasks:
            plans.append((p, tasks))
    want = got = matched = equal = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path, ref in plans:
            doc = read(str(path))
            for seed in range(args.seeds):
                flat = Path(tmp) / "flat.txt"
                flat.write_text(flatten_document(doc, random.Random(seed)), encoding="utf-8")
                out = [t for t in convert(str(flat))["tasks"] if t["source"] == "table"]
                m = _match(ref, out)
                want, got, matched = want + len(ref), got + len(out), matched + len(m)
                equal += sum(_fields_equal(a, b) for a, b in m)
    p, r = matched / max(got, 1), matched / max(want, 1)
    print(f"plans {len(plans)}, seeds {args.seeds}: DOCX tasks {want}, rebuilt {got}, matched {matched}; "
          f"F1 {2 * p * r / max(p + r, 1e-9):.3f}; lead/cooperating/deadline equal {equal / max(matched, 1):.3f}")


if __name__ == "__main__":
    main()
