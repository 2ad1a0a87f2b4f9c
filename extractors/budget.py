"""Each file is read under a budget, in a worker process the run survives.

Parsing, rendering, conversion and tagging of one file run in a reading worker with an address-space
cap (RLIMIT_AS), a CPU-time cap (RLIMIT_CPU, moved forward for each file) and a wall-clock limit
on the time without progress (each OCR page done is progress). A file over budget becomes one
error record (`over memory budget: …`, `over time budget: …`); the worker is replaced and the run
goes on. Whatever the worker started (its OCR pool, Tesseract, LibreOffice) is killed with it.

Workers are forked from this process, kept for its life (their models load once, on their first
file) and die with it (`process_guard`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import queue
import resource
import signal
import threading
import uuid
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.models import DocumentRecord
from extractors import EXTRACTOR_VERSION
from extractors.ocr_slots import OcrSlots
from extractors.pdfium_lock import PDFIUM_LOCK
from extractors.process_guard import READER_MARK, die_with_parent, kill_descendants, kill_marked
from extractors.run_folder import run_folder

if TYPE_CHECKING:
    from extractors.pipeline import ExtractionOptions

OVER_BUDGET_PREFIXES = ("over memory budget", "over time budget")
# A worker that dies by a signal after growing past this share of its cap was stopped by the cap.
_MEMORY_SHARE_OF_A_CAP_DEATH = 0.5
_SAMPLE_SECONDS = 0.2


@dataclass(frozen=True)
class ReadingBudget:
    memory_bytes: int = 2 * 1024**3
    seconds: int = 300  # CPU seconds of the reading process, and wall-clock seconds without progress


def is_over_budget(record: DocumentRecord) -> bool:
    return (record.error or "").startswith(OVER_BUDGET_PREFIXES)


def _gib(size: float) -> str:
    return f"{size / 1024**3:.1f} GiB"


def over_memory(budget: ReadingBudget, detail: str) -> str:
    return f"over memory budget: {detail} (cap {_gib(budget.memory_bytes)}; raise KIEMCHUNG_MEMORY_BUDGET_MB)"


def over_time(budget: ReadingBudget, detail: str) -> str:
    return f"over time budget: {detail} (raise KIEMCHUNG_TIME_BUDGET_SECONDS)"


# ---------------------------------------------------------------- the worker process


class _Channel:
    """The worker's end: replies and progress beats, sent from any thread."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.lock = threading.Lock()

    def send(self, message: tuple[str, Any]) -> None:
        with self.lock:
            self.connection.send(message)


