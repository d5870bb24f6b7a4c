"""The gazetteer's and the sentence splitter's costs, spaCy and underthesea against their
replacements (extractors/tokenize.py, extractors/splitter.py). Prints figures; asserts nothing.

1. Fresh processes, interleaved: `load_models()` (imports and models) and the first DOCX document
   (imports, models, one conversion), this checkout against --old (another checkout, e.g. a
   `git worktree` of the commit before), best of --rounds.
2. One process: every distinct text the extractors ask of the gazetteer and the splitter while
   converting --limit DOCX files of the corpus, matched by spaCy's PhraseMatcher + filter_spans and
   split by underthesea's import (when installed) and by their replacements, interleaved; and
   whether each gives the same answer.

    .venv/bin/python bench/bench_gazetteer.py --old /tmp/base --rounds 5
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOAD = "import time; t=time.perf_counter(); from extractors import load_models; load_models(); print(time.perf_counter()-t)"
FIRST = ("import sys, time; t=time.perf_counter(); from pipeline.convert import convert; convert(sys.argv[1]); "
         "print(time.perf_counter()-t)")


def _child(checkout: Path, code: str, *args: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=checkout, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def fresh_processes(old: Path, docx: Path, rounds: int) -> None:
    """Interleaved fresh processes of both checkouts: load_models() and the first document."""
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for name, checkout in (("old", old), ("new", ROOT)):
            times.setdefault((name, "load"), []).append(_child(checkout, LOAD))
            times.setdefault((name, "first"), []).append(_child(checkout, FIRST, str(docx)))
    for what, label in (("load", "load_models()"), ("first", f"first document ({docx.name})")):
        o, n = min(times[("old", what)]), min(times[("new", what)])
        print(f"{label:45} old {o:6.3f} s  new {n:6.3f} s  new/old {n / o:5.2f}  (best of {rounds})")


def corpus_texts(corpus: Path, limit: int) -> tuple[list[str], list[str]]:
    """Distinct texts asked of the gazetteer and of the splitter while converting DOCX files."""
    import extractors.agencies as agencies
    import extractors.prose_tasks as prose
    from pipeline.convert import convert

    asked: dict[str, None] = {}
    split: dict[str, None] = {}
    spans, sentences = agencies._gazetteer_spans, prose.sentences
    agencies._gazetteer_spans = lambda text: asked.setdefault(text) or spans(text)
    prose.sentences = lambda text: split.setdefault(text) or sentences(text)
    try:
        for path in sorted(corpus.rglob("*.docx"))[:limit or None]:
            convert(str(path))
    finally:
        agencies._gazetteer_spans, prose.sentences = spans, sentences
    return list(asked), list(split)


def _spacy_spans():
    """The gazetteer's spans as spaCy gave them (the code extractors/tokenize.py replaced)."""
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    from extractors.agencies import _BLANKS, _squeezed_names, gazetteer
    from pipeline.text import fold

    nlp = spacy.blank("xx")
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("AGENCY", [nlp.make_doc(k) for k in gazetteer()])

    def spans(text: str) -> tuple[tuple[int, int], ...]:
        folded = fold(text)
        if not _squeezed_names().search(_BLANKS.sub("", folded)):
            return ()
        doc = nlp.make_doc(folded)
        found = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        return tuple((sp.start_char, sp.end_char) for sp in sorted(found, key=lambda s: s.start))

    return spans


def _timed(fn, texts: list[str]) -> tuple[float, list]:
    t0 = time.perf_counter()
    out = [fn(t) for t in texts]
    return time.perf_counter() - t0, out


def matching(asked: list[str], split: list[str], rounds: int) -> None:
    """Per-text cost, old and new interleaved in this process (uncached), and whether they agree."""
    from extractors.agencies import _gazetteer_spans
    from extractors.splitter import sent_tokenize

    t0 = time.perf_counter()
    old_spans = _spacy_spans()
    old_spans("Sở Nội vụ")
    print(f"in this process: spaCy imported and its matcher built in {time.perf_counter() - t0:.3f} s; ", end="")
    t0 = time.perf_counter()
    import underthesea

    print(f"underthesea imported in {time.perf_counter() - t0:.3f} s")
    rows = {"gazetteer old": (old_spans, asked), "gazetteer new": (_gazetteer_spans.__wrapped__, asked),
            "splitter old": (underthesea.sent_tokenize, split), "splitter new": (sent_tokenize, split)}
    best: dict[str, float] = {}
    answers: dict[str, list] = {}
    for _ in range(rounds):
        for name, (fn, texts) in rows.items():
            took, answers[name] = _timed(fn, texts)
            best[name] = min(best.get(name, took), took)
    for kind, n in (("gazetteer", len(asked)), ("splitter", len(split))):
        o, w = best[f"{kind} old"], best[f"{kind} new"]
        same = sum(a == b for a, b in zip(answers[f"{kind} old"], answers[f"{kind} new"]))
        print(f"{kind:9} {n:6d} texts  old {o * 1e6 / max(n, 1):7.1f} µs/text  new {w * 1e6 / max(n, 1):7.1f} µs/text"
              f"  new/old {w / o:5.2f}  same answer {same}/{n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--old", type=Path, help="a checkout of the code before, for the fresh-process rows")
    ap.add_argument("--limit", type=int, default=0, help="at most N DOCX files for the per-text rows")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if args.old:
        fresh_processes(args.old, sorted(corpus.rglob("*.docx"))[0], args.rounds)
    asked, split = corpus_texts(corpus, args.limit)
    matching(asked, split, args.rounds)


if __name__ == "__main__":
    main()
