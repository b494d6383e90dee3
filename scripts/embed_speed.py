"""Cold embedding speed of each model: texts per CPU second, no cache, model loaded first (not part of CI).

The texts are what the aligner embeds for the perturbed development suite
(its first 40 documents a side, each segment alone and in windows of two and
three), every k-th of them so that short and long windows mix as in a real
run. CPU seconds are the whole process's (every thread), from
``time.process_time``, steadier than wall time on a shared machine.

Usage: python scripts/embed_speed.py [--model use] [--model e5-small] [--texts 400]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from align.embed.embedder import load_embedder
from align.pipeline import window_texts

SUITE = Path(__file__).resolve().parent.parent / "bench" / "suite" / "perturbed"
_DOCUMENTS = 40


def suite_texts(count: int) -> list[str]:
    """``count`` window texts of the perturbed suite, spread over its short and long windows."""
    lines: list[str] = []
    for suffix in ("ar", "en"):
        for path in sorted(SUITE.glob(f"*.{suffix}"))[:_DOCUMENTS]:
            lines += path.read_text(encoding="utf-8").splitlines()
    texts = [text for size in (1, 2, 3) for text in window_texts(lines, size)]
    return texts[:: max(1, len(texts) // count)][:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="use, e5-small or a sentence-transformers folder; repeatable")
    parser.add_argument("--texts", type=int, default=400, help="texts embedded per model")
    args = parser.parse_args()
    texts = suite_texts(args.texts)
    for model in args.model or ["use", "e5-small"]:
        embedder = load_embedder(model, cache=False)
        embedder.encode(texts[:8])  # the first batch pays one-off set-up
        started = time.process_time()
        embedder.encode(texts)
        seconds = time.process_time() - started
        backend = getattr(embedder, "backend", "")
        print(f"{model} ({backend}): {len(texts)} texts in {seconds:.1f} CPU s = {len(texts) / seconds:.1f} texts per CPU second")


if __name__ == "__main__":
    main()
