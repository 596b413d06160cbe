"""The serving state: the embedder, the loaded index generation and the matcher built on it.

Loaded once at start-up (by the app's lifespan). :meth:`Engine.reload` swaps in a newer generation
atomically: requests in flight keep the matcher they started with.
"""

from __future__ import annotations

import threading
from pathlib import Path

from indexer.embedders import Embedder, make_embedder
from indexer.store import current_generation, load_index

from .ranking import Matcher
from .settings import Settings


class Engine:
    def __init__(self, index_dir: Path, embedder: Embedder) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self._lock = threading.Lock()
        self.matcher = self._load()

    @classmethod
    def from_settings(cls, settings: Settings, index_dir: Path | None = None) -> "Engine":
        return cls(index_dir or settings.index_dir, make_embedder(settings.embedder, settings.model))

    def _load(self) -> Matcher:
        index = load_index(self.index_dir, embedder=self.embedder.name, model=self.embedder.model,
                           dim=self.embedder.dim)
        return Matcher(index, self.embedder)

    @property
    def generation(self) -> str:
        return self.matcher.index.manifest.generation

    def reload(self) -> bool:
        """Load the current generation if it is newer than the one served; True if it switched."""
        with self._lock:
            if current_generation(self.index_dir) == self.generation:
                return False
            self.matcher = self._load()  # a failed load raises and leaves the old matcher serving
            return True
