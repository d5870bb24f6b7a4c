"""DOCX reading of two checkouts in ONE process, alternating document by document, so that the shared
machine's load weighs on both alike: `read_docx` of each file's bytes, then the legacy-encoding check
(`fix_blocks`) and `garbled` of its blocks as `readers.read` makes them, in CPU seconds per pass.

    .venv/bin/python bench/bench_docx_ab.py OLD_CHECKOUT [CORPUS_DIR] [--rounds 3]
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path):
    """The module at *path* under *name* (the two checkouts' readers side by side; the rest of the
    pipeline they import is this checkout's)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", help="a checkout of the old code (e.g. `git archive BASE | tar -x -C DIR`)")
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    readers = {}
    for name, checkout in (("old", Path(args.old).resolve()), ("new", ROOT)):
        base = checkout / "pipeline" / "readers"
        readers[name] = (_load(f"docx_{name}", base / "docx.py"), _load(f"legacy_{name}", base / "legacy.py"))
    datas = [p.read_bytes() for p in sorted(Path(args.corpus).rglob("*.docx"))]
    total: dict[str, float] = collections.defaultdict(float)
    for r in range(args.rounds):
        for i, data in enumerate(datas):
            for name in ("old", "new") if (i + r) % 2 else ("new", "old"):
                docx, legacy = readers[name]
                t0 = time.process_time()
                blocks = docx.read_docx(data)
                t1 = time.process_time()
                legacy.fix_blocks(blocks)
                legacy.garbled(" ".join(b.text for b in blocks[:400]))
                total[f"{name} read_docx"] += t1 - t0
                total[f"{name} checks"] += time.process_time() - t1
                del blocks
    print(f"{len(datas)} files, {args.rounds} rounds, CPU seconds per pass:")
    for name in ("old", "new"):
        print(f"  {name}: read_docx {total[name + ' read_docx'] / args.rounds:.3f} s, "
              f"encoding checks {total[name + ' checks'] / args.rounds:.3f} s")
    both = {n: total[f"{n} read_docx"] + total[f"{n} checks"] for n in ("old", "new")}
    print(f"  new/old: read_docx {total['new read_docx'] / total['old read_docx']:.3f}, "
          f"checks {total['new checks'] / total['old checks']:.3f}, both {both['new'] / both['old']:.3f}")


if __name__ == "__main__":
    main()
