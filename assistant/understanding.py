"""What a chat message says: constraints, interest, and conversation moves, from free text.

:func:`understand` reads one message (German and English broadly, a few constraints in Turkish,
Russian, Ukrainian and Arabic) and returns an :class:`Understanding`. Every phrase it recognises is
*consumed*, so what is left over is the person's interest (the topic) in their own words. It never
looks at the index and never guesses: a word it does not know stays part of the topic for the ranking.
Knows nothing of sessions or HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .filters import WEEKDAYS, Filters
from .folding import FoldedText, fold, rx as _rx
from .language import detect_language

__all__ = ["Understanding", "understand", "detect_language", "fuzzy_district", "category_of", "fold"]

@dataclass
class Understanding:
    lang: str | None = None  # language the message is written in (de, en, tr, ar, ru, uk, …) or None
    filters: Filters = field(default_factory=Filters)  # constraints stated in this message
    cleared: frozenset[str] = frozenset()  # Filters fields the person lifted ("egal wo" -> districts)
    topic: str = ""  # the interest: content words of the message, constraint phrases removed
    query: str = ""  # the message without the phrases understood (what the ranking gets), "" if no topic
    additive: bool = False  # "auch …": add to the interest instead of replacing it
    excluded: tuple[str, ...] = ()  # folded words/category slugs/districts to leave out ("nicht Sport")
    preferences: tuple[str, ...] = ()  # soft wishes ("draußen")
    hints: tuple[str, ...] = ()  # life stage: senior, young, child, family
    near_me: bool = False  # "in meiner Nähe" (with or without a district)
    engagement: bool = False  # a general wish to get involved ("engagieren", "helfen")
    move: str | None = None  # restart | back | more
    reference: int | None = None  # 1-based position in the last results, -1 = the last one
    contact: bool = False  # asks how to reach an entry
    select: bool = False  # "klingt gut", "mehr über …"
    reject: bool = False  # "passt nicht"
    easy: bool | None = None  # Leichte Sprache asked for (True) or turned off (False)
    reply_lang: str | None = None  # "bitte auf Englisch"
    greeting: bool = False
    thanks: bool = False
    help: bool = False
    skip: bool = False  # "weiß nicht", "egal"
    personal: bool = False  # the message contained personal data (removed, never stored)

    @property
    def has_constraints(self) -> bool:
        return not self.filters.is_empty() or bool(self.cleared or self.excluded or self.preferences)


# ------------------------------------------------------------------------------------ patterns

_PERSONAL = [_rx(p) for p in (
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", r"https?://\S+|www\.\S+", r"\+?\d[\d /()-]{6,}\d",
    r"[\w-]+(?:strasse|str\.|weg|gasse|platz|allee|ring|steig)\s+\d+\s?\w?",
    r"(?:ich heisse|mein name ist|my name is|i am called|ich bin die|ich bin der|hier ist|this is)\s+\w+(?:\s+\w+)?",
    r"(?:wohne|lebe|live)\s+(?:in der|in|at|im|am)\s+[\w-]+(?:strasse|str|weg|gasse|platz|allee)\w*(?:\s+\d+\w?)?",
)]
_EASY_ON, _EASY_OFF = _rx(lx.EASY_ON), _rx(lx.EASY_OFF)
_LANG_ANY = "|".join(lx.LANGUAGE_NAMES.values())
_REPLY_LANG = [_rx(rf"(?:{lx.REPLY_IN})\b[^.!?]{{0,25}}?\b(?:auf|in)\s+(deutsch|englisch|german|english)"),
               _rx(r"(?:auf|in)\s+(deutsch|englisch|german|english)\s+(?:bitte|please)"),
               _rx(r"^\s*(?:in |auf )?(deutsch|englisch|german|english)(?: bitte| please)?\s*[.!?]*\s*$", False)]
_MOVES = (("restart", _rx(lx.RESTART)), ("back", _rx(lx.BACK)), ("more", _rx(lx.MORE)))
_NOT_ORDINAL = _rx(lx.NOT_ORDINAL)
_ORDINAL = _rx(r"(?:(?:das|der|die|den|dem|beim|vom|zum|the)\s+)?(?:(erst|zweit|dritt|viert|fuenft|letzt)"
               r"(?:e|er|es|en|em)|(first|second|third|fourth|fifth|last)(?:\s+one)?)"
               r"|(?:nr\.?|nummer|number|no\.|#|option|punkt|vorschlag|angebot)\s*([1-5])")
_ONLY_DIGIT = _rx(r"^\s*#?\s*([1-5])\s*[.)!?]*\s*$", False)
_REFERENCE_NOUNS = frozenset("angebot angebote vorschlag eintrag treffer ergebnis verein projekt ehrenamt option "
                             "nummer".split())
_CONTACT, _SELECT, _REJECT = _rx(lx.CONTACT), _rx(lx.SELECT), _rx(lx.REJECT)
_FREQUENCY = [(value, _rx(p)) for value, p in lx.FREQUENCY.items()]
_ACCESSIBLE = _rx(lx.ACCESSIBLE)
_ANYWHERE, _ANYTIME = _rx(lx.ANYWHERE), _rx(lx.ANYTIME)
_ANY_AGE = _rx(r"egal (?:welches|wie) alt\w*|jedes alter|any age|alle altersgruppen")
_ANY_LANGUAGE = _rx(r"egal welche sprache|jede sprache|any language")
_ANY_KIND = _rx(r"alle arten|auch vereine|auch ehrenamt|auch projekte|alles zeigen|all kinds|clubs too")
_ANY_FREQUENCY = _rx(r"egal wie oft|any frequency|auch regelmaessig|auch einmalig")
_LANGUAGE_NOT = _rx(rf"{lx.LANGUAGE_NOT}(?:{_LANG_ANY})")
_LANGUAGE_LIST = rf"(?:{_LANG_ANY})(?:\s*(?:,|und|oder|and|or|&|sowie)\s*(?:{_LANG_ANY}))*"
_LANGUAGE = [_rx(rf"(?:{lx.LANGUAGE_CONTEXT_BEFORE})\s+(?:nur\s+|gut\s+|auch\s+|only\s+|fluent\s+)?{_LANGUAGE_LIST}"),
             _rx(rf"{_LANGUAGE_LIST}(?:[- ]?(?:sprachig\w*|sprechend\w*|speaking|speakers?))"),
             _rx(rf"(?:meine (?:mutter)?sprache ist|my (?:native |first )?language is)\s+{_LANGUAGE_LIST}")]
_LANGUAGE_ONE = [(name, _rx(p)) for name, p in lx.LANGUAGE_NAMES.items()]
_SKIP = _rx(lx.SKIP)
_NEGATED = _rx(rf"(?:{lx.NEGATION}|statt|anstatt|instead of|rather than)\s+"
               r"(?:(?:so|mehr|gern|gerne|unbedingt|really|any|the|mit|with|in|im|am|an|beim|bei|zum|zur|fuer|for|"
               r"auf|about|etwas|was|something)\s+){0,2}([\w][\w-]*)")
_RELATIVE_BEFORE = re.compile(r"(?<!\w)(?:die|der|das|denen|dem|deren|dessen|welche\w*|who|that|which|whose)"
                              r"(?:\s+\w+)?\s+$")
_NEGATION_IGNORE = frozenset("ahnung problem probleme zeit lust geld erfahrung auto sorge angst idee mehr viel "
                             "sicher so gut schlecht weit lange ganz wirklich idea time money problem experience "
                             "car sure much".split())
_NEAR = _rx(lx.NEAR_ME)
_ALIASES = [(names, _rx(re.escape(alias).replace(r"\ ", r"[\s-]*"))) for alias, names in lx.DISTRICT_ALIASES.items()]
_CYRILLIC = [(name, _rx(pattern)) for name, pattern in lx.DISTRICT_CYRILLIC.items()]  # "в Нойгаблонці"
_DISTRICT_FOLDED = {fold(d): d for d in lx.DISTRICTS}
_DISTRICT_EXACT = _rx("|".join(sorted(_DISTRICT_FOLDED, key=len, reverse=True)))
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:ein|einen|einem|den|dem|der|die|das|a|the)\s+$")  # "einen Haken"
_FAMILY = _rx(lx.FAMILY)
_STAGES = [(hint, _rx(p)) for hint, p in lx.LIFE_STAGES.items()]
_NO_AGE_AFTER = r"(?!\s*(?:uhr|:|\.\d|h\b|mal\b|x\b|tage?n?\b|stunden?\b|wochen?\b|monate?n?\b|euro|€|%|kinder|enkel))"
_CHILD = _rx(rf"(?:{lx.POSSESSIVE})\s+(?:(\d{{1,2}})[- ]?(?:jaehrig\w*|year[- ]old|jahre alte?n?)\s+)?"
             rf"(?:{lx.CHILD_WORDS})"
             rf"(?:\s*(?:\(|,|-|:|ist|is|wird|turns|who is)?\s*(\d{{1,2}}){_NO_AGE_AFTER}(?:\s*(?:{lx.AGE_UNITS}))?"
             r"(?:\s*(?:alt|old))?\)?)?")
_MY_AGE = _rx(rf"(?:ich bin|bin|i am|i'm|age|alter|mein alter ist|my age is|мне|мені)\s*:?\s+(\d{{1,3}}){_NO_AGE_AFTER}"
              rf"(?:\s*(?:{lx.AGE_UNITS}))?(?:\s*(?:alt|old))?")
_AGE_WITH_UNIT = _rx(rf"(?:(\w+)\s+)?(\d{{1,3}})\s*-?\s*(?:{lx.AGE_UNITS})(?:\s*(?:alt|old))?")
_DURATION_BEFORE = frozenset("seit vor since ago for lang laenger ueber mehr than".split())
_WORKDAYS, _WEEKEND, _DAYTIME = _rx(lx.WORKDAYS), _rx(lx.WEEKEND), _rx(lx.DAYTIME)
_DAYS = [(day, _rx(rf"(?:am |an |on |jeden |every |immer )?(?:{stems})\w*")) for day, stems in lx.WEEKDAY_STEMS.items()]
_TIMES = [(value, _rx(p)) for value, p in lx.TIME_WORDS.items()]
_KINDS = [(kind, _rx(p)) for kind, p in lx.KINDS.items()]
_OWN_CLUB = _rx(rf"(?:{lx.POSSESSIVE})\s+(?:\w+\s+)?(?:verein\w*|club|projekt\w*|project)")
_PREFER_MARKER = _rx(lx.PREFER_MARKERS)
_PREFERENCES = [(name, _rx(p)) for name, (p, _) in lx.PREFERENCES.items()]
_GREETING, _THANKS, _HELP = _rx(lx.GREETING), _rx(lx.THANKS), _rx(lx.HELP)
_ADDITIVE = _rx(lx.ADDITIVE, False)
_CATEGORY = [(slug, _rx(stems)) for slug, (_, _, stems) in lx.CATEGORIES.items()]
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_WORD = re.compile(r"\w+")


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def fuzzy_district(word: str) -> str | None:
    """A district for a possibly misspelt word: exact for short names (Haken, Kemnat: "haben" must
    not become Haken), one typo for 7–9 letters, two for longer names."""
    word = fold(word).replace(" ", "").replace("-", "")
    if word in _DISTRICT_FOLDED:
        return _DISTRICT_FOLDED[word]
    best, best_distance = None, 99
    for folded, name in _DISTRICT_FOLDED.items():
        limit = 0 if len(folded) <= 6 else 1 if len(folded) <= 9 else 2
        if limit and len(word) >= 5:
            distance = _edit_distance(word, folded, limit)
            if distance <= limit and distance < best_distance:
                best, best_distance = name, distance
    return best


def category_of(word: str) -> str | None:
    folded = fold(word)
    for slug, pattern in _CATEGORY:
        if pattern.fullmatch(folded):
            return slug
    return None


# ------------------------------------------------------------------------------------ parsing

def understand(message: str) -> Understanding:
    u = Understanding(lang=detect_language(message))
    t = FoldedText(message)
    values: dict[str, object] = {}
    cleared: set[str] = set()
    excluded: list[str] = []

    # Personal data never reaches the topic (which is kept in the session): cut it out first.
    for pattern in _PERSONAL:
        u.personal = bool(t.take(pattern)) or u.personal
    if t.take(_EASY_OFF):
        u.easy = False
    if t.take(_EASY_ON):
        u.easy = True
    for pattern in _REPLY_LANG:
        for m in t.take(pattern):
            u.reply_lang = "en" if m.group(1) in ("englisch", "english") else "de"
    for move, pattern in _MOVES:
        if u.move is None and t.take(pattern):
            u.move = move
    _references(t, u)
    for name, pattern in (("districts", _ANYWHERE), ("weekdays", _ANYTIME), ("age", _ANY_AGE),
                          ("languages", _ANY_LANGUAGE), ("kinds", _ANY_KIND), ("frequency", _ANY_FREQUENCY)):
        if t.take(pattern):
            cleared.add(name)
            if name == "weekdays":
                cleared.add("time_of_day")
    for value, pattern in _FREQUENCY:
        if t.take(pattern):
            values["frequency"] = value
    if t.take(_ACCESSIBLE):
        values["barrier_free"] = True
    t.take(_LANGUAGE_NOT)
    for pattern in _LANGUAGE:
        for m in t.take(pattern):
            spoken = [name for name, one in _LANGUAGE_ONE if one.search(m.group(0))]
            values["languages"] = sorted(set(values.get("languages", [])) | set(spoken))  # type: ignore[arg-type]
    u.skip = bool(t.take(_SKIP))
    _negations(t, values, excluded)
    _districts(t, u, values)
    _ages(t, u, values)
    _times(t, values)
    # "unser Verein braucht Hilfe": the person has a club and does not look for one (the words stay)
    own = [(m.start(), m.end()) for m in t.find(_OWN_CLUB)]
    kinds = set()
    for kind, pattern in _KINDS:
        for m in t.find(pattern):
            if not any(s <= m.start() < e for s, e in own):
                kinds.add(kind)
                t.consume(m.start(), m.end())
    if kinds:
        values["kinds"] = sorted(kinds | ({"project"} if "opportunity" in kinds else set()))
        u.engagement = "opportunity" in kinds or u.engagement
    t.take(_PREFER_MARKER)
    u.preferences = tuple(name for name, pattern in _PREFERENCES if t.take(pattern))
    u.greeting, u.thanks = bool(t.take(_GREETING)), bool(t.take(_THANKS))
    u.help = bool(_HELP.fullmatch(t.text.strip(" ?!.")))
    u.additive = bool(_ADDITIVE.match(fold(message)))
    rest = t.remaining()
    u.topic, generic = _topic(rest)
    u.query = " ".join(rest.split()).strip(" ,.;:!?-–—") if u.topic else ""
    u.engagement = u.engagement or generic
    u.filters = Filters.build(**values)
    u.cleared = frozenset(cleared)
    u.excluded = tuple(dict.fromkeys(excluded))
    return u


def _references(t: FoldedText, u: Understanding) -> None:
    blocked = [(m.start(), m.end()) for m in t.find(_NOT_ORDINAL)]
    for m in t.find(_ORDINAL):
        if any(s < m.end() and m.start() < e for s, e in blocked) or _adjective(t, m.end()):
            continue
        word = m.group(1) or m.group(2) or m.group(3)
        u.reference = lx.ORDINALS[word]
        t.consume(m.start(), m.end())
        break
    if u.reference is None:
        m = _ONLY_DIGIT.match(t.text)
        if m:
            u.reference = int(m.group(1))
            t.consume(m.start(1), m.end(1))
    u.reject = bool(t.take(_REJECT))
    u.contact = bool(t.take(_CONTACT))
    u.select = bool(t.take(_SELECT))


def _adjective(t: FoldedText, end: int) -> bool:
    """An ordinal before a German noun ("in ihrer letzten Lebensphase", "die erste Klasse") is no
    reference to a shown entry; "das zweite Angebot" is."""
    if end >= len(t.origin):
        return False
    rest = t.original[t.origin[end]:].lstrip(" -")
    word = re.match(r"\w+", rest)
    return bool(word and word.group(0)[0].isupper() and fold(word.group(0)) not in _REFERENCE_NOUNS)


def _negations(t: FoldedText, values: dict[str, object], excluded: list[str]) -> None:
    """"nicht am Wochenende" -> Mo–Fr, "nicht abends" -> the other times, "nicht in Neugablonz",
    "kein Sport" -> left out."""
    for m in t.find(_NEGATED):
        if _RELATIVE_BEFORE.search(t.text, 0, m.start()):
            continue  # "Menschen, die keine Wohnung haben": part of the wish, not something to leave out
        word = m.group(1)
        span = (m.start(), m.end())
        phrase = m.group(0)
        if _WEEKEND.search(phrase):
            values["weekdays"] = ["Mo", "Di", "Mi", "Do", "Fr"]
        elif any(p.search(phrase) for _, p in _DAYS):
            days = {d for d, p in _DAYS if p.search(phrase)}
            values["weekdays"] = [d for d in WEEKDAYS if d not in days]
        elif any(p.search(phrase) for _, p in _TIMES):
            times = {v for v, p in _TIMES if p.search(phrase)}
            values["time_of_day"] = [v for v, _ in _TIMES if v not in times]
        elif fuzzy_district(word):
            excluded.append(fuzzy_district(word) or "")
        elif word in _NEGATION_IGNORE or word in lx.STOPWORDS or word in lx.GENERIC or len(word) < 3:
            continue
        else:  # a category ("Sport") leaves out the whole category, other words entries that name them
            original = t.original[t.origin[m.start(1)]: t.origin[m.end(1) - 1] + 1]
            excluded.append(category_of(word) or original)
        t.consume(*span)


def _districts(t: FoldedText, u: Understanding, values: dict[str, object]) -> None:
    found: list[str] = []
    u.near_me = bool(t.take(_NEAR))
    for names, pattern in _ALIASES:
        if t.take(pattern):
            found.extend(names)
    for name, pattern in _CYRILLIC:
        if t.take(pattern):
            found.append(name)
    for m in t.find(_DISTRICT_EXACT):
        if m.group(0) == "haken" and _ARTICLE_BEFORE.search(t.text, 0, m.start()):
            continue  # "einen Haken setzen" is no district
        found.append(_DISTRICT_FOLDED[m.group(0)])
        t.consume(m.start(), m.end())
    words = list(_WORD.finditer(t.text))
    i = 0
    while i < len(words):  # a typo ("Neugablons") or a split name ("Groß Kemnat", "Neu-Gablonz")
        spans = [(words[i].start(), words[i].end())]
        if i + 1 < len(words) and words[i + 1].start() - words[i].end() <= 1:
            spans.insert(0, (words[i].start(), words[i + 1].end()))
        for n, (start, end) in enumerate(spans):
            candidate = t.text[start:end]
            name = None if candidate in lx.STOPWORDS else fuzzy_district(candidate)
            if name == "Haken" and _ARTICLE_BEFORE.search(t.text, 0, start):
                name = None
            if name:
                found.append(name)
                t.consume(start, end)
                i += 1 if n == 0 and len(spans) == 2 else 0
                break
        i += 1
    if found:
        values["districts"] = list(dict.fromkeys(found))


def _ages(t: FoldedText, u: Understanding, values: dict[str, object]) -> None:
    hints: list[str] = []
    if t.take(_FAMILY):
        hints.append("family")
    for m in t.take(_CHILD):
        hints.append("child")
        age = m.group(1) or m.group(2)
        if age:
            values["age"] = int(age)
    for hint, pattern in _STAGES:
        if t.take(pattern):
            hints.append(hint)
    for m in t.take(_MY_AGE):
        values["age"] = int(m.group(1))
    for m in t.find(_AGE_WITH_UNIT):
        if m.group(1) in _DURATION_BEFORE and not re.search(r"jaehrig|old|alt", m.group(0)):
            continue  # "seit 20 Jahren" is a duration, "für 9-Jährige" an age
        values.setdefault("age", int(m.group(2)))
        t.consume(m.start(2), m.end())
    if "age" in values and not 0 < int(values["age"]) <= 110:  # type: ignore[call-overload]
        del values["age"]
    u.hints = tuple(dict.fromkeys(hints))


def _times(t: FoldedText, values: dict[str, object]) -> None:
    days: set[str] = set(values.get("weekdays", []))  # type: ignore[arg-type]
    times: set[str] = set(values.get("time_of_day", []))  # type: ignore[arg-type]
    if t.take(_WORKDAYS):
        days |= {"Mo", "Di", "Mi", "Do", "Fr"}
    if t.take(_WEEKEND):
        days |= {"Sa", "So"}
    for day, pattern in _DAYS:
        for m in t.take(pattern):
            days.add(day)
            word = m.group(0)
            times |= {v for v, stem in (("vormittags", "vormittag"), ("nachmittags", "nachmittag"),
                                        ("abends", "abend"), ("vormittags", "morgen")) if stem in word}
    if t.take(_DAYTIME):
        times |= {"vormittags", "nachmittags"}
    for value, pattern in _TIMES:
        if t.take(pattern):
            times.add(value)
    if days:
        values["weekdays"] = [d for d in WEEKDAYS if d in days]
    if times:
        values["time_of_day"] = sorted(times)


def _topic(rest: str) -> tuple[str, bool]:
    """Content words of what is left; True as second value when only general wishes were left."""
    words, generic = [], False
    for m in _TOKEN.finditer(rest):
        word = m.group(0).strip("-'’")
        folded = fold(word).replace("’", "'")  # "I’d" typed on a phone is "I'd"
        if folded in lx.GENERIC:
            generic = True
        elif folded not in lx.STOPWORDS and len(word) > 1:
            words.append(word)
    return " ".join(words), generic
