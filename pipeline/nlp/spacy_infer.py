"""Prediction with the spaCy NER pipeline in numpy, without importing spaCy or thinc.

Importing spaCy alone takes ~1.5 s of a process's start-up, for a network of a
few matrix products. This module runs the forward pass of the pipelines
``pipeline/train/spacy_ner.py`` trains, as spaCy 3.8 and thinc 8.3 run it:

* lexical features: each token's lexeme attributes as the shipped config's
  MultiHashEmbed lists them (NORM: the vocabulary's norm exceptions, which for
  Indonesian with no lookups table are spaCy's BASE_NORMS, else the lowercased
  word; PREFIX: the first character; SUFFIX: the last three; SHAPE:
  ``word_shape``), each as its StringStore id: a spaCy symbol's own id (such as
  ``ORG`` or ``_``), else the 64-bit hash of the UTF-8 bytes (MurmurHash64A,
  seed 1);
* HashEmbed: thinc's ``ops.hash`` of each id with the table's seed (four 32-bit
  keys; despite its name, thinc's ``MurmurHash3_x86_128_uint64`` is the x64
  128-bit MurmurHash3 of the id's 8 bytes), each modulo the table's rows, the
  four rows summed in order; tables side by side, then Maxout and LayerNorm;
* the window encoder: thinc's ``with_array(pad=window * depth)`` puts that many
  zero rows before, between and after the sentences, and each residual block
  adds Maxout + LayerNorm of (previous, own, next) rows over the whole padded
  array. The pad rows turn non-zero after the first block and feed their
  neighbours, so they are run too; no sentence ever reaches another;
* the parser: the tok2vec output through its Linear projection, the
  precomputable affine lower layer per feature slot (the learnt padding row
  for a missing token), summed over a state's three features (the next token;
  with an entity open, its first token and the token before the next), plus
  bias, maxout, and the upper Linear layer;
* decoding as ``Parser.greedy_parse`` (beam width 1): each step, every
  unfinished sentence takes its best valid move, the first on ties, under the
  BILUO validity rules of spaCy's ``ner.pyx`` for Docs without preset
  entities or sentence starts (no B or I on the last token, no B or U on a
  whitespace token, I and L only with the open entity's label, O only with no
  entity open). Every move consumes one token, so all sentences advance one
  token per step. spaCy's masking of classes unseen in training is left out:
  the set is not saved with the model, so a loaded pipeline masks none.

Work is shared within a call: features and embeddings once per distinct word,
the encoder over all sentences at once (in chunks of bounded size, sentences
longest first), the decoding loop over all unfinished sentences of a chunk.
spaCy multiplies matrices with BLIS and numpy with OpenBLAS, so scores differ
in their last bits; tests/test_spacy_infer.py holds the entities to spaCy's.

The weights come from an export of the spaCy pipeline (``export`` in
pipeline/train/spacy_ner.py): arrays in an ``.npz`` read with
``allow_pickle=False`` and the rest in JSON, so loading runs no code from the files.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import exported
from .batches import chunks, distinct_words

# Tokens per encoder chunk: memory stays bounded (a few tens of MB) however many articles a call holds.
CHUNK_TOKENS = 4096
MOVES = "BILUO"  # BiluoPushDown's moves by their names' first letter: Begin, In, Last, Unit, Out
BEGIN, IN, LAST, UNIT, OUT = range(len(MOVES))

_M64A, _R64A = np.uint64(0xC6A4A7935BD1E995), np.uint64(47)
_C1, _C2 = np.uint64(0x87C37B91114253D5), np.uint64(0x4CF5AD432745937F)
_F1, _F2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_LOW32 = np.uint64(0xFFFFFFFF)


def word_shape(text: str) -> str:
    """spaCy's ``lex_attrs.word_shape``: letters as X or x, digits as d, other characters kept, runs cut at
    four; ``LONG`` from 100 characters."""
    if len(text) >= 100:
        return "LONG"
    shape, last, seq = [], "", 0
    for char in text:
        if char.isalpha():
            shape_char = "X" if char.isupper() else "x"
        elif char.isdigit():
            shape_char = "d"
        else:
            shape_char = char
        if shape_char == last:
            seq += 1
        else:
            seq, last = 0, shape_char
        if seq < 4:
            shape.append(shape_char)
    return "".join(shape)


# The lexeme attributes the embedding may read, as spaCy's lexeme getters compute them (the norm table
# is the vocabulary's, from the export).
LEXEME_ATTRS: dict[str, Callable[[str, dict[str, str]], str]] = {
    "NORM": lambda word, norms: norms.get(word, word.lower()),
    "PREFIX": lambda word, norms: word[0],
    "SUFFIX": lambda word, norms: word[-3:],
    "SHAPE": lambda word, norms: word_shape(word),
}


def string_hashes(data: list[bytes], seed: int = 1) -> np.ndarray:
    """MurmurHash64A of each byte string (murmurhash's MurmurHash2.cpp, which spaCy's StringStore calls
    with seed 1), vectorised over the strings with the same number of 8-byte blocks."""
    out = np.empty(len(data), dtype=np.uint64)
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(data):
        groups.setdefault(len(b) // 8, []).append(i)
    for blocks, rows in groups.items():
        width = 8 * (blocks + 1)  # the full blocks, then the tail zero-padded: read little-endian, as C does
        words = np.frombuffer(b"".join(data[i].ljust(width, b"\0") for i in rows), dtype="<u8")
        words = words.astype(np.uint64).reshape(len(rows), blocks + 1)
        lengths = np.array([len(data[i]) for i in rows], dtype=np.uint64)
        h = np.uint64(seed) ^ (lengths * _M64A)
        for j in range(blocks):
            k = words[:, j] * _M64A
            k ^= k >> _R64A
            k *= _M64A
            h ^= k
            h *= _M64A
        tail = lengths % np.uint64(8) != 0
        h[tail] = (h[tail] ^ words[tail, blocks]) * _M64A
        h ^= h >> _R64A
        h *= _M64A
        h ^= h >> _R64A
        out[rows] = h
    return out


def _fmix64(h: np.ndarray) -> np.ndarray:
    h ^= h >> np.uint64(33)
    h *= _F1
    h ^= h >> np.uint64(33)
    h *= _F2
    h ^= h >> np.uint64(33)
    return h


def id_hashes(ids: np.ndarray, seed: int) -> np.ndarray:
    """thinc's ``NumpyOps.hash``: four uint32 keys per uint64 id, from MurmurHash3 (x64, 128 bits) of the
    id's 8 bytes with ``seed``."""
    h1 = ids * _C1
    h1 = (h1 << np.uint64(31)) | (h1 >> np.uint64(33))
    h1 *= _C2
    h1 ^= np.uint64(seed ^ 8)  # seed, then the length
    h2 = np.uint64(seed ^ 8)
    h1 += h2
    h2 = h2 + h1
    h1, h2 = _fmix64(h1), _fmix64(h2)
    h1 += h2
    h2 += h1
    return np.stack([h1 & _LOW32, h1 >> np.uint64(32), h2 & _LOW32, h2 >> np.uint64(32)], 1).astype(np.uint32)


