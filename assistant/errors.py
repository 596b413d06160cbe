"""Validation errors as HTTP 422 with messages a citizen understands (German), never a 500."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

FIELD_NAMES = {"query": "Suchtext", "limit": "Anzahl", "message": "Nachricht", "session_id": "Sitzung",
               "lang": "Sprache", "filters": "Filter", "easy": "Leichte Sprache"}


class InputError(ValueError):
    """A request that is well-formed JSON but not acceptable; carries the German message."""

    def __init__(self, field: str, message: str, kind: str = "value_error") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.kind = kind


def _german(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    loc = [str(p) for p in error.get("loc", ()) if p != "body"]
    name = FIELD_NAMES.get(loc[-1], loc[-1]) if loc else ""
    ctx = error.get("ctx") or {}
    if kind == "json_invalid":
        return "Die Anfrage ist kein gültiges JSON."
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return "Die Anfrage muss ein JSON-Objekt sein, z. B. {\"query\": \"Fußball für Kinder\"}."
    if kind == "missing":
        return f"Das Feld „{name}“ fehlt."
    if kind in ("string_type", "string_unicode"):
        return f"„{name}“ muss ein Text sein."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"„{name}“ muss eine ganze Zahl sein."
    if kind in ("bool_type", "bool_parsing"):
        return f"„{name}“ muss wahr oder falsch sein."
    if kind in ("list_type",):
        return f"„{name}“ muss eine Liste sein."
    if kind in ("greater_than_equal", "greater_than"):
        return f"„{name}“ ist zu klein (mindestens {ctx.get('ge', ctx.get('gt'))})."
    if kind in ("less_than_equal", "less_than"):
        return f"„{name}“ ist zu groß (höchstens {ctx.get('le', ctx.get('lt'))})."
    if kind == "string_too_long":
        return f"„{name}“ ist zu lang (höchstens {ctx.get('max_length')} Zeichen)."
    if kind == "string_too_short":
        return f"„{name}“ darf nicht leer sein."
    if kind in ("literal_error", "enum"):
        return f"„{name}“ hat einen unbekannten Wert (erlaubt: {ctx.get('expected', '')})."
    if kind == "extra_forbidden":
        return f"Das Feld „{name}“ ist unbekannt."
    return f"„{name}“ ist ungültig." if name else "Die Anfrage ist ungültig."


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    detail = [{"loc": list(e.get("loc", ())), "msg": _german(e), "type": e.get("type", "value_error")}
              for e in errors]
    return {"message": detail[0]["msg"] if detail else "Die Anfrage ist ungültig.", "detail": detail}


async def validation_handler(_: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(error_body(list(exc.errors())), status_code=422)


async def input_error_handler(_: Request, exc: InputError) -> JSONResponse:
    body = {"message": exc.message, "detail": [{"loc": ["body", exc.field], "msg": exc.message, "type": exc.kind}]}
    return JSONResponse(body, status_code=422)


_HTTP_MESSAGES = {
    401: "Bitte melden Sie sich an.",
    403: "Dafür fehlt die Berechtigung.",
    404: "Diese Seite gibt es nicht.",
    405: "Diese Methode ist hier nicht erlaubt.",
    413: "Die Anfrage ist zu groß.",
    429: "Zu viele Anfragen. Bitte warten Sie einen Moment.",
}


async def http_error_handler(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    """HTTP errors with a German message; an unparsable request body counts as invalid input (422)."""
    status = exc.status_code
    if status == 400 and "parsing the body" in str(exc.detail):
        message = "Die Anfrage ist kein gültiges JSON."
        return JSONResponse({"message": message, "detail": [{"loc": ["body"], "msg": message,
                                                             "type": "json_invalid"}]}, status_code=422)
    message = exc.detail if isinstance(exc.detail, str) and status not in _HTTP_MESSAGES else \
        _HTTP_MESSAGES.get(status, str(exc.detail))
    return JSONResponse({"message": message, "detail": message}, status_code=status,
                        headers=getattr(exc, "headers", None))


def limit_response(message: str, kind: str, field: str = "session_id", retry_after: int | None = None) -> JSONResponse:
    """HTTP 429 with the German ``message`` in the shape of the 422 errors (``type`` says which limit)."""
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return JSONResponse({"message": message, "detail": [{"loc": ["body", field], "msg": message, "type": kind}]},
                        status_code=429, headers=headers)
