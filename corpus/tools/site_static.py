"""The portal's page layout, navigation, static pages, stylesheet and cookie script (build_site.py)."""

from __future__ import annotations

from string import Template


# ------------------------------------------------------------------------------------------ layout

LAYOUT = Template("""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title – Kaufbeuren-aktiv</title>
<meta name="description" content="$description">
<meta name="robots" content="$robots">
<link rel="canonical" href="$canonical">
$head_links<link rel="icon" href="$assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="$assets/style.css">
<script src="$assets/cookie.js" defer></script>
$jsonld</head>
<body class="$body_class">
<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>
<div class="cookie-banner" id="cookie-banner" role="dialog" aria-labelledby="cookie-titel" aria-live="polite">
<p class="cookie-title" id="cookie-titel"><strong>Datenschutz-Einstellungen</strong></p>
<p>Wir verwenden Cookies, um Ihnen die Nutzung unseres Portals so angenehm wie möglich zu machen. Technisch notwendige Cookies sind immer aktiv; eine anonyme Reichweitenmessung setzen wir nur mit Ihrer Einwilligung ein. Mehr dazu in unserer <a href="$datenschutz">Datenschutzerklärung</a>.</p>
<div class="cookie-actions">
<button type="button" class="btn btn-primary" data-consent="alle">Alle akzeptieren</button>
<button type="button" class="btn" data-consent="notwendig">Nur notwendige Cookies</button>
</div>
</div>
<header class="site-header" role="banner">
<div class="wrap header-inner">
<a class="logo" href="$home"><span class="logo-mark" aria-hidden="true">KB</span><span class="logo-text"><span class="logo-title">Kaufbeuren-aktiv</span><span class="logo-claim">Engagiert in Kaufbeuren</span></span></a>
<p class="header-service"><a href="$kontakt">Kontakt</a> · <a href="$barrierefreiheit">Barrierefreiheit</a></p>
</div>
<nav class="main-nav" aria-label="Hauptnavigation">
<ul class="wrap">
$nav</ul>
</nav>
</header>
$breadcrumb<div class="wrap layout">
<main id="inhalt">
$main
</main>
<aside class="sidebar" aria-label="Weitere Informationen">
<section class="sidebar-box">
<h2>Ehrenamt gesucht?</h2>
<p>Über 60 Einrichtungen in Kaufbeuren freuen sich über Unterstützung – ob zwei Stunden im Monat oder beim nächsten Stadtfest.</p>
<p><a class="btn btn-primary" href="$ehrenamt">Jetzt Ehrenamt finden</a></p>
</section>
<section class="sidebar-box newsletter">
<h2>Newsletter</h2>
<p>Einmal im Monat: neue Engagement-Angebote, Termine und Fortbildungen für Ehrenamtliche.</p>
<form class="newsletter-form" action="$kontakt" method="get">
<label for="newsletter-email">E-Mail-Adresse</label>
<input type="email" id="newsletter-email" name="email" placeholder="name@example.org" required>
<label class="checkbox"><input type="checkbox" name="einwilligung" value="ja" required> Ich habe die <a href="$datenschutz">Datenschutzhinweise</a> gelesen.</label>
<button type="submit" class="btn">Anmelden</button>
</form>
</section>
<section class="sidebar-box">
<h2>Sprechzeiten</h2>
<p>Freiwilligenagentur im Bürgerbüro:<br>Di und Do 9:00–12:00 Uhr, Mi 14:00–17:00 Uhr<br>und nach Vereinbarung.</p>
</section>
</aside>
</div>
<footer class="site-footer">
<div class="wrap footer-grid">
<div>
<p class="footer-title">Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten)</p>
<address>Abteilung Bürgerschaftliches Engagement, Bildung und Integration<br>Beispielgasse 7<br>87600 Kaufbeuren<br>Telefon 089 99998 000<br>E-Mail: <a href="mailto:info@kaufbeuren-aktiv.example.org">info@kaufbeuren-aktiv.example.org</a></address>
</div>
<div>
<p class="footer-title">Engagement</p>
<ul>
<li><a href="$vereine">Vereine</a></li>
<li><a href="$ehrenamt">Ehrenamt</a></li>
<li><a href="$projekte">Projekte</a></li>
<li><a href="$stadtteile">Stadtteile</a></li>
</ul>
</div>
<div>
<p class="footer-title">Service</p>
<ul>
<li><a href="$kontakt">Kontakt</a></li>
<li><a href="$impressum">Impressum</a></li>
<li><a href="$datenschutz">Datenschutz</a></li>
<li><a href="$barrierefreiheit">Erklärung zur Barrierefreiheit</a></li>
<li><a href="$admin">Login für Redaktion</a></li>
</ul>
</div>
</div>
<p class="wrap copyright">© Stadt Kaufbeuren · Alle Inhalte dieses Portals sind erfundene Beispieldaten.</p>
</footer>
</body>
</html>
""")

