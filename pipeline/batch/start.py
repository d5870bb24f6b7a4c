"""The first steps of a batch, before its heavy imports (the store, the progress bar, the graph): the
output folder cleaned of what a killed run left, the local workers started as soon as the source is
known to hold files for them, and the source walked, so that their start-up overlaps everything else
the batch process does before the first job (the walk of a large archive included)."""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass

from pipeline.batch.plan import count_supported, walk
from pipeline.batch.pool import LocalWorkers


@dataclass
class Started:
    """What the first steps found and started: the supported files under the source folder, the
    count of the others by kind, the workers' temporary root, the local workers (None: no file,
    or the jobs go to Dask) and when the batch began (time.perf_counter)."""
    found: list[tuple[str, str, str]]   # (path, relative path, format), as plan.walk gives them
    unsupported: dict[str, int]
    tmp_root: str
    workers: LocalWorkers | None
    t0: float


def clean_temporaries(out: str) -> None:
    """Remove temporary files a killed run left behind (outputs are renamed into place whole)."""
    for root, _, files in os.walk(out):
        for name in files:
            if name.startswith(".vanban-") and name.endswith(".tmp"):
                os.unlink(os.path.join(root, name))


def start(src: str, out: str, workers: int, local: bool = True, fork: bool = False) -> Started:
    """Prepare *out*, start min(*workers*, files found) local workers (when *local*) and walk *src*.
    With *fork* they fork from this process (which must hold no thread and no open store yet: the
    caller is the command line, before anything else), else each starts a fresh interpreter."""
    t0 = time.perf_counter()
    os.makedirs(out, exist_ok=True)
    clean_temporaries(out)
    tmp_root = os.path.join(os.path.abspath(out), ".vanban-tmp")  # workers' temporary files; a killed run's are removed here
    shutil.rmtree(tmp_root, ignore_errors=True)
    # the workers start once the source is known to hold enough files for them (the first few),
    # then the whole source is walked while they import and warm up
    n = count_supported(src, out, workers) if local else 0
    started = LocalWorkers(n, tmp_root, fork=fork) if n else None
    found, unsupported = walk(src, out)
    if started is not None and not found:  # every file went away since: nothing for them to do
        started.close()
        started = None
    return Started(found, unsupported, tmp_root, started, t0)
