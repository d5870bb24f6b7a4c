"""Time and peak memory of converting generated text of 1, 4, 16 and 64 MB, laid out on one line and
on many lines, each size in a fresh process; prints the ratio between steps (4× the input should
cost about 4× the time: within 1.5× of linear means a time ratio under 6 per step).

    python bench/bench_scaling.py [--sizes 1,4,16,64] [--layouts one,many]

The text repeats the seed decision (a real Quyết định with its plan and task table), so every
reader and extractor has work to do at every size."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

_SEED = os.path.join(os.environ.get("VANBAN_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared")),
                     "seed", "qd-2571-ubnd-lamdong-2022.txt")

_CHILD = r"""
import json, resource, sys, time
from pipeline.convert import convert
from pipeline.writers.json_out import dumps
t = time.perf_counter()
data = convert(sys.argv[1])
size = len(dumps(data))
print(json.dumps({"seconds": time.perf_counter() - t, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "output_mb": size / 2**20, "warnings": [w["code"] for w in data["warnings"] if w["code"] == "output_cut"]}))
"""


def generate(path: str, megabytes: float, layout: str) -> None:
    """*megabytes* of the seed's text, repeated; on one line (newlines made spaces) or as it is."""
    with open(_SEED, encoding="utf-8") as f:
        seed = f.read()
    body = seed.replace("\n", " ") if layout == "one" else seed
    n = int(megabytes * 2**20)
    data = (body * (n // len(body.encode("utf-8")) + 1)).encode("utf-8")[:n]
    with open(path, "wb") as f:
        f.write(data.decode("utf-8", "ignore").encode("utf-8"))


def measure(path: str, timeout: float) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, path], capture_output=True, text=True, timeout=timeout)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,4,16,64")
    ap.add_argument("--layouts", default="one,many")
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for layout in args.layouts.split(","):
            prev = None
            for mb in sizes:
                path = os.path.join(tmp, f"{layout}-{mb:g}.txt")
                generate(path, mb, layout)
                r = measure(path, args.timeout)
                os.unlink(path)
                if "error" in r:
                    print(f"{layout:4} {mb:5g} MB  failed: {r['error']}")
                    prev = None
                    continue
                ratio = ""
                if prev:
                    step = mb / prev[0]
                    ratio = (f"  time ×{r['seconds'] / prev[1]:.2f} memory ×{r['rss_mb'] / prev[2]:.2f}"
                             f" (input ×{step:g}; per MB ×{r['seconds'] / prev[1] / step:.2f})")
                cut = "  output cut" if r["warnings"] else ""
                print(f"{layout:4} {mb:5g} MB  {r['seconds']:8.1f} s  {r['rss_mb']:7.0f} MB peak"
                      f"  output {r['output_mb']:6.1f} MB{cut}{ratio}", flush=True)
                prev = (mb, r["seconds"], r["rss_mb"])


if __name__ == "__main__":
    main()
