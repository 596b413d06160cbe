"""How chat replies are worded: the :class:`Phraser` interface, the deterministic default, and an
optional client for an OpenAI-compatible ``/chat/completions`` endpoint (off unless
``KBA_GENERATOR_URL`` is set).

The language model only *rephrases* the default reply, which already holds every fact (titles,
contacts, times copied from the index). Its answer is used only if it adds nothing: no e-mail address,
link, number or quoted name that the default reply does not contain, and every entry title still
there. On any error, time-out or doubt the default reply is sent. No model is needed to run the chat.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol

from .phrasing import Draft, phrase

log = logging.getLogger(__name__)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s)\]]+")
_NUMBER = re.compile(r"\d+")
_QUOTED = re.compile(r"„([^“]{2,200})“|“([^”]{2,200})”|\"([^\"]{2,200})\"")
SYSTEM_PROMPT = (
    "Du formulierst Antworten des Engagement-Assistenten der Stadt Kaufbeuren freundlicher und natürlicher. "
    "Regeln: Verwende ausschließlich die Fakten aus dem Entwurf. Erfinde keine Organisationen, Namen, Termine, "
    "Adressen, Telefonnummern, E-Mail-Adressen oder Links und lass keine weg. Übernimm Titel in Anführungszeichen, "
    "Zahlen und Kontaktdaten wörtlich und behalte die Nummerierung bei. Antworte nur mit dem neuen Text."
)
LANGUAGE_NAMES = {"de": "Deutsch", "en": "Englisch (English)"}


class Phraser(Protocol):
    def phrase(self, draft: Draft) -> str: ...


class DefaultPhraser:
    """The deterministic templates of :mod:`assistant.phrasing`."""

    def phrase(self, draft: Draft) -> str:
        return phrase(draft)


def grounded(text: str, default: str, titles: list[str]) -> bool:
    """True if ``text`` says nothing ``default`` does not: no new address, link, number or quoted
    name, and every entry title kept."""
    if not text.strip() or len(text) > 3 * len(default) + 300:
        return False
    for pattern in (_EMAIL, _URL):
        if set(pattern.findall(text)) - set(pattern.findall(default)):
            return False
    if set(_NUMBER.findall(text)) - set(_NUMBER.findall(default)):
        return False
    quoted = {next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)}
    if any(q not in default for q in quoted):
        return False
    return all(title in text for title in titles)


class OpenAICompatiblePhraser:
    """Rephrases the default reply through ``POST {url}/chat/completions``; falls back to the default."""

    def __init__(self, url: str, model: str, timeout: float, api_key: str = "",
                 fallback: Phraser | None = None) -> None:
        import httpx

        url = url.rstrip("/")
        self.endpoint = url if url.endswith("/chat/completions") else url + "/chat/completions"
        self.model = model
        self.fallback = fallback or DefaultPhraser()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        # No redirects (the reply must come from the configured host), no proxies from the environment.
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), headers=headers, follow_redirects=False,
                                    trust_env=False)

    def _payload(self, draft: Draft, default: str) -> dict[str, Any]:
        style = " In Leichter Sprache: kurze Sätze, ein Gedanke pro Satz." if draft.easy else ""
        user = f"Sprache der Antwort: {LANGUAGE_NAMES.get(draft.lang, 'Deutsch')}.{style}\n\nEntwurf:\n{default}"
        return {"model": self.model, "temperature": 0.2, "max_tokens": 700, "stream": False,
                "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]}

    def phrase(self, draft: Draft) -> str:
        default = self.fallback.phrase(draft)
        try:
            response = self._client.post(self.endpoint, json=self._payload(draft, default))
            response.raise_for_status()
            text = str(response.json()["choices"][0]["message"]["content"]).strip()
        except Exception as exc:  # noqa: BLE001 - any failure of the optional generator means: default wording
            log.warning("generator unavailable, using the default reply: %s", type(exc).__name__)
            return default
        if not grounded(text, default, [e.title for e in draft.entries]):
            log.warning("generator reply added or dropped facts; using the default reply")
            return default
        return text

    def close(self) -> None:
        self._client.close()


def make_phraser(url: str = "", model: str = "", timeout: float = 8.0, api_key: str = "") -> Phraser:
    """The default phraser, or the generator when an endpoint is configured."""
    if not url:
        return DefaultPhraser()
    return OpenAICompatiblePhraser(url, model, timeout, api_key)
