"""Whole conversations with the chat dialogue: the questions it asks, the constraints it carries over,
the refinements it applies, and that it names only indexed entries (checked on every reply by
:class:`tests.chat_support.Conversation`). A deterministic word-overlap retriever stands in for the
ranking; the last tests run the real model on a small real index."""

from __future__ import annotations

import pytest

from assistant.dialogue import Dialogue, DialogueConfig, HandFilters
from assistant.filters import Filters

from .chat_support import Conversation, FakeHit, FakeRetriever, load_entries

ENTRIES = {e["id"]: e for e in load_entries()}


@pytest.fixture
def retriever() -> FakeRetriever:
    return FakeRetriever()


@pytest.fixture
def chat(retriever) -> Conversation:
    # The fake scores 0–10 by shared words; weak-result thresholds scaled to it.
    return Conversation(Dialogue(retriever, config=DialogueConfig(weak_score=2.0, weak_score_crosslingual=1.0)))


def _phone(entry_id: str) -> str:
    return ENTRIES[entry_id]["contact"]["phone"]


# ------------------------------------------------------------------------------ German conversations

def test_de_retired_vague_wish_gets_a_question_then_matches_then_contact(chat):
    r = chat.say("Ich hab jetzt im Ruhestand Zeit, was kann ich machen?")
    assert r.asked == "interest" and r.results == []
    assert "Mit Kindern lesen" in r.suggestions and len(r.text.splitlines()) <= 2  # one short question
    r = chat.say("Mit Kindern lesen")
    assert r.asked is None and chat.ids(r)[0] == "ehrenamt-lesepate-grundschule-hirschzell"
    assert r.results[0]["chat_reason"] and "Hirschzell" in r.results[0]["chat_reason"]
    r = chat.say("das erste klingt gut – wie erreiche ich die?")
    assert chat.ids(r) == ["ehrenamt-lesepate-grundschule-hirschzell"]
    assert _phone("ehrenamt-lesepate-grundschule-hirschzell") in r.text and "Ulrike Bachhuber" in r.text
    assert r.results[0]["contact"]["email"] == "lesepaten@grundschule-hirschzell.example.org"


def test_de_age_is_carried_and_a_district_without_matches_offers_to_drop_it(chat):
    r = chat.say("Fußball für meine Tochter, 9")
    assert r.filters == {"age": 9} and chat.ids(r)[0] == "verein-tsv-neugablonz-fussball"
    r = chat.say("in meiner Nähe Haken")
    assert r.filters == {"district": ["Haken"], "age": 9}  # the age carried over
    assert r.asked == "relax" and "Egal wo" in r.suggestions and r.results == []
    r = chat.say("Egal wo")
    assert r.filters == {"age": 9} and chat.ids(r) == ["verein-tsv-neugablonz-fussball"]


def test_de_general_wish_to_engage_asks_interest_then_time(chat, retriever):
    r = chat.say("Ich will mich engagieren")
    assert r.asked == "interest" and "engagieren" in r.text
    r = chat.say("weiß nicht")
    assert r.asked == "time" and "Am Wochenende" in r.suggestions
    r = chat.say("Am Wochenende")
    assert r.asked is None and r.filters == {"weekdays": ["Sa", "So"]} and r.results
    assert retriever.calls[-1]["volunteering"]  # said at the start; the ranking then keeps volunteer roles up
    for result in r.results:
        days = ENTRIES[result["id"]]["weekdays"]
        assert not days or {"Sa", "So"} & set(days)


def test_de_time_constraint_keeps_the_topic(chat):
    r = chat.say("Ich möchte etwas mit Hunden machen")
    assert chat.ids(r)[0] == "ehrenamt-gassigeher-tierheim"
    r = chat.say("nur am Wochenende")
    assert r.topic == "Hunden" and r.filters == {"weekdays": ["Sa", "So"]}
    assert chat.ids(r)[0] == "ehrenamt-gassigeher-tierheim"


def test_de_not_sport_removes_sport_and_keeps_the_district(chat):
    r = chat.say("Etwas mit Kindern in Neugablonz")
    assert "verein-tsv-neugablonz-fussball" in chat.ids(r)
    r = chat.say("nicht Sport")
    assert r.filters == {"district": ["Neugablonz"]} and r.results
    assert all(ENTRIES[i]["category"] != "sport" for i in chat.ids(r))
    assert "ohne Sport" in r.text


