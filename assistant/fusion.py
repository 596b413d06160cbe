"""Score fusion of dense and lexical evidence per document.

z-score fusion: each score list is standardised over the candidate population (mean 0, deviation 1),
then the two are averaged with fixed weights. Unlike reciprocal rank fusion it keeps *how much* better
a document scores, which is what citizen queries need (a weak lexical rank must not outvote a clear
dense winner); measured in the README's ablation.
"""

from __future__ import annotations

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


def top_population(dense: np.ndarray, lexical: np.ndarray, allowed: np.ndarray, depth: int) -> np.ndarray:
    """The union of the ``depth`` best allowed documents by either score (``depth`` <= 0: all allowed)."""
    if depth <= 0 or allowed.sum() <= depth:
        return allowed
    mask = np.zeros_like(allowed)
    for scores in (dense, lexical):
        masked = np.where(allowed, scores, -np.inf)
        mask[np.argpartition(-masked, depth - 1)[:depth]] = True
    return mask & allowed


def zscore_fusion(dense: np.ndarray, lexical: np.ndarray, population: np.ndarray, dense_weight: float,
                  lexical_weight: float) -> np.ndarray:
    """Weighted mean of the two z-scores; weights are relative (they are normalised to sum to 1)."""
    total = dense_weight + lexical_weight
    if total <= 0:
        return np.zeros_like(dense)
    fused = dense_weight * zscores(dense, population)
    if lexical_weight > 0:
        fused = fused + lexical_weight * zscores(lexical, population)
    return fused / total


def rrf_fusion(dense: np.ndarray, lexical: np.ndarray, allowed: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion, kept for the ablation (it loses to z-score fusion on citizen queries)."""
    out = np.zeros_like(dense)
    for scores in (dense, lexical):
        order = np.argsort(-np.where(allowed, scores, -np.inf), kind="stable")
        ranks = np.empty(len(order), dtype=np.float32)
        ranks[order] = np.arange(1, len(order) + 1)
        out = out + 1.0 / (k + ranks)
    return out
