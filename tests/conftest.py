"""Shared fixtures: one real embedding model for the whole test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from align.model import Segment, Side

REPO = Path(__file__).resolve().parent.parent
SEED_BLOG = REPO / "seeds" / "blog-iraq-sofa-2008-06-09.txt"
SEED_JPOST = REPO / "seeds" / "jpost-khamenei-2008-06-10.txt"

# The converted default model and the embedding cache live inside the checkout,
# so one CI run converts the model once and every test reuses it.
os.environ.setdefault("ALIGN_CACHE_DIR", str(REPO / ".cache" / "align"))


@pytest.fixture(scope="session")
def embedder():
    """The real default offline embedder, loaded once."""
    from align.embed import load_embedder

    return load_embedder()


def build_side(lang: str, texts: list[str], separator: str = "\n\n") -> Side:
    """A side read from ``doc.<lang>.txt`` whose text is ``texts`` joined by ``separator``."""
    segments, offset = [], 0
    for i, text in enumerate(texts):
        segments.append(Segment(id=i, lang=lang, text=text, start=offset, end=offset + len(text)))  # type: ignore[arg-type]
        offset += len(text) + len(separator)
    return Side(lang=lang, path=f"doc.{lang}.txt", text=separator.join(texts), segments=tuple(segments))  # type: ignore[arg-type]


class HashingEmbedder:
    """A stand-in for a real model: character trigrams hashed into 256 dims.

    Deterministic and instant; texts sharing characters get similar vectors,
    which is all that invariants of alignment and checks need.
    """

    name = "hashing-test-embedder"
    dim = 256

    def encode(self, texts, *, progress: bool = False):
        import zlib

        import numpy as np

        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text}  "
            for k in range(len(padded) - 2):
                out[row, zlib.crc32(padded[k : k + 3].encode("utf-8", "surrogatepass")) % self.dim] += 1.0
        out[:, 0] += 1e-3  # never a zero vector
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture(scope="session")
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()
