"""Words and phrases the chat understands, as regular expressions over *folded* text.

Folded means: lower case, ``ä ö ü ß`` written ``ae oe ue ss``, other accents removed (see
:func:`assistant.understanding.fold_text`), so "Märzisried", "Maerzisried" and "MÄRZISRIED" meet one
pattern. Patterns are written in that folded form. German and English are covered broadly; Turkish,
Russian, Ukrainian and Arabic for the most common constraints (weekend, wheelchair, languages, ages).
Canonical values (district names, language names, weekdays) are those of corpus/SCHEMA.md and
:mod:`assistant.filters`.
"""

from __future__ import annotations

from .filters import DISTRICTS as ALL_DISTRICTS

# Districts a person can choose; "Stadtgebiet" (city-wide) is no place to live in.
DISTRICTS = tuple(d for d in ALL_DISTRICTS if d != "Stadtgebiet")
# Other names people use -> districts.
DISTRICT_ALIASES = {
    "gablonz": ("Neugablonz",), "neu gablonz": ("Neugablonz",), "neu-gablonz": ("Neugablonz",),
    "kemnath": ("Kemnat",), "gross kemnat": ("Großkemnat",), "klein kemnat": ("Kleinkemnat",),
    "innenstadt": ("Altstadt", "Kernstadt"), "zentrum": ("Altstadt", "Kernstadt"),
    "stadtmitte": ("Altstadt", "Kernstadt"), "city centre": ("Altstadt", "Kernstadt"),
    "city center": ("Altstadt", "Kernstadt"), "town centre": ("Altstadt", "Kernstadt"),
    "downtown": ("Altstadt", "Kernstadt"), "old town": ("Altstadt",),
}
# District names as Russian and Ukrainian wishes write them (case endings: "в Нойгаблонці", "в Хакене").
# (The ranking's hints do not cut them from the topic text: strip_districts works on Latin names only.)
DISTRICT_CYRILLIC = {
    "Neugablonz": r"нойгаблонц\w*|нойгаблонз\w*|нейгаблонц\w*", "Haken": r"хакен\w*",
    "Oberbeuren": r"обербойрен\w*|обербеурен\w*", "Hirschzell": r"хиршцел\w*|хіршцел\w*", "Kemnat": r"кемнат\w*",
    "Großkemnat": r"гросскемнат\w*|гроскемнат\w*", "Kleinkemnat": r"кляйнкемнат\w*", "Altstadt": r"альтштадт\w*",
    "Märzisried": r"мерцисрид\w*", "Kernstadt": r"кернштадт\w*",
}
ANYWHERE = r"egal wo|ueberall|in ganz kaufbeuren|ganze stadt|ganzen stadt|ohne stadtteil|stadtgebiet|anywhere|" \
           r"all over (?:kaufbeuren|town)|whole (?:city|town)|any district"
NEAR_ME = r"in meiner naehe|bei mir in der naehe|in der naehe|nahe bei mir|bei mir um die ecke|um die ecke|" \
          r"near me|nearby|close to me|close by|in my area|near(?= )|close to(?= )|bei mir in|bei mir"

# Weekdays: canonical short name -> folded stems (German, English, Turkish, Russian, Ukrainian).
WEEKDAY_STEMS = {
    "Mo": "montag|monday|pazartesi|понедельник|понеділ",
    "Di": "dienstag|tuesday|salı|вторник|вівтор",
    "Mi": "mittwoch|wednesday|carsamba|среда|среду|серед",
    "Do": "donnerstag|thursday|persembe|четверг|четвер",
    "Fr": "freitag|friday|cuma(?!rtesi)|пятниц|пʼятниц|п'ятниц",
    "Sa": "samstag|sonnabend|saturday|cumartesi|суббот|субот",
    "So": "sonntag|sunday|pazar|воскресень|неділ",
}
WEEKEND = r"wochenende|weekends?|hafta ?sonu|выходн\w*|вихідн\w*|عطلة نهاية الأسبوع"
WORKDAYS = r"unter der woche|werktags|werktag|wochentags|an wochentagen|weekdays?|during the week|hafta ici|по будням|" \
           r"в будни|у будні"
