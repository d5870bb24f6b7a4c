"""The DOCX reader's walk alone (lxml tree → blocks), two checkouts in ONE process: every corpus
DOCX's `word/document.xml` is parsed once, then each checkout's `_Reader` walks the same trees
(the whole body, its paragraphs only or its tables only), the order alternating by round; printed:
the least CPU seconds of the rounds per checkout and their ratio. The parse, the zip and the parts
checked around it are left out: they are the same code in both.

    .venv/bin/python bench/bench_docx_walk.py OLD_CHECKOUT [CORPUS_DIR] [--part all|paragraphs|tables] [--rounds 9]
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path):
    """The module at *path* under *name* (both checkouts' readers side by side)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _parts(path: Path) -> tuple[bytes, bytes | None, bytes | None]:
    """document.xml, styles.xml and numbering.xml of a package (None for a part it lacks)."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        return tuple(z.read(n) if n in names else None  # type: ignore[return-value]
                     for n in ("word/document.xml", "word/styles.xml", "word/numbering.xml"))


def _walk(module, docs: list, part: str) -> float:
    """CPU seconds of *module*'s walk over every tree (a fresh reader and list counters each)."""
    spent = 0.0
    for xml, root, styles, numbering in docs:
        reader = module._Reader(module.read_numbering(numbering), module.read_style_numbering(styles))
        reader.part(xml)
        body = root.find(module._W + "body")
        t0 = time.process_time()
        if part == "all":
            reader.body(body)
        else:
            for child in body:
                if part == "paragraphs" and child.tag == module._P:
                    reader.paragraph(child)
                elif part == "tables" and child.tag == module._TBL:
                    reader.table(child)
        spent += time.process_time() - t0
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", help="a checkout of the old code (e.g. `git archive BASE | tar -x -C DIR`)")
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--part", choices=("all", "paragraphs", "tables"), default="all")
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    modules = {name: _load(f"docx_{name}", checkout / "pipeline" / "readers" / "docx.py")
               for name, checkout in (("old", Path(args.old).resolve()), ("new", ROOT))}
    docs = []
    for path in sorted(Path(args.corpus).rglob("*.docx")):
        xml, styles, numbering = _parts(path)
        docs.append((xml, modules["new"]._xml(xml, "document.xml"), styles, numbering))
    spent: dict[str, list[float]] = {"old": [], "new": []}
    for r in range(args.rounds):
        for name in ("old", "new") if r % 2 else ("new", "old"):
            spent[name].append(_walk(modules[name], docs, args.part))
    old, new = min(spent["old"]), min(spent["new"])
    print(f"{len(docs)} files, walk of the {args.part}, least CPU s of {args.rounds} rounds: "
          f"old {old:.4f}, new {new:.4f}, new/old {new / old:.3f}")


if __name__ == "__main__":
    main()
