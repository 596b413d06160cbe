"""Constraints a wish states in passing ("Chor in Neugablonz", "mein Sohn (8)", "ehrenamtlich"), read
from the text and used as *soft* evidence: entries that fit rise, entries that contradict sink, nothing
is removed (hard filters are the ``filters`` object's job, set by the person or the dialogue).

Only the schema's own vocabulary is recognised (districts, ages, kinds of entry), so this is no list of
answers to the labelled queries. District names are taken out of the topic text: "Fußball in
Oberbeuren" is about football, the district is a constraint, not a topic word to match in every text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from .filters import DISTRICTS, fold_value
from .folding import fold, rx
from .glossary import expand
from .language import LANGUAGE_OF_CODE, detect_language
from .lexicon import (ACCESSIBLE, DISTRICT_CYRILLIC, FREQUENCY, LANGUAGE_NAMES, TIME_WORDS, WEEKDAY_STEMS, WEEKEND,
                      WORKDAYS)

CITY_WIDE = "stadtgebiet"
_DISTRICT_WORDS = {fold_value(d): d for d in DISTRICTS if d != "Stadtgebiet"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_PREPOSITION = re.compile(r"\b(?:in|im|in der|aus|bei|nach|um|rund um|nähe|naehe|near|around)\s*$", re.IGNORECASE)

# An age next to a word that says so, in the languages citizens write in.
_AGE = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:-\s*)?(?:jährig\w*|jaehrig\w*|jahre?n?\b|j\.|years?\b|yrs?\b|year-old|-year|yaşında|"
    r"yasinda|лет\b|года?\b|років|роки|рік\b|سنة|سنوات|عام)"
    r"|(?:\bist|\bbin|\bwird|\bi'?m|\bi am|\bage|\balter|\bв)\s+(\d{1,2})\b(?![.:,]\d)"
    r"|\((\d{1,2})\)"
    r"|\b(?:kinder|kids|children|söhne|töchter)\s*\((\d{1,2})\s*(?:und|and|,)\s*(\d{1,2})\)",
    re.IGNORECASE,
)
_KIND_WORDS = {
    "opportunity": ("ehrenamt", "ehrenamtlich", "freiwillig", "mithelfen", "mitanpacken", "engagieren",
                    "volunteer", "volunteering", "gönüllü", "gonullu", "волонтер", "волонтёр", "волонтером",
                    "волонтерство", "волонтером", "تطوع", "متطوع"),
}
# Words of helping: a wish with none of them (and none of the volunteering words above) is a wish to take
# part, so volunteer roles ("Schiedsrichter werden" for "Fußball in Oberbeuren") come after clubs and projects.
# Verbs, not the nouns ("Erste-Hilfe-Kurs", "шукаю допомогу" ask for something), and not where the help is
# for the person ("wer kann ihm helfen", "bana yardım edebilir mi", "можуть допомогти", "support group").
_HELPING = rx(r"helf\w*|hilft|hilfst|mithelf\w*|unterstuetz\w*|engagier\w*|mitanpack\w*|betreu\w*|begleit\w*|"
              r"spend\w*|sinnvoll\w*|nuetzlich\w*|help\w*|support\w*|useful|yardim\w*|помога\w*|помочь|полезн\w*|"
              r"допомаг\w*|допомогти|корисн\w*|مساعد\w*|أساعد|نساعد")
_HELPED = rx(r"(?:mir|uns|ihm|ihr)(?:\s+\w+){0,5}\s+(?:helf|unterstuetz|begleit)\w*|wer (?:kann|koennte|hilft)|"
             r"hilft (?:mir|uns|ihm|ihr)|help (?:me|us|him|her|my|our)|support group|bana yardim|bize yardim|"
             r"yardim eden|yardim edecek|yardim edebil\w*|помогут|помогите|можуть допомогти|допоможуть|"
             r"يساعدني|تساعدني|يساعدنا")

# Languages a wish names ("Türkçe konuşan biri", "по-русски", "باللغة العربية"): the lexicon's names plus
# the forms a wish writes them in (Turkish "Türkçe" folds to "tuerkce", Arabic glues "in" to the word).
# German is left out: "my German is basic" asks for no German-speaking entry, every entry speaks it.
_LANGUAGE_EXTRA = {
    "Türkisch": r"tuerkce\w*|turkce\w*|turkish|турецк\w*|турецьк\w*|(?:ب|و)?(?:ال)?تركي\w*",
    "Arabisch": r"arapca\w*|(?:ب|و)?(?:ال)?عربي\w*",
    "Russisch": r"rusca\w*|по-русски|русск\w*|російськ\w*|(?:ب|و)?(?:ال)?روسي\w*",
    "Ukrainisch": r"ukraynaca\w*|по-українськи|українськ\w*|украинск\w*",
    "Englisch": r"ingilizce\w*|english[- ]speaking|по-английски|англійськ\w*|(?:ب|و)?(?:ال)?انجليزي\w*",
}
_LANGUAGES = tuple((name, rx("|".join(p for p in (LANGUAGE_NAMES.get(name), _LANGUAGE_EXTRA.get(name)) if p)))
                   for name in dict.fromkeys(list(LANGUAGE_NAMES) + list(_LANGUAGE_EXTRA)) if name != "Deutsch")

# When and how often, step-free access: the chat's own vocabulary (assistant.lexicon). Days and times are
# found inside compounds too ("Sonntagvormittag"), so they are searched as word starts, not whole words.
_WEEKDAYS = tuple((day, re.compile(rf"(?<!\w)(?:{rx(stems, whole_words=False).pattern})"))
                  for day, stems in WEEKDAY_STEMS.items())
_WEEKEND = rx(WEEKEND)
_WORKDAYS = rx(WORKDAYS)
_TIMES = tuple((name, rx(pattern, whole_words=False)) for name, pattern in TIME_WORDS.items())
# "nur im Sommer" is a season, which the entries' frequency calls "saisonal"
_SEASON = r"nur im (?:sommer|winter)|nur in den (?:sommer)?ferien|only in (?:the )?(?:summer|winter)"
_FREQUENCIES = tuple((name, rx(pattern + (f"|{_SEASON}" if name == "saisonal" else "")))
                     for name, pattern in FREQUENCY.items())
_ACCESSIBLE = rx(ACCESSIBLE)
# Who the wish is for, as the entries' target groups name them. Read from the German words of the wish and
# those the glossary found for its other words ("дочка" -> Kinder).
_GROUPS = tuple((name, rx(pattern)) for name, pattern in {
    "Kinder": r"(?<!what )(?<!some )(?<!any )(?<!this )kind|kinder\w*|sohn|soehne|tochter|toechter|enkel\w*|"
              r"kids?|child|children",
    "Jugendliche": r"jugendlich\w*|teenager\w*|jugend",
    "Senioren": r"senior\w*|rentner\w*|ruhestand|aeltere\w*|alte menschen|alten menschen",
    "Frauen": r"frau|frauen\w*|maedchen",
    "Familien": r"famili\w*|eltern",
    "Menschen mit Behinderung": r"behinder\w*|rollstuhl\w*|inklusi\w*",
}.items())
# Target groups say who takes part in a club or project; for an opportunity they say who may volunteer,
# so "Ich mag Kinder" must not lift every opportunity open to children.
_GROUP_KINDS = ("club", "project")
# The oldest age a wish "for a child" / "for a teenager" may mean, against an entry's minimum age.
YOUNG_AGE = {"Kinder": 13, "Jugendliche": 17}
_CYRILLIC_DISTRICTS = tuple((name, rx(pattern)) for name, pattern in DISTRICT_CYRILLIC.items())


@dataclass(frozen=True)
class QueryHints:
    districts: frozenset[str] = frozenset()  # canonical district names
    ages: tuple[int, ...] = ()
    kinds: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()  # languages named in the wish (entries' metadata "languages")
    weekdays: frozenset[str] = frozenset()  # "Mo" .. "So"
    times: frozenset[str] = frozenset()  # vormittags, nachmittags, abends
    frequency: frozenset[str] = frozenset()  # regelmäßig, einmalig, saisonal
    barrier_free: bool = False
    groups: frozenset[str] = frozenset()  # target groups the wish is for (Kinder, Senioren, Frauen, ...)
    district_spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    context_groups: frozenset[str] = frozenset()  # groups known from the conversation: rule out adults-only
    helping: bool = False  # the wish says the person wants to help or volunteer
    written_in: str | None = None  # the language the wish is written in, if not German ("Türkisch")


def constraint_words(query: str, hints: QueryHints) -> str:
    """The words of the wish that state a language or step-free access the hints already take care of
    ("Rollstuhl", "spricht Russisch"), plus the German names of those; for a smaller BM25 weight."""
    folded = fold(query).replace("ı", "i")
    found = [m.group(0) for _, pattern in _LANGUAGES for m in pattern.finditer(folded)] if hints.languages else []
    found += sorted(hints.languages)
    if hints.barrier_free:
        found += [m.group(0) for m in _ACCESSIBLE.finditer(folded)] + ["Rollstuhl Barrierefreiheit barrierefrei"]
    return " ".join(found)


def read_hints(query: str) -> QueryHints:
    districts, spans = set(), []
    for m in _WORD.finditer(query):
        name = _DISTRICT_WORDS.get(fold_value(m.group(0)))
        if name:
            districts.add(name)
            start = m.start()
            before = _PREPOSITION.search(query[:start])
            spans.append((before.start() if before else start, m.end()))
    folded_text = fold(query).replace("ı", "i")
    districts.update(name for name, pattern in _CYRILLIC_DISTRICTS if pattern.search(folded_text))
    ages = []
    for m in _AGE.finditer(query):
        ages.extend(int(g) for g in m.groups() if g)
    folded = fold_value(query)
    kinds = {kind for kind, words in _KIND_WORDS.items() if any(fold_value(w) in folded for w in words)}
    languages = frozenset(name for name, pattern in _LANGUAGES if pattern.search(folded_text))
    days = {day for day, pattern in _WEEKDAYS if pattern.search(folded_text)}
    if _WEEKEND.search(folded_text):
        days |= {"Sa", "So"}
    if _WORKDAYS.search(folded_text):
        days |= {"Mo", "Di", "Mi", "Do", "Fr"}
    return QueryHints(frozenset(districts), tuple(a for a in ages if 0 < a < 100), frozenset(kinds), languages,
                      frozenset(days), frozenset(n for n, p in _TIMES if p.search(folded_text)),
                      frozenset(n for n, p in _FREQUENCIES if p.search(folded_text)),
                      bool(_ACCESSIBLE.search(folded_text)), _groups(folded_text), tuple(spans),
                      helping=bool(kinds) or (bool(_HELPING.search(folded_text))
                                              and not _HELPED.search(folded_text)),
                      written_in=LANGUAGE_OF_CODE.get(detect_language(query) or ""))


def _groups(folded_text: str) -> frozenset[str]:
    text = f"{folded_text} {fold(expand(folded_text).text)}"
    return frozenset(name for name, pattern in _GROUPS if pattern.search(text))


def topic_text(query: str, hints: QueryHints) -> str:
    """The query without its district phrases ("Fußball in Oberbeuren" -> "Fußball")."""
    text = query
    for start, end in sorted(hints.district_spans, reverse=True):
        text = text[:start] + " " + text[end:]
    text = " ".join(text.split())
    return text if _WORD.search(text) else query


@dataclass(frozen=True)
class HintWeights:
    district: float = 1.0
    age: float = 0.5
    kind: float = 0.6
    language: float = 0.5
    when: float = 0.5  # weekday and time of day (entries without times: no evidence)
    frequency: float = 1.0  # regelmäßig / einmalig / saisonal
    barrier_free: float = 0.6  # +: known barrier-free, -: known not
    group: float = 0.7  # clubs and projects for the target group named (lift only)
    written_in: float = 0.5  # entries that speak the language the wish is written in (unless it names one)
    take_part: float = 0.5  # volunteer roles, for a wish without a word of helping (lower only)
    adults_only: float = 1.5  # clubs and projects whose minimum age is above the child/teenager the wish is for


class HintScorer:
    """Per document: how well its metadata fits the hints, in z-score units to add to the fused score."""

    def __init__(self, kinds: Sequence[str], metadata: Sequence[Mapping[str, Any]]) -> None:
        self._kinds = np.array(list(kinds), dtype=object)
        self._district = np.array([fold_value(m.get("district") or "") for m in metadata], dtype=object)
        self._age_min = np.array([_int(m.get("age_min"), -1) for m in metadata])
        self._age_max = np.array([_int(m.get("age_max"), 999) for m in metadata])
        self._languages = [frozenset(fold_value(x) for x in (m.get("languages") or []) if isinstance(x, str))
                           for m in metadata]
        self._groups = [frozenset(m.get("target_groups") or []) if kind in _GROUP_KINDS else frozenset()
                        for kind, m in zip(kinds, metadata)]
        self._weekdays = [_folded_set(m.get("weekdays")) for m in metadata]
        self._times = [_folded_set(m.get("time_of_day")) for m in metadata]
        self._frequency = np.array([fold_value(str(m.get("frequency") or "")) for m in metadata], dtype=object)
        self._barrier = np.array([{True: 1.0, False: -1.0}.get(m.get("barrier_free"), 0.0) for m in metadata],
                                 dtype=np.float32)
        self._takes_part = np.isin(self._kinds, list(_GROUP_KINDS))
        self._volunteering = (self._kinds == "opportunity").astype(np.float32)
        self._has_age = np.array([m.get("age_min") is not None or m.get("age_max") is not None for m in metadata])

    def scores(self, hints: QueryHints, weights: HintWeights) -> np.ndarray:
        out = np.zeros(len(self._kinds), dtype=np.float32)
        if hints.districts and weights.district:
            wanted = {fold_value(d) for d in hints.districts}
            inside = np.isin(self._district, list(wanted))
            elsewhere = ~inside & (self._district != CITY_WIDE) & (self._district != "")
            out += weights.district * (inside.astype(np.float32) - elsewhere.astype(np.float32))
        if hints.ages and weights.age:
            fits = np.zeros(len(out), dtype=bool)
            for age in hints.ages:
                fits |= (self._age_min <= age) & (age <= self._age_max)
            out += weights.age * np.where(self._has_age, np.where(fits, 1.0, -1.0), 0.0).astype(np.float32)
        if not hints.helping and weights.take_part:
            out -= weights.take_part * self._volunteering
        if hints.kinds and weights.kind:
            out += weights.kind * np.isin(self._kinds, list(hints.kinds)).astype(np.float32)
        if hints.languages and weights.language:
            wanted = {fold_value(x) for x in hints.languages}
            out += weights.language * np.array([bool(langs & wanted) for langs in self._languages], dtype=np.float32)
        elif hints.written_in and weights.written_in:  # a wish in Turkish: Turkish-speaking offers first
            wanted = fold_value(hints.written_in)
            out += weights.written_in * np.array([wanted in langs for langs in self._languages], dtype=np.float32)
        if weights.when:
            for wanted, known in ((hints.weekdays, self._weekdays), (hints.times, self._times)):
                if wanted:
                    folded = {fold_value(x) for x in wanted}
                    out += weights.when * np.array([(1.0 if k & folded else -1.0) if k else 0.0 for k in known],
                                                   dtype=np.float32)
        if hints.frequency and weights.frequency:
            wanted = [fold_value(x) for x in hints.frequency]
            has = self._frequency != ""
            out += weights.frequency * np.where(has, np.where(np.isin(self._frequency, wanted), 1.0, -1.0), 0.0
                                                ).astype(np.float32)
        if hints.barrier_free and weights.barrier_free:
            out += weights.barrier_free * self._barrier
        if hints.groups and weights.group:
            out += weights.group * np.array([bool(g & hints.groups) for g in self._groups], dtype=np.float32)
        # A wish for a child or teenager ("my son wants to play football") and a club or project only for
        # adults: the same contradiction as a stated age outside the entry's range.
        young = [YOUNG_AGE[g] for g in hints.groups | hints.context_groups if g in YOUNG_AGE]
        if young and weights.adults_only and not hints.ages:
            out -= weights.adults_only * ((self._age_min > max(young)) & self._takes_part).astype(np.float32)
        return out


def _folded_set(values: Any) -> frozenset[str]:
    values = values if isinstance(values, (list, tuple)) else [values] if values else []
    return frozenset(fold_value(str(v)) for v in values)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
