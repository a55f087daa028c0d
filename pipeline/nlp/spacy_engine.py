"""spaCy NER engine: the trained pipeline shipped in pipeline/models/spacy-ner.

The pipeline is trained by spaCy (pipeline/train/spacy_ner.py), exported to
numpy arrays and run by ``spacy_infer``, which gives the same entities as
``spacy.load`` without importing spaCy (1.5 s of start-up) or thinc
(tests/test_spacy_infer.py holds the two to the same entities). Text is split
with the project's offset-keeping tokenizer (the one the stanza engine uses
too) and handed over as tokens, as in the model's pre-tokenized training
corpora; spans map back to characters through those offsets.
"""
from __future__ import annotations

from pathlib import Path

from ..paths import SHIPPED_MODELS, models_dir
from . import TokenSpan

MODEL_DIR = SHIPPED_MODELS / "spacy-ner"
MODEL_NAME = "spacy-ner"
EXPORT = "spacy_ner"  # the export the engine runs, beside spaCy's own files: spacy_ner.npz and spacy_ner.json
# BLAS threads for this process: one, as for the stanza engine (see THREADS in stanza_engine.py).
THREADS = 1


class SpacyEngine:
    name = "spacy"

    def __init__(self, model_dir: Path | None = None, threads: int = THREADS) -> None:
        from threadpoolctl import threadpool_limits

        from . import exported
        from .spacy_infer import SpacyNER

        model_dir = model_dir or models_dir() / MODEL_NAME
        export = model_dir / EXPORT
        if not exported.exists(export):
            if (model_dir / "config.cfg").exists():  # a pipeline trained before the engine ran on its export
                raise FileNotFoundError(f"the spaCy pipeline {model_dir} has no numpy export beside it; write it "
                                        f"with `python -m pipeline.train.spacy_ner {model_dir}`")
            raise FileNotFoundError(f"spaCy NER model missing at {model_dir}; train it with "
                                    "`python -m pipeline train ner --engine spacy`")
        threadpool_limits(threads, user_api="blas")
        self.model = SpacyNER(export)

    def tag(self, sentences: list[list[str]]) -> list[list[TokenSpan]]:
        return self.model.tag(sentences)
