"""Background alignments: progress with an estimate, cancel, one run per key."""

from __future__ import annotations

import threading

import pytest
from conftest import make_alignment

from align.review.runs import Run, Runs, duration


def test_a_run_reports_progress_and_its_result() -> None:
    go = threading.Event()

    def work(report):
        report(0.5, "embedding: 5 of 10 segments")
        go.wait(10)
        return make_alignment()

    now = [0.0]
    run = Run(work, clock=lambda: now[0]).start()
    now[0] = 10.0
    for _ in range(100):
        if run.snapshot().stage.startswith("embedding"):
            break
        threading.Event().wait(0.01)
    snap = run.snapshot()
    assert (snap.state, snap.fraction, snap.stage) == ("running", 0.5, "embedding: 5 of 10 segments")
    assert snap.remaining_s == pytest.approx(10.0), "as long again as it took for the first half"
    go.set()
    assert run.wait(10) and run.snapshot().state == "done" and run.result is not None


def test_cancel_stops_the_work_at_its_next_report() -> None:
    reports: list[float] = []
    started = threading.Event()

    def work(report):
        for k in range(1000):
            report(k / 1000, "embedding")
            reports.append(k)
            started.set()
            threading.Event().wait(0.01)
        return make_alignment()

    run = Run(work).start()
    started.wait(10)
    run.cancel()
    assert run.wait(10)
    assert run.snapshot().state == "cancelled" and run.result is None
    assert len(reports) < 1000


def test_a_failed_run_keeps_its_error_and_runs_are_shared_by_key() -> None:
    def fail(report):
        raise ValueError("boom")

    runs = Runs(keep=2)
    run = runs.start("doc", fail)
    assert run.wait(10) and run.snapshot().state == "failed" and str(run.error) == "boom"
    assert runs.start("doc", fail) is run, "a failed run is shown, not restarted on every page run"
    again = runs.start("doc", lambda report: make_alignment(), again=True)
    assert again is not run and again.wait(10) and again.snapshot().state == "done"
    assert runs.start("doc", fail, again=True) is again, "a done run is never restarted"
    for key in ("b", "c"):
        runs.start(key, lambda report: make_alignment()).wait(10)
    assert runs.get("doc") is None, "the oldest ended run is forgotten"


def test_durations_read_as_minutes_and_seconds() -> None:
    assert duration(44.6) == "45 s"
    assert duration(190) == "3 min 10 s"
