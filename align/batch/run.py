"""Check many documents: in this process, on a local process pool, or on a Dask cluster.

Documents are read and segmented here (cheap, and bad input is reported
before any model loads); only their sides travel to the workers, so a remote
Dask cluster needs no access to the files. Each worker process loads the
embedding model once and keeps it for every document it gets; processes on
one machine share the embedding cache (SQLite in WAL mode).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from align import pipeline
from align.batch.baseline import Key, findings, hide_known
from align.embed.embedder import Embedder, load_embedder
from align.errors import InputError
from align.io.jobs import Document, Job, display, load
from align.model import Alignment, Link, Side
from align.settings import Settings

if TYPE_CHECKING:
    from distributed import Client

LOCAL_SCHEDULER = "local"

#: Links given in advance (a translation memory's units), or ``None`` to align anew.
Links = tuple[Link, ...] | None
#: How long to wait for a remote Dask scheduler before giving up.
CONNECT_TIMEOUT_S = 20


@dataclass
class DocResult:
    """One document's outcome.

    Attributes:
        job: The document.
        alignment: The checked alignment, or ``None`` when it could not be read.
        error: Why it could not be read.
        hidden: Findings hidden because the baseline lists them.
    """

    job: Job
    alignment: Alignment | None = None
    error: str | None = None
    hidden: int = 0


_EMBEDDERS: dict[tuple[str | None, Path | None], Embedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def worker_embedder(model: str | None, cache_dir: Path | None) -> Embedder:
    """The embedder for ``model``, loaded once per process and reused for every later document."""
    with _EMBEDDERS_LOCK:
        if (model, cache_dir) not in _EMBEDDERS:
            _EMBEDDERS[(model, cache_dir)] = load_embedder(model, cache_dir=cache_dir)
        return _EMBEDDERS[(model, cache_dir)]


def _silent(fraction: float, stage: str) -> None:
    """A progress callback that shows nothing (the batch draws one bar over documents)."""


def check_sides(
    source: Side, target: Side, links: Links, settings: Settings, *,
    embedder: Embedder | None = None, progress: pipeline.Progress | None = _silent,
) -> Alignment:
    """Align (or, with ``links`` given, score) and check one document: what every document of a batch goes through.

    Args:
        source: The Arabic side.
        target: The English side.
        links: Links given in advance, or ``None`` to align anew.
        settings: Model and check settings.
        embedder: The embedder to use; by default this process's for ``settings.model``.
        progress: Progress callback (by default nothing is shown); ``None`` draws a bar on stderr.
    """
    model = embedder or worker_embedder(settings.model, settings.cache_dir)
    return pipeline.run(source, target, embedder=model, settings=settings, progress=progress, links=links)


def run_jobs(
    jobs: Sequence[Job],
    settings: Settings,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    quiet: bool = False,
    embedder: Embedder | None = None,
) -> list[DocResult]:
    """Read, align and check every document, results in the order of ``jobs``.

    Args:
        jobs: The documents.
        settings: Model and check settings.
        workers: Local processes (1: this process); with ``scheduler="local"``
            the number of Dask workers (default: one per core).
        scheduler: ``"local"`` for a local Dask cluster, or a Dask scheduler
            address such as ``tcp://host:8786``; ``None`` to stay local.
        quiet: No progress bar.
        embedder: Use this embedder in this process instead of loading one.

    Raises:
        InputError: Bad settings, or the Dask scheduler cannot be reached.
        ModelError: A worker could not load the model.
    """
    pipeline.align_params(settings)  # a bad --max-link fails here, not in every worker
    read = [_read(job) for job in jobs]
    docs = [result for result, _ in read]
    work = [(n, document) for n, (_, document) in enumerate(read) if document is not None]
    # One document keeps today's output: a bar while embedding rather than one over documents.
    single = len(jobs) == 1 and scheduler is None
    with tqdm(total=len(work), desc="checking", unit="doc", disable=quiet or single or not work) as bar:
        for n, alignment in _dispatch(work, settings, workers, scheduler, embedder, embed_bar=single and not quiet):
            docs[n].alignment = alignment
            bar.update()
    return docs


def _read(job: Job) -> tuple[DocResult, Document | None]:
    try:
        document = load(job)
    except InputError as error:
        return DocResult(job, error=str(error)), None
    return DocResult(job), document


def _dispatch(
    work: list[tuple[int, Document]], settings: Settings, workers: int, scheduler: str | None,
    embedder: Embedder | None, *, embed_bar: bool,
) -> Iterator[tuple[int, Alignment]]:
    if not work:
        return
    if scheduler is not None:
        from distributed import as_completed as dask_completed

        with dask_client(scheduler, workers) as client:
            yield from _stream(work, settings, lambda *args: client.submit(*args, pure=False), dask_completed)
    elif workers > 1 and len(work) > 1:
        threads = max(1, _cpu_count() // workers)
        with ProcessPoolExecutor(max_workers=min(workers, len(work)), mp_context=get_context("spawn"),
                                 initializer=_limit_threads, initargs=(threads,)) as pool:
            yield from _stream(work, settings, pool.submit, as_completed)
    else:
        model = embedder or worker_embedder(settings.model, settings.cache_dir)
        for n, (source, target, links) in work:
            yield n, check_sides(source, target, links, settings, embedder=model, progress=None if embed_bar else _silent)


def _stream(
    work: list[tuple[int, Document]], settings: Settings,
    submit: Callable[..., Any], completed: Callable[[Iterable[Any]], Iterable[Any]],
) -> Iterator[tuple[int, Alignment]]:
    """Submit every document, then yield results as they arrive."""
    futures: dict[Any, int] = {
        submit(check_sides, source, target, links, settings): n for n, (source, target, links) in work
    }
    for future in completed(list(futures)):
        yield futures[future], future.result()


@contextmanager
def dask_client(scheduler: str, workers: int = 1) -> Iterator[Client]:
    """A Dask client: on a new local cluster (``"local"``), else connected to ``scheduler``.

    The local cluster runs one single-threaded worker process per core (or
    ``workers`` of them when more than one is asked for), on 127.0.0.1 only.

    Raises:
        InputError: The scheduler cannot be reached.
    """
    import logging  # silence_logs: a failed task is reported once, by the client, not by every worker

    from distributed import Client, LocalCluster

    if scheduler == LOCAL_SCHEDULER:
        n_workers = workers if workers > 1 else _cpu_count()
        with (
            LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.CRITICAL) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
    with client:
        yield client


def _limit_threads(threads: int) -> None:
    """Pool worker start-up: share the cores among the workers (read by torch and by :mod:`align.embed.embedder`)."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ["MKL_NUM_THREADS"] = str(threads)


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def settle(results: Sequence[DocResult], settings: Settings, known: Counter[Key] | None = None) -> Counter[Key]:
    """Apply the settings' severities and per-file ignores, then hide the baseline's findings.

    Args:
        results: Checked documents, changed in place.
        settings: Severity overrides and ignores.
        known: A baseline; its counts are used up as findings are hidden.

    Returns:
        Every current finding before hiding, for ``--write-baseline``.
    """
    current: Counter[Key] = Counter()
    for result in results:
        if result.alignment is None:
            continue
        paths = [result.job.name, *(display(path) for path in result.job.paths)]
        result.alignment = settings.apply(result.alignment, paths)
        current += findings(result.job.name, result.alignment)
        if known is not None:
            result.alignment, result.hidden = hide_known(result.job.name, result.alignment, known)
    return current
