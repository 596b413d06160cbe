"""Operator endpoints. ``POST /api/admin/reload`` serves the newest index generation without a restart.

Protected by a bearer token from KBA_ADMIN_TOKEN; without a configured token the endpoint does not
exist (404), a missing or wrong token gets 401. The token is compared in constant time.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from indexer.store import IndexStoreError

from .api import EngineDep, SettingsDep

router = APIRouter()


def _check_token(request: Request, expected: str) -> None:
    if not expected:
        raise HTTPException(404)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(), expected.encode()):
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})


@router.post("/api/admin/reload", include_in_schema=False)
def reload_index(request: Request, engine: EngineDep, settings: SettingsDep) -> dict[str, Any]:
    _check_token(request, settings.admin_token)
    before = engine.generation
    try:
        switched = engine.reload()
    except IndexStoreError as exc:
        raise HTTPException(503, f"The new index could not be loaded; still serving {before}: {exc}") from None
    return {"reloaded": switched, "generation": engine.generation, "previous": before}
