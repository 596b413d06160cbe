"""``POST /api/chat``: one turn of the chat dialogue (README.md).

The route checks the request (German 422 errors), finds or opens the session, enforces the limits
(message length: 422; turns per session and open sessions per client: 429) and hands the turn to
:class:`assistant.dialogue.Dialogue`. The session store, the phraser and the dialogue arrive through
dependencies, so tests swap them with ``app.dependency_overrides``.
"""

from __future__ import annotations

import re
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from .api import MatcherDep, MatchFilters, SettingsDep
from .dialogue import ChatState, Dialogue, DialogueConfig, HandFilters
from .errors import InputError, limit_response
from .filters import REQUEST_FIELDS, FilterValueError, filters_from_request
from .generator import Phraser, make_phraser
from .sessions import SessionLimit, SessionStore
from .settings import Settings

router = APIRouter()
_APP_STATE_LOCK = threading.Lock()  # guards the lazy creation of per-app objects below
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def _per_app(request: Request, name: str, build: Any) -> Any:
    """An object kept on the app (one per app, made on first use, so tests get fresh ones)."""
    value = getattr(request.app.state, name, None)
    if value is None:
        with _APP_STATE_LOCK:
            value = getattr(request.app.state, name, None)
            if value is None:
                value = build()
                setattr(request.app.state, name, value)
    return value


def sessions_dep(request: Request, settings: SettingsDep) -> SessionStore:
    return _per_app(request, "chat_sessions", lambda: SessionStore(
        ttl_seconds=settings.chat_session_minutes * 60, max_sessions=settings.chat_max_sessions,
        max_turns=settings.chat_max_turns, per_client=settings.chat_sessions_per_client))


def phraser_dep(request: Request, settings: SettingsDep) -> Phraser:
    return _per_app(request, "chat_phraser", lambda: make_phraser(
        settings.generator_url, settings.generator_model, settings.generator_timeout, settings.generator_api_key))


def dialogue_config(settings: Settings) -> DialogueConfig:
    return DialogueConfig(results_per_turn=settings.chat_results, weak_score=settings.chat_weak_score,
                          weak_score_crosslingual=settings.chat_weak_score_crosslingual,
                          easy_default=settings.chat_easy_language)


def dialogue_dep(matcher: MatcherDep, phraser: Annotated[Phraser, Depends(phraser_dep)],
                 settings: SettingsDep) -> Dialogue:
    return Dialogue(matcher, phraser, dialogue_config(settings))


SessionsDep = Annotated[SessionStore, Depends(sessions_dep)]
DialogueDep = Annotated[Dialogue, Depends(dialogue_dep)]


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    session_id: str | None = Field(None, max_length=100)
    message: str = Field(..., max_length=100_000)  # the configured, much lower limit is checked below
    lang: str | None = Field(None, max_length=20)
    filters: MatchFilters | None = None  # set by hand on the page; keys sent replace what was understood
    easy: bool | None = None  # Leichte Sprache on/off


class ChatResponse(BaseModel):
    session_id: str
    reply: str
    results: list[dict[str, Any]]
    suggestions: list[str]
    asked: str | None
    filters: dict[str, Any]
    topic: str
    lang: str
    easy_language: bool
    session_expired: bool


def clean_message(text: str, settings: Settings, may_be_empty: bool) -> str:
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()
    if not text and not may_be_empty:
        raise InputError("message", "Bitte schreiben Sie, wofür Sie sich interessieren.", "string_too_short")
    limit = settings.chat_max_message_chars
    if len(text) > limit:
        raise InputError("message", f"Ihre Nachricht ist zu lang ({len(text)} Zeichen). Bitte fassen Sie sich "
                                    f"kürzer (höchstens {limit} Zeichen).", "string_too_long")
    return text


def clean_lang(lang: str | None) -> str | None:
    if lang is None or not lang.strip():
        return None
    if not _LANG.fullmatch(lang.strip()):
        raise InputError("lang", "„Sprache“ ist ungültig (zum Beispiel de oder en).", "value_error")
    return lang.strip()[:2].lower()


def hand_filters(filters: MatchFilters | None) -> HandFilters | None:
    """The filters the page sent: the complete set of constraints set by hand (as its filter form shows
    them), replacing all constraints understood so far; a key left out or null means no constraint."""
    if filters is None:
        return None
    values = {k: v for k, v in filters.model_dump().items() if v is not None and v != []}
    try:
        built = filters_from_request(values)
    except FilterValueError as exc:
        raise InputError(f"filters.{exc.name}", exc.message, "value_error") from None
    return HandFilters(built, frozenset(attr for attr, _ in REQUEST_FIELDS.values()))


def client_address(request: Request, settings: Settings) -> str:
    """Only hashed by the session store, never kept."""
    if settings.chat_trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.client.host if request.client else "unknown"


@router.post("/api/chat", response_model=ChatResponse)
def chat(body: ChatRequest, request: Request, dialogue: DialogueDep, sessions: SessionsDep,
         settings: SettingsDep) -> Any:
    hand = hand_filters(body.filters)
    message = clean_message(body.message, settings, may_be_empty=hand is not None or body.easy is not None)
    lang = clean_lang(body.lang)
    try:
        session, expired = sessions.open(body.session_id, client_address(request, settings))
    except SessionLimit:
        return limit_response("Sie haben gerade sehr viele Gespräche offen. Bitte führen Sie ein bestehendes "
                              "Gespräch weiter oder versuchen Sie es später noch einmal.", "too_many_sessions",
                              retry_after=int(settings.chat_session_minutes * 60))
    with session.lock:  # one turn at a time per conversation
        try:
            sessions.begin_turn(session)
        except SessionLimit:
            return limit_response("Dieses Gespräch ist sehr lang geworden. Bitte beginnen Sie ein neues Gespräch.",
                                  "too_many_turns")
        state, reply = dialogue.turn(session.state or ChatState(), message, lang=lang, hand=hand, easy=body.easy,
                                     expired=expired)
        sessions.save(session, state)
    return {"session_id": session.id, "reply": reply.text, "results": reply.results, "suggestions": reply.suggestions,
            "asked": reply.asked, "filters": reply.filters, "topic": reply.topic, "lang": reply.lang,
            "easy_language": reply.easy, "session_expired": expired}