TIME_WORDS = {
    "vormittags": r"vormittag\w*|morgens|am morgen|in der frueh|frueh morgens|mornings?|in the morning|sabah\w*|утром|" \
                  r"вранці|зранку",
    "nachmittags": r"nachmittag\w*|(?<!vor)mittags|afternoons?|in the afternoon|ogleden sonra|днем|днём|вдень|після обіду",
    "abends": r"abends?|am abend|nach der arbeit|nach feierabend|feierabends?|evenings?|in the evening|tonight|" \
              r"after work|aksam\w*|вечером|вечір|ввечері",
}
DAYTIME = r"tagsueber|during the day|daytime"
ANYTIME = r"egal wann|jederzeit|zeitlich flexibel|any ?time|whenever|no matter when"

FREQUENCY = {
    "regelmäßig": r"regelmaessig\w*|regelmassig\w*|jede woche|jeden monat|woechentlich|monatlich|" \
                  r"(?:ein|zwei|drei)mal (?:pro|in der|im|die|je) (?:woche|monat)|regular(?:ly)?|every (?:week|month)|" \
                  r"weekly|monthly|on a regular basis|duzenli|регулярн\w*|(?<!nicht )langfristig\w*|(?<!nothing )(?<!no )long[- ]term",
    "einmalig": r"einmalig\w*|nur einmal|nur ein ?mal|einmal(?:ig)? (?:aushelfen|helfen|mitmachen)|ab und zu|" \
                r"gelegentlich|" \
                r"sporadisch|ohne (?:feste )?verpflichtung|keine feste verpflichtung|unverbindlich|spontan|" \
                r"one[- ]off|one[- ]time|occasional(?:ly)?|now and then|just once|only once|single event|" \
                r"no (?:long[- ]term )?commitment|tek seferlik|разов\w*",
    "saisonal": r"saisonal\w*|seasonal\w*",
}
# (compounds such as "Rollstuhlbasketball" stay part of the interest)
ACCESSIBLE = r"rollstuhls?|rollstuhlgerecht\w*|rollstuhlfahrer\w*|rollstuhlnutzer\w*|rollis?|rollators?|" \
             r"barrierefrei\w*|barrierearm\w*|gehbehindert\w*|ohne stufen|" \
             r"stufenlos\w*|ebenerdig\w*|wheel ?chair\w*|accessible|accessibility|step[- ]free|" \
             r"mobility (?:aid|impair\w*)|tekerlekli sandalye\w*|engelli\w*|инвалидн\w* коляск\w*|коляск\w*|" \
             r"інвалідн\w* візк\w*|візк\w*|كرسي متحرك"

# Languages people speak: canonical German name -> folded names in several languages.
LANGUAGE_NAMES = {
    "Deutsch": r"deutsch|german|almanca|немецк\w*|німецьк\w*|الألمانية",
    "Englisch": r"englisch|english|ingilizce|английск\w*|англіиськ\w*|англійськ\w*|الإنجليزية|الانجليزية",
    "Türkisch": r"tuerkisch|turkisch|turkish|turkce|турецк\w*|турецьк\w*|التركية",
    "Arabisch": r"arabisch|arabic|arapca|арабск\w*|арабськ\w*|العربية|عربي",
    "Russisch": r"russisch|russian|rusca|русск\w*|російськ\w*|الروسية",
    "Ukrainisch": r"ukrainisch|ukrainian|ukraynaca|украинск\w*|украінськ\w*|українськ\w*|الأوكرانية",
    "Polnisch": r"polnisch|polish|lehce|польск\w*|польськ\w*",
    "Rumänisch": r"rumaenisch|rumanisch|romanian|romana|румынск\w*|румунськ\w*",
    "Kroatisch": r"kroatisch|croatian|hrvatski",
    "Italienisch": r"italienisch|italian|italiano",
    "Griechisch": r"griechisch|greek",
    "Farsi": r"farsi|persisch|persian|dari|الفارسية",
    "Tschechisch": r"tschechisch|czech|cestina",
    "Französisch": r"franzoesisch|franzosisch|french|francais",
    "Spanisch": r"spanisch|spanish|espanol",
    "Kurdisch": r"kurdisch|kurdish|kurdce",
    "Tigrinya": r"tigrinya|tigrinisch",
}
# "ich spreche …", "auf …", "… sprechend"; a list "Arabisch und Englisch" is caught as a whole.
LANGUAGE_CONTEXT_BEFORE = r"spreche\w*|spricht|sprechen|speak\w*|auf|in|mit|konusuyorum|говорю|розмовляю"
LANGUAGE_NOT = r"(?:spreche|speak|spricht)\s+(?:kein\w*|kaum|wenig|nicht|no|little|hardly|not)\s+(?:gut\s+|much\s+|" \
               r"viel\s+)?"
