"""Prediction with a stanza NER checkpoint in plain torch, without importing stanza.

stanza's own path costs seconds before the first sentence (the package pulls in
IPython, its trainer sets up an optimiser) and, per batch, a CRF loss and
log-normaliser that prediction throws away. This module rebuilds from the checkpoint
(loaded with ``weights_only=True``: tensors and plain containers, no arbitrary
pickles) the eval-mode forward pass of ``stanza.models.ner.model.NERTagger`` for the
models ``pipeline/train/stanza_ner.py`` trains (delta word embeddings of lowercased
words, the bidirectional character LSTM's final states, the optional input transform,
the tagger LSTM and its classifier; dropout is the identity in eval mode), then
decodes as ``stanza.models.ner.trainer.Trainer.predict`` does: Viterbi over the saved
CRF transitions, ids below ``O`` read as ``O``, then ``fix_singleton_tags``. stanza's
NER processor changes nothing after that for a single model.

Work is shared within a call: each distinct word's character states, embedding and
input transform are computed once, and sentences go through the tagger sorted by
length, in chunks of bounded size.
"""
from __future__ import annotations

from pathlib import Path

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_sequence

# stanza's vocabularies open with <PAD> <UNK> <EMPTY> <ROOT>; predicted ids below the first real tag mean O.
PAD_ID, UNK_ID, PREFIX_SIZE = 0, 1, 4
# Tokens per tagger chunk and words per character-model chunk: memory stays bounded (tens of MB)
# however many articles a call holds, and batches are still wide enough to be fast.
CHUNK_TOKENS = 4096
CHUNK_WORDS = 4096


