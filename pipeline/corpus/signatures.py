"""Per-article MinHash signatures, cached in ``OUT/.corpus/signatures.parquet`` by content hash.

A re-run over a grown input signs only the clean texts it has not signed before (new or changed
articles): the key is the SHA-256 of the clean text, so an article renamed or copied into another
output keeps its signature, and a change of the signature's parameters drops the whole cache.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..dataset import atomic_write_bytes
from .duplicates import NUM_PERM, SCHEME, SEED, SHINGLE_WORDS, Signature, sign

CACHE = Path(".corpus") / "signatures.parquet"
# What a cached signature depends on besides the text: a change here invalidates the cache.
PARAMETERS = f"words={SHINGLE_WORDS};perm={NUM_PERM};seed={SEED};scheme={SCHEME};hash=crc32".encode()


def article_signatures(out_dir: Path, article_ids: list[str]) -> tuple[dict[str, Signature], int]:
    """Signatures of the articles whose clean text is in ``out_dir/clean`` (error rows have none),
    and how many had to be computed; the cache is rewritten to hold exactly these texts."""
    texts: dict[str, str] = {}
    keys: dict[str, str] = {}
    for aid in article_ids:
        path = out_dir / "clean" / f"{aid}.txt"
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError, ValueError):  # no clean text; an unsafe name
            continue
        keys[aid] = hashlib.sha256(data).hexdigest()
        texts[aid] = data.decode("utf-8")
    cached = _read(out_dir / CACHE)
    todo = sorted({k for k in keys.values() if k not in cached})
    by_key = {k: texts[a] for a, k in keys.items()}
    fresh = dict(zip(todo, sign(by_key[k] for k in todo)))
    current = {k: cached.get(k) or fresh[k] for k in set(keys.values())}
    if fresh or len(current) != len(cached):
        _write(out_dir / CACHE, current)
    return {aid: current[k] for aid, k in keys.items()}, len(fresh)


def _read(path: Path) -> dict[str, Signature]:
    """The cache, or nothing when it is missing, damaged or made with other parameters."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowInvalid):
        return {}
    if (table.schema.metadata or {}).get(b"parameters") != PARAMETERS:
        return {}
    columns = table.to_pydict()
    return {k: Signature(n, np.frombuffer(v, dtype=np.uint32)) for k, n, v in
            zip(columns["key"], columns["size"], columns["hashvalues"])}


def _write(path: Path, signatures: dict[str, Signature]) -> None:
    keys = sorted(signatures)
    table = pa.table({"key": keys, "size": [signatures[k].size for k in keys],
                      "hashvalues": [signatures[k].hashvalues.astype(np.uint32).tobytes() for k in keys]},
                     schema=pa.schema([("key", pa.string()), ("size", pa.int64()), ("hashvalues", pa.binary())],
                                      metadata={"parameters": PARAMETERS}))
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    atomic_write_bytes(path, buffer.getvalue())
