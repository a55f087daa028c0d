"""Train the shipped spaCy NER model from the corpora.

    python -m pipeline train ner --engine spacy [--corpora ../shared/corpora]

Train splits of the chosen corpora are merged; their dev splits select the
best checkpoint. The result is copied to pipeline/models/spacy-ner and exported
beside spaCy's own files for the numpy engine (``export``); a model trained
before that is exported with

    python -m pipeline.train.spacy_ner MODEL_DIR
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..nlp.spacy_engine import EXPORT, MODEL_DIR
from .corpora import Sentence, spans, training_sets

if TYPE_CHECKING:
    import spacy

CONFIG = Path(__file__).with_name("spacy_ner.cfg")
TOKENIZER = "pipeline.whitespace_tokenizer.v1"  # the tokenizer the config names


def whitespace_tokenizer() -> Callable:
    """Whitespace only, for callers that pass plain text to ``nlp``: the engines hand the model tokens cut
    by the project's tokenizer, and spaCy's Indonesian one, with its 30,000 special cases, took 3 s to load."""
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def register_tokenizer() -> None:
    """Make the config's tokenizer known to spaCy, which needs it to train or load the pipeline."""
    import spacy

    spacy.registry.tokenizers.register(TOKENIZER, func=whitespace_tokenizer)


def spacy_pipeline(model_dir: Path = MODEL_DIR) -> spacy.Language:
    """The trained pipeline as spaCy loads it: what ``export`` reads, and what tests hold the numpy
    engine to."""
    import spacy

    register_tokenizer()
    return spacy.load(model_dir)


