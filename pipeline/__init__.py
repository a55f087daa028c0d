"""Indonesian security-cooperation news to research data.

``pipeline.load(out_dir)`` reads a run's tables back as typed pandas DataFrames (see dataset.load).
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# Per-article time budget of `run`, seconds: one pathological page must not stall a batch.
ARTICLE_SECONDS = 120.0


def __getattr__(name: str) -> Any:
    """``load`` imported on first use: the CLI starts without pandas."""
    if name == "load":
        from .dataset import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
