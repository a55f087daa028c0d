"""Where the package's files live: trained models (shipped, or a folder named by the
environment) and the word lists in pipeline/data.

Cross-validation runs the pipeline on models trained without the fold it
scores; it points ``IDNEWS_MODELS_DIR`` at them, so every entry point (and
every worker process, which inherits the environment) loads the same files.
With ``--hold-out-lists`` it also points ``IDNEWS_DATA_DIR`` at copies of the
word lists without the entries only the held-out articles show.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SHIPPED_MODELS = Path(__file__).resolve().parent / "models"
MODELS_ENV = "IDNEWS_MODELS_DIR"
DATA_ENV = "IDNEWS_DATA_DIR"


def models_dir() -> Path:
    """The models folder in force: ``$IDNEWS_MODELS_DIR`` if set, else the shipped one."""
    override = os.environ.get(MODELS_ENV)
    return Path(override) if override else SHIPPED_MODELS


def data_text(name: str) -> str:
    """A file shipped in pipeline/data (styles, labeling configs, word lists), as text; the copy in
    ``$IDNEWS_DATA_DIR`` instead when that folder has one."""
    override = os.environ.get(DATA_ENV)
    if override and (Path(override) / name).is_file():
        return (Path(override) / name).read_text(encoding="utf-8")
    return (resources.files("pipeline") / "data" / name).read_text(encoding="utf-8")


def data_file(name: str) -> Any:
    """One of the YAML word lists in pipeline/data, parsed with libyaml when it is there (ten
    times faster than the pure-Python parser: a quarter of a second off every start-up)."""
    return yaml.load(data_text(name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
