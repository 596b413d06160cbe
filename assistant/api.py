"""HTTP routes for matching and health. Dependencies arrive through ``Annotated`` aliases so tests can
swap them with ``app.dependency_overrides``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .engine import Engine
from .errors import InputError
from .filters import FilterValueError, Filters, filters_from_request
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


class MatchFilters(BaseModel):
    """Hard constraints (all optional); values are checked against the vocabulary in
    :mod:`assistant.filters` and unknown ones answered with a German 422."""

    model_config = ConfigDict(extra="forbid")

    kind: list[str] | None = None  # club, opportunity, project (or Verein, Ehrenamt, Projekt)
    district: list[str] | None = None
    age: int | None = Field(None, ge=0, le=120)
    target_group: list[str] | None = None
    frequency: str | None = None  # regelmäßig | einmalig | saisonal
    barrier_free: bool | None = None
    language: list[str] | None = None
    weekdays: list[str] | None = None
    time_of_day: list[str] | None = None

    @field_validator("kind", "district", "target_group", "language", "weekdays", "time_of_day", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    query: str
    limit: int | None = Field(None, ge=1)
    filters: MatchFilters | None = None


class Reason(BaseModel):
    text: str
    highlights: list[tuple[int, int]]  # [start, end) character offsets into text


class MatchResult(BaseModel):
    id: str
    url: str
    title: str
    kind: str
    score: float
    snippet: str
    reason: Reason
    district: str | None = None
    category: str | None = None
    contact: dict[str, str] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)


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


def resolve_filters(filters: MatchFilters | None) -> Filters | None:
    if filters is None:
        return None
    try:
        return filters_from_request(filters.model_dump(exclude_none=True))
    except FilterValueError as exc:
        raise InputError(f"filters.{exc.name}", exc.message, "value_error") from None


@router.post("/api/match", response_model=MatchResponse)
def match(body: MatchRequest, matcher: MatcherDep, settings: SettingsDep) -> dict[str, Any]:
    query = clean_query(body.query, settings)
    limit = resolve_limit(body.limit, settings)
    filters = resolve_filters(body.filters)
    return {"results": [m.public() for m in matcher.match(query, limit, filters=filters)]}


@router.get("/healthz")
def healthz(engine: EngineDep) -> dict[str, Any]:
    manifest = engine.matcher.index.manifest
    return {"status": "ok", "generation": manifest.generation, "documents": manifest.documents,
            "passages": manifest.passages, "embedder": manifest.embedder, "model": manifest.model}
