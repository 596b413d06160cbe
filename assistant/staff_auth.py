"""Staff login for the archive search: a configured token (``KBA_STAFF_TOKEN``) or users with hashed
passwords that the operator manages with ``kba staff add|remove|list`` (file ``KBA_STAFF_USERS_FILE``).

Passwords are stored as scrypt hashes (hashlib, random salt per user), never in plain text. A login
opens a server-side session; the browser only gets a random session id in a cookie that is
``HttpOnly`` (no script reads it) and ``SameSite=Strict`` (no other site's page sends it, which also
shuts out cross-site request forgery). Scripts may send the token as ``Authorization: Bearer …``.
Anonymous calls to the staff API get 401 with a German message.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .settings import Settings, get_settings

COOKIE = "kba_staff"
MIN_PASSWORD_CHARS = 10
MAX_SESSIONS = 1000
# scrypt cost: about 50 ms per check here, 16 MiB of memory; stored with the hash so it can be raised.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
# Failed logins per user name (or per token attempt) within the window before further tries are refused.
MAX_FAILURES, FAILURE_WINDOW = 10, 300.0


# ------------------------------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# A hash checked when the user name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def load_users(path: Path) -> dict[str, str]:
    """user name -> password hash; a missing file means no users."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ValueError(f"Staff users file {path} is unreadable: {exc}") from None
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict):
        raise ValueError(f"Staff users file {path} has no 'users' object.")
    return {str(name): str(entry.get("hash", "")) for name, entry in users.items() if isinstance(entry, dict)}


def save_users(path: Path, users: dict[str, str]) -> None:
    """Written atomically and readable by the owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"users": {name: {"hash": h} for name, h in sorted(users.items())}}, indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".staff-users-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------------------- sessions


class StaffSessions:
    """Open staff sessions in memory (lost on restart: staff log in again). Keys are SHA-256 of the
    cookie value, so the store never holds a usable session id."""

    def __init__(self, max_sessions: int = MAX_SESSIONS) -> None:
        self.max_sessions = max_sessions
        self._sessions: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(session_id: str) -> str:
        return hashlib.sha256(session_id.encode()).hexdigest()

    def open(self, user: str, hours: float) -> str:
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[self._key(session_id)] = (user, time.monotonic() + hours * 3600)
            while len(self._sessions) > self.max_sessions:
                self._sessions.popitem(last=False)  # the oldest login goes first
        return session_id

    def user(self, session_id: str | None) -> str | None:
        if not session_id:
            return None
        key = self._key(session_id)
        with self._lock:
            entry = self._sessions.get(key)
            if entry is None:
                return None
            if entry[1] < time.monotonic():
                del self._sessions[key]
                return None
            return entry[0]

    def close(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._sessions.pop(self._key(session_id), None)

    def too_many_failures(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if now - t < FAILURE_WINDOW]
            self._failures[key] = recent
            return len(recent) >= MAX_FAILURES

    def failed(self, key: str) -> None:
        with self._lock:
            if len(self._failures) > 10 * MAX_SESSIONS:
                self._failures.clear()
            self._failures.setdefault(key, []).append(time.monotonic())


def app_settings(request: Request) -> Settings:
    """The settings the app was created with (tests pass their own), else the process settings."""
    return getattr(request.app.state, "web_settings", None) or get_settings()


def staff_sessions(request: Request) -> StaffSessions:
    sessions = getattr(request.app.state, "staff_sessions", None)
    if sessions is None:
        sessions = request.app.state.staff_sessions = StaffSessions()
    return sessions


AppSettingsDep = Annotated[Settings, Depends(app_settings)]
SessionsDep = Annotated[StaffSessions, Depends(staff_sessions)]


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


def require_staff(request: Request, settings: AppSettingsDep, sessions: SessionsDep) -> str:
    """The logged-in staff member's name; 401 for anyone else."""
    user = sessions.user(request.cookies.get(COOKIE))
    if user:
        return user
    token = _bearer(request)
    if token and settings.staff_token and hmac.compare_digest(token.encode(), settings.staff_token.encode()):
        return "token"
    raise HTTPException(401, "Bitte melden Sie sich an: Die Archivsuche ist nur für Mitarbeitende.",
                        headers={"WWW-Authenticate": 'Bearer realm="kba-archive"'})