def to_docbin(sentences: list[Sentence], path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin, Span

    nlp = spacy.blank("id")
    db = DocBin()
    for s in sentences:
        doc = spacy.tokens.Doc(nlp.vocab, words=s.tokens)
        doc.ents = [Span(doc, a, b, label=lab) for a, b, lab in sorted(spans(s))]
        db.add(doc)
    db.to_disk(path)


def train(corpora_dir: Path, names: list[str], out_dir: Path = MODEL_DIR, max_steps: int | None = None,
          seed: int = 0, overrides: dict | None = None, gold: list[Sentence] | None = None,
          gold_weight: int = 0) -> Path:
    """Train and copy model-best to ``out_dir``; returns it. ``gold`` sentences (projected
    from gold articles) join the corpora's train split ``gold_weight`` times over."""
    from spacy.cli.train import train as spacy_train

    register_tokenizer()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        train_s, dev_s = training_sets(corpora_dir, names, seed)
        train_s = train_s + list(gold or []) * gold_weight
        to_docbin(train_s, tmpdir / "train.spacy")
        to_docbin(dev_s, tmpdir / "dev.spacy")
        settings = {"paths.train": str(tmpdir / "train.spacy"), "paths.dev": str(tmpdir / "dev.spacy"),
                    "system.seed": seed}
        if max_steps:
            settings["training.max_steps"] = max_steps
        settings.update(overrides or {})
        spacy_train(CONFIG, tmpdir / "out", overrides=settings)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        shutil.copytree(tmpdir / "out" / "model-best", out_dir)
    export(out_dir)
    return out_dir


def _norm_tables(getter: Callable) -> list[dict[str, str]]:
    """The lookup tables of a vocabulary's NORM getter, first consulted first, if it is spaCy's lowercasing
    extended with lookups only (``util.add_lookups``, as ``create_vocab`` and a lexeme_norm table make
    it); ValueError otherwise."""
    from functools import partial

    from spacy.attrs import NORM
    from spacy.lang.lex_attrs import LEX_ATTRS
    from spacy.util import _get_attr_unless_lookup

    tables: list[dict[str, str]] = []
    while isinstance(getter, partial) and getter.func is _get_attr_unless_lookup:
        getter, lookups = getter.args
        tables.extend(dict(t) for t in lookups)
    if getter is not LEX_ATTRS[NORM]:
        raise ValueError(f"a NORM getter other than lowercasing with lookups ({getter!r})")
    return tables


def export(model_dir: Path) -> Path:
    """Write the arrays and settings ``pipeline.nlp.spacy_infer`` runs on beside a trained spaCy pipeline
    (``spacy_ner.npz``, float32, and ``spacy_ner.json``), read with spaCy. The run-time engine then needs
    neither spaCy nor thinc, and its model files hold no pickles. Architectures the numpy port does not
    run are refused (ValueError naming them)."""
    from spacy.attrs import IDS
    from spacy.lang.lex_attrs import LEX_ATTRS
    from spacy.strings import SYMBOLS_BY_STR

    from ..nlp import exported
    from ..nlp.spacy_infer import LEXEME_ATTRS

    nlp = spacy_pipeline(model_dir)
    components = nlp.config["components"]
    tok2vec_cfg, ner_cfg = components.get("tok2vec", {}).get("model", {}), components.get("ner", {}).get("model", {})
    embed_cfg, encode_cfg = tok2vec_cfg.get("embed", {}), tok2vec_cfg.get("encode", {})
    attrs = list(embed_cfg.get("attrs", []))
    getters = nlp.vocab.lex_attr_getters
    other = [str(a) for a in attrs if a not in LEXEME_ATTRS]
    own = [a for a in attrs if a in LEXEME_ATTRS and a != "NORM" and getters[IDS[a]] is not LEX_ATTRS[IDS[a]]]
    unsupported = [what for what, used in [
        (f"components {nlp.pipe_names} (not tok2vec, ner)", nlp.pipe_names != ["tok2vec", "ner"]),
        (f"a {tok2vec_cfg.get('@architectures')} tok2vec", tok2vec_cfg.get("@architectures") != "spacy.Tok2Vec.v2"),
        (f"a {embed_cfg.get('@architectures')} embedding",
         embed_cfg.get("@architectures") != "spacy.MultiHashEmbed.v2"),
        ("static vectors", embed_cfg.get("include_static_vectors")),
        (f"a {encode_cfg.get('@architectures')} encoder",
         encode_cfg.get("@architectures") != "spacy.MaxoutWindowEncoder.v2"),
        (f"a {ner_cfg.get('@architectures')} ner model",
         ner_cfg.get("@architectures") != "spacy.TransitionBasedParser.v2"),
        (f"state type {ner_cfg.get('state_type')!r}", ner_cfg.get("state_type") != "ner"),
        ("extra state tokens", ner_cfg.get("extra_state_tokens")),
        ("no upper layer", not ner_cfg.get("use_upper")),
        (f"a {ner_cfg.get('tok2vec', {}).get('@architectures')} ner tok2vec",
         ner_cfg.get("tok2vec", {}).get("@architectures") != "spacy.Tok2VecListener.v1"),
        ("beam search", "ner" in nlp.pipe_names and nlp.get_pipe("ner").cfg.get("beam_width", 1) != 1),
        (f"embedded attributes {', '.join(other)}", other),
        (f"its own {', '.join(own)} getters", own),
    ] if used]
    norms: dict[str, str] = {}
    if "NORM" in attrs:
        try:
            for table in _norm_tables(getters[IDS["NORM"]]):
                for word, norm in table.items():
                    norms.setdefault(word, norm)
        except ValueError as e:
            unsupported.append(str(e))
    if unsupported:
        raise ValueError(f"{model_dir}: a spaCy pipeline with {', '.join(unsupported)} cannot be exported")

    tok2vec, ner = nlp.get_pipe("tok2vec").model, nlp.get_pipe("ner")
    embed, encode = tok2vec.get_ref("embed"), tok2vec.get_ref("encode")
    tables = sorted((n for n in embed.walk() if n.name == "hashembed"), key=lambda n: n.attrs["column"])
    blocks = [n for n in encode.walk() if len(n.layers) == 1 and n.name == f"residual({n.layers[0].name})"]
    arrays = {f"embed_E{i}": t.get_param("E") for i, t in enumerate(tables)}
    for name, layer in [("embed", embed), *((f"encode{d}", block) for d, block in enumerate(blocks))]:
        maxout = next(n for n in layer.walk() if n.name == "maxout")
        norm = next(n for n in layer.walk() if n.name == "layernorm")
        arrays.update({f"{name}_W": maxout.get_param("W"), f"{name}_b": maxout.get_param("b"),
                       f"{name}_G": norm.get_param("G"), f"{name}_beta": norm.get_param("b")})
    proj, lower, upper = ner.model.get_ref("tok2vec").layers[-1], ner.model.get_ref("lower"), ner.model.get_ref("upper")
    arrays.update({"proj_W": proj.get_param("W"), "proj_b": proj.get_param("b"), "lower_W": lower.get_param("W"),
                   "lower_b": lower.get_param("b"), "lower_pad": lower.get_param("pad"),
                   "upper_W": upper.get_param("W"), "upper_b": upper.get_param("b")})
    path = model_dir / EXPORT
    spec = {"moves": [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)], "attrs": attrs,
            "seeds": [t.attrs["seed"] for t in tables], "rows": [t.get_dim("nV") for t in tables],
            "width": tok2vec.get_dim("nO"), "depth": len(blocks),
            "window": next(n for n in encode.walk() if n.name == "expand_window").attrs["window_size"],
            "pad": encode.attrs["pad"], "hidden_width": lower.get_dim("nO"), "maxout_pieces": lower.get_dim("nP"),
            "norms": norms, "symbols": {s: i for s, i in SYMBOLS_BY_STR.items() if s}}
    return exported.write(path, arrays, spec)


if __name__ == "__main__":  # export a model trained before the engine ran on exports
    import sys

    for model in sys.argv[1:]:
        print(f"wrote {export(Path(model))}", file=sys.stderr)
