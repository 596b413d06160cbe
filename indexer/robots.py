"""robots.txt (RFC 9309) as a pure parser: which paths our crawler may fetch, Crawl-delay, sitemaps.

The group for our User-Agent product token wins over ``*``; within a group the longest matching rule
wins and ``Allow`` wins a tie; ``*`` and ``$`` wildcards are supported. How a *missing* robots.txt is
treated (allow all) and an *unreachable* one (disallow all) is decided by the crawler, which knows
the HTTP status; see :func:`rules_for_status`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB; we stop there


@dataclass
class Rule:
    allow: bool
    path: str
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.path = _normalise_path(self.path)
        regex = "".join(".*" if ch == "*" else re.escape(ch) for ch in self.path.rstrip("$"))
        self._pattern = re.compile(regex + ("$" if self.path.endswith("$") else ""))

    def matches(self, path: str) -> bool:
        return self._pattern.match(path) is not None


@dataclass
class RobotsRules:
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None
    sitemaps: list[str] = field(default_factory=list)
    disallow_all: bool = False  # robots.txt was unreachable: RFC 9309 says assume complete disallow

    def can_fetch(self, path_and_query: str) -> bool:
        if self.disallow_all:
            return False
        path = _normalise_path(path_and_query or "/")
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules:
            if not rule.matches(path):
                continue
            if best is None or len(rule.path) > len(best.path) or (len(rule.path) == len(best.path) and rule.allow):
                best = rule
        return best is None or best.allow


def _normalise_path(path: str) -> str:
    """Percent-encode consistently so ``/ä`` in a rule matches ``/%C3%A4`` in a URL and vice versa."""
    return quote(unquote(path), safe="/?=&*$%:@!,;+~-._")


def product_token(user_agent: str) -> str:
    """``KaufbeurenAktivBot/0.1 (...)`` -> ``kaufbeurenaktivbot``: the name robots.txt groups address."""
    match = re.match(r"\s*([A-Za-z_-]+)", user_agent)
    return (match.group(1) if match else user_agent).lower()


def parse_robots(text: str, user_agent: str) -> RobotsRules:
    """Rules of the group that applies to ``user_agent`` (its product token), else of ``*``."""
    token = product_token(user_agent)
    groups: list[tuple[list[str], list[Rule], float | None]] = []
    sitemaps: list[str] = []
    agents: list[str] = []
    rules: list[Rule] = []
    delay: float | None = None
    in_rules = False
    for raw in text[:MAX_ROBOTS_BYTES].splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "sitemap":
            if value:
                sitemaps.append(value)
            continue
        if key in ("user-agent", "useragent"):
            if in_rules:  # a user-agent line after rules starts a new group
                groups.append((agents, rules, delay))
                agents, rules, delay, in_rules = [], [], None, False
            agents.append(value.lower())
        elif key in ("allow", "disallow"):
            in_rules = True
            if value:  # an empty Disallow allows everything: no rule needed
                rules.append(Rule(key == "allow", value))
        elif key == "crawl-delay":
            in_rules = True
            try:
                delay = max(0.0, float(value))
            except ValueError:
                pass
    if agents:
        groups.append((agents, rules, delay))

    mine = [g for g in groups if token in g[0]]
    chosen = mine or [g for g in groups if "*" in g[0]]
    merged = RobotsRules(sitemaps=sitemaps)
    for _, group_rules, group_delay in chosen:  # several groups may name us: they combine
        merged.rules.extend(group_rules)
        if group_delay is not None:
            merged.crawl_delay = max(merged.crawl_delay or 0.0, group_delay)
    return merged


def rules_for_status(status: int | None, text: str, user_agent: str) -> RobotsRules:
    """RFC 9309: 2xx parse it; 4xx means no robots.txt (allow all); 5xx or no answer: disallow all."""
    if status is not None and 200 <= status < 300:
        return parse_robots(text, user_agent)
    if status is not None and 400 <= status < 500:
        return RobotsRules()
    return RobotsRules(disallow_all=True)
