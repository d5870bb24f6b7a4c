"""The batch process's journal: every result recorded (output written, store rows, manifest row) by
one thread, in arrival order, so that the loop feeding the workers never waits for a disk.

A worker hands back a small output's bytes instead of writing them (worker.process, hand_off): the
fsync that made it wait ~3 ms a document (tens of ms on a busy disk) is this thread's, while the
worker converts its next job. An output is written durably before its manifest row says done, so a
batch killed at any moment resumes as before: a result still queued is converted again, and at most
the one output being recorded exists without its row."""
from __future__ import annotations

import queue
import threading
from typing import Any, Callable

from pipeline.batch.plan import Job

Record = Callable[[Job, dict[str, Any]], None]


class Journal:
    """*record*(job, result) called in a thread of its own for each submitted result, in order.
    At most *depth* results wait (the feeding loop then waits too: memory stays bounded when the
    disk is slower than the workers). The first exception *record* raises stops the recording (the
    results after it are dropped: not journaled, so the next run converts them) and is raised
    again in the submitting thread, at its next submit or at close."""

    def __init__(self, record: Record, depth: int):
        self.record = record
        self.waiting: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="vanban-journal", daemon=True)
        self.thread.start()

    def submit(self, job: Job, result: dict[str, Any]) -> None:
        """Queue one result (the pool's on_result); raise what an earlier one's recording raised."""
        self._raise()
        self.waiting.put((job, result))

    def close(self, raising: bool = True) -> None:
        """Record what is queued, stop the thread; raise its failure unless not *raising* (the
        caller is leaving on an exception of its own)."""
        self.waiting.put(None)
        self.thread.join()
        if raising:
            self._raise()

    def _raise(self) -> None:
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        while True:
            item = self.waiting.get()
            if item is None:
                return
            if self.failure is None:
                try:
                    self.record(*item)
                except BaseException as exc:  # noqa: BLE001  (raised again in the submitting thread)
                    self.failure = exc


def journaled(record: Record, depth: int, run: Callable[[Record], None]) -> None:
    """run(submit): the results it submits recorded by a Journal, all of them before this returns."""
    journal = Journal(record, depth)
    try:
        run(journal.submit)
    except BaseException:
        journal.close(raising=False)
        raise
    journal.close()
