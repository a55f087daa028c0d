"""spaCy NER engine: the trained pipeline shipped in pipeline/models/spacy-ner."""
from __future__ import annotations

from pathlib import Path

from . import Span
from .tokenize import sentences

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "spacy-ner"


class SpacyEngine:
    name = "spacy"

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        import spacy

        if not (model_dir / "config.cfg").exists():
            raise FileNotFoundError(f"spaCy NER model missing at {model_dir}; train it with "
                                    "`python -m pipeline train ner --engine spacy`")
        self.nlp = spacy.load(model_dir)

    def entities(self, text: str) -> list[Span]:
        """Sentence by sentence, as the model was trained; offsets into ``text``."""
        bounds = sentences(text)
        out = []
        for (s0, _), doc in zip(bounds, self.nlp.pipe(text[a:b] for a, b in bounds)):
            out.extend(Span(s0 + e.start_char, s0 + e.end_char, e.label_) for e in doc.ents)
        return out
