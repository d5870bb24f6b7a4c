"""Fuzz run (not CI): mutated copies of corpus files, per reader, each converted under the same
time and memory limits as `vanban convert` (pipeline.limits.bounded); prints how each variant ended.

    nice -n 19 python bench/bench_fuzz.py [--per-reader 10000] [--readers txt,md,docx,pdf,doc]
                                          [--stages all|read] [--jobs 1] [--json FILE]

Each variant is a corpus file truncated, with bytes flipped, a range zeroed or a range duplicated
(tests/adversarial/make.py). Cheap enough for 10,000 variants per reader on a shared machine: the
models are loaded once in this process and each variant is converted in a forked child (copy on
write: no start-up per variant) that the parent watches and kills past the limits, exactly as
`vanban convert` does; `--stages read` stops after the reader and the header (the part a damaged
file attacks) for the readers whose whole pipeline is too slow to repeat 10,000 times.
A run is clean when no variant ends as `internal` (a traceback) or `crash`, none passes the time or
memory limit, and no text file damaged only after its first 2 KB (still readable UTF-8 there) loses
the number and type its intact original has."""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pipeline.batch.worker import peak_rss_mb, rss_mb  # noqa: E402
from tests.adversarial.make import mutate  # noqa: E402

_STOP: list[int] = []  # set by SIGTERM: stop after the variant in hand and print the figures
CORPUS = os.path.join(os.environ.get("VANBAN_SHARED", os.path.join(ROOT, "..", "shared")), "corpus")
HEADER_BYTES = 2048


def corpus_files(fmt: str, limit_mb: float) -> list[str]:
    """Corpus files of format *fmt* (by extension) up to *limit_mb*, sorted by path."""
    found = []
    for root, _, files in os.walk(CORPUS):
        for name in files:
            path = os.path.join(root, name)
            if name.lower().endswith("." + fmt) and os.path.getsize(path) <= limit_mb * 2**20:
                found.append(path)
    return sorted(found)


def convert_variant(path: str, stages: str) -> dict[str, Any]:
    """How the conversion of *path* ended ("ok", "input" or "internal" with the traceback's last
    lines), the header's type and number, and this process's peak memory."""
    from pipeline.convert import convert
    from pipeline.readers import read
    from pipeline.readers.errors import InputError
    from pipeline.segment import segment

    out: dict[str, Any] = {"end": "ok"}
    try:
        if stages == "read":
            doc = read(path)
            segment(doc)
            out.update(doc_type=doc.header.get("doc_type"), number=doc.header.get("number"))
        else:
            d = convert(path)["document"]
            out.update(doc_type=d["doc_type"], number=d["number"])
    except InputError as exc:  # LibreOffice stopped by the reader's limits is counted apart
        out.update(end=_office_limit(exc.reason) or "input", error=exc.reason[:200])
    except MemoryError:
        out.update(end="memory", error="MemoryError")
    except Exception:  # the bug the fuzz run looks for
        out.update(end="internal", error=traceback.format_exc(limit=-3)[-600:])
    out["rss_mb"] = peak_rss_mb()
    from pipeline.readers.doc import warm_office

    office = warm_office()
    out["office_mb"] = office.peak_mb if office else 0.0
    return out


OFFICE_LIMITS = ("office_timeout", "office_memory")  # bounded by the DOC reader itself: an input error, counted apart


def _office_limit(reason: str) -> str | None:
    """"office_timeout" or "office_memory" when the DOC reader's own limits stopped LibreOffice
    (the variant refused with that reason, well inside the run's limits)."""
    if reason.startswith("LibreOffice did not convert it within"):
        return "office_timeout"
    if reason.startswith("LibreOffice passed the memory limit"):
        return "office_memory"
    return None