def _limit_memory(budget: int) -> int:
    """Cap the address space at what the worker was forked with plus `budget`; returns that start.
    (A fork starts with its parent's mappings, which can be large in a long-lived process.)"""
    start = _address_space()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = start + budget if hard == resource.RLIM_INFINITY else min(start + budget, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a capped death leaves no core file
    return start


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _limit_cpu(seconds: float | None) -> None:
    """SIGXCPU (which ends the worker) once this much more CPU is used; None lifts the limit."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = hard if seconds is None else int(_cpu_used() + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _address_space() -> int:
    try:
        return int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0


def _sample_peak(peak: Any) -> None:
    """Keep the largest address space seen in shared memory: the parent reads it after a capped death."""

    def sample() -> None:
        while True:
            size = _address_space()
            if size > peak.value:
                peak.value = size
            threading.Event().wait(_SAMPLE_SECONDS)

    threading.Thread(target=sample, name="memory-sampler", daemon=True).start()


def _serve(connection: Connection, budget: ReadingBudget, mark: str, start: Any, peak: Any, slots: str) -> None:
    """The reading worker's loop: (path, options) in, ("record", record) out, ("beat", n) meanwhile.
    `start` and `peak` (shared memory) receive the address space at start and the largest seen;
    `slots` is the folder of the OCR slots every worker of the reader shares (`ocr_slots`): at most
    `options.worker_count` pages are OCRed at once, whatever the number of workers."""
    from extractors.office import kill_office_runs, limit_office_runs
    from extractors.pipeline import OcrPool, extract_file

    os.environ[READER_MARK] = mark
    # Forked from a threaded process: a lock another thread held at the fork would never be freed.
    getattr(PDFIUM_LOCK, "_at_fork_reinit", lambda: None)()
    faulthandler.disable()  # a capped death is expected: one error line, no dump of every thread
    start[0] = _limit_memory(budget.memory_bytes)
    limit_office_runs(budget.memory_bytes, budget.seconds)

    def before_exit() -> None:
        kill_office_runs()
        kill_descendants()

    die_with_parent(before_exit)
    _sample_peak(peak)
    channel = _Channel(connection)

    class BeatingPool(OcrPool):
        """Each page OCRed (or looked at again) is progress: the wall clock starts again."""

        def ocr(self, *args: Any, **kwargs: Any) -> Any:
            page = super().ocr(*args, **kwargs)
            channel.send(("beat", 1))
            return page

    pool: BeatingPool | None = None
    size = 0
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            break
        if request is None:
            break
        path, options = request
        if pool is None or size != options.worker_count:
            if pool is not None:
                pool.close()
            pool, size = BeatingPool(options.worker_count, OcrSlots(slots, options.worker_count)), options.worker_count
        _limit_cpu(budget.seconds)
        try:
            record = extract_file(path, options, pool)
        except MemoryError:
            record = None
        finally:
            _limit_cpu(None)
        ran_out = record is None or "MemoryError" in (record.error or "")
        if ran_out:  # Python ran out under the cap (C code would have ended the process instead)
            record = _error_record(path, over_memory(budget, "a step could not allocate memory"))
        channel.send(("record", record))
        if ran_out:
            break  # a worker whose heap ran dry is not trusted with the next file
    if pool is not None:
        pool.close(wait=False)


def _error_record(path: str, error: str, sha256: str = "") -> DocumentRecord:
    return DocumentRecord(file=path, sha256=sha256, extractor_version=EXTRACTOR_VERSION, error=error)


# ---------------------------------------------------------------- the parent's side


def _context() -> Any:
    # Forked, not spawned: a worker starts at once with what this process has imported, and no
    # `__main__` is imported again. The process reading files does no pdfium work itself.
    return multiprocessing.get_context("fork")


class _Worker:
    def __init__(self, budget: ReadingBudget, slots: str) -> None:
        context = _context()
        self.budget = budget
        self.mark = uuid.uuid4().hex
        self.start = context.Array("q", 1, lock=False)
        self.peak = context.Value("q", 0, lock=False)
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve,
            args=(child, budget, self.mark, self.start, self.peak, slots),
            name="kiemchung-reader",
            daemon=False,
        )
        self.process.start()
        child.close()

    def read(self, path: str, options: ExtractionOptions) -> DocumentRecord | None:
        """The record, or None when the worker died or was stopped (`self.failure` says why)."""
        self.failure = ""
        try:
            self.connection.send((path, options))
            while True:
                if not self.connection.poll(self.budget.seconds):
                    self.failure = over_time(self.budget, f"no progress for {self.budget.seconds} s")
                    self.stop()
                    return None
                kind, value = self.connection.recv()
                if kind == "record":
                    return value
        except (EOFError, OSError, BrokenPipeError):
            self.failure = self._death()
            self.stop()
            return None

    def _death(self) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        peak = float(self.peak.value - self.start[0])  # what the reading took beyond the fork's start
        if code is not None and code < 0:
            number = -code
            name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
            if number == signal.SIGXCPU:
                return over_time(self.budget, f"more than {self.budget.seconds} s of CPU")
            if peak >= _MEMORY_SHARE_OF_A_CAP_DEATH * self.budget.memory_bytes:
                return over_memory(self.budget, f"the reader stopped ({name}) at {_gib(peak)}")
            return f"extraction failed: the reading process crashed ({name})"
        return f"extraction failed: the reading process ended (exit code {code})"

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        """End the worker and everything it started, wherever those were re-parented."""
        with contextlib.suppress(Exception):
            self.connection.send(None)
        with contextlib.suppress(Exception):
            self.connection.close()
        self.process.join(timeout=0.5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        kill_marked(self.mark)


class BudgetedReader:
    """Reading workers, one file each at a time, taken from a pool that grows to the demand."""

    def __init__(self, budget: ReadingBudget) -> None:
        self.budget = budget
        self._slots = ""  # the OCR slots' folder, in the run folder once the first worker starts
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self.last_peak_bytes = 0

    def _take(self) -> _Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                with self._lock:
                    if not self._slots:
                        self._slots = str(run_folder() / f"ocr-slots-{uuid.uuid4().hex[:8]}")
                worker = _Worker(self.budget, self._slots)
                with self._lock:
                    self._all.append(worker)
                return worker
            if worker.alive():
                return worker
            self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def read(self, path: Path | str, options: ExtractionOptions, sha256: str = "") -> DocumentRecord:
        run_folder()  # before the first worker: its TMPDIR is inherited
        worker = self._take()
        worker.peak.value = 0
        record = worker.read(str(path), options)
        self.last_peak_bytes = max(0, worker.peak.value - worker.start[0])  # for the hostile-file report
        if record is None:
            self._forget(worker)
            return _error_record(str(path), worker.failure, sha256)
        if is_over_budget(record):
            self._forget(worker)  # it ends itself after running dry: never hand it the next file
        else:
            self._idle.put(worker)
        return record

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.stop()


_READERS: dict[ReadingBudget, BudgetedReader] = {}
_READERS_LOCK = threading.Lock()


def shared_reader(budget: ReadingBudget) -> BudgetedReader:
    """The process's reader for this budget: workers outlive one call, so models load once."""
    with _READERS_LOCK:
        if not _READERS:
            import atexit

            run_folder()  # first: atexit runs last what was registered first, the workers go before it
            atexit.register(close_readers)
        reader = _READERS.get(budget)
        if reader is None:
            reader = _READERS[budget] = BudgetedReader(budget)
        return reader


def close_readers() -> None:
    with _READERS_LOCK:
        readers = list(_READERS.values())
        _READERS.clear()
    for reader in readers:
        reader.close()
