"""Command line: ``align check | align | export | bench | review``.

Exit codes (stable, for CI):

* 0 — nothing at or above the ``--fail-on`` level was flagged;
* 1 — something was;
* 2 — bad input or usage (one line on stderr says why);
* 3 — the embedding model could not be loaded;
* 4 — an internal error (a bug: please report it with the input);
* 130, 143 — stopped by SIGINT (Ctrl-C) or SIGTERM: 128 + the signal's number,
  as a shell reports a process a signal killed. Output is written only at the
  end (a TMX file under a temporary name, renamed when complete), so a stopped
  run leaves none behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import click
import typer

from align.errors import AlignError, InputError
from align.model import SEVERITY_RANK, Alignment

if TYPE_CHECKING:
    from align.io.jobs import Job
    from align.settings import Settings

EXIT_OK, EXIT_FLAGGED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 4

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Align an Arabic text and its English translation (or an English text and its Arabic one) and flag gaps and meaning drift.",
)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    summary = "summary"


class AlignFormat(str, Enum):
    json = "json"
    tsv = "tsv"
    vecalign = "vecalign"
    xliff = "xliff"


Doc = Annotated[Optional[Path], typer.Argument(help="A mixed document holding Arabic passages and their English glosses.")]
ArFile = Annotated[Optional[Path], typer.Option("--ar", help="The Arabic file (the source unless --source-lang says English).")]
EnFile = Annotated[Optional[Path], typer.Option("--en", help="The English file (the translation unless --source-lang says English).")]
Presegmented = Annotated[bool, typer.Option("--presegmented", help="Files hold one segment per line.")]
Model = Annotated[
    Optional[str],
    typer.Option("--model", help="'use' (default, offline Google USE), 'e5-small' (offline), a sentence-transformers model name or folder, or models joined by '+' (use+e5-small: their similarities averaged)."),
]
MaxLink = Annotated[Optional[int], typer.Option("--max-link", help="Largest link size n+m (2-8); default 8.")]
Config = Annotated[
    Optional[Path], typer.Option("--config", help="Settings file; default ./align.toml, else the tool.align table of ./pyproject.toml.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
SourceLang = Annotated[
    Optional[str], typer.Option("--source-lang", help="The source language, BCP 47 (ar, en-US...); default ar, or align.toml's.")
]
TargetLang = Annotated[
    Optional[str], typer.Option("--target-lang", help="The target language, BCP 47 (en, ar-SA...); default en, or align.toml's.")
]
Columns = Annotated[
    Optional[str],
    typer.Option("--columns", help="A bilingual sheet's Arabic and English columns: letters (B,C), numbers (2,3) or headers."),
]


def _settings(config: Path | None, columns: str | None = None, **options: Any) -> Settings:
    from align.io.sheets import parse_columns
    from align.settings import load_settings

    return load_settings(config, columns=parse_columns(columns) if columns is not None else None, **options)


def _align(doc: Path | None, ar: Path | None, en: Path | None, settings: Settings, quiet: bool) -> Alignment:
    # Imported here so `align --help` and usage errors answer without loading torch.
    from align.embed.embedder import load_embedder
    from align.io.jobs import display, load, one_job
    from align.pipeline import run

    job = one_job(doc, ar, en, presegmented=settings.presegmented, memories=False, columns=settings.columns)
    source, target, _ = load(job)
    embedder = load_embedder(settings.model, cache_dir=settings.cache_dir)
    alignment = run(source, target, embedder=embedder, settings=settings, progress=None if not quiet else (lambda f, s: None))
    alignment = settings.apply(alignment, [job.name, *(display(path) for path in job.paths)])
    _warn_if_not_parallel(alignment)
    return alignment


def _warn_if_not_parallel(alignment: Alignment, name: str | None = None) -> None:
    from align.pipeline import looks_parallel

    if not looks_parallel(alignment):
        what = f"{name}: its two texts do" if name else "the two texts do"
        typer.echo(f"align: warning: {what} not look like translations of each other; the alignment below is unreliable", err=True)


def _exit_code(alignments: list[Alignment], fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on.value]
    flagged = any(SEVERITY_RANK[f.severity] >= threshold for a in alignments for link in a.links for f in link.flags)
    return EXIT_FLAGGED if flagged else EXIT_OK


@app.command()
def check(
    docs: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Mixed documents, folders (x.ar.txt + x.en.txt pairs, other .txt mixed) or glob patterns."),
    ] = None,
    ar: ArFile = None,
    en: EnFile = None,
    manifest: Annotated[
        Optional[Path], typer.Option("--manifest", help="CSV or JSON Lines file of ar,en pairs, paths relative to it.")
    ] = None,
    presegmented: Presegmented = False,
    columns: Columns = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a flag at or above this level is found.")] = FailOn.error,
    model: Model = None,
    max_link: MaxLink = None,
    config: Config = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Hide the findings this baseline lists.")] = None,
    write_baseline: Annotated[
        Optional[Path], typer.Option("--write-baseline", help="Write every current finding to this baseline file.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Local processes checking documents in parallel.")] = 1,
    scheduler: Annotated[
        Optional[str], typer.Option("--scheduler", help="Run on Dask: 'local' (a local cluster) or a scheduler address, tcp://HOST:PORT.")
    ] = None,
    cache_dir: Annotated[
        Optional[Path], typer.Option("--cache-dir", help="Models and embedding cache; default $ALIGN_CACHE_DIR or ~/.cache/align-ar-en.")
    ] = None,
    quiet: Quiet = False,
) -> int:
    """Align and print every translation gap and mismatch found, for one document or many."""
    from align.batch.baseline import read_baseline
    from align.batch.baseline import write_baseline as save_baseline
    from align.batch.run import run_jobs, settle
    from align.report.batch import render
    if jobs < 1:
        raise InputError("--jobs must be at least 1")
    settings = _settings(config, columns, model=model, max_link=max_link, presegmented=presegmented, cache_dir=cache_dir,
                         source_lang=source_lang, target_lang=target_lang)
    known = read_baseline(baseline) if baseline is not None else None
    job_list = _check_jobs(docs or [], ar, en, manifest, settings)
    results = run_jobs(job_list, settings, workers=jobs, scheduler=scheduler, quiet=quiet)
    if len(results) == 1 and results[0].error is not None:
        raise InputError(results[0].error)
    current = settle(results, settings, known)
    for result in results:
        if result.error is not None:
            typer.echo(f"align: error: {result.error}", err=True)
        elif result.alignment is not None:
            _warn_if_not_parallel(result.alignment, None if len(results) == 1 else result.job.name)
    if write_baseline is not None:
        written = save_baseline(write_baseline, current)
        if not quiet:
            typer.echo(f"wrote {written} findings to {write_baseline}", err=True)
    typer.echo(render(results, output_format.value, color=sys.stdout.isatty(), fail_on=fail_on.value).rstrip("\n"))
    if any(result.error is not None for result in results):
        return EXIT_INPUT
    # A fresh baseline accepts everything it lists, so nothing is new yet.
    alignments = [result.alignment for result in results if result.alignment is not None and write_baseline is None]
    return _exit_code(alignments, fail_on)


def _check_jobs(docs: list[Path], ar: Path | None, en: Path | None, manifest: Path | None, settings: Settings) -> list[Job]:
    from align.io.jobs import discover, one_job

    if ar is None and en is None:
        return discover(docs, manifest=manifest, presegmented=settings.presegmented, columns=settings.columns)
    if docs or manifest is not None:
        raise InputError("give either documents or --ar and --en, not both")
    return [one_job(ar=ar, en=en, presegmented=settings.presegmented, columns=settings.columns)]


@app.command(name="align")
def align_command(
    doc: Doc = None,
    ar: ArFile = None,
    en: EnFile = None,
    presegmented: Presegmented = False,
    columns: Columns = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    output_format: Annotated[AlignFormat, typer.Option("--format", help="Output format.")] = AlignFormat.json,
    model: Model = None,
    max_link: MaxLink = None,
    config: Config = None,
    quiet: Quiet = False,
) -> int:
    """Print the alignment alone."""
    from align.io.xliff import to_xliff
    from align.report.document import to_json, to_tsv, to_vecalign

    settings = _settings(config, columns, model=model, max_link=max_link, presegmented=presegmented,
                         source_lang=source_lang, target_lang=target_lang)
    alignment = _align(doc, ar, en, settings, quiet)
    writers = {
        AlignFormat.json: to_json, AlignFormat.tsv: to_tsv, AlignFormat.vecalign: to_vecalign,
        # The whole alignment, gaps too, as the other formats print it.
        AlignFormat.xliff: lambda a: to_xliff(a, include_gaps=True).decode("utf-8"),
    }
    typer.echo(writers[output_format](alignment).rstrip("\n"))
    return EXIT_OK


@app.command()
def export(
    doc: Doc = None,
    ar: ArFile = None,
    en: EnFile = None,
    tmx: Annotated[Optional[Path], typer.Option("--tmx", help="Write a TMX 1.4b translation memory here.")] = None,
    xliff: Annotated[Optional[Path], typer.Option("--xliff", help="Write an XLIFF 2.1 bilingual file here.")] = None,
    xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="Write a bilingual review sheet (Excel) here.")] = None,
    include_gaps: Annotated[bool, typer.Option("--include-gaps", help="Also write links with an empty side (TMX, XLIFF).")] = False,
    presegmented: Presegmented = False,
    columns: Columns = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    model: Model = None,
    max_link: MaxLink = None,
    config: Config = None,
    quiet: Quiet = False,
) -> int:
    """Export the alignment: a TMX translation memory, an XLIFF 2.1 file, a review sheet."""
    from align.io.sheets import write_review_sheet
    from align.io.tmx import write_tmx
    from align.io.xliff import write_xliff

    if tmx is None and xliff is None and xlsx is None:
        raise InputError("give --tmx OUT.tmx, --xliff OUT.xlf or --xlsx OUT.xlsx (or several)")
    settings = _settings(config, columns, model=model, max_link=max_link, presegmented=presegmented,
                         source_lang=source_lang, target_lang=target_lang)
    alignment = _align(doc, ar, en, settings, quiet)
    outputs = (
        (tmx, lambda path: write_tmx(alignment, path, include_gaps=include_gaps), "translation units"),
        (xliff, lambda path: write_xliff(alignment, path, include_gaps=include_gaps), "XLIFF units"),
        (xlsx, lambda path: write_review_sheet(alignment, path), "review rows"),
    )
    for path, write, what in outputs:
        if path is not None:
            written = write(path)
            if not quiet:
                typer.echo(f"wrote {written} {what} to {path}", err=True)
    if tmx is not None or xliff is not None:
        _warn_left_out(alignment, include_gaps)
    return EXIT_OK


#: Units named in the warning about characters left out of a TMX or XLIFF file; each unit's note says it anyway.
_LISTED_UNITS = 10


def _warn_left_out(alignment: Alignment, include_gaps: bool) -> None:
    from align.io.safexml import left_out

    removed = left_out(alignment, include_gaps=include_gaps)
    if removed:
        total, shown = sum(removed.values()), list(removed)[:_LISTED_UNITS]
        units = ", ".join(map(str, shown)) + (", …" if len(removed) > len(shown) else "")
        typer.echo(
            f"align: warning: left out {total} character{'s' if total > 1 else ''} XML cannot hold (control characters, "
            f"U+FFFE, U+FFFF) from {len(removed)} unit{'s' if len(removed) > 1 else ''} (ids {units}); "
            "each says so in a <note>",
            err=True,
        )


class BenchFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def bench(
    ar: ArFile = None,
    en: EnFile = None,
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Gold alignment of --ar/--en, Vecalign format.")] = None,
    suite: Annotated[
        Optional[list[Path]], typer.Option("--suite", help="A folder of NAME.ar/NAME.en/NAME.gold (one segment per line); repeatable.")
    ] = None,
    checks: Annotated[
        Optional[Path], typer.Option("--checks", help="Score the checks on an error-injection suite (python -m align.bench.build_check_suite).")
    ] = None,
    scale: Annotated[
        Optional[list[int]], typer.Option("--scale", help="Also align synthetic N x N embeddings (speed and memory only); repeatable.")
    ] = None,
    recheck: Annotated[
        Optional[Path], typer.Option("--recheck", help="CPU seconds of a warm re-check of this document (align check in a fresh process, vectors cached).")
    ] = None,
    tmx_units: Annotated[
        Optional[int],
        typer.Option("--tmx-units", help="CPU seconds of checking a TMX of N units built from bench/suite/clean (cold, then warm)."),
    ] = None,
    presegmented: Presegmented = False,
    output_format: Annotated[BenchFormat, typer.Option("--format", help="Output format.")] = BenchFormat.text,
    model: Model = None,
    max_link: MaxLink = None,
    config: Config = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Embed everything afresh, to measure model speed.")] = False,
    quiet: Quiet = False,
) -> int:
    """Score alignments against gold ones and time each stage."""
    from tqdm import tqdm

    from align.bench import measure as benchmark
    from align.io.jobs import load, one_job

    if (ar is None) != (en is None) or (ar is not None) != (gold is not None):
        raise InputError("give --ar, --en and --gold together")
    if recheck is not None:
        return _bench_recheck(recheck, _settings(config, model=model), output_format is BenchFormat.json)
    if tmx_units is not None:
        return _bench_memory(tmx_units, _settings(config, model=model), output_format is BenchFormat.json)
    if checks is not None:
        return _bench_checks(checks, _settings(config, model=model), output_format is BenchFormat.json, no_cache)
    if ar is None and not suite and not scale:
        raise InputError("give --ar A --en E --gold G, --suite DIR, --checks DIR, --recheck DOC, --tmx-units N or --scale N")
    if any(n < 1 for n in scale or []):
        raise InputError("--scale takes a positive number of segments")
    settings = _settings(config, model=model, max_link=max_link, presegmented=presegmented)
    results: list[benchmark.BenchResult] = []
    signature: dict[str, object] = {"max_link": settings.max_link}
    if ar is not None or suite:
        from align.embed.embedder import load_embedder

        embedder = load_embedder(settings.model, cache_dir=settings.cache_dir, cache=not no_cache)
        signature["model"] = embedder.name
        if ar is not None and en is not None and gold is not None:
            source, target, _ = load(one_job(ar=ar, en=en, presegmented=settings.presegmented))
            results.append(benchmark.bench_pair(ar.stem, source, target, benchmark.read_gold(gold), embedder=embedder, settings=settings))
        suite_settings = replace(settings, presegmented=True)  # suites hold one segment per line
        for folder in suite or []:
            documents = benchmark.suite_documents(folder)
            per_document = []
            for name, ar_path, en_path, gold_path in tqdm(documents, desc=folder.name, disable=quiet, unit="doc"):
                source, target, _ = load(one_job(ar=ar_path, en=en_path, presegmented=True))
                per_document.append(
                    benchmark.bench_pair(name, source, target, benchmark.read_gold(gold_path), embedder=embedder, settings=suite_settings)
                )
            results.append(benchmark.pool(folder.name, per_document))
    for size in scale or []:
        results.append(benchmark.bench_scale(size))
    typer.echo(benchmark.to_json(results, signature) if output_format is BenchFormat.json else benchmark.to_text(results))
    return EXIT_OK


def _bench_recheck(document: Path, settings: Settings, as_json: bool) -> int:
    import json

    from align.bench.recheck import bench_recheck, to_text

    result = bench_recheck(document, settings)
    typer.echo(json.dumps(result.as_dict(), indent=1) if as_json else to_text(result))
    return EXIT_OK


def _bench_memory(units: int, settings: Settings, as_json: bool) -> int:
    import json
    import tempfile

    from align.bench.memory import SUITE_PAIRS, bench_memory
    from align.bench.recheck import to_text

    if units < 1:
        raise InputError("--tmx-units takes a positive number of units")
    with tempfile.TemporaryDirectory() as workdir:
        result = bench_memory(units, SUITE_PAIRS, Path(workdir), settings)
    typer.echo(json.dumps(result.as_dict(), indent=1) if as_json else to_text(result))
    return EXIT_OK


def _bench_checks(folder: Path, settings: Settings, as_json: bool, no_cache: bool) -> int:
    import json

    from align.bench.checks import bench_checks, to_text
    from align.bench.measure import suite_documents
    from align.embed.embedder import load_embedder

    suite_documents(folder)  # a bad folder is a usage error before the model loads
    embedder = load_embedder(settings.model, cache_dir=settings.cache_dir, cache=not no_cache)
    result = bench_checks(folder, embedder=embedder, settings=settings)
    typer.echo(json.dumps({"model": embedder.name, **result.as_dict()}, indent=1) if as_json else to_text(result).rstrip("\n"))
    return EXIT_OK


Roots = Annotated[
    Optional[list[Path]],
    typer.Option("--root", help="Also let the page open files inside this folder (repeatable); the current folder always."),
]


def review_command(app_path: Path, inputs: dict[str, Path | None], roots: list[Path]) -> list[str]:
    """The ``streamlit run`` command of ``align review``: the inputs and allowed folders as absolute paths.

    The current folder is the first allowed folder: the page's file paths are read relative to it.
    """
    args = [sys.executable, "-m", "streamlit", "run", str(app_path), "--"]
    for flag, value in inputs.items():
        if value is not None:
            args += [flag, str(Path(value).resolve())]
    for root in (Path.cwd(), *roots):
        if not root.is_dir():
            raise InputError(f"--root {root}: no such folder")
        args += ["--root", str(root.resolve())]
    return args


@app.command()
def review(doc: Doc = None, ar: ArFile = None, en: EnFile = None, config: Config = None, root: Roots = None) -> int:
    """Open the review UI in the browser (Streamlit) on these inputs."""
    app_path = Path(__file__).resolve().parent.parent / "app.py"
    if not app_path.exists():
        raise InputError(f"the review UI {app_path} is missing from this installation")
    # Found here, where the user is: the UI runs from its own folder.
    settings_file = _settings(config).path
    args = review_command(app_path, {"--doc": doc, "--ar": ar, "--en": en, "--config": settings_file}, list(root or []))
    # From the app's folder, so Streamlit reads its .streamlit/config.toml (upload limit, headless).
    return subprocess.call(args, cwd=app_path.parent)


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: raised in the main thread, so every ``finally`` and ``with`` runs on the way out.

    A :class:`KeyboardInterrupt`, so what already handles Ctrl-C (progress bars,
    the worker pool, typer) treats SIGTERM the same.
    """