def pieces_first(w: np.ndarray) -> np.ndarray:
    """A maxout weight or bias from thinc's layout, pieces innermost (``(out, pieces, ...)``), to pieces
    outermost and flattened (``(pieces * out, ...)``): each piece's outputs side by side, so the maximum
    over pieces is taken between contiguous blocks, not along a short axis (30 times slower)."""
    return np.ascontiguousarray(np.swapaxes(w, 0, 1)).reshape(-1, *w.shape[2:])


def max_pieces(y: np.ndarray, pieces: int) -> np.ndarray:
    """The maxout of rows laid out by ``pieces_first``: the best of each output's pieces."""
    out = y.shape[1] // pieces
    best = y[:, :out]
    for p in range(1, pieces):
        best = np.maximum(best, y[:, p * out:(p + 1) * out])
    return best


def maxout_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, pieces: int, g: np.ndarray,
                beta: np.ndarray) -> np.ndarray:
    """thinc's Maxout (weights and bias laid out by ``pieces_first``) and LayerNorm after it, in thinc's
    order of float32 operations."""
    y = x @ w.T
    y += b
    y = max_pieces(y, pieces)
    mu = y.mean(axis=1, keepdims=True)
    var = y.var(axis=1, keepdims=True) + 1e-08
    return (y - mu) * var ** (-1.0 / 2.0) * g + beta


def windows(x: np.ndarray, size: int) -> np.ndarray:
    """thinc's ``seq2col``: each row beside its ``size`` predecessors and successors, zeros past the ends."""
    n, width = x.shape
    out = np.zeros((n, (2 * size + 1) * width), dtype=x.dtype)
    for k, shift in enumerate(range(-size, size + 1)):
        cols = slice(k * width, (k + 1) * width)
        if shift < 0:
            out[-shift:, cols] = x[:shift]
        elif shift > 0:
            out[:-shift, cols] = x[shift:]
        else:
            out[:, cols] = x
    return out


