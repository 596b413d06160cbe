"""Everyday German -> the entries' own words: "zocken" -> Gaming, "kicken" -> Fußball, "Oma und Opa" ->
Senioren, "Gassi gehen" -> Hunde ("Ich will mit Hunden Gassi gehen" and the Tierheim's "Hunde ausführen").

Why: citizens describe what they want in colloquial words no entry uses; BM25 then finds nothing and the
small multilingual model separates the right entries by a few hundredths of cosine. The German words
found here join the wish's BM25 terms exactly like the bilingual glossary's (:mod:`assistant.glossary`,
same :class:`~assistant.glossary.Expansion`), at ``RankingConfig.synonym_weight``.

What is in it: general everyday vocabulary of the engagement domain, organised by the entries' tag
vocabulary (the ``tags`` of corpus/data/*.jsonl: Gaming, Basteln, Senioren, Geflüchtete, Sucht ...);
no list of answers to labelled queries. Patterns are whole folded words (:func:`assistant.folding.rx`:
lower case, ä -> ae, ß -> ss), stems name their endings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .folding import fold, rx
from .glossary import Expansion, find_concepts

# The entries' words -> everyday German words for the same thing.
SYNONYMS: dict[str, str] = {
    # --- sport, games
    "Fußball": r"kick(?:en|e|t|er)?|bolzen|kicker(?:n)?|fussballspielen|tore schiessen",
    "Sport Bewegung": r"sportlich\w*|sporteln|auspowern|bewegen|beweg(?:e|t|ung)|fit (?:werden|bleiben)|"
        r"fitbleiben|in form (?:kommen|bleiben)|abnehmen|trainier\w*|work ?out",
    "Laufen Lauftreff": r"joggen|jogg\w*|rennen|renne",
    "Radfahren Fahrrad": r"radeln|radl\w*|rad ?fahren|velo",
    "Schwimmen": r"schwimm(?:e|t|st)|baden gehen|ins wasser",
    "Gaming Videospiele E-Sport": r"zock\w*|gamen|gamer\w*|konsole\w*|playstation|xbox|nintendo|computerspiel\w*|"
        r"pc-spiel\w*|onlinespiel\w*",
    "Brettspiele Gesellschaftsspiele Spieleabend": r"brettspiel\w*|spieleabend\w*|monopoly|siedler|catan|"
        r"mensch aergere dich nicht|gesellschaftsspiel\w*",
    "Kartenspiele Kartenspielen": r"doppelkopf|skat|schafkopf|rommee|canasta|uno|watten|karten spielen|"
        r"kartenrunde\w*|kartler\w*",
    "Tanzen": r"tanz(?:e|t|st)|abtanzen|discofox|walzer",
    "Wandern Bergwandern": r"berge|bergtour\w*|gipfel\w*|kraxeln|wanderung\w*",
    "Spazierengehen Spaziergang": r"spazieren|spazier\w*|rausgehen|an die frische luft",
    # --- animals, nature, garden
    "Hunde Gassi gehen Tierheim": r"gassi|hund(?:e|en|es)? ausfuehren|mit hunden",
    "Tierschutz Tierheim Tierpflege": r"tiere? (?:versorgen|pflegen|helfen|retten)|tierlieb\w*|streichel\w*|"
        r"heimtier\w*|haustier\w*",
    "Garten Gärtnern Gemüseanbau": r"gaertner\w*|garteln|buddeln|umgraben|pflanzen|beete?|gemuese|tomaten|"
        r"anbauen|gruenen daumen|erde unter den fingern",
    "Natur Naturschutz Umweltschutz": r"natur\w*|umwelt\w*|draussen|im freien|frische luft|klima\w*|"
        r"oekolog\w*",
    "Müllsammeln Ramadama Stadtputz": r"muell (?:sammeln|aufsammeln|aufheben)|muellsammel\w*|aufraeumen|"
        r"saubermachen|sauber machen",
    "Bienen Imkern": r"imker\w*|honig\w*|bienenvoelker",
    # --- crafts, making, repairing
    "Basteln Handwerk Werkstatt": r"bastel\w*|werkeln|werkel\w*|werkl\w*|selbermachen|selber machen|diy|"
        r"do it yourself|handwerklich\w*|tuefteln|tueftl\w*",
    "Reparieren Repair Café": r"reparier\w*|kaputt\w*|flicken|repar\w*|wieder heil",
    "Holzwerkstatt Schreinern Drechseln": r"holz\w*|schreiner\w*|tischler\w*|saegen|hobeln",
    "Nähen Stricken Häkeln Handarbeit": r"naeh\w*|strick\w*|haekel\w*|handarbeit\w*|stoff\w*",
    "Malen Zeichnen Kunst": r"mal(?:e|t|st)|male gern|pinsel\w*|zeichne\w*|kreativ\w*|kuenstler\w*",
    "Töpfern Keramik": r"toepfer\w*|ton\b|drehscheibe",
    "Fotografie Fotografieren": r"foto\w*|fotograf\w*|knipsen|kamera",
    "Computer Programmieren Technik": r"computer\w*|pc|programmier\w*|coden|code|it|technikbegeistert|"
        r"technikfan\w*|informatik",
    # --- music, culture
    "Singen Chor": r"sing(?:e|t|st)|trallal\w*|saenger\w*|gesang\w*|stimme",
    "Musik Instrumentalunterricht": r"musizier\w*|musikalisch\w*|instrument\w*|jammen|muck(?:e|en)|spiele .* "
        r"(?:gitarre|klavier|geige|trompete)",
    "Theater Schauspiel": r"schauspieler\w*|buehne\w*|theaterspielen|auf der buehne|rolle spielen",
    "Lesen Bücher Literatur": r"les(?:e|en)|leseratte\w*|buch|buecher\w*|schmoeker\w*|roman\w*",
    "Kochen Essen Internationale Küche": r"koch(?:e|t|st)|kueche|backen|back(?:e|t)|rezept\w*|brutzel\w*",
    # --- people
    "Senioren Erwachsene 50+": r"oma|omas|opa|opas|grosseltern|aeltere\w*|alte(?:n)? (?:menschen|leute|leuten)|"
        r"rentner\w*|rente|ruhestand|pensioniert\w*|pension\w*|hochbetagt\w*|im alter|betagt\w*|ueber 60|ueber 70|"
        r"ueber 80",
    "Kinder": r"kids|kiddies|kinder\w*|kind|nachwuchs|sohn|tochter|soehne|toechter|enkel\w*|"
        r"grundschueler\w*|kita-kind\w*",
    "Babys Kleinkinder Krabbelgruppe": r"baby|babies|saeugling\w*|neugeboren\w*|kleinkind\w*|krabbel\w*|"
        r"elternzeit|mama|mamas|papa|papas|mutter|vater|muetter|vaeter|schwanger\w*|geburt\w*",
    "Eltern Familien": r"mama|mamas|papa|papas|mutter|vater|muetter|vaeter",
    "Jugendliche Jugend": r"teenager\w*|teens?|jugendlich\w*|halbstark\w*|schueler\w*|azubi\w*|junge leute|"
        r"junge menschen",
    "Frauen": r"frauen|mamas|muetter|maedels",
    "Geflüchtete Flüchtlinge Integration Migranten": r"fluechtling\w*|gefluechtet\w*|asyl\w*|asylbewerber\w*|"
        r"zugewandert\w*|zuwander\w*|auslaender\w*|migrant\w*|migration\w*|neuankoemmling\w*|neu in deutschland|"
        r"neu in kaufbeuren|andere(?:n)? kulturen|andere(?:n)? laender\w*|kulturen|international\w*",
    "Deutsch lernen Sprachcafé Sprachtandem": r"deutsch (?:ueben|lernen|verbessern)|sprache lernen|"
        r"sprachkenntnis\w*|kein deutsch|wenig deutsch",
    "Menschen mit Behinderung Inklusion": r"behindert\w*|handicap\w*|beeintraechtig\w*|blind\w*|gehoerlos\w*|"
        r"taub\w*|down-syndrom|autis\w*|inklusiv\w*",
    "Rollstuhl Barrierefreiheit": r"rolli\w*|rollstuhlfahrer\w*|gehbehindert\w*|rollator\w*",
    "Alleinerziehende Single-Eltern": r"alleinerziehend\w*|allein erziehend\w*|getrennt erziehend\w*",
    # --- help, health, social
    "Sucht Alkohol Suchtselbsthilfe Abstinenz": r"trink(?:e|t|en|st)|saeuft|saufen|alkoholiker\w*|alkoholprobl\w*|"
        r"betrunken|trocken werden|nuechtern\w*|drogen\w*|spielsucht|abhaengig\w*|entzug",
    "Demenz Alzheimer Gedächtnistraining": r"vergesslich\w*|vergisst|vergesse|gedaechtnis\w*|verwirrt\w*|"
        r"dement\w*",
    "Psychische Gesundheit Depression": r"depressiv\w*|traurig|niedergeschlagen|psychisch\w*|seelisch\w*|"
        r"angst\w*|panik\w*|ausgebrannt|erschoepft",
    "Einsamkeit Gemeinschaft Geselligkeit Begegnung": r"einsam\w*|allein(?:e)?|alleinstehend\w*|niemanden|"
        r"kontakte|kontakt|leute kennenlernen|leute treffen|menschen kennenlernen|anschluss|gesellschaft|"
        r"neue freunde|freunde finden|unter leute|austausch",
    "Diabetes Zuckerkrankheit": r"zucker|zuckerkrank\w*|diabetiker\w*|insulin",
    "Trauer Trauerbegleitung": r"trauer\w*|verstorben\w*|gestorben|verlust|verwitwet|witwe\w*|tod",
    "Hospiz Sterbebegleitung Palliativ": r"sterbend\w*|sterben|lebensende|todkrank\w*",
    "Pflege Angehörige Angehörige entlasten": r"pflege\w*|pflegend\w*|pflegebeduerftig\w*",
    "Schulden Schuldnerberatung Finanzen": r"schulden|verschuldet|pleite|geldsorgen|geldprobleme|"
        r"kein geld|wenig geld|rechnungen|mahnung\w*",
    "Armut geringes Einkommen Tafel Vergünstigungen": r"arm|armut|knapp bei kasse|buergergeld|hartz\w*|"
        r"sozialhilfe|billig|guenstig\w*|kostenlos|umsonst|gratis",
    "Wohnungssuche Wohnungslosigkeit Obdachlose": r"wohnung\w*|obdachlos\w*|wohnungslos\w*|auf der strasse",
    "Behörden Anträge Behördengänge Formulare": r"formular\w*|antrag|amt|aemter|behoerde\w*|papierkram|"
        r"briefe vom amt|buerokratie|jobcenter|auslaenderbehoerde",
    "Hausaufgabenhilfe Nachhilfe Lernhilfe": r"hausaufgaben|nachhilfe\w*|schulprobleme|schlechte noten|mathe\w*",
    "Smartphone Digitale Hilfe Technikhilfe": r"handy\w*|smartphone\w*|tablet\w*|whatsapp|internet\w*|"
        r"digital\w*|online|email|e-mail",
    "Erste Hilfe Rettungsdienst Sanitätsdienst": r"leben retten|lebensretter\w*|notfall\w*|verletzt\w*|"
        r"wiederbeleb\w*|sanitaeter\w*",
    "Feuerwehr Katastrophenschutz": r"brand\w*|feuer|loeschen|katastroph\w*|hochwasser",
    # --- faith
    "Glaube Kirchengemeinde Gottesdienst Religionen": r"glaeubig\w*|glaube\w*|glauben|christ\w*|kirch\w*|"
        r"religioes\w*|gott|beten|gebet\w*|spirituell\w*|muslim\w*|moschee\w*|bibel\w*",
    # --- volunteering
    "Ehrenamt Engagement": r"ehrenamtlich\w*|freiwillig\w*|helfen|mithelfen|mitanpacken|anpacken|"
        r"unterstuetzen|sich einbringen|engagieren|gutes tun|sinnvoll\w*|helfer\w*|mitmachen",
    "von zu Hause": r"von zu ?hause|von daheim|daheim|zuhause|homeoffice",
    "Telefonieren Telefonkette": r"am telefon|telefonisch|per telefon",
    "ruhige Tätigkeit": r"im sitzen|nicht mehr so mobil|kaum laufen|schlecht laufen|nicht gut zu fuss",
    "Fahrdienst Fahrer Einkaufsfahrten": r"auto fahren|autofahren|fahren|chauffier\w*|fuehrerschein",
    "Besuchsdienst Seniorenbegleitung": r"besuchen|besuche|vorbeischauen|gesellschaft leisten|zeit schenken",
    "Vorlesen Lesepate": r"vorlesen|vorlese\w*",
    "Veranstaltungen Eventhelfer Fest": r"feste|festen|feier\w*|party|partys|events?|veranstaltung\w*|organisier\w*",
    "Öffentlichkeitsarbeit Social Media": r"social media|instagram|facebook|tiktok|posten|texte schreiben|"
        r"pressearbeit|werbung",
    "Buchhaltung Kassenwart Finanzen Vorstand": r"zahlen|buchhalt\w*|kasse|kassier\w*|steuer\w*|"
        r"verwaltung\w*|buero\w*",
}


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((german, rx(pattern)) for german, pattern in SYNONYMS.items())


def expand(query: str) -> Expansion:
    """The entries' words for the everyday German words of the wish, in the order found."""
    return find_concepts(fold(query), _compiled())
