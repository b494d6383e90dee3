"""Check many documents: in this process, on a local process pool, or on a Dask cluster.

Documents are read and segmented here (cheap, and bad input is reported
before any model loads); only their sides travel to the workers, so a remote
Dask cluster needs no access to the files. Each worker process loads the
embedding model once and keeps it for every document it gets; processes on
one machine share the embedding cache (SQLite in WAL mode).

A worker process that dies (killed for memory, a crash in native code) costs
only the documents it held: on the local pool the documents it had started are
checked again, each in a fresh process of its own, and reported as errors if
that one dies too; the documents it had not started go on in a fresh pool.
Dask retries a task whose worker died itself; a task it gives up on is tried
once more, then reported as that document's error.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
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
#: What a worker does with one document: :func:`check_sides`.
Check = Callable[[Side, Side, Links, Settings], Alignment]
#: One document's outcome from a worker: its index, and its alignment or why there is none.
Outcome = tuple[int, Alignment | None, str | None]
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


# tqdm's default lock is a named semaphore, made by the first bar (even one not
# drawn): a worker killed after embedding left it behind, and the parent's exit
# warned of "leaked semaphore objects". Bars are never drawn by two processes
# at once here, so a thread lock does; this runs in every process that checks
# documents, Dask workers included, as each imports this module.
tqdm.set_lock(threading.RLock())

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
        for n, alignment, error in _dispatch(work, settings, workers, scheduler, embedder, embed_bar=single and not quiet):
            docs[n].alignment = alignment
            if error is not None:
                docs[n].error = f"{docs[n].job.name}: {error}"
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
) -> Iterator[Outcome]:
    if not work:
        return
    if scheduler is not None:
        with dask_client(scheduler, workers) as client:
            yield from _on_dask(work, settings, client)
    elif workers > 1 and len(work) > 1:
        yield from _on_pool(work, settings, workers)
    else:
        model = embedder or worker_embedder(settings.model, settings.cache_dir)
        for n, (source, target, links) in work:
            yield n, check_sides(source, target, links, settings, embedder=model, progress=None if embed_bar else _silent), None


def _on_dask(work: list[tuple[int, Document]], settings: Settings, client: Client) -> Iterator[Outcome]:
    """Submit every document to the Dask cluster, then yield results as they arrive.

    Dask gives the task of a worker that died to another, and gives up on a
    task whose workers kept dying (``KilledWorker``). Tasks queued on those
    workers share the blame, so such a document is tried once more before it
    is reported as its own error.
    """
    from distributed import KilledWorker, as_completed

    documents = dict(work)

    def submit(n: int) -> Any:
        source, target, links = documents[n]
        return client.submit(check_sides, source, target, links, settings, pure=False)

    futures = {submit(n): n for n in documents}
    tried_again: set[int] = set()
    pending = as_completed(list(futures))
    for future in pending:
        n = futures[future]
        try:
            alignment = future.result()
        except KilledWorker:
            if n in tried_again:
                yield n, None, "every worker process Dask gave it to died, and again when it was tried once more"
            else:
                tried_again.add(n)
                again = submit(n)
                futures[again] = n
                pending.add(again)
            continue
        yield n, alignment, None


def _on_pool(work: list[tuple[int, Document]], settings: Settings, workers: int) -> Iterator[Outcome]:
    """Check the documents on a local process pool, surviving workers that die.

    Each task first leaves a mark (an empty file named by its document's index)
    in a folder of this run, so when the pool breaks the documents some worker
    had started are known: each is checked again alone in a fresh process
    (:func:`_alone`), and the documents no worker had started go on in a fresh
    pool. A pool that breaks before any document started is tried once more.
    """
    threads = max(1, _cpu_count() // workers)
    queue = dict(work)
    idle_breaks = 0
    with tempfile.TemporaryDirectory(prefix="align-started-") as folder:
        marks = Path(folder)
        while queue:
            with _process_pool(min(workers, len(queue)), threads) as pool:
                futures = {
                    pool.submit(_marked, marks / str(n), check_sides, source, target, links, settings): n
                    for n, (source, target, links) in queue.items()
                }
                for future in as_completed(futures):
                    if not isinstance(future.exception(), BrokenProcessPool):
                        yield futures[future], future.result(), None
                        del queue[futures[future]]
            started = [n for n in queue if (marks / str(n)).exists()]
            if not started:
                idle_breaks += 1
                if idle_breaks > 1:
                    for n in list(queue):
                        yield n, None, "the worker processes died before they could check it"
                    return
            for n in started:
                yield (n, *_alone(queue.pop(n), settings, threads))


def _marked(mark: Path, check: Check, source: Side, target: Side, links: Links, settings: Settings) -> Alignment:
    """A pool task: note that this document was started (``mark``), then ``check`` it."""
    mark.touch()
    return check(source, target, links, settings)


@contextmanager
def _process_pool(workers: int, threads: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of spawned workers, shut down on the way out; when something stops the run, its workers are killed first.

    Waiting for the documents they are checking would keep Ctrl-C waiting for minutes.
    """
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(threads,))
    try:
        yield pool
    except BaseException:
        for child in multiprocessing.active_children():
            child.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(document: Document, settings: Settings, threads: int) -> tuple[Alignment | None, str | None]:
    """Check one document in a fresh process of its own: its alignment, or why that process died too.

    Raises:
        Whatever the check raised there (a model that cannot load is no
        document's fault).
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_check_and_send, args=(sender, check_sides, document, settings, threads), daemon=True)
    process.start()
    sender.close()  # so the receiver sees the end of the pipe when the process dies
    try:
        alignment, error = receiver.recv()
    except EOFError:
        process.join()
        return None, f"its worker process died, and again when it was checked alone ({_death(process.exitcode)})"
    except BaseException:
        process.kill()  # stopped (Ctrl-C): the document is not waited for
        raise
    finally:
        receiver.close()
        process.join()
    if error is not None:
        raise error
    return alignment, None


def _check_and_send(sender: Connection, check: Check, document: Document, settings: Settings, threads: int) -> None:
    """In a process of its own: check the document and send back its alignment, or the exception met."""
    _start_worker(threads)
    source, target, links = document
    try:
        sender.send((check(source, target, links, settings), None))
    except Exception as error:  # noqa: BLE001 - sent to the parent, which raises it
        sender.send((None, error))


def _death(exitcode: int | None) -> str:
    """How a process ended, from its exit code (negative: the signal that killed it)."""
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    name = signal.Signals(-exitcode).name
    return f"killed by {name}, perhaps for lack of memory" if -exitcode == signal.SIGKILL else f"killed by {name}"


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


def _start_worker(threads: int) -> None:
    """Worker start-up: share the cores among the workers (read by torch and by :mod:`align.embed.embedder`).

    Ctrl-C reaches every process of the terminal's group; the parent stops the
    workers, so they ignore it rather than each print a traceback.
    """
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ["MKL_NUM_THREADS"] = str(threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