def test_de_rather_outdoors_puts_outdoor_entries_first(chat):
    r = chat.say("Etwas für Senioren")
    assert chat.ids(r)[0] == "ehrenamt-besuchsdienst-seniorenheim"
    r = chat.say("lieber draußen")
    assert r.topic == "Senioren" and chat.ids(r)[0] == "verein-wanderfreunde-haken"
    assert "lieber draußen" in r.text


def test_de_more_of_these_shows_new_entries_until_there_are_none(chat):
    first = chat.say("Kinder")
    assert len(first.results) == 3
    more = chat.say("mehr davon")
    assert more.results and not set(chat.ids(first)) & set(chat.ids(more))
    seen = set(chat.ids(first)) | set(chat.ids(more))
    for _ in range(10):
        r = chat.say("mehr davon")
        if not r.results:
            break
        assert not seen & set(chat.ids(r))
        seen |= set(chat.ids(r))
    assert not r.results and "Weitere passende Angebote habe ich dazu nicht" in r.text


def test_de_back_undoes_the_last_refinement(chat):
    chat.say("Chor")
    r = chat.say("in Neugablonz")
    assert r.asked == "relax"
    r = chat.say("zurück")
    assert r.filters == {} and chat.ids(r) == ["verein-liederkranz-altstadt"] and "zurück" in r.text
    r = chat.say("zurück")
    assert r.asked == "interest" and "am Anfang" in r.text


def test_de_start_again_forgets_everything(chat):
    chat.say("Fußball für meinen Sohn, 8, in Neugablonz, mit Rollstuhl")
    r = chat.say("neu anfangen")
    assert r.filters == {} and r.topic == "" and r.asked == "interest" and "neu an" in r.text
    r = chat.say("Schach")
    assert r.filters == {} and chat.ids(r)[0] == "verein-schachclub-ringweg"


def test_de_wheelchair_shows_only_barrier_free_entries(chat):
    r = chat.say("Sport mit Rollstuhl")
    assert r.filters == {"barrier_free": True} and "verein-rollstuhlbasketball-allgaeu" in chat.ids(r)
    assert all(ENTRIES[i]["barrier_free"] for i in chat.ids(r))
    assert "barrierefrei" in r.results[0]["chat_reason"]


def test_de_language_spoken_filters_and_is_named_in_the_reason(chat):
    r = chat.say("Ich spreche Arabisch und möchte Geflüchteten helfen")
    assert r.filters == {"language": ["Arabisch"]}
    assert set(chat.ids(r)) == {"ehrenamt-fahrradwerkstatt-gefluechtete", "ehrenamt-sprachpate-integration"}
    assert all("auch auf Arabisch" in x["chat_reason"] for x in r.results)


def test_de_own_age_excludes_entries_for_younger_people(chat):
    r = chat.say("Ich bin 70 und suche etwas mit Bewegung")
    assert r.filters == {"age": 70} and chat.ids(r)[0] == "verein-seniorentanz-altstadt"
    for i in chat.ids(r):
        assert (ENTRIES[i]["age_max"] or 200) >= 70


def test_de_weekday_evening_then_a_day_without_matches(chat):
    r = chat.say("Chor dienstags abends")
    assert r.filters == {"weekdays": ["Di"], "time_of_day": ["abends"]}
    assert chat.ids(r) == ["verein-liederkranz-altstadt"]
    r = chat.say("lieber mittwochs")
    assert r.filters == {"weekdays": ["Mi"], "time_of_day": ["abends"]} and r.asked == "relax"
    assert "Egal wann" in r.suggestions
    r = chat.say("Egal wann")
    assert r.filters == {} and chat.ids(r) == ["verein-liederkranz-altstadt"]


def test_de_one_off_help_without_a_topic(chat):
    r = chat.say("einmalig helfen, ohne feste Verpflichtung")
    assert r.asked == "interest" and r.filters == {"frequency": "einmalig"} and "einmalig" in r.text
    r = chat.say("egal")
    assert r.asked is None and "ehrenamt-stadtputz-aktion" in chat.ids(r)
    assert all(ENTRIES[i]["frequency"] == "einmalig" for i in chat.ids(r))


def test_de_contact_by_name(chat):
    chat.say("Ich möchte Lebensmittel verteilen oder ältere Menschen besuchen")
    r = chat.say("Wie erreiche ich die Tafel?")
    assert chat.ids(r) == ["ehrenamt-tafel-kaufbeuren"] and _phone("ehrenamt-tafel-kaufbeuren") in r.text
    r = chat.say("zurück")
    assert "ehrenamt-tafel-kaufbeuren" in chat.ids(r) and len(r.results) > 1


