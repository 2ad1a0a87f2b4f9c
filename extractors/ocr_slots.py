"""One cap on OCR work across every reading worker of a run.

Each reading worker (`budget`) has its own OCR pool of one process per core, and several files are
read at once: two workers on two cores would run four Tesseracts on two cores. A page is therefore
OCRed only while its pool process holds one of `count` slots: lock files in a folder the run's
workers share. POSIX record locks (`lockf`) belong to the process that took them and the kernel drops
them when it dies, so a worker killed over budget never keeps a slot. Waiting is in turn: a process
takes the turnstile before it looks for a free slot, so one that just gave a slot back queues behind
the one already waiting instead of taking it again at once.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_POLL_SECONDS = 0.01  # only the process holding the turnstile polls


@dataclass(frozen=True)
class OcrSlots:
    folder: str
    count: int

    @contextmanager
    def held(self) -> Iterator[int]:
        """Hold one slot (its number) for the duration. Call in a single-threaded process (a pool
        worker): record locks are per process, two threads of one process would share them."""
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        turnstile = os.open(os.path.join(self.folder, "turnstile"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.lockf(turnstile, fcntl.LOCK_EX)
            try:
                slot, handle = self._take()
            finally:
                fcntl.lockf(turnstile, fcntl.LOCK_UN)
        finally:
            os.close(turnstile)
        try:
            yield slot
        finally:
            os.close(handle)  # closing the file releases its lock

    def _take(self) -> tuple[int, int]:
        wait = threading.Event()
        while True:
            for slot in range(max(1, self.count)):
                handle = os.open(os.path.join(self.folder, f"slot-{slot}"), os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    os.close(handle)
                    continue
                return slot, handle
            wait.wait(_POLL_SECONDS)


def run_in_slot(slots: OcrSlots, function: Callable[..., T], *args: object) -> T:
    """`function(*args)` once a slot is free (what an OCR pool process runs)."""
    with slots.held():
        return function(*args)
