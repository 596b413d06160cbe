"""Web at the HTTP level: pages and assets, security headers, the CORS allow-list, staff login and
the 401 on the staff API, the ``kba staff`` command. Fake embedder: the model does not matter here."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from assistant.engine import Engine
from assistant.main import create_app
from assistant.settings import Settings
from assistant.staff_auth import MAX_FAILURES, hash_password, load_users, verify_password

from .conftest import ROOT, FakeEmbedder
from .web_support import STAFF_PASSWORD, STAFF_TOKEN, STAFF_USER, add_staff_user, build_web_index

ALLOWED = "http://127.0.0.1:8765"
OTHER = "http://evil.example"


@pytest.fixture(scope="module")
def web_settings(tmp_path_factory):
    users = add_staff_user(tmp_path_factory.mktemp("staff") / "users.json")
    return Settings(cors_origins=f"{ALLOWED}, https://www.kaufbeuren-aktiv.de", staff_token=STAFF_TOKEN,
                    staff_users_file=users)


@pytest.fixture(scope="module")
def app(tmp_path_factory, web_settings):
    embedder = FakeEmbedder()
    index = build_web_index(tmp_path_factory.mktemp("webfake"), embedder)
    return create_app(web_settings, Engine(index, embedder))


@pytest.fixture
def client(app):
    app.state.staff_sessions.__init__()  # every test starts logged out, with no failed logins counted
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.refs += [v for k, v in a.items() if k in ("src", "href") and v]
        if tag == "script" and not a.get("src"):
            self.inline_scripts += 1
        if tag == "style" or "style" in a:
            self.inline_styles += 1


@pytest.mark.parametrize("path", ["/", "/archive"])
def test_pages_load_nothing_from_other_hosts(client, path):
    res = client.get(path)
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/html")
    refs = _Refs()
    refs.feed(res.text)
    assert refs.refs and all(r.startswith(("/", "#")) for r in refs.refs), refs.refs
    assert refs.inline_scripts == 0 and refs.inline_styles == 0  # the CSP allows neither
    for ref in refs.refs:
        if ref.startswith("/assets/"):
            assert client.get(ref).status_code == 200, ref
    csp = res.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["referrer-policy"] == "no-referrer"


def test_assets_never_reveal_files_outside_web(client):
    assert client.get("/assets/chat.js").headers["content-type"].startswith("text/javascript")
    for path in ["/assets/..%2F..%2Fassistant%2Fmain.py", "/assets/../index.html", "/assets/%2e%2e/index.html",
                 "/assets/chat.py", "/assets/.hidden.js", "/assets/" + "a" * 300 + ".js"]:
        res = client.get(path)
        assert res.status_code == 404, path
        assert "import" not in res.text


def test_no_asset_names_a_third_party_host():
    for path in (ROOT / "web").rglob("*"):
        if path.suffix in (".html", ".js", ".css"):
            hosts = re.findall(r"https?://([\w.-]+)", path.read_text("utf-8"))
            assert set(hosts) <= {"HOST"}, (path, hosts)


def test_widget_script_bundles_component_and_css_and_may_be_embedded_anywhere(client):
    res = client.get("/widget.js")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/javascript")
    assert res.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "KBAChat" in res.text and "attachShadow" in res.text and "kba-card" in res.text
    if subprocess.run(["node", "--version"], capture_output=True).returncode == 0:
        check = subprocess.run(["node", "--check", "-"], input=res.text, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


# ------------------------------------------------------------------------------------------- CORS


def _cors_headers(res) -> dict[str, str]:
    return {k: v for k, v in res.headers.items() if k.lower().startswith("access-control-")}


def test_allowed_origin_gets_cors_on_match_and_preflight(client):
    res = client.post("/api/match", json={"query": "Fußball"}, headers={"Origin": ALLOWED})
    assert res.status_code == 200
    assert res.headers["access-control-allow-origin"] == ALLOWED
    assert "Origin" in res.headers["vary"]
    pre = client.options("/api/chat", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST",
                                               "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 204
    assert pre.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in pre.headers


@pytest.mark.parametrize("origin", [OTHER, ALLOWED + ".evil.example", "http://127.0.0.1:8766", "null",
                                    ALLOWED.replace("http", "https")])
def test_other_origins_get_no_cors_headers(client, origin):
    res = client.post("/api/match", json={"query": "Fußball"}, headers={"Origin": origin})
    assert res.status_code == 200 and not _cors_headers(res)
    pre = client.options("/api/match", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 403 and not _cors_headers(pre)
    assert pre.json()["message"]


def test_staff_api_never_gets_cors_headers(client):
    client.post("/api/staff/login", json={"token": STAFF_TOKEN})
    res = client.post("/api/archive/search", json={"query": "Ehrenamtskarte"}, headers={"Origin": ALLOWED})
    assert res.status_code == 200 and not _cors_headers(res)
    pre = client.options("/api/archive/search", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"})
    assert not _cors_headers(pre)


def test_cors_origins_setting_parses_and_validates(monkeypatch):
    monkeypatch.setenv("KBA_CORS_ORIGINS", "https://www.kaufbeuren-aktiv.de/ http://127.0.0.1:9000,")
    assert Settings().cors_origins == ("https://www.kaufbeuren-aktiv.de", "http://127.0.0.1:9000")
    monkeypatch.setenv("KBA_CORS_ORIGINS", "https://example.org/path")
    with pytest.raises(ValueError):
        Settings()
    monkeypatch.delenv("KBA_CORS_ORIGINS")
    assert Settings().cors_origins == ()


# ---------------------------------------------------------------------------------------- staff login


@pytest.mark.parametrize("method, path", [("post", "/api/archive/search"), ("get", "/api/archive/facets"),
                                          ("get", "/api/archive/document/x.pdf"), ("get", "/api/staff/me")])
def test_staff_api_refuses_anonymous_calls(client, method, path):
    res = getattr(client, method)(path, **({"json": {"query": "Bericht"}} if method == "post" else {}))
    assert res.status_code == 401
    assert "melden sie sich an" in res.json()["message"].lower()


def test_token_login_sets_strict_httponly_cookie_and_logout_ends_it(client):
    res = client.post("/api/staff/login", json={"token": STAFF_TOKEN})
    assert res.status_code == 200 and res.json() == {"user": "token"}
    cookie = res.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Path=/" in cookie
    assert STAFF_TOKEN not in cookie
    assert client.get("/api/staff/me").json() == {"user": "token"}
    assert client.post("/api/archive/search", json={"query": "Ehrenamtskarte"}).status_code == 200
    client.post("/api/staff/logout")
    client.cookies.clear()
    assert client.get("/api/staff/me").status_code == 401


def test_logged_out_session_id_is_dead(client):
    client.post("/api/staff/login", json={"token": STAFF_TOKEN})
    session = client.cookies.get("kba_staff")
    client.post("/api/staff/logout")
    client.cookies.set("kba_staff", session)
    assert client.get("/api/staff/me").status_code == 401


def test_user_password_login(client):
    assert client.post("/api/staff/login", json={"username": STAFF_USER, "password": "falsch-falsch"}).status_code == 401
    assert client.post("/api/staff/login", json={"username": "bob", "password": STAFF_PASSWORD}).status_code == 401
    res = client.post("/api/staff/login", json={"username": STAFF_USER, "password": STAFF_PASSWORD})
    assert res.status_code == 200 and res.json() == {"user": STAFF_USER}
    assert client.get("/api/archive/facets").status_code == 200


def test_bearer_token_for_scripts(client):
    assert client.get("/api/archive/facets", headers={"Authorization": f"Bearer {STAFF_TOKEN}"}).status_code == 200
    assert client.get("/api/archive/facets", headers={"Authorization": "Bearer falsch"}).status_code == 401


def test_wrong_logins_are_throttled(client):
    for _ in range(MAX_FAILURES):
        assert client.post("/api/staff/login", json={"username": STAFF_USER, "password": "x" * 12}).status_code == 401
    res = client.post("/api/staff/login", json={"username": STAFF_USER, "password": STAFF_PASSWORD})
    assert res.status_code == 429 and "Zu viele" in res.json()["message"]


def test_no_login_without_configuration(app, tmp_path):
    bare = create_app(Settings(staff_users_file=tmp_path / "none.json"), app.state.engine)
    with TestClient(bare) as c:
        assert c.post("/api/staff/login", json={"token": "irgendein-langer-schluessel"}).status_code == 401
        assert c.post("/api/staff/login", json={"username": "anna", "password": "x" * 12}).status_code == 401


@pytest.mark.parametrize("body", [None, b"{kaputt", b"[]", {"token": 5}, {"username": ["a"]},
                                  {"username": "a"}, {"password": "x" * 2000}, {"extra": 1}, {}])
def test_login_bad_input_is_a_clear_error(client, body):
    res = client.post("/api/staff/login", content=body) if isinstance(body, bytes) or body is None else \
        client.post("/api/staff/login", json=body)
    assert res.status_code in (401, 422), res.text
    assert res.json()["message"]


@pytest.mark.parametrize("body", [b"{kaputt", b"[1]", {"query": 5}, {"query": "x" * 5000}, {"limit": 0},
                                  {"limit": 10_000}, {"sort": "zufall"}, {"year_from": "früher"},
                                  {"year_from": 2020, "year_to": 2010}, {"programme": "BIWAQ"},
                                  {"programme": [None]}, {"unbekannt": 1}, {"offset": -1}])
def test_archive_search_bad_input_gets_422_never_500(client, body):
    headers = {"Authorization": f"Bearer {STAFF_TOKEN}"}
    res = client.post("/api/archive/search", content=body, headers={**headers, "Content-Type": "application/json"}) \
        if isinstance(body, bytes) else client.post("/api/archive/search", json=body, headers=headers)
    assert res.status_code == 422, res.text
    assert res.json()["message"]


@pytest.mark.parametrize("query", ["\x00\x01", "<script>alert(1)</script>", '"', '""', '"a', "ü" * 400, "🙂" * 10])
def test_archive_search_odd_queries_never_fail(client, query):
    res = client.post("/api/archive/search", json={"query": query}, headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
    assert res.status_code == 200, res.text


# ------------------------------------------------------------------------------------- kba staff


def _kba(*args, stdin: str = "", users=None):
    env = {**os.environ, "KBA_STAFF_USERS_FILE": str(users)} if users else None
    return subprocess.run([sys.executable, "-m", "assistant.cli", "staff", *args], input=stdin, text=True,
                          capture_output=True, env=env, cwd=ROOT)


def test_kba_staff_add_stores_only_a_hash(tmp_path):
    users = tmp_path / "users.json"
    res = _kba("add", "berta", "--password-stdin", stdin="ein-langes-passwort\n", users=users)
    assert res.returncode == 0, res.stderr
    raw = users.read_text("utf-8")
    assert "ein-langes-passwort" not in raw
    stored = load_users(users)["berta"]
    assert stored.startswith("scrypt$") and verify_password("ein-langes-passwort", stored)
    assert not verify_password("ein-langes-passwortX", stored)
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert _kba("list", users=users).stdout.split() == ["berta"]
    assert _kba("add", "carl", "--password-stdin", stdin="kurz\n", users=users).returncode == 2
    assert _kba("remove", "berta", users=users).returncode == 0
    assert json.loads(users.read_text("utf-8")) == {"users": {}}
    assert _kba("remove", "berta", users=users).returncode == 2


def test_password_hashes_are_salted():
    assert hash_password("gleiches-passwort") != hash_password("gleiches-passwort")
    assert not verify_password("x", "kein-hash") and not verify_password("x", "scrypt$1$2$3$!!$??")
