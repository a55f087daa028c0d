"""Where the trained models live: shipped in the package, or a folder named by the environment.

Cross-validation runs the pipeline on models trained without the fold it
scores; it points ``IDNEWS_MODELS_DIR`` at them, so every entry point (and
every worker process, which inherits the environment) loads the same files.
"""
from __future__ import annotations

import os
from pathlib import Path

SHIPPED_MODELS = Path(__file__).resolve().parent / "models"
MODELS_ENV = "IDNEWS_MODELS_DIR"


def models_dir() -> Path:
    """The models folder in force: ``$IDNEWS_MODELS_DIR`` if set, else the shipped one."""
    override = os.environ.get(MODELS_ENV)
    return Path(override) if override else SHIPPED_MODELS
