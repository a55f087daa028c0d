"""Train the shipped stanza NER model from the corpora.

    python -m pipeline train ner --engine stanza [--corpora ../shared/corpora]

stanza's own trainer (``stanza.models.ner_tagger``) runs on JSON files this
module writes from the corpora; no pretrained word vectors (nothing can be
downloaded), so word embeddings and the character model are learnt here.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from ..nlp.stanza_engine import MODEL_DIR, MODEL_FILE
from .corpora import Sentence, training_sets

# Hyper-parameters, chosen on the dev splits (see README).
ARGS = ["--no_pretrain", "--word_emb_dim", "64", "--hidden_dim", "192", "--char_hidden_dim", "128",
        "--num_layers", "1", "--batch_size", "32", "--eval_interval", "400", "--lr", "0.1",
        "--word_dropout", "0.05", "--dropout", "0.4"]


def to_json(sentences: list[Sentence], path: Path) -> None:
    data = [[{"text": t, "ner": tag} for t, tag in zip(s.tokens, s.tags)] for s in sentences]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# The shipped model's seed: of seeds 0 and 1, the one that scored better on the entity
# fields of the seeds + dev articles (0.960 against 0.943; see README).
SEED = 1


def train(corpora_dir: Path, names: list[str], out_dir: Path = MODEL_DIR, max_steps: int = 3000,
          seed: int = SEED, gold: list[Sentence] | None = None, gold_weight: int = 0) -> Path:
    """Train with stanza's trainer; the best dev checkpoint goes to ``out_dir``. ``gold``
    sentences (projected from gold articles) join the corpora's train split ``gold_weight`` times over."""
    import random

    from stanza.models import ner_tagger

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        train_s, dev_s = training_sets(corpora_dir, names, seed)
        if gold and gold_weight:
            train_s = train_s + list(gold) * gold_weight
            random.Random(seed).shuffle(train_s)
        to_json(train_s, tmpdir / "train.json")
        to_json(dev_s, tmpdir / "dev.json")
        ner_tagger.main(["--train_file", str(tmpdir / "train.json"), "--eval_file", str(tmpdir / "dev.json"),
                         "--shorthand", "id_news", "--mode", "train", "--cpu",
                         "--save_dir", str(tmpdir / "model"), "--save_name", MODEL_FILE,
                         "--max_steps", str(max_steps), "--seed", str(seed), *ARGS])
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmpdir / "model" / MODEL_FILE, out_dir / MODEL_FILE)
        if out_dir.resolve() != MODEL_DIR.resolve():  # stanza wants its resources file beside the model
            shutil.copy(MODEL_DIR / "resources.json", out_dir / "resources.json")
    return out_dir
