"""Server-side chat sessions: the conversation state per session id, with a time-out, a bound on the
number of sessions kept (least recently used go first), a bound on turns per session and on open
sessions per client. Thread-safe.

Privacy: a session holds the dialogue state (interest and constraints, personal data cut out by
:mod:`assistant.understanding`; facts of entries shown) and counters. The client is identified only
to count its sessions, by an HMAC of its address under a random key made when the store is created
and never written anywhere: the address itself is not stored, and the hash cannot be traced back to
an address (no one has the key) nor linked across restarts. Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable


class SessionLimit(Exception):
    """A limit was reached; ``kind`` says which (too_many_sessions, too_many_turns)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass
class Session:
    id: str
    client: str  # keyed hash of the client address, never the address
    created: float
    last_seen: float
    turns: int = 0
    state: Any = None  # the dialogue's ChatState; None before the first turn
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


class SessionStore:
    def __init__(self, ttl_seconds: float = 1800.0, max_sessions: int = 2000, max_turns: int = 60,
                 per_client: int = 20, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl_seconds
        self.max_sessions = max_sessions
        self.max_turns = max_turns
        self.per_client = per_client
        self._clock = clock
        self._key = secrets.token_bytes(32)  # lives in memory only
        self._sessions: OrderedDict[str, Session] = OrderedDict()  # least recently used first
        self._per_client: dict[str, int] = {}
        self._lock = threading.Lock()

    def client_key(self, address: str) -> str:
        return hmac.new(self._key, address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def open(self, session_id: str | None, address: str) -> tuple[Session, bool]:
        """The live session with this id, or a new one. The second value is True when an id was given
        that is unknown or expired (the person should hear that the conversation starts again).
        Raises :class:`SessionLimit` ("too_many_sessions") when the client has too many open."""
        now = self._clock()
        with self._lock:
            self._purge(now)
            session = self._sessions.get(session_id) if session_id else None
            if session is not None:
                session.last_seen = now
                self._sessions.move_to_end(session.id)
                return session, False
            client = self.client_key(address)
            if self._per_client.get(client, 0) >= self.per_client:
                raise SessionLimit("too_many_sessions")
            while len(self._sessions) >= self.max_sessions:
                self._drop(next(iter(self._sessions)))
            session = Session(secrets.token_urlsafe(18), client, now, now)
            self._sessions[session.id] = session
            self._per_client[client] = self._per_client.get(client, 0) + 1
            return session, bool(session_id)

    def begin_turn(self, session: Session) -> None:
        """Count a turn; raises :class:`SessionLimit` ("too_many_turns") past the limit."""
        with self._lock:
            if session.turns >= self.max_turns:
                raise SessionLimit("too_many_turns")
            session.turns += 1

    def save(self, session: Session, state: Any) -> None:
        session.state = state

    def close(self, session_id: str) -> None:
        with self._lock:
            if session_id in self._sessions:
                self._drop(session_id)

    def _purge(self, now: float) -> None:
        while self._sessions:
            oldest = next(iter(self._sessions.values()))
            if now - oldest.last_seen < self.ttl:
                break
            self._drop(oldest.id)

    def _drop(self, session_id: str) -> None:
        session = self._sessions.pop(session_id)
        left = self._per_client.get(session.client, 1) - 1
        if left > 0:
            self._per_client[session.client] = left
        else:
            self._per_client.pop(session.client, None)
