"""The default, deterministic wording of the chat's replies in German and English, plain or in
Leichte Sprache (short sentences, one fact a line).

The dialogue decides *what* to say as a :class:`Draft` (an act, the entries with facts taken from the
index, the constraints understood); this module only turns drafts into text. Every statement about an
entry is built from that entry's metadata, never made up: titles are quoted exactly („…“ in German,
“…” in English), contacts and times are copied. Knows nothing of sessions, ranking or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from . import lexicon as lx
from .filters import Filters
from .folding import fold, stem

SCHEMA_CATEGORY_LABELS = {
    "sport": "Sport", "musik": "Musik", "kultur": "Kultur", "natur": "Natur & Umwelt", "tiere": "Tiere",
    "soziales": "Soziales", "jugend": "Jugend", "senioren": "Senioren", "familie": "Familie",
    "integration": "Integration", "gesundheit": "Gesundheit", "glaube": "Glaubensgemeinschaften",
    "rettung": "Rettungsdienste & Katastrophenschutz", "hobby": "Hobby & Freizeit", "digital": "Digitales",
    "bildung": "Bildung", "stadtteil": "Stadtteilarbeit", "demokratie": "Demokratie & Beteiligung",
}
LANGUAGES_EN = {"Deutsch": "German", "Englisch": "English", "Türkisch": "Turkish", "Arabisch": "Arabic",
                "Russisch": "Russian", "Ukrainisch": "Ukrainian", "Polnisch": "Polish", "Rumänisch": "Romanian",
                "Kroatisch": "Croatian", "Italienisch": "Italian", "Griechisch": "Greek", "Farsi": "Farsi",
                "Tschechisch": "Czech", "Französisch": "French", "Spanisch": "Spanish", "Kurdisch": "Kurdish",
                "Tigrinya": "Tigrinya"}
DAYS = {"mo": ("montags", "Mondays", "Mon"), "di": ("dienstags", "Tuesdays", "Tue"),
        "mi": ("mittwochs", "Wednesdays", "Wed"), "do": ("donnerstags", "Thursdays", "Thu"),
        "fr": ("freitags", "Fridays", "Fri"), "sa": ("samstags", "Saturdays", "Sat"),
        "so": ("sonntags", "Sundays", "Sun")}
TIMES_EN = {"vormittags": "mornings", "nachmittags": "afternoons", "abends": "evenings"}
KINDS = {"club": ("Vereine", "clubs"), "opportunity": ("Ehrenamt", "volunteering"), "project": ("Projekte", "projects"),
         "page": ("Seiten", "pages")}
PREFERENCES_EN = {"draußen": "outdoors", "drinnen": "indoors", "in der Gruppe": "in a group", "ruhig": "quiet"}
FREQUENCIES = {fold("regelmäßig"): ("regelmäßig", "regular"), "einmalig": ("einmalig", "one-off"),
               "saisonal": ("saisonal", "seasonal")}
_LANGUAGE_BY_FOLD = {name.casefold(): name for name in LANGUAGES_EN}
_DISTRICT_BY_FOLD = {d.casefold(): d for d in lx.DISTRICTS + ("Stadtgebiet",)}


@dataclass
class EntryFacts:
    """One entry as the reply shows it; every value comes from the index."""

    position: int
    title: str
    url: str
    kind: str
    reason: str = ""  # one line: why it fits
    details: list[tuple[str, str]] = field(default_factory=list)  # (label key, value) for the detail view


@dataclass
class Draft:
    act: str  # results | question | details | info
    lang: str = "de"  # de | en
    easy: bool = False
    question: str | None = None  # interest | time | district | rephrase | relax | which
    hint: str | None = None  # senior | child | family | young | engagement | near
    entries: list[EntryFacts] = field(default_factory=list)
    understood: list[str] = field(default_factory=list)  # constraints, already phrased
    topic: str = ""
    notes: list[str] = field(default_factory=list)  # see NOTES
    info: str | None = None  # thanks | help | no_more | no_list | back_start


# ------------------------------------------------------------------------------ constraints, reasons

def _join(items: list[str], lang: str, word: str = "or") -> str:
    conj = {"or": ("oder", "or"), "and": ("und", "and")}[word][lang == "en"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conj} {items[-1]}"


def weekdays_phrase(days: frozenset[str] | set[str], lang: str) -> str:
    days = {d.casefold() for d in days}
    en = lang == "en"
    if days == {"sa", "so"}:
        return "at weekends" if en else "am Wochenende"
    if days == {"mo", "di", "mi", "do", "fr"}:
        return "on weekdays" if en else "unter der Woche"
    names = [DAYS[d][1 if en else 0] for d in DAYS if d in days]
    return ("on " if en else "") + _join(names, lang)


def describe_filters(filters: Filters, excluded: tuple[str, ...], preferences: tuple[str, ...], lang: str) -> list[str]:
    """The constraints understood so far, as short phrases ("in Neugablonz", "am Wochenende")."""
    en = lang == "en"
    out: list[str] = []
    if filters.kinds:
        out.append(_join([KINDS.get(k, (k, k))[en] for k in sorted(filters.kinds)], lang))
    if filters.districts:
        out.append("in " + _join([_DISTRICT_BY_FOLD.get(d, d) for d in sorted(filters.districts)], lang))
    if filters.age is not None:
        out.append(f"for age {filters.age}" if en else f"passend für {filters.age} Jahre")
    if filters.weekdays:
        out.append(weekdays_phrase(filters.weekdays, lang))
    if filters.time_of_day:
        times = [t for t in ("vormittags", "nachmittags", "abends") if t in filters.time_of_day]
        out.append(_join([TIMES_EN[t] if en else t for t in times], lang))
    if filters.frequency:
        out.append(FREQUENCIES.get(filters.frequency, (filters.frequency,) * 2)[en])
    if filters.barrier_free:
        out.append("wheelchair accessible" if en else "barrierefrei")
    if filters.languages:
        names = [_LANGUAGE_BY_FOLD.get(x, x) for x in sorted(filters.languages)]
        out.append("in " + _join([LANGUAGES_EN.get(n, n) for n in names], lang) if en else
                   "auf " + _join(names, lang))
    for word in excluded:
        label = lx.CATEGORIES.get(word)
        if word in lx.DISTRICTS:
            out.append(("not in " if en else "nicht in ") + word)
            continue
        shown = (label[1] if en else SCHEMA_CATEGORY_LABELS.get(word, label[0])) if label else word
        out.append(("no " if en else "ohne ") + shown)
    for pref in preferences:
        out.append(PREFERENCES_EN.get(pref, pref) if en else ("lieber " + pref))
    return out


def category_label(category: Any, lang: str) -> str:
    text = str(category or "").strip()
    slug = text if text in lx.CATEGORIES else next(
        (s for s, label in SCHEMA_CATEGORY_LABELS.items() if fold(label) == fold(text)), None)
    if slug is None:
        return text
    return lx.CATEGORIES[slug][1] if lang == "en" and slug in lx.CATEGORIES else SCHEMA_CATEGORY_LABELS[slug]


def _matching_tags(meta: Mapping[str, Any], topic: str) -> list[str]:
    stems = [stem(w) for w in topic.split() if len(w) >= 3]
    tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
    return [str(t) for t in tags if any(s in fold(str(t)) for s in stems)][:2]


def _cut(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:-–") + " …"


def _ages(meta: Mapping[str, Any], lang: str) -> str | None:
    lo, hi = meta.get("age_min"), meta.get("age_max")
    en = lang == "en"
    if lo is not None and hi is not None:
        return f"ages {lo}–{hi}" if en else f"{lo}–{hi} Jahre"
    if lo is not None:
        return f"ages {lo}+" if en else f"ab {lo} Jahren"
    if hi is not None:
        return f"up to age {hi}" if en else f"bis {hi} Jahre"
    return None


def _when(meta: Mapping[str, Any], lang: str) -> str | None:
    if lang != "en":
        return _cut(meta["times"]) if meta.get("times") else None
    days = {str(d).casefold() for d in meta.get("weekdays") or []}
    times = [TIMES_EN.get(str(t), str(t)) for t in meta.get("time_of_day") or []]
    parts = [("most days" if len(days) >= 5 else ", ".join(DAYS[d][2] for d in DAYS if d in days))] if days else []
    parts += [", ".join(times)] if times else []
    return " ".join(p for p in parts if p) or ("times by arrangement" if meta.get("times") else None)


def reason_line(meta: Mapping[str, Any], topic: str, filters: Filters, lang: str, easy: bool = False) -> str:
    """Why an entry fits, in one line, from its metadata only."""
    en = lang == "en"
    what = ", ".join(_matching_tags(meta, topic)) or category_label(meta.get("category"), lang)
    district = str(meta.get("district") or "")
    where = None
    if district:
        where = ("all over Kaufbeuren" if en else "in ganz Kaufbeuren") if fold(district) == "stadtgebiet" \
            else f"in {district}"
    when = _when(meta, lang)
    extra: list[str] = []
    if filters.age is not None and _ages(meta, lang):
        extra.append(_ages(meta, lang) or "")
    if filters.barrier_free and meta.get("barrier_free") is True:
        extra.append("wheelchair accessible" if en else "barrierefrei")
    spoken = [str(x) for x in meta.get("languages") or [] if str(x).casefold() in filters.languages]
    if spoken:
        extra.append(("also in " + _join([LANGUAGES_EN.get(x, x) for x in spoken], lang)) if en else
                     ("auch auf " + _join(spoken, lang)))
    if filters.frequency and meta.get("frequency"):
        extra.append(FREQUENCIES.get(fold(str(meta["frequency"])), (str(meta["frequency"]),) * 2)[en])
    if easy:
        lines = [f"{'Topic' if en else 'Thema'}: {what}" if what else "",
                 f"{'Place' if en else 'Ort'}: {where.removeprefix('in ')}" if where else "",
                 f"{'When' if en else 'Zeit'}: {when}" if when else ""]
        lines += [x[0].upper() + x[1:] for x in extra]
        return " ".join(line if line.endswith(("…", ".")) else line + "." for line in lines if line)
    return " · ".join(p for p in [what, where, when, *extra] if p)


def details_of(meta: Mapping[str, Any], url: str) -> list[tuple[str, str]]:
    """The facts a person needs to get in touch, in a fixed order; only those the entry has."""
    contact = meta.get("contact") if isinstance(meta.get("contact"), Mapping) else {}
    out: list[tuple[str, str]] = []
    if contact.get("name"):
        role = f" ({contact['role']})" if contact.get("role") else ""
        out.append(("name", f"{contact['name']}{role}"))
    for key in ("phone", "email", "website"):
        if contact.get(key):
            out.append((key, str(contact[key])))
    for key in ("address", "times", "time_needed", "fee", "how_to_join", "accessibility"):
        if meta.get(key):
            out.append((key, " ".join(str(meta[key]).split())))
    if url:
        out.append(("url", url))
    return out


# ------------------------------------------------------------------------------ texts

LABELS = {
    "de": {"name": "Ansprechperson", "phone": "Telefon", "email": "E-Mail", "website": "Webseite",
           "address": "Adresse", "times": "Zeiten", "time_needed": "Zeitaufwand", "fee": "Kosten",
           "how_to_join": "So machen Sie mit", "accessibility": "Zugang", "url": "Mehr dazu"},
    "en": {"name": "Contact person", "phone": "Phone", "email": "Email", "website": "Website",
           "address": "Address", "times": "Times", "time_needed": "Time needed", "fee": "Cost",
           "how_to_join": "How to join", "accessibility": "Access", "url": "More"},
}
EASY_LABELS = {
    "de": {"name": "Die Ansprech-Person ist", "phone": "Sie können anrufen",
           "email": "Sie können eine E-Mail schreiben",
           "website": "Die Internet-Seite ist", "address": "Die Adresse ist", "times": "Die Zeiten sind",
           "time_needed": "So viel Zeit brauchen Sie", "fee": "Das kostet es", "how_to_join": "So machen Sie mit",
           "accessibility": "Zugang", "url": "Mehr steht hier"},
    "en": {"name": "Contact person", "phone": "You can call", "email": "You can write an email",
           "website": "Website", "address": "Address", "times": "Times", "time_needed": "Time needed",
           "fee": "Cost", "how_to_join": "How to join", "accessibility": "Access", "url": "More here"},
}
NOTES = {
    "de": {"other_language": "Ich antworte auf Deutsch, in einfacher Sprache.",
           "personal": "Bitte schreiben Sie mir keine persönlichen Daten. "
                       "Ich brauche sie nicht und speichere sie nicht.",
           "restarted": "Gut, wir fangen neu an.", "back": "Gut, einen Schritt zurück.",
           "expired": "Unser letztes Gespräch ist abgelaufen. Wir beginnen neu.",
           "greeting": "Hallo!", "easy_on": "Gern, ich schreibe jetzt in Leichter Sprache.",
           "lang_switched": "Gern, ich schreibe auf Deutsch weiter."},
    "en": {"other_language": "I answer in simple German.",
           "personal": "Please do not send me personal details. I do not need them and do not keep them.",
           "restarted": "Fine, let's start again.", "back": "Fine, one step back.",
           "expired": "Our last conversation timed out, so we start again.",
           "greeting": "Hello!", "easy_on": "Sure, I'll keep it short and simple.",
           "lang_switched": "Sure, I'll continue in English."},
}
QUESTIONS = {
    "de": {"interest": "Wofür interessieren Sie sich?",
           "interest:senior": "Schön, dass Sie Zeit haben! "
                              "Was machen Sie gern – oder wofür möchten Sie sich einsetzen?",
           "interest:engagement": "Schön, dass Sie sich engagieren möchten! Wofür möchten Sie sich einsetzen?",
           "interest:child": "Was macht Ihr Kind gern?",
           "interest:family": "Was möchten Sie als Familie gern machen?",
           "time": "Wann haben Sie Zeit?",
           "district": "In welchem Stadtteil soll es sein?", "district:near": "In welchem Stadtteil wohnen Sie?",
           "rephrase": "Dazu habe ich nichts Passendes gefunden. Welcher Bereich interessiert Sie am ehesten?",
           "relax": "Mit allen Wünschen zusammen habe ich leider nichts gefunden. Was darf ich weglassen?",
           "which": "Welches Angebot meinen Sie? Schreiben Sie bitte die Nummer."},
    "en": {"interest": "What are you interested in?",
           "interest:senior": "Lovely that you have time! What do you enjoy – or what would you like to support?",
           "interest:engagement": "Great that you want to get involved! What would you like to support?",
           "interest:child": "What does your child enjoy?",
           "interest:family": "What would you like to do as a family?",
           "time": "When do you have time?",
           "district": "Which part of Kaufbeuren should it be in?",
           "district:near": "Which part of Kaufbeuren do you live in?",
           "rephrase": "I couldn't find a good match for that. Which area interests you most?",
           "relax": "I found nothing that matches everything together. What can I leave out?",
           "which": "Which one do you mean? Please write its number."},
}
EASY_QUESTIONS = {
    "de": {"interest": "Was machen Sie gern?\nTippen Sie auf ein Thema.\nOder schreiben Sie es auf.",
           "interest:child": "Was macht Ihr Kind gern?\nTippen Sie auf ein Thema.",
           "time": "Wann haben Sie Zeit?\nTippen Sie auf eine Antwort.",
           "district": "Wo soll es sein?\nIn welchem Stadt-Teil?",
           "district:near": "Wo wohnen Sie?\nIn welchem Stadt-Teil?",
           "rephrase": "Dazu habe ich nichts gefunden.\nWas machen Sie gern?\nTippen Sie auf ein Thema.",
           "relax": "Ich habe nichts gefunden.\nSie haben viele Wünsche.\nWas ist nicht so wichtig?",
           "which": "Welches Angebot meinen Sie?\nSchreiben Sie die Nummer."},
    "en": {"interest": "What do you like to do?\nTap a topic.\nOr write it down.",
           "interest:child": "What does your child like?\nTap a topic.",
           "time": "When do you have time?\nTap an answer.",
           "district": "Where should it be?", "district:near": "Where do you live?",
           "rephrase": "I found nothing for that.\nWhat do you like to do?",
           "relax": "I found nothing.\nYou have many wishes.\nWhat is less important?",
           "which": "Which one do you mean?\nWrite its number."},
}
INFO = {
    "de": {"thanks": "Gern geschehen! Viel Freude beim Mitmachen.",
           "help": "Ich helfe Ihnen, in Kaufbeuren einen Verein, ein Ehrenamt oder ein Projekt zu finden. "
                   "Schreiben Sie einfach, was Sie gern machen, zum Beispiel: Fußball für meine Tochter, 9, "
                   "in Neugablonz. Sie können auch schreiben: nur am Wochenende, mit Rollstuhl, mehr davon, "
                   "das zweite, zurück oder neu anfangen.",
           "no_more": "Weitere passende Angebote habe ich dazu nicht. Möchten Sie etwas ändern?",
           "no_list": "Ich habe Ihnen noch keine Angebote gezeigt.",
           "back_start": "Wir sind schon am Anfang."},
    "en": {"thanks": "You're welcome! Enjoy taking part.",
           "help": "I help you find a club, a volunteering role or a project in Kaufbeuren. Just write what you enjoy, "
                   "for example: football for my daughter, 9, in Neugablonz. You can also write: only at weekends, "
                   "wheelchair, show more, the second one, back or start over.",
           "no_more": "I have no more matching offers for that. Would you like to change something?",
           "no_list": "I haven't shown you any offers yet.",
           "back_start": "We are already at the beginning."},
}


def _quote(title: str, lang: str) -> str:
    return f"“{title}”" if lang == "en" else f"„{title}“"


def _results(d: Draft) -> list[str]:
    en, lang = d.lang == "en", d.lang
    if d.easy:
        n = len(d.entries)
        head = [f"I found {n} offer{'s' if n != 1 else ''}." if en else
                f"Ich habe {n} {'Angebot' if n == 1 else 'Angebote'} gefunden."]
        if "hedged" in d.notes:
            head.append("Maybe something fits." if en else "Vielleicht passt etwas.")
    elif "hedged" in d.notes:
        head = ["I'm not quite sure these fit – maybe one of them does:" if en else
                "Ich bin nicht ganz sicher, ob das passt – vielleicht ist etwas dabei:"]
    elif "more" in d.notes:
        head = ["Here are more offers:" if en else "Hier sind weitere Angebote:"]
    else:
        head = ["Best matches:" if en else "Das passt am besten:"]
    wish = ", ".join(([d.topic] if d.topic else []) + d.understood)
    if wish and not d.easy:
        head.insert(0, f"Searched for: {wish}." if en else f"Gesucht: {wish}.")
    lines = head
    for e in d.entries:
        sep = "\n   " if d.easy else " – "
        lines.append(f"{e.position}. {_quote(e.title, lang)}{sep + e.reason if e.reason else ''}")
    if d.easy:
        lines.append("Do you want to know more? Write the number." if en else
                     "Sie möchten mehr wissen?\nSchreiben Sie die Nummer.")
    else:
        lines.append("Would you like the contact details of one of them? Write, for example: the second one." if en else
                     "Möchten Sie zu einem davon die Kontaktdaten? Schreiben Sie zum Beispiel: das zweite.")
    return lines


def _details(d: Draft) -> list[str]:
    en, lang = d.lang == "en", d.lang
    e = d.entries[0]
    labels = (EASY_LABELS if d.easy else LABELS)[lang]
    has_contact = any(key in ("name", "phone", "email", "website") for key, _ in e.details)
    if d.easy:
        head = [f"This is {_quote(e.title, lang)}." if en else f"Das ist {_quote(e.title, lang)}."]
    elif has_contact:
        head = [f"How to reach {_quote(e.title, lang)}:" if en else f"So erreichen Sie {_quote(e.title, lang)}:"]
    else:
        head = [f"The directory has no contact details for {_quote(e.title, lang)}." if en else
                f"Für {_quote(e.title, lang)} stehen keine Kontaktdaten im Verzeichnis."]
    if d.easy and not has_contact:
        head.append("I have no phone number and no email for it." if en else
                    "Ich habe dafür keine Telefon-Nummer und keine E-Mail.")
    return head + [f"{labels[key]}: {value}" for key, value in e.details]


def phrase(d: Draft) -> str:
    """The reply text for a draft."""
    lang = d.lang if d.lang in ("de", "en") else "de"
    lines = [NOTES[lang][n] for n in d.notes if n in NOTES[lang]]
    if d.info:
        lines.append(INFO[lang][d.info])
    if d.act == "results":
        lines += _results(d)
    elif d.act == "details" and d.entries:
        lines += _details(d)
    elif d.act == "question" and d.question:
        table = EASY_QUESTIONS[lang] if d.easy else QUESTIONS[lang]
        key = f"{d.question}:{d.hint}" if f"{d.question}:{d.hint}" in table else d.question
        if d.understood and d.question in ("interest", "time", "district"):
            lines.append(("I'll keep in mind: " if lang == "en" else "Ich merke mir: ") + ", ".join(d.understood) + ".")
        elif d.understood and d.question == "relax":
            lines.append(("You asked for: " if lang == "en" else "Ihre Wünsche: ") + ", ".join(d.understood) + ".")
        lines.append(table.get(key) or QUESTIONS[lang][key])
    return "\n".join(line for line in lines if line)
