"""HTTP routes for matching and health. Dependencies arrive through ``Annotated`` aliases so tests can
swap them with ``app.dependency_overrides``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from .engine import Engine
from .errors import InputError
from .ranking import Matcher
from .settings import Settings, get_settings


def settings_dep() -> Settings:
    return get_settings()


def engine_dep(request: Request) -> Engine:
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        raise RuntimeError("The index is not loaded.")
    return engine


def matcher_dep(engine: Annotated[Engine, Depends(engine_dep)]) -> Matcher:
    return engine.matcher


SettingsDep = Annotated[Settings, Depends(settings_dep)]
EngineDep = Annotated[Engine, Depends(engine_dep)]
MatcherDep = Annotated[Matcher, Depends(matcher_dep)]

router = APIRouter()


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    query: str
    limit: int | None = Field(None, ge=1)


class MatchResult(BaseModel):
    id: str
    url: str
    title: str
    kind: str
    score: float
    snippet: str


class MatchResponse(BaseModel):
    results: list[MatchResult]


def clean_query(text: str, settings: Settings, field: str = "query") -> str:
    """Strip control characters and whitespace; empty or too long input is refused in German."""
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()
    if not text:
        raise InputError(field, "Bitte schreiben Sie, wofür Sie sich interessieren.", "string_too_short")
    if len(text) > settings.max_query_chars:
        raise InputError(
            field,
            f"Ihre Anfrage ist zu lang ({len(text)} Zeichen). Bitte fassen Sie sich kürzer "
            f"(höchstens {settings.max_query_chars} Zeichen).",
            "string_too_long",
        )
    return text


def resolve_limit(limit: int | None, settings: Settings) -> int:
    if limit is None:
        return settings.default_results
    if limit > settings.max_results:
        raise InputError("limit", f"„Anzahl“ ist zu groß (höchstens {settings.max_results}).", "less_than_equal")
    return limit


@router.post("/api/match", response_model=MatchResponse)
def match(body: MatchRequest, matcher: MatcherDep, settings: SettingsDep) -> dict[str, Any]:
    query = clean_query(body.query, settings)
    limit = resolve_limit(body.limit, settings)
    return {"results": [m.public() for m in matcher.match(query, limit)]}


@router.get("/healthz")
def healthz(engine: EngineDep) -> dict[str, Any]:
    manifest = engine.matcher.index.manifest
    return {"status": "ok", "generation": manifest.generation, "documents": manifest.documents,
            "passages": manifest.passages, "embedder": manifest.embedder, "model": manifest.model}