class SpacyNER:
    """Inference-only twin of a spaCy tok2vec + ner pipeline and its greedy parse, for one export
    (``<path>.npz`` and ``<path>.json``)."""

    def __init__(self, path: Path) -> None:
        spec, w = exported.read(path)
        self.attrs: list[str] = spec["attrs"]
        self.seeds: list[int] = spec["seeds"]
        self.norms: dict[str, str] = spec["norms"]
        self.symbols: dict[str, int] = spec["symbols"]
        self.window: int = spec["window"]
        self.pad: int = spec["pad"]
        self.tables = [w[f"embed_E{i}"] for i in range(len(self.attrs))]
        self.embed = self._maxout(w, "embed")
        self.blocks = [self._maxout(w, f"encode{d}") for d in range(spec["depth"])]
        self.proj_w, self.proj_b = w["proj_W"], w["proj_b"]
        lower = np.swapaxes(w["lower_W"], 1, 2)  # (features, pieces, hidden, in): pieces outermost per feature
        n_feats, pieces, hidden, n_in = lower.shape
        self.lower_w = np.ascontiguousarray(lower).reshape(n_feats * pieces * hidden, n_in)
        self.lower_b = pieces_first(w["lower_b"]).reshape(-1)
        self.lower_pad = np.ascontiguousarray(np.swapaxes(w["lower_pad"][0], 1, 2)).reshape(n_feats, -1)
        self.pieces = pieces
        self.upper_w, self.upper_b = w["upper_W"], w["upper_b"]
        # Moves as spaCy numbers them: names such as "B-LOC", "U-" (the label-less U, valid only on a
        # preset blocked token, so never here) and "O"; labels numbered from 1, 0 for none.
        kinds, labels = zip(*(name.partition("-")[::2] for name in spec["moves"]))
        self.labels: list[str] = ["", *sorted(set(labels) - {""})]
        self.move_kind = np.array([MOVES.index(k) for k in kinds])
        self.move_label = np.array([self.labels.index(lab) for lab in labels])
        # 0 for a valid move, -inf for the others, one row per state code (see ``_states``).
        self.penalty = np.array([[0.0 if ok else -np.inf for ok in self._valid(label, final, space)]
                                 for label, final, space in self._states()], dtype=np.float32)

    def _states(self) -> list[tuple[int, bool, bool]]:
        """What move validity depends on, in the order of the state codes: the open entity's label (0: none),
        whether the next token is the last, and (with no entity open) whether it is whitespace."""
        return ([(0, final, space) for final in (False, True) for space in (False, True)]
                + [(label, final, False) for label in range(len(self.labels)) for final in (False, True)])

    def _valid(self, open_label: int, final: bool, space: bool) -> list[bool]:
        """Each move's ``is_valid`` in spaCy's ner.pyx for a Doc without preset entities or sentence starts."""
        out = []
        for kind, label in zip(self.move_kind, self.move_label):
            if kind == BEGIN:
                out.append(not open_label and not final and bool(label) and not space)
            elif kind == IN:
                out.append(bool(open_label) and not final and label == open_label)
            elif kind == LAST:
                out.append(bool(open_label) and label == open_label)
            elif kind == UNIT:
                out.append(not open_label and bool(label) and not space)
            else:
                out.append(not open_label)
        return out

    @staticmethod
    def _maxout(w: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray]:
        """A Maxout + LayerNorm layer's weights, as ``maxout_norm`` takes them."""
        weights, bias = w[f"{name}_W"], w[f"{name}_b"]
        return pieces_first(weights), pieces_first(bias).reshape(-1), bias.shape[1], w[f"{name}_G"], w[f"{name}_beta"]

    def feature_ids(self, words: list[str]) -> np.ndarray:
        """The lexeme attributes of (non-empty) ``words`` as spaCy's ``Doc.to_array(attrs)`` gives them:
        StringStore ids, one row per word."""
        getters = [LEXEME_ATTRS[a] for a in self.attrs]
        index: dict[str, int] = {}
        rows = [[index.setdefault(get(word, self.norms), len(index)) for get in getters] for word in words]
        strings = list(index)
        ids = np.zeros(len(strings), dtype=np.uint64)  # StringStore gives an empty string 0
        hashed = [i for i, s in enumerate(strings) if s and s not in self.symbols]
        ids[hashed] = string_hashes([strings[i].encode("utf-8") for i in hashed])
        for i, s in enumerate(strings):
            if s in self.symbols:
                ids[i] = self.symbols[s]
        return ids[np.array(rows, dtype=np.intp).reshape(len(words), len(getters))]

    def word_vectors(self, words: list[str]) -> np.ndarray:
        """MultiHashEmbed's output for distinct words, one row each: its tables' rows summed per attribute,
        side by side, through Maxout and LayerNorm."""
        ids = self.feature_ids(words)
        columns = []
        for c, (table, seed) in enumerate(zip(self.tables, self.seeds)):
            keys = (id_hashes(ids[:, c], seed) % np.uint32(len(table))).astype(np.intp)
            v = table[keys[:, 0]]
            for k in range(1, keys.shape[1]):
                v += table[keys[:, k]]
            columns.append(v)
        return maxout_norm(np.concatenate(columns, 1), *self.embed)

    def tag(self, sentences: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        """Entities of pre-tokenized sentences as (first token, end token, label), as spaCy's pipeline run
        on Docs made from the same words sets ``doc.ents``."""
        if any(not w for s in sentences for w in s):
            raise ValueError("empty token: spaCy's Doc refuses it")
        out: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
        index = distinct_words(sentences)
        if not index:
            return out
        vectors = self.word_vectors(list(index))
        spaces = np.array([w.isspace() for w in index])
        for chunk in chunks(sentences, CHUNK_TOKENS):
            words = [np.array([index[w] for w in sentences[i]], dtype=np.intp) for i in chunk]
            for i, ents in zip(chunk, self._tag_sorted(words, vectors, spaces)):
                out[i] = ents
        return out

    def encode(self, words: list[np.ndarray], vectors: np.ndarray) -> np.ndarray:
        """The tok2vec output of sentences given as rows of ``vectors``, one row per token, sentence after
        sentence: the window encoder run over them with thinc's pad rows around each."""
        lengths = np.array([len(s) for s in words])
        n = int(lengths.sum())
        rows = np.arange(n) + self.pad * (np.repeat(np.arange(len(words)), lengths) + 1)
        x = np.zeros((n + self.pad * (len(words) + 1), vectors.shape[1]), dtype=np.float32)
        x[rows] = vectors[np.concatenate(words)]
        for block in self.blocks:
            x = x + maxout_norm(windows(x, self.window), *block)
        return x[rows]

    def _tag_sorted(self, words: list[np.ndarray], vectors: np.ndarray,
                    spaces: np.ndarray) -> list[list[tuple[int, int, str]]]:
        """Entities of sentences (word rows, longest first), decoded together one token a step."""
        lengths = np.array([len(s) for s in words])
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) + 1  # a sentence's first token's row
        proj = self.encode(words, vectors) @ self.proj_w.T + self.proj_b
        # Each feature slot's lower-layer output per token row; row 0 is the slot's padding (no token).
        # Three slots, as for state type "ner" without extra state tokens (the only one exported).
        cached = (proj @ self.lower_w.T).reshape(len(proj), len(self.lower_pad), -1)
        slots = [np.concatenate([pad[None], cached[:, f]]) for f, pad in enumerate(self.lower_pad)]
        # State codes by token row (row 0 unused): with no entity open, 2 * last + whitespace; with one
        # open, 4 + last, plus twice the entity's label (the order of ``_states``).
        last = np.zeros(len(proj) + 1, dtype=np.intp)
        last[starts + lengths - 1] = 1
        closed_code = 2 * last + np.concatenate([[0], spaces[np.concatenate(words)]])
        open_code = 4 + last
        sizes = np.searchsorted(-lengths, -np.arange(lengths[0]), side="left")  # sentences longer than t
        k = len(words)
        history = np.full((k, lengths[0]), -1, dtype=np.intp)  # the move each sentence took at each token
        open_ = np.zeros(k, dtype=bool)
        first = np.zeros(k, dtype=np.intp)  # the open entity's first token's row
        label = np.zeros(k, dtype=np.intp)
        begins, opens = self.move_kind == BEGIN, np.isin(self.move_kind, [BEGIN, IN])  # opens: leaves one open
        for t, bs in enumerate(sizes.tolist()):
            op, token = open_[:bs], starts[:bs] + t
            h = slots[0][token] + slots[1][np.where(op, first[:bs], 0)] + slots[2][np.where(op, token - 1, 0)]
            h += self.lower_b
            scores = max_pieces(h, self.pieces) @ self.upper_w.T + self.upper_b
            code = np.where(op, open_code[token] + 2 * label[:bs], closed_code[token])
            best = (scores + self.penalty[code]).argmax(axis=1)  # the first best valid move, as spaCy's
            history[:bs, t] = best
            first[:bs] = np.where(begins[best], token, first[:bs])
            open_[:bs] = opens[best]
            label[:bs] = self.move_label[best]
        # Entities from the moves: B or U opens one, L or U closes it, never nested, so in reading order
        # the n-th opening and the n-th closing move belong together.
        kind = self.move_kind[history]
        kind[history < 0] = OUT
        opened = np.flatnonzero(np.isin(kind, [BEGIN, UNIT]))
        closed = np.flatnonzero(np.isin(kind, [LAST, UNIT]))
        ents: list[list[tuple[int, int, str]]] = [[] for _ in words]
        width = history.shape[1]
        for a, b in zip(opened.tolist(), closed.tolist()):
            ents[a // width].append((a % width, b % width + 1, self.labels[self.move_label[history.flat[a]]]))
        return ents
