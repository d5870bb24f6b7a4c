"""The DOC reader's two LibreOffice modes over the corpus's .doc files, interleaved file by file
(one-shot then warm, warm then one-shot on the next file, so the machine's load weighs on both
alike): seconds and CPU seconds (this process and its children: LibreOffice) per file, the ratio,
and whether the two DOCX are the same (every part but docProps/app.xml, whose word counts
LibreOffice writes only when its idle statistics job ran first) and read to the same blocks.

    nice -n 19 python bench/bench_doc_office.py [--files 50] [--rounds 1]
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pipeline.readers import doc  # noqa: E402
from pipeline.readers.docx import read_docx  # noqa: E402
from pipeline.readers.warmoffice import WarmOffice  # noqa: E402

CORPUS = os.path.join(os.environ.get("VANBAN_SHARED", os.path.join(ROOT, "..", "shared")), "corpus")


def doc_files(limit: int) -> list[str]:
    found = [os.path.join(r, n) for r, _, names in os.walk(CORPUS) for n in names if n.lower().endswith(".doc")]
    return sorted(found)[:limit]


def cpu() -> float:
    """CPU seconds of this process and its reaped children (one-shot LibreOffice)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def office_cpu(office: WarmOffice) -> float:
    """CPU seconds the warm office (still running, so not yet in RUSAGE_CHILDREN) has used."""
    try:
        with open(f"/proc/{office.office_pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/app.xml"}


def timed(fn, data: bytes, office: WarmOffice) -> tuple[bytes, float, float]:
    """(DOCX, seconds, CPU seconds) of one conversion."""
    c0, o0, t0 = cpu(), office_cpu(office), time.perf_counter()
    out = fn(data)
    return out, time.perf_counter() - t0, cpu() - c0 + max(0.0, office_cpu(office) - o0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    files = doc_files(args.files)
    office = WarmOffice()
    warm = lambda data: office.convert(data, doc.TIMEOUT)  # noqa: E731
    t0 = time.perf_counter()
    office.convert(open(files[0], "rb").read(), doc.TIMEOUT)  # its start-up, paid once per worker
    start = time.perf_counter() - t0
    sums = {"one-shot": [0.0, 0.0], "warm": [0.0, 0.0]}
    same = blocks = n = 0
    failed = {"one-shot": 0, "warm": 0}
    try:
        for r in range(args.rounds):
            for i, path in enumerate(files):
                data = open(path, "rb").read()
                order = [("one-shot", doc.one_shot), ("warm", warm)]
                got = {}
                for name, fn in (order if (i + r) % 2 == 0 else order[::-1]):
                    try:
                        got[name], sec, cpus = timed(fn, data, office)
                    except doc.DocError as exc:  # the time limit on a loaded machine: counted, not timed
                        failed[name] += 1
                        print(f"  {name}: {os.path.basename(path)}: {exc}", flush=True)
                        continue
                    sums[name][0] += sec
                    sums[name][1] += cpus
                if len(got) < 2:
                    continue
                n += 1
                same += parts(got["one-shot"]) == parts(got["warm"])
                blocks += read_docx(got["one-shot"]) == read_docx(got["warm"])
    finally:
        office.close()
    for name, (sec, cpus) in sums.items():
        print(f"{name:9} {n} conversions: {sec / n:.2f} s/file, {cpus / n:.2f} CPU s/file, {n / sec:.2f} files/s")
    print(f"warm office start-up (first file included): {start:.1f} s; warm/one-shot time x{sums['warm'][0] / sums['one-shot'][0]:.2f}, "
          f"CPU x{sums['warm'][1] / sums['one-shot'][1]:.2f}; same DOCX parts {same}/{n}, same blocks {blocks}/{n}; "
          f"offices started {office.starts}; failed {failed}")


if __name__ == "__main__":
    main()