StaffDep = Annotated[str, Depends(require_staff)]

router = APIRouter()


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str | None = Field(None, max_length=200)
    password: str | None = Field(None, max_length=1000)
    token: str | None = Field(None, max_length=1000)


def _check_login(body: LoginRequest, settings: Settings) -> str | None:
    if body.token:
        ok = bool(settings.staff_token) and hmac.compare_digest(body.token.encode(), settings.staff_token.encode())
        return "token" if ok else None
    if body.username and body.password:
        try:
            users = load_users(settings.staff_users_file)
        except ValueError:
            users = {}
        stored = users.get(body.username.strip())
        ok = verify_password(body.password, stored or _DUMMY_HASH)
        return body.username.strip() if ok and stored else None
    return None


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message, "detail": message}, status_code=status)


@router.post("/api/staff/login")
def login(body: LoginRequest, request: Request, response: Response, settings: AppSettingsDep,
          sessions: SessionsDep) -> Any:
    if not (body.token or (body.username and body.password)):
        return _refuse(422, "Bitte geben Sie Benutzername und Passwort oder den Zugangsschlüssel ein.")
    key = "token" if body.token else "user:" + (body.username or "").strip().casefold()
    if sessions.too_many_failures(key):
        return _refuse(429, "Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie einige Minuten.")
    user = _check_login(body, settings)
    if user is None:
        sessions.failed(key)
        return _refuse(401, "Anmeldung fehlgeschlagen: Benutzername, Passwort oder Zugangsschlüssel stimmen nicht.")
    session_id = sessions.open(user, settings.staff_session_hours)
    response.set_cookie(COOKIE, session_id, max_age=int(settings.staff_session_hours * 3600), path="/",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return {"user": user}


@router.post("/api/staff/logout")
def logout(request: Request, response: Response, sessions: SessionsDep) -> dict[str, Any]:
    sessions.close(request.cookies.get(COOKIE))
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return {"user": None}


@router.get("/api/staff/me")
def me(user: StaffDep) -> dict[str, Any]:
    return {"user": user}


# -------------------------------------------------------------------------------------------- CLI


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passwort: ")
    if first != getpass.getpass("Passwort wiederholen: "):
        raise ValueError("The passwords differ.")
    return first


def cmd_staff(args: argparse.Namespace) -> int:
    path = Path(args.users_file) if args.users_file else get_settings().staff_users_file
    users = load_users(path)
    if args.action == "list":
        for name in sorted(users):
            print(name)
        return 0
    name = (args.user or "").strip()
    if not name or any(ch.isspace() for ch in name) or len(name) > 200:
        raise ValueError("Give a user name without spaces: kba staff add USER")
    if args.action == "remove":
        if users.pop(name, None) is None:
            raise ValueError(f"No staff user {name!r} in {path}.")
        save_users(path, users)
        print(f"Removed {name} from {path}", file=sys.stderr)
        return 0
    password = _read_password(args.password_stdin)
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"The password must have at least {MIN_PASSWORD_CHARS} characters.")
    existed = name in users
    users[name] = hash_password(password)
    save_users(path, users)
    print(f"{'Changed' if existed else 'Added'} {name} in {path} (scrypt hash)", file=sys.stderr)
    return 0


def register_cli(sub: Any) -> None:
    """``kba staff add USER | remove USER | list`` (called by :mod:`assistant.cli`)."""
    p = sub.add_parser("staff", help="manage staff logins for the archive search (passwords stored hashed)")
    p.add_argument("action", choices=("add", "remove", "list"), help="add or change, remove, list users")
    p.add_argument("user", nargs="?", help="user name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--users-file", help="users file (default: KBA_STAFF_USERS_FILE or var/staff_users.json)")

    def run(args: argparse.Namespace) -> int:
        try:
            return cmd_staff(args)
        except ValueError as exc:
            print(f"kba: {exc}", file=sys.stderr)
            return 2

    p.set_defaults(func=run)