NAV = [("", "Startseite"), ("vereine/", "Vereine"), ("ehrenamt/", "Ehrenamt"), ("projekte/", "Projekte"),
       ("stadtteile/", "Stadtteile"), ("kontakt.html", "Kontakt")]


# ------------------------------------------------------------------------------------ static texts

IMPRESSUM = """<article class="static-page">
<h1>Impressum</h1>
<p><strong>Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten)</strong><br>
Abteilung Bürgerschaftliches Engagement, Bildung und Integration<br>
Beispielgasse 7<br>
87600 Kaufbeuren</p>
<h2>Vertreten durch</h2>
<p>Die Stadt Kaufbeuren ist eine Körperschaft des öffentlichen Rechts. Für dieses Beispielportal verantwortlich im Sinne des § 18 Abs. 2 MStV: Anna Beispiel (fiktive Person), Abteilungsleitung Kaufbeuren-aktiv, Anschrift wie oben.</p>
<h2>Kontakt</h2>
<p>Telefon: 089 99998 000<br>
Telefax: 089 99998 001<br>
E-Mail: <a href="mailto:info@kaufbeuren-aktiv.example.org">info@kaufbeuren-aktiv.example.org</a></p>
<h2>Hinweis zu den Inhalten</h2>
<p>Sämtliche Vereine, Ehrenamtsgesuche, Projekte, Personen, Anschriften, Telefonnummern und E-Mail-Adressen auf diesem Portal sind frei erfunden und dienen ausschließlich als Testdaten für den Engagement-Assistenten. Die Telefonnummern stammen aus einem für fiktive Zwecke reservierten Nummernbereich, die E-Mail-Adressen aus der reservierten Domain example.org.</p>
<h2>Haftung für Links</h2>
<p>Unser Angebot enthält Verweise auf Websites von Vereinen und Einrichtungen. Für deren Inhalte sind ausschließlich die jeweiligen Anbieter verantwortlich.</p>
</article>"""

DATENSCHUTZ = """<article class="static-page">
<h1>Datenschutzerklärung</h1>
<p>Der Schutz Ihrer personenbezogenen Daten ist uns wichtig. Nachfolgend informieren wir Sie nach Art. 13 DSGVO über die Verarbeitung Ihrer Daten beim Besuch dieses Portals.</p>
<h2>Verantwortliche Stelle</h2>
<p>Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten), Beispielgasse 7, 87600 Kaufbeuren, E-Mail: <a href="mailto:datenschutz@kaufbeuren-aktiv.example.org">datenschutz@kaufbeuren-aktiv.example.org</a></p>
<h2>Server-Protokolle</h2>
<p>Beim Aufruf einer Seite speichert der Webserver vorübergehend Datum und Uhrzeit, die aufgerufene Adresse, den Browsertyp und eine gekürzte IP-Adresse. Die Protokolle werden nach sieben Tagen gelöscht.</p>
<h2>Cookies</h2>
<p>Wir setzen ein technisch notwendiges Cookie, das Ihre Auswahl im Cookie-Hinweis speichert. Eine Reichweitenmessung findet nur nach Ihrer Einwilligung statt und erfolgt ausschließlich auf unseren eigenen Servern; Dienste Dritter werden nicht eingebunden.</p>
<h2>Newsletter</h2>
<p>Für den Newsletter speichern wir Ihre E-Mail-Adresse bis zu Ihrer Abmeldung. Die Anmeldung erfolgt im Double-Opt-in-Verfahren.</p>
<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie ein Beschwerderecht beim Bayerischen Landesbeauftragten für den Datenschutz.</p>
</article>"""

KONTAKT = """<article class="static-page">
<h1>Kontakt</h1>
<p>Sie haben Fragen zum Ehrenamt, möchten Ihren Verein eintragen lassen oder suchen Beratung zu Fördermöglichkeiten? Wir helfen Ihnen gerne weiter.</p>
<h2>Freiwilligenagentur und Vereinsberatung</h2>
<p>Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten)<br>
Beispielgasse 7, 87600 Kaufbeuren<br>
Telefon: <a href="tel:+498999998000">089 99998 000</a><br>
E-Mail: <a href="mailto:ehrenamt@kaufbeuren-aktiv.example.org">ehrenamt@kaufbeuren-aktiv.example.org</a></p>
<h2>Sprechzeiten</h2>
<p>Dienstag und Donnerstag 9:00–12:00 Uhr, Mittwoch 14:00–17:00 Uhr sowie nach Vereinbarung. Das Bürgerbüro ist ebenerdig erreichbar.</p>
<h2>Kontaktformular</h2>
<form class="contact-form" action="kontakt.html" method="get">
<p><label for="kontakt-name">Ihr Name</label><br><input type="text" id="kontakt-name" name="name"></p>
<p><label for="kontakt-email">Ihre E-Mail-Adresse</label><br><input type="email" id="kontakt-email" name="email" required></p>
<p><label for="kontakt-nachricht">Ihre Nachricht</label><br><textarea id="kontakt-nachricht" name="nachricht" rows="6"></textarea></p>
<p><button type="submit" class="btn btn-primary">Nachricht senden</button></p>
</form>
</article>"""