class Converter:
    """A forked worker converting variant after variant in one process (the models loaded once,
    no start-up per variant), watched from here under the time and memory limits of `vanban
    convert`: past them the worker's process group is killed, the variant recorded, and a fresh
    worker forked. A worker grown past *retire_mb* leaves after its answer (Python keeps freed memory)."""

    def __init__(self, stages: str, timeout: float, memory: float, tmp: str, retire_mb: float = 700.0):
        self.stages, self.timeout, self.memory, self.tmp, self.retire_mb = stages, timeout, memory, tmp, retire_mb
        self.pid = 0
        self.conn: Connection | None = None

    def _start(self) -> None:
        ours, theirs = Pipe()
        pid = os.fork()
        if pid == 0:
            ours.close()
            os.setpgid(0, 0)
            os.environ["TMPDIR"] = tempfile.tempdir = self.tmp
            from pipeline.readers.doc import use_warm_office

            use_warm_office()  # as a batch worker: its .doc files through one LibreOffice (in this process group)
            self._serve(theirs)
        theirs.close()
        self.pid, self.conn = pid, ours

    def _serve(self, conn: Connection) -> None:
        code = 0
        try:
            while (path := conn.recv()) is not None:
                out = convert_variant(path, self.stages)
                out["retire"] = rss_mb() > self.retire_mb
                conn.send(out)
                if out["retire"]:
                    break
        except BaseException:
            code = 1
        os._exit(code)

    def run(self, path: str) -> dict[str, Any]:
        """One variant; a limit passed or a dead worker is an outcome like the others."""
        if not self.pid:
            self._start()
        t0 = time.perf_counter()
        self.conn.send(path)
        out = self._wait(t0)
        out["seconds"] = time.perf_counter() - t0
        if out.pop("retire", True):
            self.stop()
        return out

    def _wait(self, t0: float) -> dict[str, Any]:
        while not self.conn.poll(0.05):
            if time.perf_counter() - t0 > self.timeout:
                return {"end": "timeout", "error": f"time limit of {self.timeout:g} s exceeded", "rss_mb": 0.0}
            if rss_mb(self.pid) > self.memory:
                return {"end": "memory", "error": f"memory limit of {self.memory:g} MB exceeded", "rss_mb": self.memory}
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return {"end": "crash", "error": "the converting process died", "rss_mb": 0.0}

    def stop(self) -> None:
        """Kill the worker's process group (LibreOffice, Tesseract with it) and reap it."""
        if self.pid:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            os.waitpid(self.pid, 0)
            self.conn.close()
        self.pid, self.conn = 0, None


@dataclass
class Tally:
    """How the variants of one reader ended."""

    ends: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    worst: tuple[float, str] = (0.0, "")
    peak: float = 0.0
    office_peak: float = 0.0

    def add(self, out: dict[str, Any], what: str, kind: str, where: int, intact: tuple) -> None:
        """Count one variant (*what*: its original and damage); a header lost by a text file whose
        damage starts after HEADER_BYTES, or any end but ok/input, is kept and printed."""
        self.kinds[kind] += 1
        self.ends[out["end"]] += 1
        if out["seconds"] > self.worst[0]:
            self.worst = (out["seconds"], what)
        self.peak = max(self.peak, out["rss_mb"])
        self.office_peak = max(self.office_peak, out.get("office_mb", 0.0))
        typ, number = intact
        if out["end"] == "ok" and number and where >= HEADER_BYTES and (out["doc_type"], out["number"]) != (typ, number):
            self.lost.append(what)
        elif out["end"] in OFFICE_LIMITS:
            print(f"  {out['end']}: {what}: {out.get('error')} ({out['seconds']:.1f} s)", flush=True)
        elif out["end"] not in ("ok", "input"):
            self.bad.append(f"{out['end']}: {what}: {out.get('error')}")
            print("  " + self.bad[-1], flush=True)


def fuzz_reader(fmt: str, args: argparse.Namespace) -> dict[str, Any]:
    """Mutate *args.per_reader* variants of a sample of the corpus's *fmt* files; the figures."""
    rng = random.Random(f"{args.seed}-{fmt}")
    files = corpus_files(fmt, args.max_file_mb)
    if fmt == "pdf" and (args.max_pages or args.text_layer):
        files = [p for p in files if _pdf_fits(p, args.max_pages, args.text_layer)]
    if not files:
        return {"reader": fmt, "variants": 0}
    files = sorted(rng.sample(files, min(args.files, len(files))))
    originals = {p: open(p, "rb").read() for p in files}
    tally = Tally()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vanban-fuzz-") as tmp:
        conv = Converter(args.stages, args.timeout, args.max_memory, tmp)
        try:
            headers = {p: _header(conv.run(p)) for p in files} if fmt in ("txt", "md") else {}
            for k in range(args.per_reader):
                if _STOP:  # SIGTERM: the figures of the variants done so far
                    break
                src = rng.choice(files)
                kind, data, where = mutate(originals[src], rng)
                path = os.path.join(tmp, f"v{k}.{fmt}")
                with open(path, "wb") as f:
                    f.write(data)
                out = conv.run(path)
                if args.keep and out["end"] not in ("ok", "input"):  # to run again alone: a limit, or a bug
                    os.makedirs(args.keep, exist_ok=True)
                    shutil.copy(path, os.path.join(args.keep, f"{fmt}-{k}-{out['end']}.{fmt}"))
                os.unlink(path)
                tally.add(out, f"{os.path.relpath(src, CORPUS)} {kind} at byte {where}", kind, where,
                          headers.get(src, (None, None)))
                if args.progress and (k + 1) % args.progress == 0:
                    print(f"  {fmt} {k + 1}: {dict(sorted(tally.ends.items()))} {time.perf_counter() - t0:.0f} s", flush=True)
        finally:
            conv.stop()
    ends = tally.ends
    return {"reader": fmt, "stages": args.stages, "variants": sum(ends.values()), "files": len(files),
            "mutations": dict(sorted(tally.kinds.items())), "ends": dict(sorted(ends.items())),
            "tracebacks": ends["internal"] + ends["crash"], "over_time": ends["timeout"], "over_memory": ends["memory"],
            "headers_lost": len(tally.lost), "lost": tally.lost[:20], "bad": tally.bad[:50],
            "seconds": round(time.perf_counter() - t0), "worst_seconds": round(tally.worst[0], 2),
            "worst": tally.worst[1], "peak_rss_mb": round(tally.peak),
            "office_peak_mb": round(tally.office_peak), "clean": not tally.bad and not tally.lost}


