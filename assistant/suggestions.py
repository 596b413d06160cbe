"""Tappable suggestions the chat offers, in German and English. Every suggestion is a message the
dialogue understands when it is sent back (tests/test_understanding.py checks each one)."""

from __future__ import annotations

from typing import Any

SUGGESTIONS = {
    "de": {
        "interest": ["Sport & Bewegung", "Musik & Singen", "Natur & Umwelt", "Kinder & Jugendliche",
                     "Ältere Menschen", "Integration & Sprache"],
        "interest:senior": ["Mit Kindern lesen", "Ältere Menschen besuchen", "Natur & Garten", "Singen im Chor",
                            "Reparieren & Handwerk", "Bewegung & Tanzen"],
        "interest:child": ["Fußball", "Schwimmen", "Musik machen", "Schach", "Klettern", "Feuerwehr"],
        "time": ["Vormittags unter der Woche", "Nachmittags", "Abends", "Am Wochenende", "Nur einmalig", "Egal wann"],
        "district": ["In der Altstadt", "In der Kernstadt", "In Neugablonz", "In Oberbeuren", "In Haken", "Egal wo"],
        "contact": "Kontakt zu Nr. {n}", "more": "Mehr davon", "restart": "Neu anfangen", "back": "Zurück zur Liste",
        "undo": "Zurück",
        "refine:weekdays": "Nur am Wochenende", "refine:barrier_free": "Barrierefrei",
        "refine:outdoors": "Lieber draußen", "refine:once": "Nur einmalig",
        "relax:districts": "Egal wo", "relax:weekdays": "Egal wann", "relax:time_of_day": "Egal wann",
        "relax:age": "Egal welches Alter", "relax:languages": "Egal welche Sprache", "relax:kinds": "Alle Arten",
        "relax:frequency": "Egal wie oft", "language_only": "Nur Angebote auf {language}",
    },
    "en": {
        "interest": ["Sports & exercise", "Music & singing", "Nature & environment", "Children & youth",
                     "Older people", "Integration & language"],
        "interest:senior": ["Reading with children", "Visiting older people", "Nature & gardening",
                            "Singing in a choir", "Repairing things", "Dancing & exercise"],
        "interest:child": ["Football", "Swimming", "Music", "Chess", "Climbing", "Fire brigade"],
        "time": ["Weekday mornings", "Afternoons", "Evenings", "At the weekend", "Just once", "Any time"],
        "district": ["In the Altstadt", "In the Kernstadt", "In Neugablonz", "In Oberbeuren", "In Haken", "Anywhere"],
        "contact": "Contact for no. {n}", "more": "Show more", "restart": "Start over", "back": "Back to the list",
        "undo": "Go back",
        "refine:weekdays": "Only at weekends", "refine:barrier_free": "Wheelchair accessible",
        "refine:outdoors": "Rather outdoors", "refine:once": "Just once",
        "relax:districts": "Anywhere", "relax:weekdays": "Any time", "relax:time_of_day": "Any time",
        "relax:age": "Any age", "relax:languages": "Any language", "relax:kinds": "All kinds",
        "relax:frequency": "Any frequency", "language_only": "Only offers in {language}",
    },
}


def suggestion(key: str, lang: str, **values: Any) -> str:
    text = SUGGESTIONS["en" if lang == "en" else "de"][key]
    return text.format(**values) if isinstance(text, str) else text[0]


def suggestion_list(key: str, lang: str) -> list[str]:
    table = SUGGESTIONS["en" if lang == "en" else "de"]
    return list(table.get(key) or table[key.split(":")[0]])
