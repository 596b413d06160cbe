"""A bilingual glossary: words of a wish in English, Turkish, Russian, Ukrainian or Arabic -> the German
words the entries use for the same thing ("хор" -> Chor, "dikiş" -> Nähen, "الطبخ" -> Kochen).

Why: the German BM25 index recognises nothing of a Russian wish, so such wishes were ranked by the
multilingual model alone, which separates related from unrelated entries by a few hundredths of cosine
for long Russian or Arabic sentences. The German words found here go to the lexical side of the ranking
(:mod:`assistant.ranking`), and count towards how much of the wish the lexical index understood.

What is in it: the engagement domain's general vocabulary, organised by the German concept (sports,
music, crafts, garden, animals, seniors, children, parents, health, self-help, integration, authorities,
volunteering ...), the words the schema's categories and the entries' tags use. It is no list of answers
to labelled queries. Languages spoken ("Türkçe konuşan biri") are left to the hints (entries' metadata),
not to words, so "someone who speaks Turkish" does not turn a debt question into a culture club search.

Patterns are written in their natural spelling and folded like the text (:mod:`assistant.folding`:
lower case, umlauts as ae/oe/ue, other accents dropped, so й -> и, ё -> е, ї -> і, أ -> ا; Turkish ı is
read as i); whole words only, so stems name their endings (``хор(?:а|е|у)?``, not ``хор\\w*``, which
would also match "хорошо").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from .folding import fold, rx
from .language import detect_language

# Arabic glues "and", "with/for/like" and the article to the word: وال، بال، لل ...
_AR = r"(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?"


def ar(*stems: str) -> str:
    return "|".join(f"{_AR}{s}" for s in stems)


# German words (as the entries write them) -> the words that mean them in en/tr/ru/uk/ar.
CONCEPTS: dict[str, str] = {
    # --- sport and movement
    "Sport": r"sports?|sporty|спорт\w*|spor\w*|" + ar(r"رياض\w*"),
    "Fußball": r"football|soccer|futbol\w*|футбол\w*|" + ar(r"كرة القدم"),
    "Schwimmen Schwimmkurs": r"swim\w*|плава\w*|плаван\w*|плавці\w*|yuezm\w*|" + ar(r"سباح\w*", r"يسبح\w*"),
    "Turnen Gymnastik Kinderturnen": r"gymnastics?|гимнастик\w*|гімнастик\w*|jimnastik\w*|" + ar(r"جمباز"),
    "Tanzen Tanzsport": r"danc\w*|танц\w*|танец|dans\w*|" + ar(r"رقص\w*"),
    "Yoga Pilates": r"yoga|йог(?:а|и|у|ой|ою)|pilates|пилатес\w*|пілатес\w*|" + ar(r"يوغا"),
    "Fitness": r"fitness|gym|фитнес\w*|фітнес\w*|" + ar(r"لياقة"),
    "Laufen Lauftreff": r"running|jogging|runners?|бег|бегать|біг|бігати|kosu\w*|" + ar(r"جري"),
    "Radfahren Fahrrad": r"cycling|bikes?|bicycles?|велосипед\w*|bisiklet\w*|" + ar(r"دراج\w*"),
    "Klettern Bouldern": r"climb\w*|boulder\w*|скалолаз\w*|tirman\w*|" + ar(r"تسلق"),
    "Kampfsport Judo Karate Boxen Selbstverteidigung": r"martial arts?|judo|karate|boxing|бокс\w*|борьб\w*|"
        r"единоборств\w*|боротьб\w*|doevues\w*|self[- ]defen[cs]e|самооборон\w*|" + ar(r"ملاكم\w*", r"كاراتيه"),
    "Tennis": r"tennis|теннис\w*|теніс\w*|tenis\w*",
    "Tischtennis": r"table tennis|ping[- ]?pong|настольн\w* теннис\w*|настільн\w* теніс\w*|masa tenis\w*",
    "Volleyball": r"volleyball|волейбол\w*|voleybol\w*",
    "Basketball": r"basketball|баскетбол\w*|basketbol\w*|" + ar(r"كرة السلة"),
    "Handball": r"handball|гандбол\w*|hentbol\w*|" + ar(r"كرة اليد"),
    "Eishockey": r"(?:ice )?hockey|хокке\w*|хоке\w*|hokey\w*",
    "Eislaufen Eiskunstlauf Schlittschuhlaufen": r"ice[- ]skat\w*|skating|коньк\w*|ковзан\w*|фигурн\w* катани\w*|"
        r"paten|patenle\w*|paten kay\w*",
    "Ski Wintersport": r"ski|skiing|лыж\w*|лиж\w*|kayak yap\w*",
    "Reiten Pferde": r"horses?|horse[- ]?riding|riding|лошад\w*|конн\w*|верхов\w*|кінн\w*|коне(?:и|й)|ata bin\w*|"
        r"binicilik|" + ar(r"خيل", r"ركوب الخيل"),
    "Angeln Fischen": r"fishing|angling|рыбалк\w*|рибалк\w*|balik tut\w*|" + ar(r"صيد السمك"),
    "Schach": r"chess|шахмат\w*|шах(?:и|ах|ів)|satranc\w*|" + ar(r"شطرنج"),
    "Wandern Bergwandern": r"hik\w*|mountains?|trekking|поход\w*|похід|походи|гор(?:ы|ах|ам)|гір|горах|dag|daga|"
        r"dagda|daglar\w*|dagcilik|"
        r"doga yueruey\w*|" + ar(r"جبال", r"تنزه"),
    "Spaziergang Spazierengehen Wandern": r"walk\w*|гулять|гуля(?:ю|ет|ем|ть)|прогулк\w*|прогулян\w*|гуляти|"
        r"yueruey\w*|" + ar(r"مشي", r"نمشي", r"امشي"),
    # --- music and culture
    "Musik": r"music\w*|музык\w*|музик\w*|muezik\w*|" + ar(r"موسيق\w*"),
    "Chor Singen": r"choirs?|choral|singing|sing|singer|хор(?:а|е|у|ом|ы|ов|і|ах)?|пе(?:ть|ние|нии|нием)|пою|"
        r"поет|спів\w*|koro\w*|sarki soyl\w*|" + ar(r"غناء", r"جوق\w*", r"كورال"),
    "Lieder Volkslieder": r"songs?|песн\w*|песен|пісн\w*|пісен\w*|sarki\w*|türkue\w*|" + ar(r"اغاني", r"اغنية"),
    "Orchester Ensemble": r"orchestras?|ensembles?|bands?|оркестр\w*|ансамбл\w*|orkestra\w*|"
        + ar(r"اوركسترا", r"فرقة"),
    "Akkordeon Bajan Harmonika": r"accordion\w*|баян\w*|аккордеон\w*|акордеон\w*|akordeon\w*",
    "Gitarre": r"guitars?|гитар\w*|гітар\w*|gitar\w*|" + ar(r"غيتار"),
    "Klavier": r"piano|пианин\w*|фортепиан\w*|піаніно|фортепіан\w*|piyano\w*|" + ar(r"بيانو"),
    "Geige Streicher": r"violin|fiddle|скрипк\w*|keman\w*|" + ar(r"كمان"),
    "Schlagzeug Trommeln Percussion": r"drum\w*|барабан\w*|davul\w*|" + ar(r"طبل\w*"),
    "Blasmusik Trompete Blaskapelle": r"brass|trumpet\w*|труб(?:а|е|у|ой)|духов\w*|trompet\w*",
    "Saz": r"saz|baglama\w*|баглам\w*",
    "Instrumentalunterricht Musikschule": r"instruments?|инструмент\w*|інструмент\w*|enstrueman\w*|"
        r"music lessons?|" + ar(r"الة موسيقية"),
    "Theater Schauspiel": r"theat(?:er|re)\w*|acting|театр\w*|tiyatro\w*|" + ar(r"مسرح\w*"),
    "Malen Zeichnen Kunst": r"paint\w*|draw\w*|рисова\w*|рису(?:ю|ет|ем)|малюва\w*|живопис\w*|resim\w*|" + ar(r"رسم"),
    "Kunst Kultur": r"arts?|culture|cultural|искусств\w*|мистецтв\w*|культур\w*|sanat|sanata|sanatla\w*|sanatc\w*|"
        r"sanatsal|kueltuer\w*|" + ar(r"فن", r"فنون", r"ثقاف\w*"),
    "Fotografie Fotoclub": r"photos?|photograph\w*|фото\w*|fotograf\w*|" + ar(r"تصوير"),
    "Tradition Brauchtum Folklore": r"traditions?|traditional|folk|folklore|традици\w*|традиці\w*|фольклор\w*|"
        r"gelenek\w*|"
        + ar(r"تراث\w*", r"تقاليد"),
    # --- crafts and hobbies
    "Nähen Nähmaschine Handarbeit": r"sew\w*|шить\w*|шью|шьет|шила|шве(?:я|и|ей|ю)|швейн\w*|шитье|шиття|шию|"
        r"шиє|швачк\w*|dikis\w*|dik(?:mek|iyorum|ebilirim)\w*|" + ar(r"خياط\w*"),
    "Stricken Häkeln Handarbeit": r"knit\w*|crochet\w*|вяза\w*|вяжу|в'яза\w*|oergue\w*|" + ar(r"حياك\w*"),
    "Basteln Handwerk": r"crafts?|handicrafts?|diy|рукодел\w*|рукоділ\w*|el isi|el sanat\w*|" + ar(r"حرف يدوية"),
    "Töpfern Keramik": r"pottery|ceramic\w*|керамик\w*|кераміч\w*|гончар\w*|seramik\w*|coemlek\w*|" + ar(r"فخار"),
    "Holzwerkstatt Schreinern Drechseln": r"wood\w*|carpent\w*|joiner\w*|столяр\w*|деревообр\w*|ahsap\w*|"
        r"marangoz\w*|" + ar(r"نجار\w*"),
    "Reparieren Repair Café Werkstatt": r"repair\w*|fix|fixing|fixes|mend|mending|ремонт\w*|чинить|чиню|почин\w*|"
        r"лагод\w*|"
        r"полагод\w*|tamir\w*|onar\w*|" + ar(r"اصلاح", r"تصليح"),
    "Kochen Backen": r"cook\w*|bak(?:e|es|ing)|кулинар\w*|готовить|готовлю|готува\w*|кухн\w*|выпечк\w*|пеку|"
        r"випіка\w*|yemek yap\w*|pisir\w*|" + ar(r"طبخ\w*", r"اطبخ", r"مطبخ\w*", r"طعام"),
    "Spielen Spieleabend Brettspiele": r"board games?|card games?|games|настольн\w* игр\w*|настільн\w* ігр\w*|"
        r"oyun\w*|" + ar(r"العاب"),
    "Computer Digitales": r"computers?|laptops?|компьютер\w*|комп'ютер\w*|ноутбук\w*|bilgisayar\w*|"
        + ar(r"حاسوب", r"كمبيوتر"),
    "Smartphone Handy Digitalpaten": r"smartphones?|mobile phones?|cell ?phones?|tablets?|смартфон\w*|планшет\w*|"
        r"akilli telefon\w*|" + ar(r"هاتف\w*", r"جوال\w*"),
    "Programmieren Coding": r"programming|coding|code|программир\w*|програмува\w*|kodlama|yazilim|" + ar(r"برمج\w*"),
    # --- nature and animals
    "Garten Gemeinschaftsgarten Gärtnern Gemüseanbau": r"garden\w*|vegetables?|grow(?:ing)? (?:food|vegetables)|"
        r"огород\w*|город(?:і|у)|овощ\w*|овоч\w*|(?<!детскии )(?<!дитячии )сад(?:а|у|е|ом|і)?|bahce\w*|sebze\w*|"
        r"farmer|farming|фермер\w*|ciftci\w*|"
        + ar(r"حديق\w*", r"زراع\w*", r"ازرع", r"يزرع", r"خضار", r"خضروات", r"مزارع\w*"),
    "Natur Umwelt Naturschutz": r"nature|environment\w*|природ\w*|экологи\w*|екологі\w*|doga\w*|cevre\w*|"
        + ar(r"طبيعة", r"بيئة"),
    "Müllsammeln Stadtputz Ramadama": r"clean[- ]?ups?|litter|rubbish|trash|мусор\w*|смітт\w*|coep topla\w*|"
        + ar(r"تنظيف", r"نفايات"),
    "Bäume pflanzen Wald": r"trees?|forest\w*|деревья|деревьев|дерев|лес|леса|лесу|лесом|лесн\w*|ліс\w*|agac\w*|"
        r"orman\w*|" + ar(r"اشجار", r"شجر\w*", r"غاب\w*"),
    "Klimaschutz": r"climate|климат\w*|клімат\w*|iklim\w*|" + ar(r"مناخ"),
    "Tiere Tierschutz Tierheim": r"animals?|pets?|животн\w*|тварин\w*|hayvan\w*|" + ar(r"حيوان\w*"),
    "Hunde": r"dogs?|собак\w*|собач\w*|пес|пса|koepe\w*|" + ar(r"كلب\w*", r"كلاب"),
    "Katzen": r"cats?|кошк\w*|кош(?:ек|ки)|кот(?:а|ы|ов|ик\w*)?|кіш\w*|котів|kedi\w*|" + ar(r"قطط", r"قطة"),
    "Bienen Imkern": r"bees?|beekeep\w*|пчел\w*|бджол\w*|aricilik|arilar\w*|" + ar(r"نحل"),
    "Vogelschutz Vögel": r"birds?|птиц\w*|птах\w*|kus|kuslar\w*|kusu|kuslari|" + ar(r"طيور"),
    # --- people
    "Kinder": r"kids?|child|children|son|daughters?|sons|ребен\w*|ребён\w*|дет(?:и|еи|ям|ьми|ях|ск\w*)|дочк\w*|дочь|"
        r"дочер\w*|сын\w*|дитин\w*|діт(?:и|еи|ям|ьми|ях)|дитяч\w*|доньк\w*|син(?:а|у|ові|ом)?|сину|синові|"
        r"cocu\w*|kizim\w*|oglum\w*|" + ar(r"اطفال\w*", r"طفل\w*", r"ابني", r"ابنتي", r"اولاد\w*"),
    "Kleinkinder Babys Krabbelgruppe Eltern-Kind-Gruppe": r"bab(?:y|ies)|toddlers?|infants?|малыш\w*|младен\w*|"
        r"немовл\w*|малюк\w*|bebek\w*|bebeg\w*|" + ar(r"رضيع\w*"),
    "Jugendliche Jugend": r"teen\w*|youth|young people|подрост\w*|молодеж\w*|молод(?:ь|і)|підліт\w*|genc\w*|"
        + ar(r"شباب", r"مراهق\w*"),
    "Eltern Elterntreff": r"parents|mothers|moms|mums|other parents|родител\w*|батьк(?:и|ів|ам)|мамы|мамами|"
        r"annelerl?\w*|ebeveyn\w*|" + ar(r"امهات", r"الوالدين", r"اولياء الامور"),
    "Väter": r"dads|fathers|отцы|отцов|папы|тата|татів|babalar\w*|" + ar(r"اباء"),
    "Alleinerziehende Single-Eltern": r"single (?:dad|mum|mom|parent|mother|father)s?|одинок\w* (?:мам|пап|отец|"
        r"мать)\w*|"
        r"мать-одиночк\w*|одинок\w* родител\w*|самотн\w* (?:мам|тат|батьк)\w*|tek ebeveyn\w*|bekar anne\w*",
    "Familie Familien": r"famil(?:y|ies)|семь(?:я|и|ей|ю)|сім'?(?:я|ї|ею)|сімеи|aile\w*|" + ar(r"عائل\w*", r"اسر\w*"),
    "Frauen Frauentreff": r"women|woman|ladies|female|женщин\w*|жінк\w*|жінок|жіноч\w*|kadin\w*|"
        + ar(r"نساء", r"امراة", r"سيدات"),
    "Senioren": r"seniors?|elderly|older (?:people|adults|persons?)|пожил\w*|престарел\w*|літн\w* (?:люд\w*|людям)|"
        r"похил\w*|yasli\w*|" + ar(r"كبار السن", r"مسن\w*"),
    "Senioren Ruhestand": r"retired|retirees?|retirement|pensioners?|пенсионер\w*|пенсіонер\w*|на пенсии|на пенсії|"
        r"emekli\w*|" + ar(r"متقاعد\w*"),
    "Seniorenheim Pflegeheim": r"nursing homes?|care homes?|дом\w* престарел\w*|будин\w* (?:для )?літніх|huzurevi\w*|"
        + ar(r"دار المسنين"),
    "Nachbarschaft Nachbarschaftshilfe": r"neighbo(?:u)?r\w*|сосед\w*|сусід\w*|komsu\w*|" + ar(r"جيران"),
    "Menschen mit Behinderung Inklusion": r"disab\w*|handicap\w*|инвалид\w*|інвалід\w*|engelli\w*|"
        + ar(r"اعاقة", r"معاق\w*"),
    "Rollstuhl Barrierefreiheit": r"wheelchairs?|инвалидн\w* коляск\w*|коляск\w*|візк\w*|tekerlekli sandalye\w*|"
        + ar(r"كرسي متحرك"),
    # --- helping, volunteering
    "Ehrenamt ehrenamtlich": r"volunteer\w*|voluntary|волонт\w*|доброволь\w*|добровол\w*|goenuellue\w*|"
        + ar(r"تطوع\w*", r"اتطوع", r"متطوع\w*"),
    "Besuchsdienst Besuche": r"visit(?:ing|s)?|навеща\w*|навестить|навіду\w*|відвіду\w*|ziyaret\w*|"
        + ar(r"زيار\w*", r"ازور"),
    "Begleitung": r"accompan\w*|сопровожд\w*|супровод\w*|супроводж\w*|eslik\w*|" + ar(r"مرافق\w*"),
    "Telefon Telefonkette": r"phone|telephone|by phone|телефон\w*|telefon\w*|" + ar(r"هاتف"),
    "von zu Hause": r"from home|at home|из дома|из дому|вдома|з дому|evden|" + ar(r"من البيت", r"من المنزل"),
    "Einkaufshilfe": r"shopping|groceries|покупк\w*|за продуктами|alisveris\w*|" + ar(r"تسوق"),
    "Fahrdienst Fahrer": r"driv(?:e|er|ers|ing)|водител\w*|водій\w*|sofoer\w*|" + ar(r"سائق\w*", r"قيادة"),
    "Spenden": r"donat\w*|пожертв\w*|благотвор\w*|bagis\w*|" + ar(r"تبرع\w*"),
    "Kleidung Kleiderkammer Kleiderspenden": r"cloth(?:es|ing)|одежд\w*|одяг\w*|kiyafet\w*|elbise\w*|" + ar(r"ملابس"),
    "Fest Festival Veranstaltungen": r"festivals?|fairs?|events?|фестивал\w*|праздник\w*|свят(?:о|а|ах)|senlik\w*|"
        r"etkinlik\w*|" + ar(r"مهرجان\w*", r"فعالي\w*", r"حفل\w*"),
    "einmalig Aktionstag": r"one[- ]off|one[- ]time|occasional\w*|разов\w*|одноразов\w*|tek seferlik|"
        + ar(r"لمرة واحدة"),
    "Beratung": r"advi[cs]e\w*|counsel\w*|consult\w*|guidance|консульт\w*|порад\w*|danisman\w*|"
        + ar(r"نصيحة", r"استشار\w*"),
    # --- learning, language, work
    "Hausaufgaben Hausaufgabenhilfe Nachhilfe": r"homework|tutor\w*|домашн\w* задан\w*|домашн\w* завдан\w*|"
        r"(?:с|з) урокам\w*|уроки|repetitor\w*|репетитор\w*|oedev\w*|" + ar(r"واجبات\w*", r"واجب", r"دروس تقوية"),
    "Schule Schüler": r"school\w*|pupils?|школ\w*|школьн\w*|шкільн\w*|okul\w*|ilkokul\w*|" + ar(r"مدرس\w*"),
    "Lesen Bücher Vorlesen": r"read(?:ing)?|books?|читать|чтени\w*|книг\w*|читання|читати|okuma\w*|okumak|kitap\w*|"
        + ar(r"قراء\w*", r"كتب"),
    "Deutsch lernen Deutschkurs Sprachpaten Sprachcafé": r"learn(?:ing)? german|german (?:course|class|lesson)s?|"
        r"(?:учить|выучить|изучать|изучаю|учу) немецк\w*|курс\w* немецк\w*|(?:вчити|вивчати|вивчаю|вчу) німецьк\w*|"
        r"курс\w* німецьк\w*|almanca (?:oegren|kurs)\w*|" + ar(r"(?:ا|ي|ن|ت)?تعلم\w* (?:اللغة )?الالماني\w*"),
    "Konversation Sprachcafé Sprachtandem": r"conversation|practi[cs]e speaking|разговорн\w*|розмовн\w*|sohbet\w*|"
        + ar(r"محادثة"),
    "Muttersprache": r"mother tongue|native language|родн\w* язык\w*|рідн\w* мов\w*|ana dil\w*|"
        + ar(r"لغتهم الام", r"اللغة الام", r"لغتي الام"),
    "Dolmetschen Übersetzen Sprachmittler": r"translat\w*|interpret\w*|перевод\w*|перевест\w*|переклад\w*|"
        r"tercueman\w*|terc\w*manlik|ceviri\w*|" + ar(r"ترجم\w*"),
    "Behörden Anträge Behördengänge": r"documents?|paperwork|forms|authorit(?:y|ies)|bureaucra\w*|letters|"
        r"документ\w*|бумаг\w*|письм(?:а|ами)|листи|листів|установ\w*|чиновн\w*|evrak\w*|mektup\w*|belge\w*|"
        + ar(r"رسائل", r"اوراق", r"وثائق", r"معاملات"),
    "Jobsuche Bewerbung Beruf Anerkennung": r"jobs?|careers?|employment|профессии|по специальности|за фахом|"
        r"роботу|работу|диплом\w*|is bul\w*|is ara\w*|meslek\w*|diploma|diplomam\w*|" + ar(r"وظيف\w*", r"شغل"),
    "Ausbildung Berufsorientierung": r"apprenticeships?|vocational|професійн\w* навчан\w*|профессиональн\w* обучени\w*|"
        r"meslek egitim\w*",
    "Politik Mitbestimmung Beteiligung Beirat": r"politic\w*|have a say|council|политик\w*|політик\w*|siyaset\w*|"
        r"democra\w*|демократ\w*|demokrasi\w*|" + ar(r"سياس\w*"),
    # --- help in life
    "Gesundheit": r"health|здоров\w*|saglik\w*|" + ar(r"صحة"),
    "Diabetes Zuckerkrankheit": r"diabet\w*|диабет\w*|діабет\w*|seker hastal\w*|seker hasta\w*|" + ar(r"سكري"),
    "Krebs": r"cancer|рак|рака|раком|онколог\w*|kanser\w*|" + ar(r"سرطان"),
    "Depression Psychische Gesundheit": r"depress\w*|mental health|anxiety|депресс\w*|депрес\w*|тревог\w*|"
        r"психическ\w*|психічн\w*|depresyon\w*|" + ar(r"اكتئاب", r"الصحة النفسية"),
    "Sucht Suchtselbsthilfe Alkohol": r"addict\w*|alcohol\w*|drugs|gambling|зависимост\w*|залежн\w*|алкогол\w*|"
        r"наркот\w*|bagimli\w*|alkol\w*|" + ar(r"ادمان", r"كحول", r"مخدرات"),
    "Selbsthilfegruppe Selbsthilfe": r"support groups?|self[- ]help|групп\w* поддержк\w*|груп\w* підтримк\w*|"
        r"взаимопомощ\w*|destek grub\w*|" + ar(r"مجموعة دعم", r"مجموعات دعم"),
    "Demenz": r"dementia|alzheimer\w*|деменц\w*|альцгеймер\w*|demans|bunama|" + ar(r"خرف"),
    "Hospiz Sterbebegleitung Trauer": r"hospice|dying|grie(?:f|ving)|mourning|хоспис\w*|хоспіс\w*|умира\w*|"
        r"помира\w*|горе|утрат\w*|втрат\w*|" + ar(r"حزن", r"فقدان"),
    "Erste Hilfe Sanitätsdienst": r"first aid|перв\w* помощ\w*|перш\w* допомог\w*|ilk yardim\w*|"
        + ar(r"اسعافات اولية"),
    "Feuerwehr": r"fire ?(?:brigade|department|fighter\w*|service)|firefight\w*|пожарн\w*|пожеж\w*|itfaiye\w*|"
        + ar(r"اطفاء"),
    "Rettung Wasserrettung Bergwacht": r"rescue\w*|lifeguard\w*|спасател\w*|рятувальн\w*|kurtarma\w*|" + ar(r"انقاذ"),
    "Schulden Schuldnerberatung Finanzen": r"debts?|долг(?:и|ов|ах)|борг(?:и|ів|ах)|borc\w*|" + ar(r"ديون"),
    "Armut Tafel Lebensmittel": r"poverty|food bank|низк\w* доход\w*|бедност\w*|бідн\w*|yoksul\w*|" + ar(r"فقر"),
    "Obdachlose Wohnungslosigkeit": r"homeless\w*|бездомн\w*|безхатьк\w*|evsiz\w*|" + ar(r"مشرد\w*"),
    "Wohnungssuche": r"flat|apartment|housing|квартир\w*|житл\w*|жиль\w*|ev ar\w*|" + ar(r"سكن", r"شقة"),
    # --- community, faith, integration
    "Begegnung Treff Geselligkeit": r"meet (?:other |new )?(?:people|parents|women|mothers|friends)|make friends|"
        r"socialis\w*|socializ\w*|lonel\w*|isolated|общени\w*|общаться|знаком\w*|одиноко|одиночеств\w*|самотн\w*|"
        r"спілкува\w*|познайом\w*|tanis\w*|sosyalles\w*|yalnizlik\w*|"
        + ar(r"تعارف", r"التقي", r"لقاء", r"وحدة", r"صداق\w*"),
    "Kirchengemeinde Kirche Gottesdienst": r"church\w*|worship|церк(?:ов|в)\w*|храм\w*|богослуж\w*|служб(?:а|у|ы)|"
        r"kilise\w*|" + ar(r"كنيس\w*"),
    "Orthodox": r"orthodox\w*|православ\w*|ortodoks\w*|" + ar(r"ارثوذكس\w*"),
    "Moschee Islam": r"mosques?|muslim\w*|islam\w*|мечет\w*|мусульман\w*|cami|camiye|camide|camii\w*|"
        r"kuran\w*|quran|koran|коран\w*|" + ar(r"مسجد", r"جامع", r"القرآن"),
    "Glaube Religionen": r"faith|religio\w*|религи\w*|релігі\w*|din|inanc\w*|" + ar(r"دين", r"ايمان"),
    "Geflüchtete Flüchtlingshilfe": r"refugees?|беженц\w*|біженц\w*|muelteci\w*|" + ar(r"لاجئ\w*"),
    "Integration Migranten Ankommen": r"migrants?|immigrants?|newcomers?|new in town|just moved|мигрант\w*|"
        r"мігрант\w*|переехал\w*|переїха\w*|goecmen\w*|yeni tasin\w*|"
        + ar(r"مهاجر\w*", r"وصلت حديثا", r"وصل\w* حديثا"),
    "Spätaussiedler Russlanddeutsche": r"russian germans?|(?:российск|русск)\w* немц\w*|немц\w* из росси\w*|"
        r"aussiedler\w*|переселенц\w*",
}


def _fold(text: str) -> str:
    return fold(text).replace("ı", "i")


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((german, rx(pattern.replace("ı", "i"))) for german, pattern in CONCEPTS.items())


@dataclass(frozen=True)
class Expansion:
    matches: tuple[tuple[str, str], ...] = ()  # (words of the wish as folded, German words), in order

    @property
    def text(self) -> str:
        """The German words, space-separated, each once ("" when nothing was recognised)."""
        return " ".join(dict.fromkeys(w for _, german in self.matches for w in german.split()))

    @property
    def words(self) -> int:
        """How many words of the wish the glossary recognised (overlapping matches count once)."""
        return _count_words(self.matches)

    def without(self, known: Callable[[str], bool]) -> "Expansion":
        """Only the matches whose words are not ``known`` (German words the lexical index reads itself:
        "Yoga", "Sport", "Judo" are also English)."""
        return Expansion(tuple(m for m in self.matches if not all(known(w) for w in m[0].split())))


def _count_words(matches: tuple[tuple[str, str], ...]) -> int:
    return len({w for surface, _ in matches for w in surface.split()})


def find_concepts(folded: str, concepts: Iterable[tuple[str, re.Pattern[str]]]) -> Expansion:
    """Every match of the concepts' patterns in the folded text, as (words found, German words), in
    the order of the text (also used by :mod:`assistant.synonyms`)."""
    found = []
    for german, pattern in concepts:
        found.extend((m.start(), m.group(0), german) for m in pattern.finditer(folded))
    return Expansion(tuple((surface, german) for _, surface, german in sorted(found)))


def expand(query: str) -> Expansion:
    """What the wish's words in other languages are called in German, in the order found."""
    return _expand_folded(_fold(query))


@lru_cache(maxsize=256)  # the ranking and the hints both ask for the same wish: the ~110 patterns run once
def _expand_folded(folded: str) -> Expansion:
    return find_concepts(folded, _compiled())


# English words that are German words of another meaning: "do" is Do(nnerstag), "kind" a child, "art" a sort,
# "still" quiet, "not" need. In a wish written in English they are English (the glossary translates "art").
ENGLISH_FALSE_FRIENDS = frozenset("do it not see kind still fast gift bald art bad brief hell handy note".split())


def false_friends(query: str) -> frozenset[str]:
    """The words of an English wish (as folded) that the German index would misread."""
    if detect_language(query) != "en":
        return frozenset()
    return frozenset(w for w in re.findall(r"[a-z]+", _fold(query)) if w in ENGLISH_FALSE_FRIENDS)
