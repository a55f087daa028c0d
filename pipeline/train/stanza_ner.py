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
        "--num_layers", "1", "--batch_size", "32", "--lr", "0.1", "--word_dropout", "0.05", "--dropout", "0.4"]
EVAL_INTERVAL = 400  # steps between dev evaluations (fewer steps than this: one, at the end)


def to_json(sentences: list[Sentence], path: Path) -> None:
    data = [[{"text": t, "ner": tag} for t, tag in zip(s.tokens, s.tags)] for s in sentences]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# The shipped model's seed: of seeds 0 and 1, the one that scored better on the entity
# fields of the seeds + dev articles (0.960 against 0.943; see README).
SEED = 1


def train(corpora_dir: Path, names: list[str], out_dir: Path = MODEL_DIR, max_steps: int = 3000,
          seed: int = SEED, gold: list[Sentence] | None = None, gold_weight: int = 0,
          finetune_from: Path | None = None, finetune_lr: float | None = None) -> Path:
    """Train with stanza's trainer; the best dev checkpoint goes to ``out_dir``. ``gold``
    sentences (projected from gold articles) join the corpora's train split ``gold_weight`` times over.
    ``finetune_from`` (a checkpoint) starts from that model, keeping its vocabulary, instead of from scratch,
    at ``finetune_lr`` when given (stanza takes a fine-tuning's learning rate from the checkpoint, not from
    its command line, so the checkpoint is copied with the rate changed)."""
    import random

    from stanza.models import ner_tagger

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        train_s, dev_s = training_sets(corpora_dir, names, seed)
        if gold and gold_weight:
            train_s = train_s + list(gold) * gold_weight
            random.Random(seed).shuffle(train_s)
        if finetune_from is not None and finetune_lr is not None:
            finetune_from = _with_learning_rate(finetune_from, finetune_lr, tmpdir / "start.pt")
        to_json(train_s, tmpdir / "train.json")
        to_json(dev_s, tmpdir / "dev.json")
        ner_tagger.main(["--train_file", str(tmpdir / "train.json"), "--eval_file", str(tmpdir / "dev.json"),
                         "--shorthand", "id_news", "--mode", "train", "--cpu",
                         "--save_dir", str(tmpdir / "model"), "--save_name", MODEL_FILE,
                         "--max_steps", str(max_steps), "--seed", str(seed), *ARGS,
                         "--eval_interval", str(min(EVAL_INTERVAL, max_steps)),
                         *(["--finetune", "--finetune_load_name", str(finetune_from)] if finetune_from else [])])
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmpdir / "model" / MODEL_FILE, out_dir / MODEL_FILE)
        export(out_dir / MODEL_FILE)
        if out_dir.resolve() != MODEL_DIR.resolve():  # stanza wants its resources file beside the model
            shutil.copy(MODEL_DIR / "resources.json", out_dir / "resources.json")
    return out_dir


def _with_learning_rate(checkpoint: Path, lr: float, out: Path) -> Path:
    import torch

    saved = torch.load(checkpoint, map_location="cpu", weights_only=True)
    saved["config"]["lr"] = lr
    torch.save(saved, out)
    return out


def export(checkpoint: Path) -> Path:
    """Write the arrays and vocabularies ``pipeline.nlp.ner_infer`` runs on beside a stanza checkpoint
    (``id_ner.npz`` and ``id_ner.json``), from the checkpoint read with ``weights_only=True``. The
    run-time engine then needs neither stanza nor torch, and its model files hold no pickles."""
    import torch

    from ..nlp import exported

    ckpt = torch.load(checkpoint, map_location="cpu", weights_only=True)
    args, vocab, state = ckpt["config"], ckpt["vocab"], ckpt["model"]
    unsupported = [what for what, used in [
        ("pretrained word vectors", "word" in vocab), ("character language models", args.get("charlm")),
        ("transformer embeddings", args.get("bert_model")),
        ("connected output layers", args.get("connect_output_layers")),
        ("recurrent dropout", args.get("rec_dropout") or args.get("char_rec_dropout")),
        ("more than one LSTM layer", args["num_layers"] != 1 or args["char_num_layers"] != 1),
        ("no character model", not (args["char"] and args["char_emb_dim"] > 0)),
        ("no delta embeddings", "delta" not in vocab or args["word_emb_dim"] <= 0)] if used]
    if unsupported:
        raise ValueError(f"{checkpoint}: a stanza NER model with {', '.join(unsupported)} cannot be exported")
    column = args.get("predict_tagset") or 0
    arrays = {"delta_emb": state["delta_emb.weight"], "char_emb": state["charmodel.char_emb.weight"],
              "char_h0": state["charmodel.charlstm_h_init"][:, 0], "char_c0": state["charmodel.charlstm_c_init"][:, 0],
              "tag_h0": state["taggerlstm_h_init"][:, 0], "tag_c0": state["taggerlstm_c_init"][:, 0],
              "clf_w": state[f"tag_clfs.{column}.weight"], "clf_b": state[f"tag_clfs.{column}.bias"],
              "transitions": state[f"crits.{column}._transitions"]}
    for ours, theirs in (("char", "charmodel.charlstm.lstm."), ("tag", "taggerlstm.lstm.")):
        for d in ("", "_reverse"):
            arrays[f"{ours}_w_ih{d}"] = state[f"{theirs}weight_ih_l0{d}"]
            arrays[f"{ours}_w_hh{d}"] = state[f"{theirs}weight_hh_l0{d}"]
            arrays[f"{ours}_b{d}"] = state[f"{theirs}bias_ih_l0{d}"] + state[f"{theirs}bias_hh_l0{d}"]
    if args.get("input_transform"):
        arrays["transform_w"], arrays["transform_b"] = state["input_transform.weight"], state["input_transform.bias"]
    delta, chars = vocab["delta"], vocab["char"]
    spec = {"lowercase": bool(args.get("lowercase", True) or delta["lower"]), "delta_ids": delta["_unit2id"],
            "char_lowercase": bool(args.get("char_lowercase") or chars["lower"]), "char_ids": chars["_unit2id"],
            "tags": list(vocab["tag"]["_id2unit"].values())[column]}
    return exported.write(checkpoint, {k: v.numpy() for k, v in arrays.items()}, spec)


if __name__ == "__main__":  # export a checkpoint trained before the engine ran on exports
    import sys

    for checkpoint in sys.argv[1:]:
        print(f"wrote {export(Path(checkpoint))}", file=sys.stderr)
