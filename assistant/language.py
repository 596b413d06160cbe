"""Which language a message is written in (the chat answers in it; the ranking lifts entries that speak
it). By script for Arabic, Cyrillic and Greek, by frequent words and letters for Latin-script languages."""

from __future__ import annotations

import re
from functools import lru_cache

from .folding import fold

# The entries' name of a language (metadata "languages"), by the code detect_language returns.
LANGUAGE_OF_CODE = {"en": "Englisch", "tr": "Türkisch", "ru": "Russisch", "uk": "Ukrainisch", "ar": "Arabisch",
                    "fa": "Persisch", "pl": "Polnisch", "ro": "Rumänisch", "it": "Italienisch", "fr": "Französisch",
                    "es": "Spanisch", "hr": "Kroatisch", "el": "Griechisch"}


_MARKERS = {
    "de": set("ich und der die das ist nicht mit fuer ein eine mich mir meine mein wie gibt es auch bin moechte "
              "will suche gerne bitte danke hallo kann wo kein keine oder aber etwas zeit meiner einen wir sie "
              "habe hab jetzt noch mehr sich zum zur vom beim ueber nur lieber davon zurueck neu anfangen wochenende "
              "abends vormittags nachmittags montags dienstags mittwochs donnerstags freitags samstags sonntags "
              "verein ehrenamt helfen kinder draussen weiss egal".split()),
    "en": set("i and the is not with for my me what how are there want looking please thanks hello can some any "
              "do i'm to of you would like something where have has it this that our we they only at".split()),
    "tr": set("ve bir ben icin ile istiyorum var mi yok cok ne nasil merhaba evet hayir bu benim olmak yapmak "
              "gonullu hafta sonu cocuk cocugum".split()),
    "pl": set("nie jest sie na chce jak co czy ja mam moge".split()),
    "ro": set("si este nu cu pentru vreau sa eu".split()),
    "it": set("il che non per con voglio sono io ho della".split()),
    "fr": set("je le et est pas pour avec veux suis les des une".split()),
    "es": set("el que y para con quiero soy yo los las una".split()),
    "hr": set("je sam za sa zelim ja imam".split()),
}
_CHAR_HINTS = {"de": "äß", "tr": "şğı", "pl": "ąęłśżźćń", "ro": "ăț"}  # ö, ü: German and Turkish


@lru_cache(maxsize=256)  # the hints and the ranking's English false friends both ask for the same wish
def detect_language(text: str) -> str | None:
    """The language a message is written in, or None when it does not say (a single word, a name)."""
    arabic = len(re.findall(r"[\u0600-\u06ff]", text))
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", text))
    latin = len(re.findall(r"[A-Za-zÀ-ɏ]", text))
    if arabic > latin:
        return "fa" if re.search(r"[پچژگ]", text) else "ar"
    if cyrillic > latin:
        return "uk" if re.search(r"[іїєґІЇЄҐ]", text) else "ru"
    if re.search(r"[\u0370-\u03ff]", text) and latin == 0:
        return "el"
    lower = text.lower()
    words = [fold(w) for w in re.findall(r"[\w']+", lower)]
    scores = {lang: sum(w in markers for w in words) for lang, markers in _MARKERS.items()}
    for lang, chars in _CHAR_HINTS.items():
        scores[lang] += 2 * sum(ch in lower for ch in chars)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best
