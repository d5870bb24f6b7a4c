"""Answers of pure functions kept while one stage reads one document: a task table repeats its
agencies, deadlines and header cells row after row ("Sở Tài chính" in forty rows), and a plan's
prose names the same agencies sentence after sentence. Each kept function depends on its arguments
alone and returns a value no caller changes (a str, None, a tuple), so a kept answer is the answer.
Nothing outlives the stage's ``scope()``: answers kept across documents hold the allocator's
arenas and raise the batch's peak memory (bench/README.md, segtasks2)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")
_MISSING = object()
_open: list[dict[tuple, Any]] = []  # one dict per open scope, the innermost last


@contextmanager
def scope() -> Iterator[None]:
    """Keep ``recall``'s answers until the block ends (a stage's pass over one document)."""
    _open.append({})
    try:
        yield
    finally:
        _open.pop()


def recall(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, computed once per open scope (*fn* pure, its answer immutable, *args*
    hashable); outside any scope it is simply called."""
    if not _open:
        return fn(*args)
    kept = _open[-1]
    key = (fn, *args)
    got = kept.get(key, _MISSING)
    if got is _MISSING:
        got = kept[key] = fn(*args)
    return got