@contextmanager
def _stoppable(received: list[int]) -> Iterator[None]:
    """While the command runs, SIGINT and SIGTERM are noted in ``received`` and raise :class:`Stopped`.

    Installed even where SIGINT arrives ignored (a shell starts background jobs
    so): a user who sends it means to stop the run. The former handlers come
    back after.
    """

    def stop(signum: int, frame: object) -> None:
        received.append(signum)
        raise Stopped(signum)

    before = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every failure into one line and an exit code."""
    received: list[int] = []
    try:
        with _stoppable(received):
            code = app(args=argv, standalone_mode=False)
    except click.exceptions.ClickException as error:
        error.show()
        code = EXIT_INPUT
    except click.exceptions.Abort:
        code = 130
    except AlignError as error:
        typer.echo(f"align: error: {error}", err=True)
        code = error.exit_code
    except KeyboardInterrupt:
        code = 130
    except Exception as error:  # noqa: BLE001 — the user gets one line, the bug report gets the trace
        if callable(getattr(error, "show", None)) and hasattr(error, "exit_code"):
            # A usage error from a click copy other than the one imported here (typer vendors its own).
            getattr(error, "show")()
            sys.exit(EXIT_INPUT)
        if os.environ.get("ALIGN_DEBUG"):
            raise
        typer.echo(f"align: internal error: {type(error).__name__}: {error} (rerun with ALIGN_DEBUG=1 for details)", err=True)
        code = EXIT_INTERNAL
    if received:
        # Typer turns the interrupt into exit code 130 whichever signal it was.
        typer.echo(f"align: interrupted ({signal.Signals(received[0]).name})", err=True)
        code = 128 + received[0]
    sys.exit(code if isinstance(code, int) else EXIT_OK)