BARRIEREFREIHEIT = """<article class="static-page">
<h1>Erklärung zur Barrierefreiheit</h1>
<p>Die Stadt Kaufbeuren ist bemüht, ihre Internetauftritte im Einklang mit dem Bayerischen Behindertengleichstellungsgesetz (BayBGG) und der Bayerischen Barrierefreie Informationstechnik-Verordnung (BayBITV) barrierefrei zugänglich zu machen.</p>
<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>
<p>Dieses Portal ist weitgehend mit den Anforderungen vereinbar. Einzelne ältere PDF-Dokumente im Archiv sind noch nicht vollständig barrierefrei.</p>
<h2>Barrierefreie Angebote finden</h2>
<p>Bei jedem Eintrag geben wir an, ob die Räume stufenlos erreichbar sind und ob es ein barrierefreies WC gibt. Achten Sie in der Übersicht „Auf einen Blick“ auf die Angabe „Barrierefrei“.</p>
<h2>Feedback und Kontakt</h2>
<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns an <a href="mailto:barrierefreiheit@kaufbeuren-aktiv.example.org">barrierefreiheit@kaufbeuren-aktiv.example.org</a> oder rufen Sie uns an unter 089 99998 002.</p>
<h2>Durchsetzungsverfahren</h2>
<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Durchsetzungs- und Überwachungsstelle des Freistaats Bayern wenden.</p>
</article>"""

ADMIN_INDEX = Template("""<article class="static-page">
<h1>Redaktionsbereich</h1>
<p>Dieser Bereich ist nur für die Redaktion von Kaufbeuren-aktiv und für eingetragene Vereine bestimmt. Bitte melden Sie sich an, um Einträge zu bearbeiten.</p>
<p><a class="btn btn-primary" href="$login">Zur Anmeldung</a></p>
<p>Interne Hinweise: Entwürfe werden erst nach Freigabe durch die Redaktion veröffentlicht.</p>
</article>""")

ADMIN_LOGIN = """<article class="static-page">
<h1>Anmeldung Redaktion</h1>
<form class="login-form" action="login.html" method="post">
<p><label for="login-user">Benutzername</label><br><input type="text" id="login-user" name="benutzer" autocomplete="username"></p>
<p><label for="login-pass">Passwort</label><br><input type="password" id="login-pass" name="passwort" autocomplete="current-password"></p>
<p><button type="submit" class="btn btn-primary">Anmelden</button></p>
</form>
<p>Passwort vergessen? Wenden Sie sich an die Redaktion unter <a href="mailto:redaktion@kaufbeuren-aktiv.example.org">redaktion@kaufbeuren-aktiv.example.org</a>.</p>
</article>"""

