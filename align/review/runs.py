"""Alignments computed in the background for the review UI: progress as a count with an estimate, and cancel.

An alignment of a long document takes minutes. Run in the page's own script,
any click would stop it (Streamlit stops a script to rerun it) and the page
would show nothing meanwhile; run here, in a thread of the server, it goes on
while the page shows its progress, any number of tabs can follow it, and
:meth:`Run.cancel` stops it at its next progress report.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from align.model import Alignment

State = Literal["running", "done", "failed", "cancelled"]
#: Called with a fraction in [0, 1] and what is being done (``align.pipeline.Progress``).
Report = Callable[[float, str], None]
#: The work of a run: computes the alignment, reporting progress.
Work = Callable[[Report], Alignment]

#: No estimate before this share of the work and this many seconds: the first
#: chunks include loading the model and say little about the rest.
ESTIMATE_AFTER_FRACTION = 0.02
ESTIMATE_AFTER_S = 3.0


class Cancelled(Exception):
    """Raised inside a run's work at its next progress report once the run is cancelled."""


@dataclass(frozen=True)
class Snapshot:
    """Where a run stands.

    Attributes:
        state: ``running``, ``done``, ``failed`` or ``cancelled``.
        fraction: Share of the work done, in [0, 1].
        stage: What is being done, e.g. ``embedding: 120 of 1,200 segments``.
        elapsed_s: Seconds since the run started (until it ended).
        remaining_s: Estimated seconds left, or ``None`` while too early to say.
    """

    state: State
    fraction: float
    stage: str
    elapsed_s: float
    remaining_s: float | None


class Run:
    """One alignment computed in a background thread."""

    def __init__(self, work: Work, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._work = work
        self._clock = clock
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._started = clock()
        self._ended: float | None = None
        self._fraction = 0.0
        self._stage = "starting"
        self._state: State = "running"
        self.result: Alignment | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="align-review-run", daemon=True)

    def start(self) -> Run:
        """Start the work; returns the run."""
        self._thread.start()
        return self

    def _report(self, fraction: float, stage: str) -> None:
        if self._cancel.is_set():
            raise Cancelled
        with self._lock:
            self._fraction, self._stage = min(max(fraction, 0.0), 1.0), stage

    def _run(self) -> None:
        try:
            result = self._work(self._report)
        except Cancelled:
            outcome: State = "cancelled"
        except BaseException as error:  # noqa: BLE001 — handed to the page, which shows it
            self.error = error
            outcome = "failed"
        else:
            self.result = result
            outcome = "done"
        with self._lock:
            self._state, self._ended = outcome, self._clock()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    @property
    def cancelling(self) -> bool:
        """Whether the run was asked to stop and is still running."""
        return self._cancel.is_set() and self.snapshot().state == "running"

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the run to end; whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def snapshot(self) -> Snapshot:
        """Where the run stands now."""
        with self._lock:
            now = self._ended if self._ended is not None else self._clock()
            elapsed = now - self._started
            remaining = None
            if self._state == "running" and self._fraction >= ESTIMATE_AFTER_FRACTION and elapsed >= ESTIMATE_AFTER_S:
                remaining = elapsed * (1 - self._fraction) / self._fraction
            return Snapshot(self._state, self._fraction, self._stage, elapsed, remaining)


class Runs:
    """The server's runs by key (document and settings), so every tab on a document follows the same run.

    Args:
        keep: How many runs to keep; the oldest that has ended is forgotten
            first (its alignment is recomputed, mostly from the embedding
            cache, if opened again).
    """

    def __init__(self, keep: int = 8) -> None:
        self._keep = keep
        self._lock = threading.Lock()
        self._runs: OrderedDict[str, Run] = OrderedDict()

    def get(self, key: str) -> Run | None:
        """The run of ``key``, if there is one."""
        with self._lock:
            return self._runs.get(key)

    def start(self, key: str, work: Work, *, again: bool = False) -> Run:
        """The run of ``key`` whatever its state, or a new run of ``work`` if there is none.

        Args:
            key: Names the run.
            work: What a new run computes.
            again: Start anew a run that was cancelled or failed.
        """
        with self._lock:
            run = self._runs.get(key)
            if run is not None and (not again or run.snapshot().state in ("running", "done")):
                self._runs.move_to_end(key)
                return run
            run = self._runs[key] = Run(work).start()
            ended = [k for k, r in self._runs.items() if r.snapshot().state != "running" and k != key]
            while len(self._runs) > self._keep and ended:
                del self._runs[ended.pop(0)]
            return run


def duration(seconds: float) -> str:
    """A duration as the page says it: ``45 s``, ``3 min 10 s``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s"
