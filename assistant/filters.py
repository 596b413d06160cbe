"""Hard constraints on entries (kind, district, age, time, access, language), used by ranking and dialogue.

Filters narrow the candidates; they never add anything. An entry whose metadata does not say
something a filter asks about does not pass (a wheelchair user must not be sent to a place of which
we do not know it is barrier-free), except where the entry is explicitly open: city-wide entries
(district ``Stadtgebiet``) pass every district, entries without weekdays/times ("nach Absprache")
pass every time filter, entries without an age range pass every age.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Mapping

CITY_WIDE = "stadtgebiet"
WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
TIMES_OF_DAY = ("vormittags", "nachmittags", "abends")
FREQUENCIES = ("regelmäßig", "einmalig", "saisonal")


def _fold(value: Any) -> str:
    return str(value).strip().casefold()


def _folded_set(values: Any) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    return frozenset(_fold(v) for v in values if str(v).strip())


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = field(default_factory=frozenset)
    districts: frozenset[str] = field(default_factory=frozenset)
    age: int | None = None  # the person's age: the entry's age range must include it
    target_groups: frozenset[str] = field(default_factory=frozenset)
    frequency: str | None = None  # regelmäßig | einmalig | saisonal
    barrier_free: bool | None = None  # True: only entries known to be barrier-free
    languages: frozenset[str] = field(default_factory=frozenset)  # any of them spoken there
    weekdays: frozenset[str] = field(default_factory=frozenset)  # any of them
    time_of_day: frozenset[str] = field(default_factory=frozenset)  # any of them

    @classmethod
    def build(cls, **values: Any) -> "Filters":
        """Filters from loose values (lists, strings, None); empty values mean 'no constraint'."""
        names = {f.name for f in fields(cls)}
        unknown = set(values) - names
        if unknown:
            raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        clean: dict[str, Any] = {}
        for name, value in values.items():
            if value is None or value == [] or value == "":
                continue
            if name in ("age",):
                clean[name] = int(value)
            elif name == "barrier_free":
                clean[name] = bool(value)
            elif name == "frequency":
                clean[name] = _fold(value)
            else:
                clean[name] = _folded_set(value)
        return cls(**clean)

    def is_empty(self) -> bool:
        return self == Filters()

    def merged(self, other: "Filters") -> "Filters":
        """``other`` wins where it sets something (a later turn refines an earlier one)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for f in fields(other):
            value = getattr(other, f.name)
            if value not in (None, frozenset()):
                values[f.name] = value
        return Filters(**values)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, frozenset()):
                continue
            out[f.name] = sorted(value) if isinstance(value, frozenset) else value
        return out

    def accepts(self, kind: str, metadata: Mapping[str, Any]) -> bool:
        if self.kinds and _fold(kind) not in self.kinds:
            return False
        if self.districts:
            district = _fold(metadata.get("district") or "")
            if district != CITY_WIDE and district not in self.districts:
                return False
        if self.age is not None:
            lo, hi = metadata.get("age_min"), metadata.get("age_max")
            if (lo is not None and self.age < int(lo)) or (hi is not None and self.age > int(hi)):
                return False
        if self.target_groups:
            groups = _folded_set(metadata.get("target_groups"))
            if "alle" not in groups and not groups & self.target_groups:
                return False
        if self.frequency and _fold(metadata.get("frequency") or "") != self.frequency:
            return False
        if self.barrier_free and metadata.get("barrier_free") is not True:
            return False
        if self.languages and not _folded_set(metadata.get("languages")) & self.languages:
            return False
        if self.weekdays:
            days = _folded_set(metadata.get("weekdays"))
            if days and not days & self.weekdays:
                return False
        if self.time_of_day:
            times = _folded_set(metadata.get("time_of_day"))
            if times and not times & self.time_of_day:
                return False
        return True


# ------------------------------------------------------------------ request vocabulary (HTTP, dialogue)
# Values a client may send, by request name, mapped to the canonical value stored in entries'
# metadata (corpus/SCHEMA.md). Keys are folded with :func:`fold_value`; synonyms (German words for
# kinds, full weekday names, language codes) lead to the same canonical value.

