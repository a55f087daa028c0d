"""A trained NER model as run time reads it: its arrays in ``<path>.npz``, everything else
(vocabularies, sizes, labels) in ``<path>.json``. Reading runs no code from either file
(``allow_pickle=False``), so a models folder from elsewhere cannot execute anything."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

WEIGHTS, SPEC = ".npz", ".json"


def exists(path: Path) -> bool:
    """Whether both files of the export at ``path`` are there."""
    return path.with_suffix(WEIGHTS).is_file() and path.with_suffix(SPEC).is_file()


def read(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The export's JSON part and its arrays."""
    spec = json.loads(path.with_suffix(SPEC).read_text(encoding="utf-8"))
    with np.load(path.with_suffix(WEIGHTS), allow_pickle=False) as arrays:
        return spec, {k: arrays[k] for k in arrays.files}


def write(path: Path, arrays: dict[str, np.ndarray], spec: dict) -> Path:
    """Write an export (arrays as float32); returns the arrays' file."""
    np.savez(path.with_suffix(WEIGHTS), **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})
    path.with_suffix(SPEC).write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path.with_suffix(WEIGHTS)
