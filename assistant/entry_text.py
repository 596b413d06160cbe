"""What the ranking reads of an entry besides its passages: the text for the lexical index, the fields
that say what the entry is about, the keys of the organisation behind it (diversity), and the snippet a
result card shows."""

from __future__ import annotations

import re

from indexer.store import Document

SNIPPET_CHARS = 280


def snippet_of(passage_text: str, title: str, limit: int = SNIPPET_CHARS) -> str:
    """The passage without its title line, cut at a word boundary."""
    body = passage_text
    if title and body.startswith(title):
        body = body[len(title):]
    body = " ".join(body.split())
    if len(body) <= limit:
        return body
    cut = body.rfind(" ", 0, limit)
    return body[: cut if cut > limit // 2 else limit].rstrip(" ,;:-–") + " …"


def boosted_fields(doc: Document) -> str:
    """Title, category and tags: the words that say what an entry is about (field weighting)."""
    meta = doc.metadata
    tags = meta.get("tags") or []
    tags = tags if isinstance(tags, list) else [str(tags)]
    return " ".join([doc.title, str(meta.get("category") or "")] + [str(t) for t in tags])


def lexical_body(doc: Document) -> str:
    """The text the lexical index reads: the document, plus its summary where the text lacks it (HTML
    pages keep their meta description in metadata only)."""
    summary = str(doc.metadata.get("description") or "").strip()
    return doc.text if not summary or summary in doc.text else f"{doc.text}\n\n{summary}"


_STEM_CUT = re.compile(r"\s+[–—-]\s+|\s*[:(|]")


def group_keys(doc: Document) -> frozenset[str]:
    """Keys that identify the organisation behind an entry: e-mail, organisation, title before a dash
    ("TSV Neugablonz – Abteilung Fußball" -> "tsv neugablonz")."""
    meta = doc.metadata
    keys = set()
    contact = meta.get("contact")
    if isinstance(contact, dict) and contact.get("email"):
        keys.add("mail:" + str(contact["email"]).strip().lower())
    for key in ("organisation_id", "organisation"):
        if meta.get(key):
            keys.add("org:" + str(meta[key]).strip().lower())
    if doc.kind != "archive":
        stem = _STEM_CUT.split(doc.title, 1)[0].strip().lower()
        if stem:
            keys.add("title:" + stem)
            keys.add("org:" + stem)  # an opportunity's organisation is often a club's title
    return frozenset(keys)
