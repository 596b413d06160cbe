"""The serving state: the embedder, the loaded index generation and the matcher built on it.

Loaded once at start-up (by the app's lifespan). :meth:`Engine.reload` swaps in a newer generation
atomically: requests in flight keep the matcher they started with. A generation is only ever loaded
through ``CURRENT``, which the store switches after the generation is complete, so a half-written one is
never served; a generation that fails to load leaves the old matcher serving.

``kba serve`` reloads on SIGHUP (:func:`install_reload_signal`) and on ``POST /api/admin/reload``.
While serving, the engine records its generation in the index directory (:func:`indexer.store.mark_serving`)
so the indexer never prunes a generation that is still in use.
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
from pathlib import Path

from indexer.embedders import Embedder, make_embedder
from indexer.store import clear_serving, current_generation, load_index, mark_serving

from .ranking import Matcher
from .settings import Settings

log = logging.getLogger("kba.engine")


class Engine:
    def __init__(self, index_dir: Path, embedder: Embedder) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self._lock = threading.Lock()
        self._holding = False
        self._frozen = False
        self.matcher = self._load()

    @classmethod
    def from_settings(cls, settings: Settings, index_dir: Path | None = None) -> "Engine":
        embedder = make_embedder(settings.embedder, settings.model)
        if settings.embed_idle_threads and hasattr(embedder, "use_fewer_threads_after_idle"):
            embedder.use_fewer_threads_after_idle(settings.embed_idle_threads, settings.embed_idle_ms)
        return cls(index_dir or settings.index_dir, embedder)

    def _load(self) -> Matcher:
        index = load_index(self.index_dir, embedder=self.embedder.name, model=self.embedder.model,
                           dim=self.embedder.dim)
        matcher = Matcher(index, self.embedder)
        matcher.warm()
        # One search before the first person's (also after a reload): the model's threads and buffers
        # and the ranking's lazily built parts are set up here, not on a citizen's time.
        matcher.match("Ehrenamt in Kaufbeuren", limit=1)
        return matcher

    @property
    def generation(self) -> str:
        return self.matcher.index.manifest.generation

    def freeze_heap(self) -> None:
        """Exempt the loaded index from Python's cyclic garbage collector (the serving process calls this).

        The index is hundreds of thousands of long-lived objects (texts, metadata, lexical postings);
        every full collection walked them all and paused the server for ~100 ms, twice in 15 s at 20
        requests/s, which was the p99 of /api/match. Frozen objects are still freed by reference
        counting; after a reload the old generation is unfrozen first so its cycles can be collected."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen = True

    def hold(self) -> None:
        """Mark the served generation as in use until :meth:`release` (or this process ends)."""
        self._holding = True
        mark_serving(self.index_dir, self.generation)

    def release(self) -> None:
        self._holding = False
        clear_serving(self.index_dir)

    def reload(self) -> bool:
        """Load the current generation if it is newer than the one served; True if it switched."""
        with self._lock:
            if current_generation(self.index_dir) == self.generation:
                return False
            matcher = self._load()  # a failed load raises and leaves the old matcher serving
            if self._holding:
                mark_serving(self.index_dir, matcher.index.manifest.generation)
            self.matcher = matcher
            if self._frozen:
                self.freeze_heap()
            return True


def install_reload_signal(engine: Engine) -> None:
    """SIGHUP reloads the index in a background thread (the handler itself must return at once)."""

    def reload_in_background() -> None:
        try:
            switched = engine.reload()
            log.warning("SIGHUP: %s generation %s", "now serving" if switched else "still serving", engine.generation)
        except Exception as exc:  # noqa: BLE001 - a bad new generation must not stop the server
            log.error("SIGHUP: reload failed, still serving %s: %s", engine.generation, exc)

    def handler(signum: int, frame: object) -> None:
        threading.Thread(target=reload_in_background, name="kba-reload", daemon=True).start()

    signal.signal(signal.SIGHUP, handler)
