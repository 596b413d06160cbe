"""The optional generator: it only rephrases, and any error, time-out or invented fact falls back to the
default wording. A fake OpenAI-compatible server on 127.0.0.1 plays the language model."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Annotated

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient
from pydantic import ValidationError

from assistant import phrasing
from assistant.api import settings_dep
from assistant.chat_api import dialogue_config, dialogue_dep, phraser_dep
from assistant.dialogue import Dialogue
from assistant.generator import DefaultPhraser, OpenAICompatiblePhraser, Phraser, grounded, make_phraser
from assistant.main import create_app
from assistant.settings import Settings

from .chat_support import FakeRetriever

TITLE = "Liederkranz Altstadt – Gemischter Chor"
DRAFT = phrasing.Draft("results", "de", entries=[phrasing.EntryFacts(1, TITLE, "https://x.example/chor", "club",
                                                                     "Chor · in Altstadt · dienstags 19:30 Uhr")],
                       topic="Chor")
DEFAULT = phrasing.phrase(DRAFT)
GOOD = f"Schön, dass Sie singen möchten! Das passt: 1. „{TITLE}“ – Chor in Altstadt, dienstags 19:30 Uhr."


class FakeModel:
    """Answers POST /v1/chat/completions as told: ok (with ``reply``), error, garbage or slow."""

    def __init__(self, mode: str, reply: str = GOOD) -> None:
        self.mode, self.reply, self.requests = mode, reply, []
        self.release = threading.Event()
        model = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                model.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                if model.mode == "slow":
                    model.release.wait(10)  # longer than the client's time-out; released at teardown
                if model.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                payload = b"not json" if model.mode == "garbage" else json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": model.reply}}]}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the time-out test)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "FakeModel":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _phraser(model: FakeModel, **options) -> OpenAICompatiblePhraser:
    return OpenAICompatiblePhraser(model.url, "test-model", options.pop("timeout", 5.0), **options)


def test_a_faithful_rephrasing_is_used_and_the_request_carries_the_facts():
    with FakeModel("ok") as model:
        assert _phraser(model, api_key="k-123").phrase(DRAFT) == GOOD
    request = model.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["json"]["model"] == "test-model" and request["headers"]["Authorization"] == "Bearer k-123"
    assert DEFAULT in request["json"]["messages"][1]["content"]
    assert "Erfinde keine" in request["json"]["messages"][0]["content"]


@pytest.mark.parametrize("mode", ["error", "garbage", "slow"])
def test_errors_and_time_outs_fall_back_to_the_default(mode):
    with FakeModel(mode) as model:
        assert _phraser(model, timeout=0.3).phrase(DRAFT) == DEFAULT
    assert model.requests


def test_an_unreachable_endpoint_falls_back_to_the_default():
    with FakeModel("ok") as model:
        url = model.url
    assert OpenAICompatiblePhraser(url, "m", 1.0).phrase(DRAFT) == DEFAULT  # the server is gone


@pytest.mark.parametrize("invented", [
    GOOD + " Rufen Sie an: 089 99998 999.",
    GOOD + " Schreiben Sie an chor@erfunden.example.org.",
    GOOD + " Mehr unter https://erfunden.example.org.",
    GOOD + " Oder „Kirchenchor St. Peter“.",
    "Schön, dass Sie singen möchten! Leider habe ich nichts.",  # the entry dropped
    "",
])
def test_replies_that_add_or_drop_facts_are_refused(invented):
    assert not grounded(invented, DEFAULT, [TITLE])
    with FakeModel("ok", reply=invented) as model:
        assert _phraser(model).phrase(DRAFT) == DEFAULT


def test_factory_and_settings():
    assert isinstance(make_phraser(""), DefaultPhraser)
    phraser = make_phraser("http://127.0.0.1:9/v1/chat/completions", "m", 1.0)
    assert isinstance(phraser, OpenAICompatiblePhraser) and phraser.endpoint.endswith("/v1/chat/completions")
    assert Settings().generator_url == ""  # off by default
    with pytest.raises(ValidationError):
        Settings(generator_url="ftp://example.org")


def test_the_chat_keeps_answering_when_the_generator_fails():
    with FakeModel("error") as model:
        settings = Settings(generator_url=model.url, generator_model="m", generator_timeout=1.0)
        app = create_app(settings, engine=SimpleNamespace())
        app.dependency_overrides[settings_dep] = lambda: settings

        def fake_dialogue(phraser: Annotated[Phraser, Depends(phraser_dep)]) -> Dialogue:
            return Dialogue(FakeRetriever(), phraser, dialogue_config(settings))  # the configured phraser

        app.dependency_overrides[dialogue_dep] = fake_dialogue
        with TestClient(app, raise_server_exceptions=False) as client:
            res = client.post("/api/chat", json={"message": "Chor"})
    assert res.status_code == 200 and f"„{TITLE}“" in res.json()["reply"]
    assert model.requests  # the generator was asked, failed, and the default wording was sent
