"""DOCX reading against its floor, old code and new interleaved: the check of issue 19's reader work.

Each round runs one process per checkout (this one, then --base if given, alternating), and each
process times over every corpus DOCX, in CPU seconds (the machine is shared: wall time on a busy
machine says little, CPU time of one process less noisy), the best of --repeat passes of:
the floor (lxml over word/document.xml and a join of its w:t, as bench_floors.py), `read_docx` on
the file's bytes, and `readers.read` on its path (hash, legacy-encoding checks, caps included).

    .venv/bin/python bench/bench_docx_read.py [CORPUS_DIR] [--base OLD_CHECKOUT] [--rounds 2] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def floor(path: Path) -> None:
    """lxml over the body part and nothing else."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    "".join(el.text or "" for el in root.iter(_W_T))


def measure(corpus: Path, repeat: int) -> dict[str, float]:
    """Best CPU seconds over *repeat* passes of each stage over the corpus DOCX (this process's code)."""
    from pipeline import readers
    from pipeline.readers.docx import read_docx

    files = sorted(corpus.rglob("*.docx"))
    datas = [p.read_bytes() for p in files]
    stages = {"floor": lambda: [floor(p) for p in files], "read_docx": lambda: [read_docx(d) for d in datas],
              "read": lambda: [readers.read(str(p)) for p in files]}
    best = {name: float("inf") for name in stages}
    for _ in range(repeat):
        for name, run in stages.items():
            t0 = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - t0)
    return {"files": len(files), **best}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--base", help="a checkout of the old code (e.g. a git worktree of the base commit)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.corpus), args.repeat)))
        return
    checkouts = [("new", ROOT)] + ([("old", Path(args.base).resolve())] if args.base else [])
    for r in range(args.rounds):
        for name, checkout in (checkouts if r % 2 == 0 else checkouts[::-1]):
            env = {**os.environ, "PYTHONPATH": str(checkout)}
            out = subprocess.run([sys.executable, __file__, args.corpus, "--child", "--repeat", str(args.repeat)],
                                 env=env, capture_output=True, text=True, check=True).stdout
            m = json.loads(out)
            print(f"{name} ({checkout.name}): {m['files']} files, floor {m['floor']:.3f} s, read_docx {m['read_docx']:.3f} s "
                  f"({m['read_docx'] / m['floor']:.2f}x), read {m['read']:.3f} s ({m['read'] / m['floor']:.2f}x)")


if __name__ == "__main__":
    main()
