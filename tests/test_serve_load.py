"""The desk under a short load on 127.0.0.1 and killed during uploads (bench/bench_desk_load.py with
small numbers; the full run, 50 uploads and 500 reads, is `python -m bench.bench_desk_load`): no
5xx, every content stored once, and after a SIGKILL the store is intact with no orphaned upload."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")


def test_concurrent_uploads_reads_and_a_kill():
    from bench.bench_desk_load import run

    figures = run(n_uploads=6, distinct=3, n_reads=60, n_kill=3)
    assert figures["after_load"]["documents"] == 3
    assert figures["restarted"]["integrity"] == "ok" and figures["restarted"]["orphans"] == []
