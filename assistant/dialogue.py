"""The chat dialogue: from one message and the conversation so far to a reply with matching entries.

:meth:`Dialogue.turn` takes the state of a conversation (:class:`ChatState`, immutable, kept by the
caller) and a message, and returns the new state and a :class:`Reply`. It keeps what the person wants
(interest, constraints, what to leave out, soft preferences) across turns, asks one short question
with tappable suggestions when the wish is vague or the results weak, and otherwise answers with the
best entries and a one-line reason each. Everything said about an entry comes from the retriever's
hits (the index); the wording comes from a :class:`~assistant.generator.Phraser`.

Knows nothing of HTTP or sessions; the retriever is anything with ``match(query, limit, filters,
exclude_ids)`` (:class:`assistant.ranking.Matcher` in the service, a fake in tests).
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, Sequence

from . import phrasing as ph
from . import suggestions as sg
from .chat_search import DialogueConfig, Hit, Retriever, is_weak, run_search, stems_of
from .chat_state import SHOWN_METADATA, ChatState, HandFilters, Reply, Search, Shown, filters_for_client
from .filters import Filters
from .folding import fold
from .generator import DefaultPhraser, Phraser
from .understanding import Understanding, understand

__all__ = ["ChatState", "Dialogue", "DialogueConfig", "HandFilters", "Hit", "Reply", "Retriever", "Search"]

_OTHER_LANGUAGE_NAMES = {"tr": "Türkisch", "ar": "Arabisch", "ru": "Russisch", "uk": "Ukrainisch", "fa": "Farsi",
                         "pl": "Polnisch", "ro": "Rumänisch", "hr": "Kroatisch", "it": "Italienisch",
                         "el": "Griechisch", "fr": "Französisch", "es": "Spanisch"}


def _empty(name: str) -> Any:
    return next(f.default_factory() if f.default_factory is not None else f.default  # type: ignore[misc]
                for f in fields(Filters) if f.name == name)


class Dialogue:
    def __init__(self, retriever: Retriever, phraser: Phraser | None = None,
                 config: DialogueConfig | None = None) -> None:
        self.retriever = retriever
        self.phraser = phraser or DefaultPhraser()
        self.config = config or DialogueConfig()

    # ------------------------------------------------------------------------------ one turn

    def turn(self, state: ChatState, message: str, *, lang: str | None = None, hand: HandFilters | None = None,
             easy: bool | None = None, expired: bool = False) -> tuple[ChatState, Reply]:
        u = understand(message) if message.strip() else Understanding()
        notes = ["expired"] if expired else []
        notes += ["personal"] if u.personal else []
        before = self._easy(state)
        state = self._style(state, u, lang, easy, notes)
        restyled = bool(u.reply_lang) or self._easy(state) != before
        content = bool(u.topic or u.has_constraints or u.hints or u.near_me or hand)

        if u.move == "restart":
            state = ChatState(lang=state.lang, lang_locked=state.lang_locked, other_lang=state.other_lang,
                              easy=state.easy)
            notes.append("restarted")
            if not content:
                return self._ask(state, state.search, "interest", notes)
        elif u.move == "back" and not content:
            return self._back(state, notes)
        if hand is not None:  # filters changed by hand: search again with them, whatever else was said
            return self._refine(state, u, hand, notes)

        target, by_title = self._referenced(state, u)
        if u.reference is not None or by_title or ((u.contact or u.select) and not content):
            if not state.search.last:
                s = state.search
                again = replace(s, questions=tuple(q for q in s.questions if q != s.asked))
                return self._ask(state, again, s.asked if s.asked not in (None, "which") else "interest", notes,
                                 info="no_list")
            if target is None:
                return self._which(state, notes)
            if u.reject:
                rejected = state.search.rejected + (target.id,)
                return self._refine(state, u, hand, notes, rejected=rejected, topic_used=by_title)
            if not u.topic or by_title:
                return self._details(state, target, notes)
        if u.move == "more" and not content:
            return self._more(state, notes)
        if not content:
            if u.thanks:
                return self._info(state, "thanks", notes)
            if u.help:
                return self._info(state, "help", notes)
            if u.skip and state.search.asked:
                return self._decide(state, self._answered(state.search), u, notes)
            if restyled and not u.greeting:  # the same view again, in the language or style just chosen
                return self._again(state, notes)
            if u.greeting:
                notes.append("greeting")
            if not u.engagement and not u.skip:
                return self._ask(state, state.search, "interest", notes)
        return self._refine(state, u, hand, notes)

    # ------------------------------------------------------------------------------ language, style

    def _style(self, state: ChatState, u: Understanding, lang: str | None, easy: bool | None,
               notes: list[str]) -> ChatState:
        """Reply language: asked for > the message's language > earlier turns > the page's language."""
        requested = (lang or "").strip().lower()[:2] or None
        if u.reply_lang:
            notes.append("lang_switched")
            state = replace(state, lang=u.reply_lang, lang_locked=True, other_lang=None)
        elif state.lang_locked:
            pass
        elif u.lang in ("de", "en") and not (state.other_lang and len(u.topic.split()) < 3):
            # (a tapped German suggestion does not mean someone writing Arabic switched to German)
            state = replace(state, lang=u.lang, other_lang=None)
        elif u.lang:
            state = replace(state, lang="de", other_lang=u.lang)
        elif state.view == "start" and requested:
            state = replace(state, lang=requested if requested in ("de", "en") else "de",
                            other_lang=None if requested in ("de", "en") else requested)
        if state.other_lang:
            notes.insert(0, "other_language")
        chosen = easy if easy is not None else u.easy
        if chosen is not None and chosen != state.easy:
            state = replace(state, easy=chosen)
            if chosen and easy is None:
                notes.append("easy_on")
        return state

    def _easy(self, state: ChatState) -> bool:
        easy = self.config.easy_default if state.easy is None else state.easy
        return easy or state.other_lang is not None

    # ------------------------------------------------------------------------------ references

    def _referenced(self, state: ChatState, u: Understanding) -> tuple[Shown | None, bool]:
        """The shown entry a message points at: by position ("das zweite"), by a word of its title
        when asking about it ("wie erreiche ich die Tafel?"), or the one on screen."""
        last = state.search.last
        if u.reference is not None:
            index = len(last) - 1 if u.reference == -1 else u.reference - 1
            return (last[index] if 0 <= index < len(last) else None), False
        if (u.contact or u.select or u.reject) and u.topic and last:
            stems = stems_of(u.topic)
            hits = [s for s in last if any(st in fold(s.title) for st in stems)]
            if len(hits) == 1:
                return hits[0], True
        if u.contact and state.view == "detail" and state.detail:
            return state.detail, False
        if (u.contact or u.select) and len(last) == 1:
            return last[0], False
        return None, False

    # ------------------------------------------------------------------------------ the search

    def _refine(self, state: ChatState, u: Understanding, hand: HandFilters | None, notes: list[str], *,
                rejected: tuple[str, ...] | None = None, topic_used: bool = False) -> tuple[ChatState, Reply]:
        old = state.search
        filters = old.filters
        for name in u.cleared:
            filters = replace(filters, **{name: _empty(name)})
        filters = filters.merged(u.filters)
        if hand is not None:
            filters = replace(filters, **{n: getattr(hand.filters, n) for n in hand.names})
        topic, query, topic_lang, questions = old.topic, old.query, old.topic_lang, old.questions
        if u.topic and not topic_used:
            add = u.additive and topic
            topic = (f"{topic} {u.topic}" if add else u.topic)[: self.config.max_topic_chars]
            query = (f"{query}, {u.query}" if add else u.query)[: self.config.max_topic_chars]
            topic_lang = u.lang
            questions = tuple(q for q in questions if q != "rephrase")
        stems = stems_of(topic)
        excluded = tuple(dict.fromkeys(e for e in old.excluded + u.excluded
                                       if not any(fold(e).startswith(s) or s.startswith(fold(e)) for s in stems)))
        opposite = {"draußen": "drinnen", "drinnen": "draußen"}
        dropped = {opposite.get(p) for p in u.preferences}  # "lieber drinnen" replaces "draußen"
        preferences = tuple(dict.fromkeys(p for p in old.preferences + u.preferences if p not in dropped))
        new = Search(topic=topic, query=query, topic_lang=topic_lang, filters=filters, excluded=excluded[-10:],
                     preferences=preferences[-4:], hints=tuple(dict.fromkeys(old.hints + u.hints)),
                     engagement=old.engagement or u.engagement,
                     near_me=(old.near_me or u.near_me) and not filters.districts and "districts" not in u.cleared,
                     rejected=(rejected if rejected is not None else old.rejected)[-50:],
                     questions=questions + ((old.asked,) if old.asked else ()))
        state = self._remember(state, old)
        return self._decide(state, new, u, notes)

    def _remember(self, state: ChatState, search: Search) -> ChatState:
        """A step "zurück" can return to. Without the entries' facts: going back searches again."""
        light = replace(search, last=tuple(replace(e, metadata={}) for e in search.last))
        return replace(state, history=(state.history + (light,))[-self.config.history:])

    def _answered(self, search: Search) -> Search:
        return replace(search, asked=None, questions=search.questions + ((search.asked,) if search.asked else ()))

    def _decide(self, state: ChatState, s: Search, u: Understanding, notes: list[str]) -> tuple[ChatState, Reply]:
        f = s.filters
        if not s.topic:
            if "interest" not in s.questions and not u.skip:
                return self._ask(state, s, "interest", notes)
            if not (f.weekdays or f.time_of_day or f.frequency) and "time" not in s.questions:
                return self._ask(state, s, "time", notes)
        if s.near_me and not f.districts and "district" not in s.questions:
            return self._ask(state, s, "district", notes)
        hits = run_search(self.retriever, s, self.config, exclude=())
        if not hits:
            if not f.is_empty() or s.excluded:
                return self._ask(state, s, "relax", notes)
            return self._ask(state, s, "rephrase", notes)
        if s.topic and is_weak(hits[0], s, self.config):
            if "rephrase" not in s.questions:
                return self._ask(state, s, "rephrase", notes)
            notes.append("hedged")
        return self._show(state, s, hits[: self.config.results_per_turn], notes)

    # ------------------------------------------------------------------------------ replies

    def _ctx(self, state: ChatState) -> tuple[str, bool]:
        return state.lang, self._easy(state)

    def _reply(self, state: ChatState, draft: ph.Draft, results: list[dict[str, Any]], suggestions: list[str],
               asked: str | None = None) -> tuple[ChatState, Reply]:
        text = self.phraser.phrase(draft)
        s = state.search
        return state, Reply(text=text, results=results, suggestions=list(dict.fromkeys(suggestions))[:6],
                            asked=asked, filters=filters_for_client(s.filters), topic=s.topic, lang=draft.lang,
                            easy=draft.easy)

    def _understood(self, s: Search, lang: str) -> list[str]:
        return ph.describe_filters(s.filters, s.excluded, s.preferences, lang)

    def _ask(self, state: ChatState, s: Search, question: str, notes: list[str],
             info: str | None = None) -> tuple[ChatState, Reply]:
        lang, easy = self._ctx(state)
        s = replace(s, asked=question, questions=s.questions + (question,), last=())
        state = replace(state, search=s, view="question", detail=None)
        hint = "near" if question == "district" and s.near_me else next(
            (h for h in ("child", "senior", "family") if h in s.hints), "engagement" if s.engagement else None)
        if question == "relax":  # what can be dropped, one step back, or start again
            names = [n for n in ("districts", "weekdays", "time_of_day", "age", "languages", "kinds", "frequency")
                     if getattr(s.filters, n) not in (None, frozenset())]
            suggestions = list(dict.fromkeys(sg.suggestion(f"relax:{n}", lang) for n in names))
            suggestions += [sg.suggestion("undo", lang), sg.suggestion("restart", lang)]
            suggestions += sg.suggestion_list("interest", lang)[: max(0, 3 - len(suggestions))]
        else:
            key = {"interest": f"interest:{hint}", "rephrase": "interest"}.get(question, question)
            suggestions = self._language_chip(state, s) + sg.suggestion_list(key, lang)
        draft = ph.Draft("question", lang, easy, question=question, hint=hint, topic=s.topic, notes=notes,
                         understood=self._understood(s, lang), info=info)
        return self._reply(state, draft, [], suggestions, asked=question)

    def _show(self, state: ChatState, s: Search, hits: Sequence[Hit], notes: list[str],
              more: bool = False) -> tuple[ChatState, Reply]:
        lang, easy = self._ctx(state)
        shown = tuple(Shown(h.id, h.title, h.url, h.kind, {k: (h.metadata or {})[k] for k in SHOWN_METADATA
                                                            if k in (h.metadata or {})}) for h in hits)
        entries, results = [], []
        for position, (hit, entry) in enumerate(zip(hits, shown), start=1):
            reason = ph.reason_line(entry.metadata, s.topic, s.filters, lang, easy)
            entries.append(ph.EntryFacts(position, hit.title, hit.url, hit.kind, reason))
            results.append({**hit.public(), "position": position, "chat_reason": reason})
        previous = s.shown if more else ()
        s = replace(s, asked=None, last=shown, shown=(previous + tuple(h.id for h in hits))[-200:])
        state = replace(state, search=s, view="list", detail=None)
        draft = ph.Draft("results", lang, easy, entries=entries, understood=self._understood(s, lang), topic=s.topic,
                         notes=notes + (["more"] if more else []))
        f = s.filters
        refine = [k for k, unset in (("refine:weekdays", not f.weekdays), ("refine:barrier_free", not f.barrier_free),
                                     ("refine:outdoors", "draußen" not in s.preferences)) if unset][:2]
        suggestions = self._language_chip(state, s) + [sg.suggestion("contact", lang, n=1),
                                                       sg.suggestion("more", lang)]
        suggestions += [sg.suggestion(k, lang) for k in refine] + [sg.suggestion("restart", lang)]
        return self._reply(state, draft, results, suggestions)

    @staticmethod
    def _language_chip(state: ChatState, s: Search) -> list[str]:
        """For people writing in another language: offers where that language is spoken."""
        name = _OTHER_LANGUAGE_NAMES.get(state.other_lang or "")
        return [sg.suggestion("language_only", state.lang, language=name)] if name and not s.filters.languages else []

    def _details(self, state: ChatState, entry: Shown, notes: list[str]) -> tuple[ChatState, Reply]:
        lang, easy = self._ctx(state)
        position = next((i for i, s in enumerate(state.search.last, start=1) if s.id == entry.id), 1)
        facts = ph.EntryFacts(position, entry.title, entry.url, entry.kind,
                              details=ph.details_of(entry.metadata, entry.url))
        state = replace(state, view="detail", detail=entry)
        result = {"id": entry.id, "url": entry.url, "title": entry.title, "kind": entry.kind, "position": position,
                  "district": entry.metadata.get("district"), "category": entry.metadata.get("category"),
                  "contact": dict(entry.metadata.get("contact") or {}),
                  "details": {key: value for key, value in facts.details}}
        draft = ph.Draft("details", lang, easy, entries=[facts], notes=notes)
        suggestions = [sg.suggestion(k, lang) for k in ("back", "more", "restart")]
        return self._reply(state, draft, [result], suggestions)

    def _which(self, state: ChatState, notes: list[str]) -> tuple[ChatState, Reply]:
        lang, easy = self._ctx(state)
        count = len(state.search.last)
        draft = ph.Draft("question", lang, easy, question="which", notes=notes)
        suggestions = [sg.suggestion("contact", lang, n=n) for n in range(1, count + 1)][:4]
        suggestions += [sg.suggestion("back", lang), sg.suggestion("restart", lang)]
        return self._reply(replace(state, view="which"), draft, [], suggestions, asked="which")

    def _more(self, state: ChatState, notes: list[str]) -> tuple[ChatState, Reply]:
        s = state.search
        if not s.last and not s.shown:
            return self._ask(state, s, "interest", notes, info="no_list")
        hits = run_search(self.retriever, s, self.config, exclude=s.shown, more=True)[: self.config.results_per_turn]
        if not hits:
            return self._info(state, "no_more", notes)
        state = self._remember(state, s)
        return self._show(state, s, hits, notes, more=True)

    def _back(self, state: ChatState, notes: list[str]) -> tuple[ChatState, Reply]:
        if state.view in ("detail", "info", "which") and state.search.last:
            return self._relist(state, state.search, notes + ["back"])
        if not state.history:
            return self._ask(ChatState(lang=state.lang, lang_locked=state.lang_locked, other_lang=state.other_lang,
                                       easy=state.easy), Search(), "interest", notes, info="back_start")
        previous = state.history[-1]
        state = replace(state, history=state.history[:-1])
        if previous.last:
            return self._relist(state, previous, notes + ["back"])
        if previous.asked:
            questions = tuple(q for q in previous.questions if q != previous.asked)
            return self._ask(state, replace(previous, questions=questions), previous.asked, notes + ["back"])
        return self._ask(state, previous, "interest", notes + ["back"], info="back_start")

    def _relist(self, state: ChatState, s: Search, notes: list[str]) -> tuple[ChatState, Reply]:
        """The list ``s`` showed last, again (the same query and exclusions give the same entries)."""
        last_ids = {e.id for e in s.last}
        earlier = tuple(i for i in s.shown if i not in last_ids)
        hits = run_search(self.retriever, s, self.config, exclude=earlier)[: self.config.results_per_turn]
        if not hits:
            return self._ask(state, s, "relax" if not s.filters.is_empty() else "rephrase", notes)
        return self._show(state, replace(s, shown=earlier), hits, notes, more=bool(earlier))

    def _again(self, state: ChatState, notes: list[str]) -> tuple[ChatState, Reply]:
        """The current view once more, in the newly chosen language or style."""
        s = state.search
        if state.view == "detail" and state.detail:
            return self._details(state, state.detail, notes)
        if state.view == "list" and s.last:
            return self._relist(state, s, notes)
        if s.asked:
            return self._ask(state, replace(s, questions=tuple(q for q in s.questions if q != s.asked)), s.asked, notes)
        return self._ask(state, s, "interest", notes)

    def _info(self, state: ChatState, info: str, notes: list[str]) -> tuple[ChatState, Reply]:
        lang, easy = self._ctx(state)
        if info == "help" or not state.search.last:
            keys = sg.suggestion_list("interest", lang)[:4] + [sg.suggestion("restart", lang)]
        else:
            keys = [sg.suggestion(k, lang) for k in ("back", "more", "restart")]
        draft = ph.Draft("info", lang, easy, info=info, notes=notes)
        return self._reply(replace(state, view="info"), draft, [], keys)