class StanzaNER(nn.Module):
    """Inference-only twin of stanza's NERTagger and its predict step, for one saved checkpoint."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        args, vocab, state = ckpt["config"], ckpt["vocab"], ckpt["model"]
        unsupported = [what for what, used in [
            ("pretrained word vectors", "word" in vocab), ("character language models", args.get("charlm")),
            ("transformer embeddings", args.get("bert_model")),
            ("connected output layers", args.get("connect_output_layers")),
            ("recurrent dropout", args.get("rec_dropout") or args.get("char_rec_dropout")),
            ("no character model", not (args["char"] and args["char_emb_dim"] > 0)),
            ("no delta embeddings", "delta" not in vocab or args["word_emb_dim"] <= 0)] if used]
        if unsupported:
            raise ValueError(f"{path}: a stanza NER model with {', '.join(unsupported)} is not supported here")

        # Vocabularies mapped as stanza maps them: a word lowercased by NERTagger.extract_static_embeddings
        # and/or its vocabulary, each character by DataLoader.preprocess and/or its vocabulary (str.lower
        # is idempotent, so either is both); the tag column the trainer predicts.
        delta, chars = vocab["delta"], vocab["char"]
        self.lowercase = bool(args.get("lowercase", True) or delta["lower"])
        self.delta_ids: dict[str, int] = delta["_unit2id"]
        self.char_lower = bool(args.get("char_lowercase") or chars["lower"])
        self.char_ids: dict[str, int] = chars["_unit2id"]
        column = args.get("predict_tagset") or 0
        self.tags: list[str] = list(vocab["tag"]["_id2unit"].values())[column]

        word_dim, char_dim, char_hidden = args["word_emb_dim"], args["char_emb_dim"], args["char_hidden_dim"]
        self.delta_emb = nn.Embedding(len(delta["_id2unit"]), word_dim, PAD_ID)
        self.char_emb = nn.Embedding(len(chars["_id2unit"]), char_dim, PAD_ID)
        self.charlstm = nn.LSTM(char_dim, char_hidden, args["char_num_layers"], batch_first=True, bidirectional=True)
        size = word_dim + 2 * char_hidden
        self.input_transform = nn.Linear(size, size) if args.get("input_transform") else None
        self.taggerlstm = nn.LSTM(size, args["hidden_dim"], args["num_layers"], bidirectional=True)
        self.tag_clf = nn.Linear(2 * args["hidden_dim"], len(self.tags))
        renamed = {"delta_emb.": "delta_emb.", "charmodel.char_emb.": "char_emb.",
                   "charmodel.charlstm.lstm.": "charlstm.", "input_transform.": "input_transform.",
                   "taggerlstm.lstm.": "taggerlstm.", f"tag_clfs.{column}.": "tag_clf."}
        self.load_state_dict({new + key[len(old):]: value for key, value in state.items()
                              for old, new in renamed.items() if key.startswith(old)})  # strict: nothing left out
        # stanza learns one initial LSTM state, expanded over the batch; and the CRF's transition scores
        self.char_h0, self.char_c0 = state["charmodel.charlstm_h_init"], state["charmodel.charlstm_c_init"]
        self.tag_h0, self.tag_c0 = state["taggerlstm_h_init"], state["taggerlstm_c_init"]
        self.transitions: Tensor = state[f"crits.{column}._transitions"]
        self.eval()
        self.requires_grad_(False)

    def word_id(self, word: str) -> int:
        """The delta-embedding row stanza looks ``word`` up in."""
        return self.delta_ids.get(word.lower() if self.lowercase else word, UNK_ID)

    def char_id_list(self, word: str) -> list[int]:
        """The character-embedding rows of ``word``, one per character."""
        ids = self.char_ids
        return [ids.get(c.lower() if self.char_lower else c, UNK_ID) for c in word]

    def word_inputs(self, words: list[str]) -> Tensor:
        """Tagger inputs of distinct words, one row each: delta embedding and the character LSTM's
        last forward and backward states (CharacterModel without attention), input-transformed."""
        order = sorted(range(len(words)), key=lambda i: -len(words[i]))
        chars = torch.empty(len(words), 2 * self.charlstm.hidden_size)
        for start in range(0, len(order), CHUNK_WORDS):
            rows = order[start:start + CHUNK_WORDS]
            ids = [self.char_id_list(words[i]) for i in rows]
            flat = torch.tensor([c for x in ids for c in x]).split([len(x) for x in ids])
            packed = pack_sequence(flat)  # no padding: one long token does not widen the whole chunk
            packed = PackedSequence(self.char_emb(packed.data), packed.batch_sizes)
            shape = (self.char_h0.size(0), len(ids), self.char_h0.size(2))
            _, (h, _) = self.charlstm(packed, (self.char_h0.expand(shape).contiguous(),
                                               self.char_c0.expand(shape).contiguous()))
            chars[rows] = h[-2:].transpose(0, 1).reshape(len(ids), -1)
        delta = self.delta_emb(torch.tensor([self.word_id(w) for w in words]))
        inputs = torch.cat([delta, chars], 1)
        return self.input_transform(inputs) if self.input_transform is not None else inputs

    @torch.inference_mode()
    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIOES tags of pre-tokenized sentences (tokens non-empty), as stanza's pipeline returns them."""
        if any(not w for s in sentences for w in s):
            raise ValueError("empty token: stanza's character model cannot read it")
        out: list[list[str]] = [[] for _ in sentences]
        index: dict[str, int] = {}
        for s in sentences:
            for w in s:
                index.setdefault(w, len(index))
        if not index:
            return out
        inputs = self.word_inputs(list(index))
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        start = 0
        while start < len(order):
            end, tokens = start, 0
            while end < len(order) and (end == start or tokens + len(sentences[order[end]]) <= CHUNK_TOKENS):
                tokens += len(sentences[order[end]])
                end += 1
            chunk = [sentences[i] for i in order[start:end]]
            for i, tags in zip(order[start:end], self._tag_sorted(chunk, index, inputs)):
                out[i] = tags
            start = end
        return out

    def _tag_sorted(self, chunk: list[list[str]], index: dict[str, int], inputs: Tensor) -> list[list[str]]:
        """Tags of sentences sorted longest first, run as one packed batch."""
        batch_sizes = [sum(len(s) > t for s in chunk) for t in range(len(chunk[0]))]
        rows = torch.tensor([index[s[t]] for t, bs in enumerate(batch_sizes) for s in chunk[:bs]])
        packed = PackedSequence(inputs[rows], torch.tensor(batch_sizes))
        shape = (self.tag_h0.size(0), len(chunk), self.tag_h0.size(2))
        hidden, _ = self.taggerlstm(packed, (self.tag_h0.expand(shape).contiguous(),
                                             self.tag_c0.expand(shape).contiguous()))
        ids = viterbi(self.tag_clf(hidden.data), batch_sizes, self.transitions).clamp_(min=PREFIX_SIZE).tolist()
        offsets = [0]
        for bs in batch_sizes:
            offsets.append(offsets[-1] + bs)
        return [fix_singleton_tags([self.tags[ids[offsets[t] + i]] for t in range(len(s))])
                for i, s in enumerate(chunk)]


def viterbi(emissions: Tensor, batch_sizes: list[int], transitions: Tensor) -> Tensor:
    """Best tag ids of a packed batch (rows time-major, sentences longest first), computed for all
    sentences at once with the same float32 sums and maxima as stanza's per-sentence
    ``viterbi_decode`` (numpy), which is what makes the tags the same."""
    offsets = [0]
    for bs in batch_sizes:
        offsets.append(offsets[-1] + bs)
    score = emissions[:batch_sizes[0]].clone()  # a sentence's row stops changing after its last token
    pointers = []
    for t in range(1, len(batch_sizes)):
        bs = batch_sizes[t]
        best, arg = (score[:bs].unsqueeze(2) + transitions).max(1)
        score[:bs] = emissions[offsets[t]:offsets[t + 1]] + best
        pointers.append(arg)
    path = torch.empty(len(emissions), dtype=torch.long)
    current = score.argmax(1)  # each sentence's last tag
    for t in range(len(batch_sizes) - 1, -1, -1):
        bs = batch_sizes[t]
        path[offsets[t]:offsets[t + 1]] = current[:bs]
        if t:
            current[:bs] = pointers[t - 1].gather(1, current[:bs, None]).squeeze(1)
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