REPLY_IN = r"(?:antwort\w*|schreib\w*|sprich|sprechen sie|bitte|please|answer|reply|talk|write|can you speak|" \
           r"do you speak|koennen sie)"

# Kinds of entry a message asks for. "Verein" sets none: "einen Verein unterstützen" wants volunteering,
# "Vereine für Kinder" clubs; the word stays in what the ranking gets.
KINDS = {
    "opportunity": r"ehrenamt|ehrenamtlich\w*|ehrenamtler\w*|freiwillig|freiwillige[nrs]?|freiwilligenarbeit|" \
                   r"volunteer|volunteers|volunteering|voluntary|gonullu\w*|волонт\w*",
    "project": r"projekte?n?|projects?",
}

# Soft preferences: folded phrase -> words added to the search (they re-rank, never filter).
PREFERENCES = {
    "draußen": (r"draussen|im freien|an der frischen luft|frische luft|in der natur|outdoors?|outside|open air|"
                r"in nature", "draußen Natur im Freien"),
    "drinnen": (r"drinnen|im warmen|indoors?|inside", "drinnen Halle Raum"),
    "in der Gruppe": (r"in der gruppe|in einer gruppe|mit anderen|gemeinsam|in a group|with others|team",
                      "Gruppe gemeinsam Team"),
    "ruhig": (r"ruhig\w*|gemuetlich\w*|entspannt\w*|quiet|calm|relaxed", "ruhig gemütlich"),
}
PREFER_MARKERS = r"lieber|eher|am liebsten|bevorzugt|vorzugsweise|rather|preferably|prefer(?:ably)?|instead"

# Life stages: hint -> folded patterns ("ich bin Rentnerin", "im Ruhestand", "my daughter").
LIFE_STAGES = {
    "senior": r"rentner\w*|ruhestand\w*|in rente|pensionaer\w*|pensioniert\w*|retired|retiree|retirement|" \
              r"pensioner|ich bin (?:eine? )?senior\w*|emekli\w*|пенсионер\w*|на пенсии|пенсіонер\w*|на пенсії",
    "young": r"ich bin (?:ein |eine )?(?:student|studentin|schueler|schuelerin|azubi)|i(?: a|')m a (?:student|pupil)",
}
CHILD_WORDS = r"tochter|toechter|sohn|soehne|kind|kinder|kindern|enkel\w*|daughters?|sons?|kids?|child|children|" \
              r"grand(?:child\w*|son|daughter)|kizim|oglum|дочь|дочк\w*|сын\w*|донь\w*|син\w*"
POSSESSIVE = r"mein|meine|meinen|meiner|meinem|unser|unsere|unseren|unserer|my|our|моя|мой|моего|моей|моему|мою|" \
             r"моїй|мого|мій"
FAMILY = r"mit (?:meiner|unserer) familie|mit (?:meinen|unseren) kindern|als familie|with my (?:family|kids|children)|" \
         r"as a family"
AGE_UNITS = r"jahre?n?|jaehrig\w*|j\.|years?|yrs?|y/o|yo|year-old|years-old|yas\w*|лет|года?|років|рок(?:и|у)|" \
            r"سنة|سنوات|عام(?:ا)?"

# Conversation moves.
RESTART = r"neu anfangen|von vorne?(?: anfangen| beginnen)?|nochmal von vorne?|neustart|neue suche|noch ?mal neu|" \
          r"alles (?:loeschen|zuruecksetzen)|zuruecksetzen|reset|start over|start again|new search|begin again|" \
          r"yeniden basla|начать (?:заново|сначала)|почати (?:заново|спочатку)"
BACK = r"zurueck(?: zur liste| zu den (?:ergebnissen|vorschlaegen))?|einen schritt zurueck|vorherige\w*|" \
       r"go back|back to the list|back|previous|undo|geri|назад"
MORE = r"mehr davon|noch mehr|mehr vorschlaege|weitere(?: vorschlaege| angebote)?|weiter|andere vorschlaege|" \
       r"was anderes|etwas anderes|zeig mir mehr|noch andere|show (?:me )?more|more (?:like this|of these|please|" \
       r"results)|" \
       r"more|next|other (?:ones|suggestions)|something else|daha fazla|ещё|еще|більше|ще"