def test_de_rejecting_an_entry_searches_again_without_it(chat):
    r = chat.say("Musik")
    first = chat.ids(r)[0]
    r = chat.say("das erste passt nicht")
    assert r.results and first not in chat.ids(r)


def test_de_district_first_then_interest(chat):
    r = chat.say("Gibt es was in Kemnat?")
    assert r.asked == "interest" and r.filters == {"district": ["Kemnat"]} and "Kemnat" in r.text
    r = chat.say("Theater")
    assert chat.ids(r) == ["verein-theater-kemnat"] and r.filters == {"district": ["Kemnat"]}


def test_de_easy_language_on_request(chat):
    r = chat.say("Leichte Sprache bitte")
    assert r.easy and r.asked == "interest"
    r = chat.say("Schwimmen für mein Kind, 8")
    assert r.easy and chat.ids(r) == ["verein-schwimmclub-kaufbeuren"] and r.filters == {"age": 8}
    assert "Ort: Kernstadt." in r.text
    assert all(len(line) <= 120 for line in r.text.splitlines())


def test_de_easy_flag_sent_with_every_message_only_sets_the_style(chat):
    r = chat.say("Hallo", easy=True)  # as the web page does once the button is pressed
    assert r.easy and r.asked == "interest" and "Hallo!" in r.text
    r = chat.say("Schach", easy=True)
    assert r.easy and chat.ids(r) == ["verein-schachclub-ringweg"] and "Ort: Ringweg." in r.text
    r = chat.say("danke", easy=True)
    assert r.easy and "Gern geschehen" in r.text
    r = chat.say("", easy=False)  # turned off: the same view in the usual style
    assert not r.easy and "Gern geschehen" not in r.text


def test_de_references_without_a_list_and_out_of_range(chat):
    r = chat.say("das zweite")
    assert r.asked == "interest" and "noch keine Angebote" in r.text
    chat.say("Schach")
    r = chat.say("das dritte")
    assert r.asked == "which" and r.results == [] and "Kontakt zu Nr. 1" in r.suggestions


def test_de_personal_data_is_not_kept(chat):
    r = chat.say("Ich heiße Maria Müller, Hauptstraße 5, und suche einen Chor")
    assert "keine persönlichen Daten" in r.text and r.topic == "Chor"
    assert "Müller" not in repr(chat.state) and "Hauptstraße" not in repr(chat.state)


def test_de_weak_results_get_a_question_first_and_a_hedge_second():
    unrelated = FakeHit("verein-schachclub-ringweg", "https://x.example/schach", "Schachclub Ringweg", "club", 1.2,
                        "Schach", {"tags": ["Schach"], "category": "hobby", "district": "Ringweg"})

    class Unrelated:
        def match(self, query, limit=10, filters=None, exclude_ids=()):
            return [unrelated]

    chat = Conversation(Dialogue(Unrelated()))
    r = chat.say("Quantenphysik")
    assert r.asked == "rephrase" and r.results == [] and "nichts Passendes" in r.text
    r = chat.say("Astrophysik")
    assert r.asked is None and r.results and "nicht ganz sicher" in r.text


def test_de_filters_set_by_hand_replace_what_was_understood(chat, retriever):
    chat.say("Fußball für meine Tochter, 9")
    hand = HandFilters(Filters.build(districts=["Neugablonz"]), frozenset({"districts", "age"}))
    r = chat.say("", hand=hand)
    assert r.filters == {"district": ["Neugablonz"]} and r.topic == "Fußball"
    assert retriever.calls[-1]["filters"].districts == {"neugablonz"}


# ------------------------------------------------------------------------------ English conversations

def test_en_son_football_then_contact(chat, retriever):
    r = chat.say("My son wants to play football")
    assert retriever.calls[-1]["groups"] == {"Kinder"}  # the ranking then rules out clubs only for adults
    r = chat.say("My son is 12 and wants to play football")
    assert r.lang == "en" and r.filters == {"age": 12} and chat.ids(r)[0] == "verein-tsv-neugablonz-fussball"
    assert r.text.startswith("Searched for") and "“TSV Neugablonz – Abteilung Fußball”" in r.text
    r = chat.say("Contact for no. 1")
    assert r.text.startswith("How to reach") and _phone("verein-tsv-neugablonz-fussball") in r.text


