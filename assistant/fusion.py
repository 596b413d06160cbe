"""Score fusion of dense and lexical evidence per document.

z-score fusion: each score list is standardised over the candidate population (mean 0, deviation 1),
then the two are averaged with fixed weights. Unlike reciprocal rank fusion it keeps *how much* better
a document scores, which is what citizen queries need (a weak lexical rank must not outvote a clear
dense winner); measured in the README's ablation.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def zscores(scores: np.ndarray, population: np.ndarray) -> np.ndarray:
    """``scores`` standardised by the mean and deviation of ``scores[population]`` (a boolean mask)."""
    values = scores[population]
    if values.size == 0:
        return np.zeros_like(scores)
    std = float(values.std())
    if std < 1e-9:
        return np.zeros_like(scores)
    return (scores - float(values.mean())) / std


def top_population(signals: Sequence[np.ndarray], allowed: np.ndarray, depth: int) -> np.ndarray:
    """The union of the ``depth`` best allowed documents by any signal (``depth`` <= 0: all allowed)."""
    if depth <= 0 or allowed.sum() <= depth:
        return allowed
    mask = np.zeros_like(allowed)
    for scores in signals:
        masked = np.where(allowed, scores, -np.inf)
        mask[np.argpartition(-masked, depth - 1)[:depth]] = True
    return mask & allowed


def zscore_fusion(signals: Sequence[tuple[np.ndarray, float]], population: np.ndarray) -> np.ndarray:
    """Weighted mean of the signals' z-scores; weights are relative (normalised to sum to 1), a
    signal of weight 0 is left out."""
    used = [(scores, weight) for scores, weight in signals if weight > 0]
    total = sum(weight for _, weight in used)
    if not used or total <= 0:
        return np.zeros_like(signals[0][0])
    fused = sum(weight * zscores(scores, population) for scores, weight in used)
    return fused / total


def rrf_fusion(lists: Sequence[np.ndarray], allowed: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion, kept for the ablation (it loses to z-score fusion on citizen queries)."""
    out = np.zeros(len(allowed), dtype=np.float32)
    for scores in lists:
        order = np.argsort(-np.where(allowed, scores, -np.inf), kind="stable")
        ranks = np.empty(len(order), dtype=np.float32)
        ranks[order] = np.arange(1, len(order) + 1)
        out = out + 1.0 / (k + ranks)
    return out
