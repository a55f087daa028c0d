"""A logistic regression over named features, as the learned stages ship it: plain JSON
(feature names, standardisation, weights, threshold), read without pickle, applied with numpy."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LogisticModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probability(self, feats: list[dict[str, float]]) -> np.ndarray:
        """P(positive) for each feature dict; features the model does not know count as absent."""
        if not feats:
            return np.zeros(0)
        x = np.array([[f.get(name, 0.0) for name in self.features] for f in feats], dtype=float)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: dict) -> LogisticModel:
        n = len(data["features"])
        arrays = [np.asarray(data[k], dtype=float) for k in ("mean", "scale", "coef")]
        if any(a.shape != (n,) for a in arrays):
            raise ValueError("model file: feature and weight counts differ")
        return cls(tuple(data["features"]), *arrays, float(data["intercept"]), float(data["threshold"]))


@lru_cache(maxsize=8)
def load(path: Path) -> LogisticModel | None:
    """The model in ``path``; None where there is none (the stage then runs on its rules alone)."""
    if not path.is_file():
        return None
    return LogisticModel.from_json(json.loads(path.read_text(encoding="utf-8")))
