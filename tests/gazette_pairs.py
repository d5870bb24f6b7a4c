"""The gazette documents that exist both as text (txt/) and as PDF (pdf/) in
../shared/corpus/congbao-8chude: how far the text version's tasks and references agree with the
PDF's (issue 14). Run as a script to print the figures for the outputs given:

    python -m tests.gazette_pairs [TXT_JSON_DIR PDF_JSON_DIR]
"""
from __future__ import annotations

import json
import sys
from difflib import SequenceMatcher
from pathlib import Path

from pipeline.text import clean_space, fold


def pairs(corpus: Path) -> list[tuple[Path, Path]]:
    """(txt, pdf) paths of the documents present in both forms."""
    root = corpus / "congbao-8chude"
    return [(t, root / "pdf" / f"{t.stem}.pdf") for t in sorted((root / "txt").glob("*.txt"))
            if (root / "pdf" / f"{t.stem}.pdf").is_file()]


def _norm(text: str | None) -> str:
    return clean_space(fold(text or "")).strip(" .;,")


def _match(pdf_tasks: list[dict], txt_tasks: list[dict]) -> list[tuple[dict, dict]]:
    """Each PDF task with the unused text task most similar to it (similarity ≥ 0.85), greedily
    in document order."""
    used: set[int] = set()
    out = []
    texts = [_norm(t["text"]) for t in txt_tasks]
    for p in pdf_tasks:
        a = _norm(p["text"])
        best, best_k = 0.85, None
        for k, b in enumerate(texts):
            if k in used:
                continue
            sm = SequenceMatcher(None, a, b, autojunk=False)
            if sm.real_quick_ratio() >= best and sm.quick_ratio() >= best and (r := sm.ratio()) >= best:
                best, best_k = r, k
        if best_k is not None:
            used.add(best_k)
            out.append((p, txt_tasks[best_k]))
    return out


def _fields_equal(p: dict, t: dict) -> bool:
    return ([_norm(x) for x in p["lead"]] == [_norm(x) for x in t["lead"]]
            and [_norm(x) for x in p["cooperating"]] == [_norm(x) for x in t["cooperating"]]
            and _norm(p["deadline"]["raw"]) == _norm(t["deadline"]["raw"]))


def figures(outputs: list[tuple[dict, dict]]) -> dict[str, float | int]:
    """The issue's measures over (txt output, pdf output) pairs."""
    n_pdf = n_matched = n_equal = dated_txt = dated_pdf = common = numbers_pdf = 0
    for txt, pdf in outputs:
        matched = _match(pdf["tasks"], txt["tasks"])
        n_pdf += len(pdf["tasks"])
        n_matched += len(matched)
        n_equal += sum(_fields_equal(p, t) for p, t in matched)
        dated_txt += sum(bool(r.get("issued_date")) for r in txt["references"])
        dated_pdf += sum(bool(r.get("issued_date")) for r in pdf["references"])
        pn = {r["number"] for r in pdf["references"] if r.get("number")}
        tn = {r["number"] for r in txt["references"] if r.get("number")}
        numbers_pdf += len(pn)
        common += len(pn & tn)
    return {
        "pdf_tasks": n_pdf, "txt_tasks": sum(len(t["tasks"]) for t, _ in outputs),
        "matched": n_matched, "task_match": n_matched / n_pdf if n_pdf else 1.0,
        "fields_equal": n_equal / n_matched if n_matched else 1.0,
        "dated_txt": dated_txt, "dated_pdf": dated_pdf, "dated_share": dated_txt / dated_pdf if dated_pdf else 1.0,
        "numbers_pdf": numbers_pdf, "numbers_common": common,
        "numbers_share": common / numbers_pdf if numbers_pdf else 1.0,
    }


def report(f: dict) -> str:
    return (f"tasks: PDF {f['pdf_tasks']}, text {f['txt_tasks']}, matched {f['matched']} ({f['task_match']:.3f}); "
            f"lead/cooperating/deadline equal {f['fields_equal']:.3f} of matched; "
            f"dated references text {f['dated_txt']} / PDF {f['dated_pdf']} ({f['dated_share']:.3f}); "
            f"PDF reference numbers also in the text {f['numbers_common']}/{f['numbers_pdf']} ({f['numbers_share']:.3f})")


def main() -> None:
    txt_dir, pdf_dir = Path(sys.argv[1]), Path(sys.argv[2])
    outs = []
    for p in sorted(pdf_dir.glob("*.json")):
        t = txt_dir / p.name
        if t.is_file():
            outs.append((json.loads(t.read_text()), json.loads(p.read_text())))
    print(report(figures(outs)))


if __name__ == "__main__":
    main()
