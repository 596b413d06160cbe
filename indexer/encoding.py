"""Bytes to text so that umlauts come out right, also when a page declares the wrong charset.

Order: byte-order mark > HTTP header charset > ``<meta charset>`` > UTF-8 > Windows-1252.
A declaration is trusted only while the bytes agree with it, because wrong declarations are common:
- declared UTF-8 but the bytes are not valid UTF-8: the page was saved as Windows-1252 (``Gr\\xfc\\xdfe``);
- declared Latin-1/Windows-1252/ASCII but the bytes are valid UTF-8 with multi-byte sequences: that is
  UTF-8 (``GrÃ¼ÃŸe`` otherwise). Valid UTF-8 multi-byte runs practically never occur in real Latin-1 text.
Latin-1 is read as Windows-1252, as browsers do (``€`` and typographic quotes live at 0x80–0x9F).
"""

from __future__ import annotations

import codecs
import re

_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SINGLE_BYTE_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def charset_from_content_type(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB (``<meta charset>`` or http-equiv)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None  # an unknown charset name is as good as none
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # without a BOM such a declaration is wrong (an ASCII-compatible page said it)
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, header_charset: str | None = None, html: bool = False) -> tuple[str, str]:
    """(text, encoding used). Never raises: undecodable bytes become U+FFFD."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    declared = _codec(header_charset) or (_codec(meta_charset(data)) if html else None)
    if declared is not None:
        if declared == "utf-8":
            if _is_utf8(data):
                return data.decode("utf-8"), "utf-8"
            return data.decode("cp1252", errors="replace"), "cp1252"  # declared UTF-8, is not
        if declared in _SINGLE_BYTE_WESTERN and _NON_ASCII.search(data) and _is_utf8(data):
            return data.decode("utf-8"), "utf-8"  # declared Latin-1, is UTF-8
        try:
            return data.decode(declared, errors="replace"), declared
        except (LookupError, ValueError):  # e.g. a codec that cannot decode (rot13, stateful oddities)
            pass
    if _is_utf8(data):
        return data.decode("utf-8"), "utf-8"
    return data.decode("cp1252", errors="replace"), "cp1252"