def test_en_retired_question_choir_weekend_relaxed(chat):
    r = chat.say("I'm retired and have time, what can I do?")
    assert r.lang == "en" and r.asked == "interest" and "Singing in a choir" in r.suggestions
    r = chat.say("Singing in a choir")
    assert chat.ids(r) == ["verein-liederkranz-altstadt"] and "Tue evenings" in r.results[0]["chat_reason"]
    r = chat.say("only at weekends")
    assert r.asked == "relax" and "Any time" in r.suggestions and "at weekends" in r.text
    r = chat.say("Any time")
    assert r.filters == {} and chat.ids(r) == ["verein-liederkranz-altstadt"]


def test_en_volunteering_only_shows_opportunities_and_projects(chat):
    r = chat.say("I want to volunteer")
    assert r.asked == "interest" and r.filters == {"kind": ["opportunity", "project"]}
    r = chat.say("Dogs")
    assert chat.ids(r) == ["ehrenamt-gassigeher-tierheim"]
    r = chat.say("show more")
    assert r.results == [] and "no more" in r.text


def test_en_chess_for_daughter_in_district_and_reference(chat):
    r = chat.say("Chess for my daughter, 9, in Ringweg")
    assert r.filters == {"district": ["Ringweg"], "age": 9} and chat.ids(r) == ["verein-schachclub-ringweg"]
    r = chat.say("the first one sounds good – how do I reach them?")
    assert "Oleg Brandt" in r.text and _phone("verein-schachclub-ringweg") in r.text


def test_en_outdoors_at_weekends_and_wheelchair(chat):
    r = chat.say("Something outdoors for my family at the weekend")
    assert r.filters == {"weekdays": ["Sa", "So"]} and "outdoors" in r.text and r.results
    r = chat.say("wheelchair accessible please")
    assert r.filters == {"weekdays": ["Sa", "So"], "barrier_free": True}
    assert all(ENTRIES[i]["barrier_free"] for i in chat.ids(r))


def test_switching_the_reply_language(chat):
    r = chat.say("Ich möchte im Chor singen")
    assert r.lang == "de"
    r = chat.say("in English please")
    assert r.lang == "en" and chat.ids(r) == ["verein-liederkranz-altstadt"] and "Best matches" in r.text
    r = chat.say("Schach")  # a single word does not switch back
    assert r.lang == "en"


def test_other_languages_get_simple_german_and_a_language_chip(chat):
    r = chat.say("Gönüllü olmak istiyorum")
    assert r.lang == "de" and r.easy and "einfacher Sprache" in r.text
    assert r.suggestions[0] == "Nur Angebote auf Türkisch"
    r = chat.say("Nur Angebote auf Türkisch")
    assert r.filters == {"language": ["Türkisch"]} and r.easy


# ------------------------------------------------------------------------------ with the real model

@pytest.fixture(scope="module")
def real_chat(real_chat_index, real_embedder):
    from assistant.engine import Engine

    matcher = Engine(real_chat_index, real_embedder).matcher
    return lambda: Conversation(Dialogue(matcher))


def test_real_retired_person_is_asked_then_gets_reading_with_children(real_chat):
    chat = real_chat()
    assert chat.say("Ich hab jetzt im Ruhestand Zeit, was kann ich machen?").asked == "interest"
    r = chat.say("Mit Kindern lesen")
    assert chat.ids(r)[0] == "ehrenamt-lesepate-grundschule-hirschzell"


def test_real_football_for_a_nine_year_old_and_its_contact(real_chat):
    chat = real_chat()
    r = chat.say("Fußball für meine Tochter, 9")
    assert chat.ids(r)[0] == "verein-tsv-neugablonz-fussball" and r.filters == {"age": 9}
    r = chat.say("das erste – wie erreiche ich die?")
    assert _phone("verein-tsv-neugablonz-fussball") in r.text


def test_real_crosslingual_wishes(real_chat):
    chat = real_chat()
    r = chat.say("Хочу петь в хоре")
    assert r.lang == "de" and r.easy and "verein-liederkranz-altstadt" in chat.ids(r)
    chat = real_chat()
    r = chat.say("I would like to sing in a choir")
    assert r.lang == "en" and chat.ids(r)[0] == "verein-liederkranz-altstadt"


def test_real_unrelated_wish_gets_a_question_not_a_guess(real_chat):
    r = real_chat().say("Quantenphysik")
    assert r.asked == "rephrase" and r.results == []