STYLE_CSS = """/* Kaufbeuren-aktiv – Beispielportal */
:root {
  --blue: #00508c;
  --blue-dark: #003660;
  --red: #c8102e;
  --grey: #f3f4f6;
  --line: #d6d9de;
  --text: #1f2328;
}
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; color: var(--text);
  line-height: 1.55; background: #fff; }
a { color: var(--blue); }
a:hover, a:focus { color: var(--red); }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--blue); color: #fff; padding: .5rem 1rem; }
.skip-link:focus { left: 1rem; z-index: 100; }
.site-header { border-top: 6px solid var(--red); background: #fff; }
.header-inner { display: flex; justify-content: space-between; align-items: center; padding-top: 1rem;
  padding-bottom: 1rem; flex-wrap: wrap; gap: 1rem; }
.logo { display: flex; align-items: center; gap: .75rem; text-decoration: none; color: var(--text); }
.logo-mark { display: inline-block; background: var(--blue); color: #fff; font-weight: 700; padding: .6rem .7rem;
  border-radius: 4px; }
.logo-text { display: flex; flex-direction: column; }
.logo-title { font-size: 1.6rem; font-weight: 700; color: var(--blue); }
.logo-claim { font-size: .95rem; color: #555; }
.header-service { font-size: .9rem; margin: 0; }
.main-nav { background: var(--blue); }
.main-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0 auto; }
.main-nav a { display: block; color: #fff; text-decoration: none; padding: .75rem 1rem; font-weight: 600; }
.main-nav a:hover, .main-nav a[aria-current] { background: var(--blue-dark); color: #fff; }
.breadcrumb ol { list-style: none; display: flex; flex-wrap: wrap; padding: 0; margin: 1rem auto; font-size: .9rem; }
.breadcrumb li + li::before { content: "›"; margin: 0 .5rem; color: #888; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 2rem; margin-bottom: 3rem; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
h1 { color: var(--blue-dark); line-height: 1.2; }
.intro, .lead { font-size: 1.15rem; }
.sidebar-box { background: var(--grey); border-left: 4px solid var(--blue); padding: 1rem; margin-bottom: 1.5rem; }
.sidebar-box h2 { font-size: 1.15rem; margin-top: 0; }
.newsletter-form label { display: block; margin: .5rem 0 .25rem; }
.newsletter-form input[type=email] { width: 100%; padding: .4rem; }
.btn { display: inline-block; border: 2px solid var(--blue); background: #fff; color: var(--blue); padding: .45rem .9rem;
  border-radius: 3px; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
.btn-primary { background: var(--blue); color: #fff; }
.cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; background: #fff; border-top: 4px solid var(--blue);
  box-shadow: 0 -4px 16px rgba(0, 0, 0, .15); padding: 1rem 1.5rem; z-index: 50; }
.cookie-banner[hidden] { display: none; }
.cookie-actions { display: flex; gap: .75rem; flex-wrap: wrap; }
.entry-list { list-style: none; padding: 0; }
.entry-item { border-bottom: 1px solid var(--line); padding: .75rem 0; }
.entry-item h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
.entry-meta { color: #555; font-size: .9rem; margin: 0; }
.badge { background: var(--grey); border: 1px solid var(--line); border-radius: 3px; padding: 0 .4rem; }
.chips { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.chips a { display: inline-block; border: 1px solid var(--line); border-radius: 999px; padding: .2rem .8rem;
  text-decoration: none; }
.chips a[aria-current] { background: var(--blue); color: #fff; }
.pagination ul { list-style: none; display: flex; gap: .5rem; padding: 0; flex-wrap: wrap; }
.pagination a, .pagination span { display: inline-block; padding: .3rem .7rem; border: 1px solid var(--line); }
.pagination span[aria-current] { background: var(--blue); color: #fff; }
.entry-kind { text-transform: uppercase; letter-spacing: .05em; font-size: .85rem; color: var(--red); margin: 0; }
.facts, .contact-list { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.25rem; }
.facts dt, .contact-list dt { font-weight: 700; }
.facts dd, .contact-list dd { margin: 0; }
.kontakt { background: var(--grey); padding: 1rem 1.25rem; }
.tag { background: var(--grey); border-radius: 3px; padding: 0 .35rem; }
.updated { color: #555; font-size: .9rem; }
.related { border-top: 2px solid var(--line); margin-top: 2rem; }
.teaser-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1.5rem; }
.teaser-box { border: 1px solid var(--line); border-top: 4px solid var(--blue); padding: 1rem; }
.site-footer { background: var(--blue-dark); color: #fff; padding: 2rem 0 1rem; }
.site-footer a { color: #fff; }
.site-footer address { font-style: normal; }
.footer-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 2rem; }
.footer-title { font-weight: 700; }
.site-footer ul { list-style: none; padding: 0; }
.copyright { border-top: 1px solid rgba(255, 255, 255, .3); padding-top: 1rem; font-size: .9rem; }
@media print { .site-header, .sidebar, .site-footer, .cookie-banner, .breadcrumb { display: none; } }
"""

COOKIE_JS = """/* Cookie-Hinweis: merkt sich die Auswahl in einem eigenen Cookie; keine Anfragen an Dritte. */
(function () {
  "use strict";
  var KEY = "kba_cookie_consent";
  document.addEventListener("DOMContentLoaded", function () {
    var banner = document.getElementById("cookie-banner");
    if (!banner) { return; }
    if (document.cookie.indexOf(KEY + "=") !== -1) { banner.hidden = true; return; }
    banner.addEventListener("click", function (event) {
      var choice = event.target.getAttribute("data-consent");
      if (!choice) { return; }
      document.cookie = KEY + "=" + choice + "; max-age=31536000; path=/; SameSite=Lax";
      banner.hidden = true;
    });
  });
})();
"""

FAVICON_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#00508c"/><text x="16" y="21" font-family="Arial, sans-serif" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">KB</text></svg>
"""


# ------------------------------------------------------------------------------------------ main
