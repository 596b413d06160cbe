"""End to end in headless Chromium (Debian's, driven by Playwright): the citizen chat, the widget on a
page of another origin, the staff archive, keyboard-only use, axe-core, zoom and phone widths, and no
request to anything but 127.0.0.1. The servers are started here, on free ports.

Skipped, with the reason, only where Chromium or Playwright is not installed (``make test`` installs both).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assistant.api import settings_dep
from assistant.engine import Engine
from assistant.main import create_app
from assistant.settings import Settings

from .conftest import ROOT, free_port
from .web_support import KNOWN_DOCUMENT, STAFF_PASSWORD, STAFF_USER, ServerThread, add_staff_user, host_page_app

# CI (.ci/run) sets this: there a missing browser is a failure, not a skip.
REQUIRED = os.environ.get("KBA_TESTS_REQUIRE_BROWSER") == "1"


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (KBA_TESTS_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright import sync_api
except ImportError:
    _missing("Playwright is not installed (make install-test)")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    _missing("Chromium is not installed (make test installs Debian's chromium as root)")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
if not AXE.exists() and REQUIRED:
    _missing("axe-core is not installed (make test runs npm ci)")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                  "--disable-extensions", "--no-default-browser-check"]
LOCAL_SCHEMES = ("data", "blob", "about")
WAIT = 20_000  # ms Playwright waits for something to appear (a safety net, not a timed assertion)


@pytest.fixture(scope="module")
def servers(web_index, real_embedder, tmp_path_factory):
    """The app, a host page on an allowed origin and one on an origin that is not allowed."""
    host_port, stranger_port = free_port(), free_port()
    settings = Settings(cors_origins=f"http://127.0.0.1:{host_port}",
                        staff_users_file=add_staff_user(tmp_path_factory.mktemp("staff") / "users.json"),
                        chat_sessions_per_client=1000)  # every test's browser is the same client, 127.0.0.1
    app = create_app(settings, Engine(web_index, real_embedder))
    app.dependency_overrides[settings_dep] = lambda: settings
    with ServerThread(app) as main:
        with ServerThread(host_page_app(main.url), host_port) as host, \
                ServerThread(host_page_app(main.url), stranger_port) as stranger:
            yield {"app": main.url, "host": host.url, "stranger": stranger.url}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _open_context(browser, **options):
    """A fresh context whose every request is recorded; anything not on 127.0.0.1 is aborted."""
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT)
    outside: list[str] = []
    seen: list[str] = []

    def guard(route):
        url = route.request.url
        seen.append(url)
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda r: seen.append(r.url))
    return context, outside, seen


@pytest.fixture
def context(browser):
    context, outside, seen = _open_context(browser, viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context
    context.close()
    assert seen, "no request was recorded"
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert all(urlsplit(u).scheme in LOCAL_SCHEMES or urlsplit(u).hostname == "127.0.0.1" for u in seen)


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"script errors: {errors}"


def ask(page, text, scope=None):
    scope = scope or page
    before = scope.locator(".kba-bot:not(.kba-wait)").count()
    scope.get_by_label(re.compile("Ihre Nachricht|Your message")).fill(text)
    scope.get_by_label(re.compile("Ihre Nachricht|Your message")).press("Enter")
    scope.locator(".kba-bot:not(.kba-wait)").nth(before).wait_for()
    return scope.locator(".kba-bot:not(.kba-wait)").nth(before)


# ------------------------------------------------------------------------------------- citizen page


def test_a_wish_gets_matching_cards(page, servers):
    page.goto(servers["app"] + "/")
    answer = ask(page, "Mein Sohn ist 9 und möchte Fußball spielen")
    first = answer.locator(".kba-card").first
    first.wait_for()
    assert "fußball" in first.locator("h3").inner_text().lower()
    assert first.locator(".kba-kind").inner_text() == "Verein"
    assert "Hirschzell" in first.locator(".kba-card-meta").inner_text()
    marks = first.locator(".kba-reason mark").all_inner_texts()
    assert marks and all(m.strip() for m in marks)
    assert first.locator("a[href^='mailto:']").count() == 1
    assert first.locator("h3 a").get_attribute("href").startswith("https://")
    # The cards carry the numbers the dialogue refers to ("das zweite"); the bubble does not list them again.
    assert first.locator(".kba-position").inner_text() == "Nr. 1"
    title = first.locator("h3").inner_text()
    assert title not in answer.locator(".kba-bubble").inner_text()
    # Screen reader: the new answer is announced in the live region.
    status = page.locator(".kba-chat [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function("() => document.querySelector('.kba-chat [role=status]').textContent.length > 0")


def test_a_vague_wish_gets_a_question_and_a_suggestion_refines_it(page, servers):
    page.goto(servers["app"] + "/")
    answer = ask(page, "Ich habe jetzt im Ruhestand Zeit, was kann ich machen?")
    chips = answer.locator(".kba-suggestions button")
    chips.first.wait_for()
    assert 3 <= chips.count() <= 6
    assert answer.locator(".kba-suggestions").get_attribute("role") == "group"
    for _ in range(3):  # the assistant may ask once more (e.g. for the district) before it shows matches
        tapped = page.locator(".kba-suggestions button").first
        label = tapped.inner_text()
        before = page.locator(".kba-bot:not(.kba-wait)").count()
        tapped.click()
        page.locator(".kba-bot:not(.kba-wait)").nth(before).wait_for()
        assert page.locator(".kba-user").last.inner_text().strip().endswith(label)
        if page.locator(".kba-bot").last.locator(".kba-card").count():
            break
    assert page.locator(".kba-bot").last.locator(".kba-card").count() >= 1
    # Focus went back to the message field after the tapped suggestion disappeared.
    assert page.evaluate("document.activeElement.name") == "message"


def test_filters_set_by_hand_narrow_the_results(page, servers):
    page.goto(servers["app"] + "/")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.get_by_label("Stadtteil").select_option("Altstadt")
    page.get_by_role("button", name="Filter anwenden").click()
    page.locator(".kba-bot:not(.kba-wait)").nth(1).wait_for()  # the assistant answers the new filters
    assert page.locator(".kba-user").last.inner_text().strip().endswith("Filter: Altstadt")
    answer = ask(page, "Ich mache gern Musik")
    answer.locator(".kba-card").first.wait_for()
    districts = [m.split(" · ")[1] for m in answer.locator(".kba-card-meta").all_inner_texts()]
    assert districts and set(districts) <= {"Altstadt", "Stadtgebiet"}, districts


def test_understood_constraints_show_in_the_filter_form_and_plain_language_toggles(page, servers):
    page.goto(servers["app"] + "/")
    ask(page, "Fußball in Neugablonz für meine Tochter, 9 Jahre")
    page.get_by_role("button", name="Filter", exact=True).click()
    assert page.get_by_label("Stadtteil").input_value() == "Neugablonz"
    assert page.get_by_label("Alter (Jahre)").input_value() == "9"
    easy = page.locator(".kba-toolbar").get_by_role("button", name="Leichte Sprache")
    assert easy.get_attribute("aria-pressed") == "false"
    easy.click()
    assert easy.get_attribute("aria-pressed") == "true"
    ask(page, "Ich singe gern im Chor")
    assert easy.get_attribute("aria-pressed") == "true"


def test_start_over_clears_the_conversation(page, servers):
    page.goto(servers["app"] + "/")
    ask(page, "Ich möchte im Chor singen").locator(".kba-card").first.wait_for()
    page.locator(".kba-toolbar").get_by_role("button", name="Neu anfangen").click()
    assert page.locator(".kba-card").count() == 0
    assert page.locator(".kba-user").count() == 0 and page.locator(".kba-bot").count() == 1
    assert page.evaluate("document.activeElement.name") == "message"


def test_index_text_with_script_is_shown_as_text(page, servers):
    page.goto(servers["app"] + "/")
    answer = ask(page, "Theatergruppe Bühnenzauber: Theater spielen, Bühnenbild und Kostüme")
    card = answer.locator(".kba-card", has_text="Bühnenzauber").first
    card.wait_for()
    assert "<script>window.__xss=1</script>" in card.locator("h3").inner_text()
    assert page.evaluate("window.__xss") is None
    assert page.locator(".kba-log script, .kba-log img, .kba-log b").count() == 0
    assert card.locator("a[href^='javascript:']").count() == 0


def test_english_interface(page, servers):
    page.goto(servers["app"] + "/")
    page.get_by_role("button", name="English").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_label("Your message").is_visible()
    assert page.locator(".kba-toolbar").get_by_role("button", name="Start over").is_visible()
    answer = ask(page, "I would like to sing in a choir")
    answer.locator(".kba-card").first.wait_for()
    assert answer.locator(".kba-kind").first.inner_text() in ("Club", "Volunteering", "Project")


def test_keyboard_only(page, servers):
    page.goto(servers["app"] + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(12):  # Tab through header and toolbar to the message field
        if page.evaluate("document.activeElement.name") == "message":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "message"
    page.keyboard.type("Ich bin Rentnerin und kann gut nähen")
    page.keyboard.press("Enter")
    page.locator(".kba-card").first.wait_for()
    assert page.evaluate("document.activeElement.name") == "message"
    # Shift+Tab walks back into the results: the card links can be reached and show their focus.
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("!!document.activeElement.closest('.kba-card')"):
            break
    assert page.evaluate("!!document.activeElement.closest('.kba-card')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # The filter panel opens with Enter and takes the focus.
    page.locator(".kba-toolbar button").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("!!document.activeElement.closest('.kba-filters')")


@pytest.mark.parametrize("width, height", [(640, 900), (320, 640)])  # 200 % zoom of 1280 px; a small phone
def test_no_horizontal_scrolling_at_200_percent_zoom_or_phone_width(browser, servers, width, height):
    context, outside, _ = _open_context(browser, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(servers["app"] + "/")
    ask(page, "Mein Sohn ist 9 und möchte Fußball spielen").locator(".kba-card").first.wait_for()
    page.locator(".kba-toolbar button").first.click()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0
    assert not outside


# ---------------------------------------------------------------------------------------- widget


def test_widget_opens_on_a_page_of_another_origin_and_works(page, servers):
    chat_calls = []
    page.on("response", lambda r: chat_calls.append(r) if r.url.endswith("/api/chat") else None)
    page.goto(servers["host"] + "/")
    launcher = page.locator("[data-kba-widget] .kba-launcher")
    launcher.wait_for()
    assert launcher.is_visible()  # the host page's "button { display: none !important }" does not reach it
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(122, 28, 28)"  # data-color
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    panel = page.locator("[data-kba-widget] .kba-panel")
    assert panel.is_visible() and launcher.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.name") == "message"
    answer = ask(page, "Wir wollen im Chor singen", scope=panel)
    card = answer.locator(".kba-card").first
    card.wait_for()
    assert "Chor" in card.inner_text()
    assert chat_calls and chat_calls[-1].status == 200
    assert chat_calls[-1].headers["access-control-allow-origin"] == servers["host"]
    # Keyboard: Escape closes the panel and gives the focus back to the launcher.
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.className") == "kba-launcher"


def test_widget_on_an_origin_not_allowed_cannot_use_the_api(page, servers):
    page.goto(servers["stranger"] + "/")
    page.locator("[data-kba-widget] .kba-launcher").click()
    panel = page.locator("[data-kba-widget] .kba-panel")
    answer = ask(page, "Wir wollen im Chor singen", scope=panel)
    assert answer.locator(".kba-card").count() == 0
    assert "nicht erreichbar" in answer.inner_text()


# ------------------------------------------------------------------------------------------ archive


def test_archive_refuses_without_login_and_finds_a_known_document_with_login(page, servers):
    page.goto(servers["app"] + "/archive")
    page.get_by_role("heading", name="Anmelden").wait_for()
    assert not page.locator("#search").is_visible()
    status = page.evaluate("""() => fetch('/api/archive/search', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: '{"query": "BIWAQ"}'}).then(r => r.status)""")
    assert status == 401
    page.get_by_label("Benutzername").fill(STAFF_USER)
    page.get_by_label("Passwort").fill("falsches-passwort")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Anmeldung fehlgeschlagen").wait_for()
    page.get_by_label("Passwort").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.locator("#search").wait_for()
    assert page.evaluate("document.cookie") == ""  # the session cookie is HttpOnly
    page.get_by_label("Förderprogramm").locator("option", has_text="BIWAQ").wait_for(state="attached")
    page.get_by_label("Suchbegriffe oder Frage").fill("Kofinanzierung BIWAQ Haken")
    page.get_by_label("Suchbegriffe oder Frage").press("Enter")
    first = page.locator("#results .doc").first
    first.wait_for()
    assert "BIWAQ" in first.locator("h3").inner_text()
    assert first.locator("mark").count() >= 1
    link = first.get_by_role("link", name=re.compile("Original öffnen"))
    assert link.get_attribute("href") == f"/api/archive/document/{KNOWN_DOCUMENT}"
    response = page.request.get(servers["app"] + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # Filters: a year range that excludes it.
    page.get_by_label("Jahr von").fill("2015")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_function("() => !document.querySelector('#count').textContent.includes('läuft')")
    assert KNOWN_DOCUMENT not in " ".join(page.locator("#results a").evaluate_all("as => as.map(a => a.href)"))
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_role("heading", name="Anmelden").wait_for()


# ----------------------------------------------------------------------------------- accessibility


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})""")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test runs npm ci)")
def test_axe_finds_no_serious_violations(browser, servers):
    context, outside, _ = _open_context(browser, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    found: dict[str, list] = {}
    page.goto(servers["app"] + "/")
    ask(page, "Ich bin Rentnerin und kann gut nähen").locator(".kba-card").first.wait_for()
    page.locator(".kba-toolbar button").first.click()
    found["chat"] = _axe(page)
    page.goto(servers["app"] + "/")
    ask(page, "Ich habe Zeit, was kann ich machen?").locator(".kba-suggestions button").first.wait_for()
    page.get_by_role("button", name="English").click()
    found["chat-en"] = _axe(page)
    page.goto(servers["app"] + "/archive")  # in English now: the choice is remembered
    page.locator("#login-form button[type=submit]").wait_for()
    assert page.locator("#login-title").inner_text() == "Log in"
    found["archive-login"] = _axe(page)
    page.locator("#username").fill(STAFF_USER)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.locator("#q").fill("Ehrenamtskarte")
    page.locator("#q").press("Enter")
    page.locator("#results .doc").first.wait_for()
    found["archive-results"] = _axe(page)
    page.goto(servers["host"] + "/")
    page.locator("[data-kba-widget] .kba-launcher").click()
    ask(page, "Wir wollen im Chor singen", scope=page.locator("[data-kba-widget] .kba-panel"))
    page.locator("[data-kba-widget] .kba-card").first.wait_for()
    widget = _axe(page)
    found["widget"] = [v for v in widget if any("data-kba-widget" in str(n) for n in v["nodes"])]
    context.close()
    assert not outside
    assert not any(found.values()), found
