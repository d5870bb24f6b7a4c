"""The desk's conversion queue: at most *running* conversions at once (each a worker process with
the batch's limits), at most *waiting* more in line (the rest are refused with 503 and a Retry-After),
and each waiting upload's place in line, which the page shows while it waits."""
from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import AsyncIterator


class QueueFull(RuntimeError):
    """More uploads are waiting than the queue holds."""


class ConversionQueue:
    def __init__(self, running: int = 2, waiting: int = 200):
        self.limit, self.max_waiting = max(1, running), max(0, waiting)
        self.running = 0
        self._line: deque[str] = deque()
        self._changed: asyncio.Condition | None = None

    def _cond(self) -> asyncio.Condition:
        if self._changed is None:  # made in the server's event loop, on first use
            self._changed = asyncio.Condition()
        return self._changed

    @contextlib.asynccontextmanager
    async def slot(self, ticket: str) -> AsyncIterator[None]:
        """Wait for a free conversion slot, in arrival order; QueueFull when the line is full."""
        cond = self._cond()
        async with cond:
            if len(self._line) >= self.max_waiting and self.running >= self.limit:
                raise QueueFull(f"{len(self._line)} uploads are waiting")
            self._line.append(ticket)
            try:
                await cond.wait_for(lambda: self._line[0] == ticket and self.running < self.limit)
            finally:
                self._line.remove(ticket)
                cond.notify_all()
            self.running += 1
        try:
            yield
        finally:
            async with cond:
                self.running -= 1
                cond.notify_all()

    def place(self, ticket: str) -> int:
        """1 for the next upload to start, 2 for the one after …; 0 when not waiting."""
        try:
            return self._line.index(ticket) + 1
        except ValueError:
            return 0

    def status(self) -> dict[str, int]:
        return {"running": self.running, "waiting": len(self._line), "limit": self.limit}
