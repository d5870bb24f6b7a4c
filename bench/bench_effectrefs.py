"""The references, back-reference, effect and budget-line extractors alone, on documents read and
segmented beforehand, with a digest of what they found (to compare two checkouts' outputs).

`--prepare FILE` reads and segments the chosen corpus files once and pickles them; a run then
times only the four extractors on those documents, `--repeat` times each (best of the repeats, CPU seconds: the machine is shared),
so that two checkouts can be run in turn on the very same input:

    .venv/bin/python bench/bench_effectrefs.py --prepare /tmp/docs.pkl [--formats docx,pdf,txt,md] [--sample 40]
    PYTHONPATH=OLD .venv/bin/python bench/bench_effectrefs.py /tmp/docs.pkl
    PYTHONPATH=NEW .venv/bin/python bench/bench_effectrefs.py /tmp/docs.pkl

`--cold` empties the extractors' caches of inputs before each repeat, so that the best of the
repeats is still a first pass over the documents (a worker meets each document once).
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def chosen_files(corpus: Path, kinds: list[str], sample: int) -> list[Path]:
    """Every DOCX and PDF (scanned ones, read by OCR, left out: a PDF whose first page reads no
    text layer is skipped by its size of text), and every n-th .txt / .md up to *sample* of each."""
    out: list[Path] = []
    for kind in kinds:
        files = sorted(corpus.rglob(f"*.{kind}"))
        if kind in ("txt", "md") and sample and len(files) > sample:
            step = len(files) / sample
            files = [files[int(i * step)] for i in range(sample)]
        out += files
    return out


def prepare(target: Path, kinds: list[str], sample: int) -> None:
    from pipeline.readers import read
    from pipeline.readers.errors import InputError
    from pipeline.segment import segment

    docs = []
    for path in chosen_files(CORPUS, kinds, sample):
        try:
            doc = read(str(path))
        except InputError:
            continue
        if path.suffix == ".pdf" and any(w.code.value == "ocr" for w in doc.warnings):
            continue  # a scan: its text is OCR's, not a text layer
        segment(doc)
        docs.append((path.suffix[1:], doc))
    target.write_bytes(pickle.dumps(docs))
    print(f"{len(docs)} documents pickled to {target}")


def _clear_input_caches() -> None:
    """Empty every bounded cache of inputs (an lru_cache of more than one entry) of the four
    extractors' modules, so that a repeat times a first pass; the one-entry caches of loaded data
    (compiled catalogues) are kept, as a worker keeps them."""
    for name in ("extractors.references", "extractors.backrefs", "extractors.effect", "extractors.targets",
                 "extractors.budgets", "pipeline.legal"):
        module = sys.modules.get(name)
        for value in vars(module).values() if module else ():
            info = getattr(value, "cache_info", None)
            if info and (info().maxsize or 2) > 1:
                value.cache_clear()


def run(source: Path, repeat: int, cold: bool = False) -> None:
    from extractors.backrefs import extract_back_references
    from extractors.effect import extract_effect
    from extractors.references import extract_references
    from extractors.targets import extract_budget_items

    stages = [("references", extract_references), ("back_references", extract_back_references),
              ("effect", extract_effect), ("budget_items", extract_budget_items)]
    docs = pickle.loads(source.read_bytes())
    gc.freeze()  # the 240 documents' objects out of the collector's reach: a full collection over them
    # would be charged to whichever extractor happened to allocate (a worker holds one document)
    best: dict[tuple[str, str], float] = {}
    digest = hashlib.sha256()
    for r in range(repeat):
        if cold:
            _clear_input_caches()
        spent: dict[tuple[str, str], float] = {}
        for kind, doc in docs:
            doc.warnings = []
            for name, fn in stages:
                t0 = time.process_time()
                fn(doc)
                spent[(kind, name)] = spent.get((kind, name), 0.0) + time.process_time() - t0
            if r == 0:
                digest.update(json.dumps([[x.to_json() for x in doc.references],
                                          [repr(x) for x in doc.back_references], doc.header.get("effective"),
                                          [repr(x) for x in doc.budget_items],
                                          [w.to_json() if hasattr(w, "to_json") else str(w) for w in doc.warnings]],
                                         ensure_ascii=False, sort_keys=True, default=str).encode())
        for key, s in spent.items():
            best[key] = min(best.get(key, s), s)
    kinds = sorted({k for k, _ in best})
    for kind in kinds:
        n = sum(1 for k, _ in docs if k == kind)
        row = "  ".join(f"{name} {best[(kind, name)]:6.3f}" for name, _ in stages)
        print(f"{kind:5} {n:4} docs  {row}")
    total = {name: sum(best[(k, name)] for k in kinds) for name, _ in stages}
    print("all        " + "  ".join(f"{name} {s:6.3f}" for name, s in total.items()) + f"  sum {sum(total.values()):6.3f}")
    print("digest", digest.hexdigest()[:16])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pickle", nargs="?", help="documents prepared by --prepare")
    ap.add_argument("--prepare", metavar="FILE")
    ap.add_argument("--formats", default="docx,pdf,txt,md")
    ap.add_argument("--sample", type=int, default=40, help="at most N .txt and N .md files")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cold", action="store_true", help="each repeat with the extractors' caches of inputs emptied")
    args = ap.parse_args()
    if args.prepare:
        prepare(Path(args.prepare), args.formats.split(","), args.sample)
    elif args.pickle:
        run(Path(args.pickle), args.repeat, args.cold)
    else:
        sys.exit("give a pickle of documents, or --prepare FILE")


if __name__ == "__main__":
    main()
