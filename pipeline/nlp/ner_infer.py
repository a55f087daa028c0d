"""Prediction with a stanza NER model in numpy, without importing stanza or torch.

stanza's own path costs seconds before the first sentence (the package pulls in
IPython, its trainer sets up an optimiser, torch alone takes 2 s to import) and,
per batch, a CRF loss and log-normaliser that prediction throws away. This module
runs the eval-mode forward pass of ``stanza.models.ner.model.NERTagger`` for the
models ``pipeline/train/stanza_ner.py`` trains (delta word embeddings of lowercased
words, the bidirectional character LSTM's final states, the optional input
transform, the tagger LSTM and its classifier; dropout is the identity in eval
mode), then decodes as ``stanza.models.ner.trainer.Trainer.predict`` does: Viterbi
over the saved CRF transitions, ids below ``O`` read as ``O``, then
``fix_singleton_tags``. stanza's NER processor changes nothing after that for a
single model.

The weights come from an export of the stanza checkpoint (``export`` in
pipeline/train/stanza_ner.py): arrays in an ``.npz`` read with ``allow_pickle=False``
and vocabularies in JSON, so loading a model runs no code from the file.

Work is shared within a call: each distinct word's character states, embedding,
input transform and tagger input projection are computed once, character input
projections once per character of the vocabulary, and sentences go through the
tagger sorted by length, in chunks of bounded size.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import exported
from .batches import chunks, distinct_words

# stanza's vocabularies open with <PAD> <UNK> <EMPTY> <ROOT>; predicted ids below the first real tag mean O.
PAD_ID, UNK_ID, PREFIX_SIZE = 0, 1, 4
# Tokens per tagger chunk and words per character-model chunk: memory stays bounded (tens of MB)
# however many articles a call holds, and batches are still wide enough to be fast.
CHUNK_TOKENS = 4096
CHUNK_WORDS = 4096


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _gates_reordered(w: np.ndarray) -> np.ndarray:
    """Rows of a torch LSTM weight or bias from its gate order (input, forget, cell, output) to input,
    forget, output, cell: the three sigmoid gates side by side, one call each step."""
    i, f, g, o = np.split(w, 4)
    return np.ascontiguousarray(np.concatenate([i, f, o, g]))


@dataclass(frozen=True)
class Direction:
    """One direction of a one-layer LSTM: recurrent weights (transposed for ``h @ w``) and its learnt
    initial state. Input projections are computed by the caller, biases included; both in the gate
    order of ``_gates_reordered``."""
    w_hh: np.ndarray  # (hidden, 4 * hidden)
    h0: np.ndarray  # (hidden,)
    c0: np.ndarray

    def run(self, proj: np.ndarray, batch_sizes: list[int], offsets: list[int], reverse: bool,
            out: np.ndarray | None = None) -> np.ndarray:
        """The LSTM over a packed batch (rows time-major, sequences longest first), as torch runs a
        PackedSequence: a sequence starts from the initial state at its first step (its last, in
        reverse) and stops at its own end. Fills ``out`` (packed rows) if given; returns the final
        hidden state of every sequence."""
        n, size = batch_sizes[0], self.h0.shape[0]
        h = np.broadcast_to(self.h0, (n, size)).copy()
        c = np.broadcast_to(self.c0, (n, size)).copy()
        steps = range(len(batch_sizes) - 1, -1, -1) if reverse else range(len(batch_sizes))
        for t in steps:
            bs, rows = batch_sizes[t], slice(offsets[t], offsets[t + 1])
            gates = proj[rows] + h[:bs] @ self.w_hh
            sig = _sigmoid(gates[:, :3 * size])
            c[:bs] = sig[:, size:2 * size] * c[:bs] + sig[:, :size] * np.tanh(gates[:, 3 * size:])
            h[:bs] = sig[:, 2 * size:] * np.tanh(c[:bs])
            if out is not None:
                out[rows] = h[:bs]
        return h


def _offsets(batch_sizes: list[int]) -> list[int]:
    offsets = [0]
    for bs in batch_sizes:
        offsets.append(offsets[-1] + bs)
    return offsets


def _batch_sizes(lengths: list[int]) -> list[int]:
    """Rows per time step (how many sequences are longer than the step) of sequences sorted longest
    first, counted in time linear in their number and the longest length."""
    ending = [0] * (lengths[0] + 1)
    for n in lengths:
        ending[n] += 1
    sizes, running = [], len(lengths)
    for t in range(lengths[0]):
        running -= ending[t]
        sizes.append(running)
    return sizes


class StanzaNER:
    """Inference-only twin of stanza's NERTagger and its predict step, for one exported checkpoint
    (``<path>.npz`` and ``<path>.json``)."""

    def __init__(self, path: Path) -> None:
        spec, arrays = exported.read(path)
        w = {k: _gates_reordered(a) if k.startswith(("char_w_", "char_b", "tag_w_", "tag_b")) else a
             for k, a in arrays.items()}
        # Vocabularies mapped as stanza maps them: a word lowercased by NERTagger.extract_static_embeddings
        # and/or its vocabulary, each character by DataLoader.preprocess and/or its vocabulary; the tags
        # of the column the trainer predicts.
        self.lowercase: bool = spec["lowercase"]
        self.delta_ids: dict[str, int] = spec["delta_ids"]
        self.char_lower: bool = spec["char_lowercase"]
        self.char_ids: dict[str, int] = spec["char_ids"]
        self.tags: list[str] = spec["tags"]

        self.delta_emb = w["delta_emb"]
        # a character's input projection depends on the character alone: one row per vocabulary entry
        self.char_proj = [w["char_emb"] @ w[f"char_w_ih{d}"].T + w[f"char_b{d}"] for d in ("", "_reverse")]
        self.char_dirs = [Direction(w[f"char_w_hh{d}"].T.copy(), w["char_h0"][k], w["char_c0"][k])
                          for k, d in enumerate(("", "_reverse"))]
        self.transform = (w["transform_w"].T.copy(), w["transform_b"]) if "transform_w" in w else None
        self.tag_w_ih = np.concatenate([w["tag_w_ih"].T, w["tag_w_ih_reverse"].T], 1)
        self.tag_b = np.concatenate([w["tag_b"], w["tag_b_reverse"]])
        self.tag_dirs = [Direction(w[f"tag_w_hh{d}"].T.copy(), w["tag_h0"][k], w["tag_c0"][k])
                         for k, d in enumerate(("", "_reverse"))]
        self.clf_w, self.clf_b = w["clf_w"].T.copy(), w["clf_b"]
        self.transitions = w["transitions"]

    def word_id(self, word: str) -> int:
        """The delta-embedding row stanza looks ``word`` up in."""
        return self.delta_ids.get(word.lower() if self.lowercase else word, UNK_ID)

    def char_id_list(self, word: str) -> list[int]:
        """The character-embedding rows of ``word``, one per character."""
        ids = self.char_ids
        return [ids.get(c.lower() if self.char_lower else c, UNK_ID) for c in word]

    def word_inputs(self, words: list[str]) -> np.ndarray:
        """Tagger input projections of distinct words, one row each (both directions side by side):
        delta embedding and the character LSTM's last forward and backward states (CharacterModel
        without attention), input-transformed, times the tagger's input weights."""
        order = sorted(range(len(words)), key=lambda i: -len(words[i]))
        hidden = self.char_dirs[0].h0.shape[0]
        chars = np.empty((len(words), 2 * hidden), dtype=np.float32)
        for start in range(0, len(order), CHUNK_WORDS):
            rows = order[start:start + CHUNK_WORDS]
            ids = [self.char_id_list(words[i]) for i in rows]
            sizes = _batch_sizes([len(x) for x in ids])
            packed = np.array([x[t] for t, bs in enumerate(sizes) for x in ids[:bs]])
            offsets = _offsets(sizes)
            for k, (direction, proj) in enumerate(zip(self.char_dirs, self.char_proj)):
                chars[rows, k * hidden:(k + 1) * hidden] = direction.run(proj[packed], sizes, offsets, k == 1)
        delta = self.delta_emb[[self.word_id(w) for w in words]]
        inputs = np.concatenate([delta, chars], 1)
        if self.transform is not None:
            inputs = inputs @ self.transform[0] + self.transform[1]
        return inputs @ self.tag_w_ih + self.tag_b

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIOES tags of pre-tokenized sentences (tokens non-empty), as stanza's pipeline returns them."""
        if any(not w for s in sentences for w in s):
            raise ValueError("empty token: stanza's character model cannot read it")
        out: list[list[str]] = [[] for _ in sentences]
        index = distinct_words(sentences)
        if not index:
            return out
        inputs = self.word_inputs(list(index))
        for chunk in chunks(sentences, CHUNK_TOKENS):
            for i, tags in zip(chunk, self._tag_sorted([sentences[i] for i in chunk], index, inputs)):
                out[i] = tags
        return out

    def _tag_sorted(self, chunk: list[list[str]], index: dict[str, int], inputs: np.ndarray) -> list[list[str]]:
        """Tags of sentences sorted longest first, run as one packed batch."""
        sizes = _batch_sizes([len(s) for s in chunk])
        offsets = _offsets(sizes)
        proj = inputs[[index[s[t]] for t, bs in enumerate(sizes) for s in chunk[:bs]]]
        width, size = proj.shape[1] // 2, self.tag_dirs[0].h0.shape[0]
        hidden = np.empty((len(proj), 2 * size), dtype=np.float32)  # forward states, then backward ones
        for k, direction in enumerate(self.tag_dirs):
            direction.run(proj[:, k * width:(k + 1) * width], sizes, offsets, k == 1, hidden[:, k * size:(k + 1) * size])
        ids = np.maximum(viterbi(hidden @ self.clf_w + self.clf_b, sizes, self.transitions), PREFIX_SIZE).tolist()
        return [fix_singleton_tags([self.tags[ids[offsets[t] + i]] for t in range(len(s))])
                for i, s in enumerate(chunk)]