ORDINALS = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fuenft": 5, "letzt": -1,
            "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
            "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
ORDINAL_PHRASE = r"\b(?:(?:das|der|die|den|dem|the|option|nummer|nr\.?|number|no\.|#|punkt|vorschlag|angebot)\s*)?" \
                 r"(?:(erst|zweit|dritt|viert|fuenft|letzt)(?:e|er|es|en|em)\b|(first|second|third|fourth|fifth|last)" \
                 r"(?: one)?\b|(?<=[#.\s])([1-5])\b(?!\s*(?:uhr|jahr|years?|[:.]\d)))"
NOT_ORDINAL = r"erste[- ]hilfe|first aid|ersten mal|erstes mal|zum ersten|first time|at first|zum letzten|letzte woche|" \
              r"letztes jahr|last (?:week|year|time)"
CONTACT = r"erreich\w*|kontakt\w*|telefon\w*|anruf\w*|ruf\w* (?:ich|man) (?:da |dort )?an|e-?mails?|mail\w*|" \
          r"ansprech\w*|melde\w*|anmeld\w*|adresse\w*|wo (?:ist|sind|finde)\w*|wie komme ich\w*|hinkommen|" \
          r"contact\w*|reach|phone|call(?: them)?|address|sign up|get in touch|how do i get|how can i join|" \
          r"nummer|number|iletisim|связаться|контакт\w*|зв'язатися"
SELECT = r"klingt (?:gut|super|interessant|toll|spannend)|gefaellt mir|interessiert mich|nehme ich|das will ich|" \
         r"passt (?:gut|perfekt)|mehr (?:ueber|zu|infos?|informationen)|infos?|details?|genauer|naeher|" \
         r"sounds (?:good|great|interesting)|i like|looks good|tell me more|more (?:about|info\w*|details)|" \
         r"interested in"
REJECT = r"passt nicht|gefaellt mir nicht|nicht (?:so )?(?:gut|passend|interessant)|eher nicht|nicht das|nicht den|" \
         r"nicht die|nein|doesn'?t fit|not for me|no thanks|not that|not interested|nope"
EASY_ON = r"leichte sprache|einfache(?:re)? sprache|einfacher|einfache (?:woerter|saetze)|verstehe (?:das |es |" \
          r"sie )?nicht|" \
          r"zu kompliziert|kurze saetze|easy language|simple (?:language|words)|plain language|simpler|" \
          r"(?:i )?don'?t understand|too complicated"
EASY_OFF = r"normale sprache|normal(?:e)? (?:saetze|woerter)|normal language|standard language"
GREETING = r"hallo|hi|hey|servus|gruess gott|gruss gott|guten (?:tag|morgen|abend)|moin|hello|good (?:morning|" \
           r"afternoon|" \
           r"evening)|merhaba|привет|здравствуйте|вітаю|привіт|مرحبا|السلام عليكم"
THANKS = r"danke\w*|vielen dank|dankeschoen|thanks?|thank you|cheers|tesekkur\w*|спасибо|дякую|شكرا"
HELP = r"hilfe|was kannst du|was koennen sie|wie funktioniert das|help|what can you do|how does this work"
SKIP = r"weiss (?:ich )?(?:noch )?nicht|keine ahnung|ist (?:mir )?egal|egal|alles moegliche|irgendwas|irgendetwas|" \
       r"i don'?t know|no idea|anything|whatever|doesn'?t matter|not sure|nicht sicher|bilmiyorum|не знаю"
ADDITIVE = r"^\s*(?:und auch|auch|ausserdem|zusaetzlich|dazu|also|and also|as well as|plus)\b"
NEGATION = r"keine lust auf|keine zeit|nichts mit|nichts fuer|mag kein\w*|mag nicht|bloss kein\w*|don'?t like|" \
           r"not into|no interest in|no time|nicht|kein|keine|keinen|keinem|keiner|ohne|ausser|no|not|without|except"