KINDS = {"club": "club", "opportunity": "opportunity", "project": "project", "verein": "club",
         "ehrenamt": "opportunity", "projekt": "project"}
DISTRICTS = ("Kernstadt", "Altstadt", "Neugablonz", "Oberbeuren", "Hirschzell", "Kemnat", "Haken", "Märzisried",
             "Großkemnat", "Kleinkemnat", "Ringweg", "Stadtgebiet")
TARGET_GROUPS = ("Kinder", "Jugendliche", "Junge Erwachsene", "Erwachsene", "Familien", "Senioren",
                 "Menschen mit Behinderung", "Menschen mit Migrationsgeschichte", "Frauen", "Männer", "Alle")
LANGUAGES = {"Deutsch": "de", "Englisch": "en", "Türkisch": "tr", "Arabisch": "ar", "Russisch": "ru",
             "Ukrainisch": "uk", "Polnisch": "pl", "Rumänisch": "ro", "Kroatisch": "hr", "Italienisch": "it",
             "Griechisch": "el", "Farsi": "fa", "Tschechisch": "cs", "Französisch": "fr", "Spanisch": "es",
             "Kurdisch": "ku", "Tigrinya": "ti"}
_WEEKDAY_NAMES = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")


def fold_value(value: Any) -> str:
    """Case, umlauts and ß folded, so "regelmaessig", "Regelmäßig" and "regelmässig" meet."""
    text = str(value).strip().casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def _vocabulary(canonical: Any, **synonyms: str) -> dict[str, str]:
    out = {fold_value(v): v for v in canonical}
    out.update({fold_value(k): v for k, v in synonyms.items()})
    return out


# request name -> (Filters field, {folded accepted value: canonical value}); None = not a vocabulary
REQUEST_FIELDS: dict[str, tuple[str, dict[str, str] | None]] = {
    "kind": ("kinds", _vocabulary([], **KINDS)),
    "district": ("districts", _vocabulary(DISTRICTS)),
    "age": ("age", None),
    "target_group": ("target_groups", _vocabulary(TARGET_GROUPS)),
    "frequency": ("frequency", _vocabulary(FREQUENCIES, regelmaessig="regelmäßig", regular="regelmäßig",
                                           once="einmalig", seasonal="saisonal")),
    "barrier_free": ("barrier_free", None),
    "language": ("languages", {**_vocabulary(LANGUAGES), **{code: name for name, code in LANGUAGES.items()}}),
    "weekdays": ("weekdays", {**_vocabulary(WEEKDAYS), **{fold_value(n): d for n, d in zip(_WEEKDAY_NAMES, WEEKDAYS)},
                              **{fold_value(n + "s"): d for n, d in zip(_WEEKDAY_NAMES, WEEKDAYS)}}),
    "time_of_day": ("time_of_day", _vocabulary(TIMES_OF_DAY)),
}


class FilterValueError(ValueError):
    """A filter value outside the vocabulary; ``message`` is German, for citizens."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def filters_from_request(values: Mapping[str, Any]) -> Filters:
    """Filters from request names (``kind``, ``district``, ``age``, ``target_group``, ``frequency``,
    ``barrier_free``, ``language``, ``weekdays``, ``time_of_day``) with values checked against the
    vocabulary; raises :class:`FilterValueError` with a German message for anything unknown."""
    built: dict[str, Any] = {}
    for name, value in values.items():
        if name not in REQUEST_FIELDS:
            allowed = ", ".join(REQUEST_FIELDS)
            raise FilterValueError(name, f"Den Filter „{name}“ gibt es nicht (möglich: {allowed}).")
        target, vocabulary = REQUEST_FIELDS[name]
        if value is None or vocabulary is None:
            built[target] = value
            continue
        items = [value] if isinstance(value, str) else list(value)
        canonical = []
        for item in items:
            found = vocabulary.get(fold_value(item))
            if found is None:
                allowed = ", ".join(dict.fromkeys(vocabulary.values()))
                raise FilterValueError(name, f"Filter „{name}“: „{item}“ kennen wir nicht (möglich: {allowed}).")
            canonical.append(found)
        built[target] = canonical[0] if target == "frequency" else canonical
    return Filters.build(**built)