def viterbi(emissions: np.ndarray, batch_sizes: list[int], transitions: np.ndarray) -> np.ndarray:
    """Best tag ids of a packed batch (rows time-major, sentences longest first), computed for all
    sentences at once with the same float32 sums, maxima and first-best ties as stanza's
    per-sentence ``viterbi_decode``."""
    offsets = _offsets(batch_sizes)
    score = emissions[:batch_sizes[0]].copy()  # a sentence's row stops changing after its last token
    pointers = []
    for t in range(1, len(batch_sizes)):
        bs = batch_sizes[t]
        v = score[:bs, :, None] + transitions  # (sentence, previous tag, tag)
        arg = v.argmax(1)
        score[:bs] = emissions[offsets[t]:offsets[t + 1]] + np.take_along_axis(v, arg[:, None, :], 1)[:, 0]
        pointers.append(arg)
    path = np.empty(len(emissions), dtype=np.int64)
    current = score.argmax(1)  # each sentence's last tag
    for t in range(len(batch_sizes) - 1, -1, -1):
        bs = batch_sizes[t]
        path[offsets[t]:offsets[t + 1]] = current[:bs]
        if t:
            current[:bs] = np.take_along_axis(pointers[t - 1], current[:bs, None], 1)[:, 0]
    return path


def fix_singleton_tags(tags: list[str]) -> list[str]:
    """stanza's ``fix_singleton_tags``, step for step: an I- that opens or closes an entity becomes
    B- or E-, then a B- or E- standing alone becomes S-."""
    new = list(tags)
    for i, tag in enumerate(new):
        if tag.startswith("I-") and (i == len(new) - 1 or new[i + 1] not in ("I-" + tag[2:], "E-" + tag[2:])):
            new[i] = "E-" + tag[2:]
        if tag.startswith("I-") and (i == 0 or new[i - 1] not in ("B-" + tag[2:], "I-" + tag[2:])):
            new[i] = "B-" + tag[2:]
    for i, tag in enumerate(new):
        if tag.startswith("B-") and (i == len(new) - 1 or new[i + 1] not in ("I-" + tag[2:], "E-" + tag[2:])):
            new[i] = "S-" + tag[2:]
        if tag.startswith("E-") and (i == 0 or new[i - 1] not in ("B-" + tag[2:], "I-" + tag[2:])):
            new[i] = "S-" + tag[2:]
    return new