def _pdf_fits(path: str, max_pages: int, text_layer: bool) -> bool:
    """A PDF seed of at most *max_pages* pages (0: any) with, if asked, a text layer (≥ 200
    characters on its pages): its variants go to OCR only when the damage destroys that layer."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        if max_pages and len(pdf) > max_pages:
            return False
        return not text_layer or sum(len(page.get_textpage().get_text_range()) for page in pdf) >= 200
    finally:
        pdf.close()


def _header(out: dict[str, Any]) -> tuple[str | None, str | None]:
    return out.get("doc_type"), out.get("number")


def line(r: dict[str, Any]) -> str:
    """The one-line figure of a reader's run."""
    if not r["variants"]:
        return f"{r['reader']}: no corpus files"
    return (f"{r['reader']} ({r['stages']}): {r['variants']} variants of {r['files']} files {r['mutations']} in "
            f"{r['seconds']} s: {r['ends']}; tracebacks {r['tracebacks']}, over time {r['over_time']}, over memory "
            f"{r['over_memory']}, text files losing their header {r['headers_lost']}; worst {r['worst_seconds']} s "
            f"({r['worst']}), peak {r['peak_rss_mb']} MB"
            + (f" (LibreOffice {r['office_peak_mb']} MB)" if r.get("office_peak_mb") else "") + ("  CLEAN" if r["clean"] else "  NOT CLEAN"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-reader", type=int, default=10000)
    ap.add_argument("--readers", default="txt,md,docx,pdf,doc")
    ap.add_argument("--stages", choices=("all", "read"), default="all",
                    help="the whole pipeline, or the reader and the header only")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--max-memory", type=float, default=2048.0)
    ap.add_argument("--max-file-mb", type=float, default=2.0, help="fuzz corpus files up to this size")
    ap.add_argument("--max-pages", type=int, default=0, help="fuzz only PDFs of at most this many pages (0: any)")
    ap.add_argument("--text-layer", action="store_true", help="fuzz only PDFs with a text layer (scans: OCR every variant)")
    ap.add_argument("--ocr-dpi", type=float, default=0,
                    help="render pages for OCR at this resolution instead of the reader's 300 dpi (0: unchanged)")
    ap.add_argument("--files", type=int, default=40, help="corpus files per reader to mutate")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--progress", type=int, default=1000, help="print the counts every N variants (0: never)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--keep", help="copy the variants that passed a limit or failed internally here")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: _STOP.append(signum))
    from pipeline.convert import warm_up
    from pipeline.readers import ocr

    if args.ocr_dpi:
        ocr.DPI = args.ocr_dpi  # read at each rendering: pages go to Tesseract at this resolution

    if args.stages == "all":
        warm_up()  # the models, loaded once here, shared by every forked child
    import pipeline.readers  # noqa: F401  (every import before the first fork: workers read nothing from disk)
    import pipeline.segment  # noqa: F401
    from pipeline.readers import docx, md, pdf, txt  # noqa: F401
    results = []
    for fmt in args.readers.split(","):
        results.append(fuzz_reader(fmt, args))
        print(line(results[-1]), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"date": time.strftime("%Y-%m-%d"), "results": results}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