# Interest areas: category slug -> (German label, English label, folded stems that mean it).
CATEGORIES = {
    "sport": ("Sport & Bewegung", "Sports & exercise", r"sport\w*|bewegung|fitness|exercise"),
    "musik": ("Musik & Singen", "Music & singing", r"musik\w*|music|singen|sing\w*|chor\w*|choir|band"),
    "kultur": ("Kultur & Theater", "Culture & theatre", r"kultur\w*|culture|theater|theatre|kunst|art"),
    "natur": ("Natur & Umwelt", "Nature & environment", r"natur\w*|nature|umwelt\w*|environment\w*|garten\w*|" \
                                                        r"garden\w*"),
    "tiere": ("Tiere", "Animals", r"tier\w*|animals?|hunde?|dogs?|katzen?|cats?"),
    "soziales": ("Soziales & Helfen", "Social causes", r"sozial\w*|social"),
    "jugend": ("Kinder & Jugendliche", "Children & youth", r"jugend\w*|youth|kinder\w*|children|kids"),
    "senioren": ("Ältere Menschen", "Older people", r"senior\w*|aeltere\w*|elderly|older people"),
    "familie": ("Familie", "Families", r"famil\w*"),
    "integration": ("Integration & Sprache", "Integration & language",
                    r"integration\w*|gefluechtet\w*|fluechtling\w*|refugees?|migra\w*"),
    "gesundheit": ("Gesundheit", "Health", r"gesundheit\w*|health"),
    "glaube": ("Glaube", "Faith", r"glaube\w*|kirche\w*|faith|church\w*|religio\w*"),
    "rettung": ("Feuerwehr & Rettung", "Fire brigade & rescue", r"feuerwehr\w*|rettung\w*|fire brigade|rescue"),
    "hobby": ("Hobby & Freizeit", "Hobbies", r"hobby\w*|hobbies|freizeit\w*|basteln|handwerk\w*|crafts?"),
    "digital": ("Computer & Digitales", "Computers & digital", r"digital\w*|computer\w*|internet|smartphone\w*"),
    "bildung": ("Lernen & Bildung", "Learning & education", r"bildung\w*|education|lernen|learning|schule\w*|school"),
}

# Words that carry no interest of their own: function words and the general wish to get involved.
STOPWORDS = frozenset("""
a aber alle allem allen aller alles als also am an andere anderen anderes auch auf aus bei beim bin bis bitte bzw
da dabei dafuer damit dann dar darf das dass davon dazu dem den denen denn der des dich die dies diese diesem diesen
dieser dieses dir doch dort du durch eher ein eine einem einen einer eines einfach einmal er es etwa etwas euch
fuer gar gegen gehen geht gerade gern gerne gibt gibts gut habe haben hab hat hatte hier hin ich ihm ihn ihnen ihr
im immer in ins irgendwie ist ja jemand jetzt kann kannst koennen koennte konnte mal man mehr mich mir mit moechte
moechten muss nach nicht noch nun nur ob oder ohne schon sehr sein seine sich sie sind so solche soll sollte sowas
suche suchen sucht um und uns unser vom von vor war waere was weil welche welchen welcher welches wenn wer werde
werden wie wieder will wir wo wuerde wuerden zu zum zur zwar ueber unter also
about after all also am an and any anything are as at be been but by can could do does doing for from get got
had has have he her here him his how i i'm im if in into is it its just like me might more my no not now of on
one or our out please should so some something such than that the their them then there these they this those to
too up us very want wanted wants was we were what when where which while who will with would you your yours
looking look find finding search searching likes loves love enjoy enjoys only just tell show give zeig zeige
zeigen sag sagen wohne wohnen lebe leben live lives seit jahr jahre jahren year years nochmal
i'd i'll i've you'd you'll you've you're we'd we'll we've we're they're it's that's what's there's here's let's
don't doesn't didn't can't couldn't won't wouldn't isn't aren't
""".split())
GENERIC = frozenset("""
engagieren engagiere engagiert engagement ehrenamt ehrenamtlich ehrenamtliche ehrenamtlichen freiwillig
freiwillige freiwilliges helfen mithelfen unterstuetzen mitmachen machen tun aktiv aktivitaet aktivitaeten
angebot angebote angeboten moeglichkeit moeglichkeiten idee ideen vorschlag vorschlaege tipp tipps zeit freizeit
sinnvoll sinnvolles sinnvolle neues neue neuen irgendwas irgendetwas was beschaeftigung aufgabe aufgaben
interessiere interessiert interesse kaufbeuren stadt gutes tun leute
volunteer volunteering volunteers involved engage engaged help helping do time free retired activity
activities opportunity opportunities ideas idea suggestions suggestion things thing stuff useful meaningful
something anything town city offer offers place places
""".split())
