"""What a warm re-check costs: ``align check DOC`` in a fresh process whose vectors are all cached.

CI re-checks unchanged documents on every run, so the start-up of a process
that finds every vector in the embedding cache is what it pays. The command
runs twice in child processes: the first fills the cache (and converts the
model, the first time), the second is measured, in CPU seconds (user +
system, from ``resource.getrusage`` of the child, steadier than wall time on
a busy machine), with the heavy modules it imported. Both reports must be
identical.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError
from align.settings import Settings

#: Modules a cached re-check must not import: the model stack and what it drags in.
MODEL_STACK = ("torch", "transformers", "sentence_transformers", "scipy", "sklearn", "pandas", "pyarrow", "streamlit", "dask")

_CHILD = """
import json, sys
from align.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else 0
stack = {stack}
print(json.dumps([name for name in stack if name in sys.modules]), file=sys.stderr)
sys.exit(code)
"""


@dataclass(frozen=True)
class RecheckResult:
    """The cost of one cold and one warm ``align check`` of a document.

    Attributes:
        document: The document checked.
        first_cpu_seconds: CPU seconds of the first run (embeds whatever the cache lacked).
        warm_cpu_seconds: CPU seconds of the second run, every vector cached.
        warm_wall_seconds: Wall seconds of the second run.
        peak_rss_mb: The larger resident peak of the two child processes.
        imported: Which of :data:`MODEL_STACK` the warm run imported (none, when it works).
        identical: Whether both runs printed the same report.
    """

    document: str
    first_cpu_seconds: float
    warm_cpu_seconds: float
    warm_wall_seconds: float
    peak_rss_mb: float
    imported: tuple[str, ...]
    identical: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "document": self.document,
            "first_cpu_seconds": round(self.first_cpu_seconds, 2),
            "warm_cpu_seconds": round(self.warm_cpu_seconds, 2),
            "warm_wall_seconds": round(self.warm_wall_seconds, 2),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "imported": list(self.imported),
            "identical_report": self.identical,
        }


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _check(args: list[str], env: Mapping[str, str]) -> tuple[str, float, float, tuple[str, ...]]:
    before, start = _child_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(stack=json.dumps(MODEL_STACK)), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    wall, cpu = time.perf_counter() - start, _child_cpu() - before
    if done.returncode not in (0, 1):
        raise InputError(f"align check {' '.join(args)} failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    imported = tuple(json.loads(done.stderr.strip().splitlines()[-1]))
    return done.stdout, cpu, wall, imported


def bench_recheck(document: Path, settings: Settings, env: Mapping[str, str] | None = None) -> RecheckResult:
    """Check ``document`` twice in fresh processes and measure the second, warm, run.

    Args:
        document: What ``align check`` reads.
        settings: Config file, model and cache folder passed on to it.
        env: Environment variables set for the children, on top of this process's.

    Raises:
        InputError: ``align check`` failed on the document.
    """
    args = ["check", str(document), "--format", "json", "--quiet", "--fail-on", "never"]
    if settings.path is not None:
        args += ["--config", str(settings.path)]
    if settings.model is not None:
        args += ["--model", settings.model]
    if settings.cache_dir is not None:
        args += ["--cache-dir", str(settings.cache_dir)]
    first, first_cpu, _, _ = _check(args, env or {})
    again, warm_cpu, warm_wall, imported = _check(args, env or {})
    return RecheckResult(
        document=str(document),
        first_cpu_seconds=first_cpu,
        warm_cpu_seconds=warm_cpu,
        warm_wall_seconds=warm_wall,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        imported=imported,
        identical=first == again,
    )


def to_text(result: RecheckResult) -> str:
    """One line per figure."""
    return "\n".join(
        [
            f"warm re-check of {result.document}",
            f"  first run            {result.first_cpu_seconds:6.2f} CPU s",
            f"  warm re-check        {result.warm_cpu_seconds:6.2f} CPU s ({result.warm_wall_seconds:.2f} s wall)",
            f"  peak resident        {result.peak_rss_mb:6.0f} MB",
            f"  model stack imported {', '.join(result.imported) or 'none'}",
            f"  identical report     {'yes' if result.identical else 'NO'}",
        ]
    )
