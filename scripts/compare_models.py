"""Accuracy of each offline model and of both together, on the first documents of each development set (not part of CI).

"Both" is ``--model e5-small+use`` (:class:`align.embed.embedder.CombinedEmbedder`):
each text's two unit vectors side by side, so a cosine is the mean of the two models'.
The aligner and its settings are the defaults; the vectors come from the
embedding cache where they are there.

Usage: python scripts/compare_models.py [--documents 8] [SET ...]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from align.bench.measure import bench_pair, pool, read_gold, suite_documents
from align.embed.embedder import CombinedEmbedder, Embedder, load_embedder
from align.io.jobs import load, one_job
from align.settings import Settings

BENCH = Path(__file__).resolve().parent.parent / "bench"
SETS = {
    name: BENCH / "suite" / name for name in ("clean", "perturbed", "literary", "legal", "mixed", "restructured", "paragraphs")
} | {"quran": BENCH / "quran", "quran-yusufali": BENCH / "quran-yusufali"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=list(SETS), help=f"of {', '.join(SETS)}")
    parser.add_argument("--documents", type=int, default=8, help="first documents of each set (the long ones skipped)")
    args = parser.parse_args()
    settings = replace(Settings(), presegmented=True)
    e5 = load_embedder("e5-small", cache_dir=settings.cache_dir)
    use = load_embedder("use", cache_dir=settings.cache_dir)
    models: dict[str, Embedder] = {"e5-small": e5, "use": use, "both": CombinedEmbedder([e5, use])}
    print(f"{'set':13s} {'model':9s} strict F1  mean doc  worst doc  gap R")
    for name in args.sets:
        documents = [d for d in suite_documents(SETS[name]) if not d[0].startswith("long")][: args.documents]
        for label, embedder in models.items():
            results = []
            for document, ar, en, gold in documents:
                source, target, _ = load(one_job(ar=ar, en=en, presegmented=True))
                results.append(bench_pair(document, source, target, read_gold(gold), embedder=embedder, settings=settings))
            score = pool(name, results).score
            f1 = [r.score.strict_f1 for r in results]
            print(f"{name:13s} {label:9s} {score.strict_f1:9.3f} {np.mean(f1):9.3f} {min(f1):10.3f} {score.gap_recall:6.2f}", flush=True)


if __name__ == "__main__":
    main()
