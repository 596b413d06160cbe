"""The chat session store: time-out, LRU bound, turns and sessions per client, privacy, thread safety.
A fake clock moves time; nothing sleeps."""

from __future__ import annotations

import threading

import pytest

from assistant.sessions import SessionLimit, SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_session_is_found_again_by_its_id(clock):
    store = SessionStore(clock=clock)
    session, unknown = store.open(None, "10.0.0.1")
    assert not unknown and len(session.id) >= 20
    again, unknown = store.open(session.id, "10.0.0.1")
    assert again is session and not unknown


def test_unknown_ids_open_a_new_session_and_say_so(clock):
    store = SessionStore(clock=clock)
    session, unknown = store.open("made-up-id", "10.0.0.1")
    assert unknown and session.id != "made-up-id"


def test_idle_sessions_time_out(clock):
    store = SessionStore(ttl_seconds=60, clock=clock)
    old, _ = store.open(None, "10.0.0.1")
    clock.now += 59
    assert store.open(old.id, "10.0.0.1")[0] is old  # using it keeps it alive
    clock.now += 59
    assert store.open(old.id, "10.0.0.1")[0] is old
    clock.now += 61
    fresh, unknown = store.open(old.id, "10.0.0.1")
    assert fresh is not old and unknown and len(store) == 1


def test_the_least_recently_used_session_goes_first(clock):
    store = SessionStore(max_sessions=3, per_client=10, clock=clock)
    a, b, c = (store.open(None, "10.0.0.1")[0] for _ in range(3))
    clock.now += 1
    store.open(a.id, "10.0.0.1")  # a used again: b is now the oldest
    d, _ = store.open(None, "10.0.0.1")
    assert len(store) == 3
    assert store.open(a.id, "10.0.0.1")[0] is a
    assert store.open(b.id, "10.0.0.1")[1]  # b was dropped (this opened a new one in its place)
    assert d.id != b.id and c.id


def test_turns_per_session_are_limited(clock):
    store = SessionStore(max_turns=3, clock=clock)
    session, _ = store.open(None, "10.0.0.1")
    for _ in range(3):
        store.begin_turn(session)
    with pytest.raises(SessionLimit) as err:
        store.begin_turn(session)
    assert err.value.kind == "too_many_turns" and session.turns == 3


def test_sessions_per_client_are_limited_and_freed_when_they_expire(clock):
    store = SessionStore(per_client=2, ttl_seconds=60, clock=clock)
    store.open(None, "10.0.0.1")
    store.open(None, "10.0.0.1")
    with pytest.raises(SessionLimit) as err:
        store.open(None, "10.0.0.1")
    assert err.value.kind == "too_many_sessions"
    store.open(None, "10.0.0.2")  # another client is not affected
    clock.now += 61
    store.open(None, "10.0.0.1")  # the old ones expired


def test_evicted_sessions_no_longer_count_for_their_client(clock):
    store = SessionStore(max_sessions=2, per_client=2, clock=clock)
    store.open(None, "10.0.0.1")
    store.open(None, "10.0.0.1")
    store.open(None, "10.0.0.2")  # evicts one of 10.0.0.1's
    store.open(None, "10.0.0.1")  # so 10.0.0.1 may open one again


def test_no_address_is_stored(clock):
    store = SessionStore(clock=clock)
    session, _ = store.open(None, "192.168.17.42")
    store.save(session, {"topic": "Chor"})
    everything = repr(vars(store)) + repr(vars(session))
    assert "192.168.17.42" not in everything
    assert session.client == store.client_key("192.168.17.42")
    assert SessionStore().client_key("192.168.17.42") != session.client  # the key is random per store


def test_close_frees_the_slot(clock):
    store = SessionStore(per_client=1, clock=clock)
    session, _ = store.open(None, "10.0.0.1")
    store.close(session.id)
    store.open(None, "10.0.0.1")
    assert len(store) == 1


def test_concurrent_use_keeps_counts_consistent(clock):
    store = SessionStore(max_sessions=50, per_client=1000, max_turns=10_000, clock=clock)
    shared, _ = store.open(None, "10.0.0.9")
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(200):
                session, _ = store.open(None, f"10.0.{n}.{i % 7}")
                store.begin_turn(session)
                store.begin_turn(shared)
                store.open(shared.id, "10.0.0.9")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert shared.turns == 8 * 200
    assert len(store) <= 50
    assert sum(store._per_client.values()) == len(store)  # noqa: SLF001 - the invariant itself
