"""Time and memory limits for one conversion outside a batch (`vanban convert`, `vanban tasks`):
the work runs in a forked child process in its own process group, watched by the parent, which
kills it (with any LibreOffice or Tesseract it started) past the limits, so one pathological file
costs a clear error, never a hang or the machine's memory."""
from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import tempfile
import time
from typing import Any, Callable

from pipeline.batch.worker import rss_mb

TIMEOUT = 300.0         # seconds per document, as in a batch
MAX_MEMORY_MB = 2048.0  # resident memory of the converting process


class LimitExceeded(Exception):
    """A conversion stopped by its time or memory limit; *kind* is "timeout" or "memory"."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind, self.reason = kind, reason


def bounded(fn: Callable[..., Any], *args: Any, timeout: float = TIMEOUT,
            max_memory_mb: float = MAX_MEMORY_MB) -> Any:
    """fn(*args) computed in a child process; its result, or the exception it raised (re-raised
    here), or LimitExceeded when it ran past *timeout* seconds or *max_memory_mb* resident."""
    if not hasattr(os, "fork"):
        return fn(*args)
    tmp = tempfile.mkdtemp(prefix="vanban-convert-")  # the child's temporary files, removed however it ends
    try:
        return _bounded(fn, args, timeout, max_memory_mb, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _bounded(fn: Callable[..., Any], args: tuple, timeout: float, max_memory_mb: float, tmp: str) -> Any:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        os.close(read_end)
        os.setpgid(0, 0)
        os.environ["TMPDIR"] = tempfile.tempdir = tmp
        _child(write_end, fn, args)
    os.close(write_end)
    try:
        os.setpgid(pid, pid)  # also here, so that a kill right away reaches the child's group
    except OSError:
        pass
    try:
        payload = _watch(pid, read_end, timeout, max_memory_mb)
    except BaseException:  # a limit, or Ctrl-C in the parent: the child goes too
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    ok, value = pickle.loads(payload)
    if ok:
        return value
    raise value


def _child(fd: int, fn: Callable[..., Any], args: tuple) -> None:
    code = 0
    try:
        try:
            out = pickle.dumps((True, fn(*args)))
        except BaseException as exc:  # handed to the parent, which decides what it means
            out = pickle.dumps((False, exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(fd, "wb") as f:
            f.write(out)
    except BaseException:
        code = 1
    os._exit(code)


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
        return True
    except Exception:
        return False


def _watch(pid: int, fd: int, timeout: float, max_memory_mb: float) -> bytes:
    """The child's whole answer from *fd*, killing it when it passes a limit or dies silently."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while True:
        # never waits past the deadline: a limit under the 0.1 s between memory checks is kept too
        ready, _, _ = select.select([fd], [], [], max(0.0, min(0.1, deadline - time.monotonic())))
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            continue
        if time.monotonic() >= deadline:
            raise LimitExceeded("timeout", f"time limit of {timeout:g} s exceeded")
        if rss_mb(pid) > max_memory_mb:
            raise LimitExceeded("memory", f"memory limit of {max_memory_mb:g} MB exceeded")
    _, status = os.waitpid(pid, 0)
    if not chunks:
        raise LimitExceeded("crash", f"the converting process died ({_describe(status)})")
    return b"".join(chunks)


def _kill(pid: int) -> None:
    """Kill the child's process group (or the child alone) and reap it; nothing when it is gone."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
            break
        except (ProcessLookupError, PermissionError):
            continue
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.WEXITSTATUS(status)}"
