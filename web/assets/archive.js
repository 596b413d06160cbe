/* The staff archive page (/archive): login, search form with filters, results with marked passages.
 * Server data is inserted as text only. The session cookie is HttpOnly: this script never sees it. */
(function () {
  "use strict";
  var TEXTS = {
    de: {
      pageTitle: "Archivsuche – Kaufbeuren-aktiv", skip: "Zum Inhalt springen", langNav: "Sprache",
      brand: "Archivsuche", heading: "Archiv der Projektdokumente", loginTitle: "Anmelden",
      loginIntro: "Die Archivsuche ist nur für Mitarbeitende von Kaufbeuren-aktiv.", username: "Benutzername",
      password: "Passwort", or: "oder mit dem Zugangsschlüssel der Abteilung:", token: "Zugangsschlüssel",
      login: "Anmelden", logout: "Abmelden", searchTitle: "Dokumente durchsuchen", query: "Suchbegriffe oder Frage",
      queryHint: "Genaue Wendungen in \"Anführungszeichen\", z. B. eine Vorlagennummer.", yearFrom: "Jahr von",
      yearTo: "Jahr bis", programme: "Förderprogramm", field: "Handlungsfeld", doctype: "Dokumentart", all: "alle",
      sort: "Sortierung", byRelevance: "nach Relevanz", byDate: "nach Datum (neueste zuerst)", searchButton: "Suchen",
      more: "Weitere Treffer", citizen: "Zum Engagement-Assistenten für Bürgerinnen und Bürger",
      loggedIn: "Angemeldet: ", open: "Original öffnen", missing: "Bitte Benutzername und Passwort oder den " +
        "Zugangsschlüssel eingeben.", expired: "Bitte melden Sie sich (erneut) an.", searching: "Suche läuft …",
      failed: "Die Suche hat nicht geklappt. Bitte versuchen Sie es noch einmal.",
      found: function (n) { return n === 1 ? "1 Dokument gefunden." : n + " Dokumente gefunden."; }
    },
    en: {
      pageTitle: "Archive search – Kaufbeuren-aktiv", skip: "Skip to content", langNav: "Language",
      brand: "Archive search", heading: "Archive of project documents", loginTitle: "Log in",
      loginIntro: "The archive search is for Kaufbeuren-aktiv staff only.", username: "User name",
      password: "Password", or: "or with the department's access key:", token: "Access key", login: "Log in",
      logout: "Log out", searchTitle: "Search documents", query: "Search terms or question",
      queryHint: "Exact phrases in \"quotes\", e.g. a council paper number.", yearFrom: "Year from",
      yearTo: "Year to", programme: "Funding programme", field: "Field of action", doctype: "Document type",
      all: "all", sort: "Sort", byRelevance: "by relevance", byDate: "by date (newest first)",
      searchButton: "Search", more: "More results", citizen: "To the volunteering assistant for citizens",
      loggedIn: "Logged in: ", open: "Open original", missing: "Please enter user name and password or the " +
        "access key.", expired: "Please log in (again).", searching: "Searching …",
      failed: "The search did not work. Please try again.",
      found: function (n) { return n === 1 ? "1 document found." : n + " documents found."; }
    }
  };
  var PAGE = 20;
  var lang = KBASite.setup(TEXTS, function (next) { lang = next; });
  var $ = function (id) { return document.getElementById(id); };
  var lastQuery = null, offset = 0;

  function t(key) { return TEXTS[lang][key]; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = String(text);
    return node;
  }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { status: res.status, data: data }; });
    });
  }

  function showLogin(message) {
    $("search").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
  }
  function showSearch(user) {
    $("login").hidden = true;
    $("search").hidden = false;
    $("who").textContent = t("loggedIn") + (user === "token" ? t("token") : user);
    fetch("/api/archive/facets", { credentials: "same-origin" }).then(function (res) {
      if (res.status === 401) { showLogin(t("expired")); return null; }
      return res.ok ? res.json() : null;
    }).then(function (facets) {
      if (!facets) return;
      fill("programme", facets.programmes);
      fill("field", facets.fields_of_action);
      fill("doctype", facets.doctypes);
    });
  }
  function fill(id, values) {
    var select = $(id);
    while (select.options.length > 1) select.remove(1);
    (values || []).forEach(function (v) {
      var o = el("option", null, v);
      o.value = v;
      select.appendChild(o);
    });
  }

  $("login-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var token = $("token").value.trim(), user = $("username").value.trim(), pw = $("password").value;
    if (!token && !(user && pw)) { $("login-error").textContent = t("missing"); return; }
    post("/api/staff/login", token ? { token: token } : { username: user, password: pw }).then(function (r) {
      if (r.status !== 200) { $("login-error").textContent = r.data.message || t("failed"); return; }
      $("password").value = "";
      $("token").value = "";
      showSearch(r.data.user);
      $("q").focus();
    }).catch(function () { $("login-error").textContent = t("failed"); });
  });
  $("logout").addEventListener("click", function () {
    post("/api/staff/logout", {}).then(function () {
      $("results").replaceChildren();
      $("count").textContent = "";
      showLogin("");
      $("username").focus();
    });
  });

  function request() {
    var f = $("search-form").elements;
    var body = { query: f.query.value, sort: f.sort.value || "relevance", limit: PAGE };
    ["year_from", "year_to"].forEach(function (k) {
      var v = parseInt(f[k].value, 10);
      if (!isNaN(v)) body[k] = v;
    });
    ["programme", "field_of_action", "doctype"].forEach(function (k) { if (f[k].value) body[k] = [f[k].value]; });
    return body;
  }

  function marked(parent, text, highlights) {
    var pos = 0;
    (highlights || []).forEach(function (span) {
      var s = span[0], e = span[1];
      if (!(s >= pos && e > s && e <= text.length)) return;
      if (s > pos) parent.appendChild(document.createTextNode(text.slice(pos, s)));
      parent.appendChild(el("mark", null, text.slice(s, e)));
      pos = e;
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
    return parent;
  }
  function germanDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? (lang === "de" ? m[3] + "." + m[2] + "." + m[1] : m[1] + "-" + m[2] + "-" + m[3]) : null;
  }
  function resultItem(r) {
    var li = el("li", "doc");
    var article = el("article");
    article.appendChild(el("h3", null, r.title || r.id));
    var meta = [germanDate(r.date) || r.year, r.doctype, r.programme, r.field_of_action,
      r.format && String(r.format).toUpperCase()].filter(Boolean);
    article.appendChild(el("p", "doc-meta", meta.join(" · ")));
    (r.passages || []).forEach(function (p) { article.appendChild(marked(el("p", "passage"), String(p.text || ""), p.highlights)); });
    if (typeof r.document_url === "string" && r.document_url.indexOf("/api/archive/document/") === 0) {
      var a = el("a", null, t("open") + (r.format ? " (" + String(r.format).toUpperCase() + ")" : ""));
      a.href = r.document_url;
      a.target = "_blank";
      a.rel = "noopener";
      var p = el("p");
      p.appendChild(a);
      article.appendChild(p);
    }
    li.appendChild(article);
    return li;
  }

  function run(body, append) {
    $("count").textContent = t("searching");
    post("/api/archive/search", body).then(function (r) {
      if (r.status === 401) { showLogin(t("expired")); return; }
      if (r.status !== 200) { $("count").textContent = r.data.message || t("failed"); return; }
      if (!append) $("results").replaceChildren();
      r.data.results.forEach(function (item) { $("results").appendChild(resultItem(item)); });
      offset = body.offset || 0;
      $("count").textContent = t("found")(r.data.total);
      $("more").hidden = offset + r.data.results.length >= r.data.total;
    }).catch(function () { $("count").textContent = t("failed"); });
  }
  $("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    lastQuery = request();
    run(lastQuery, false);
  });
  $("more").addEventListener("click", function () {
    if (!lastQuery) return;
    var next = Object.assign({}, lastQuery, { offset: offset + PAGE });
    run(next, true);
  });

  fetch("/api/staff/me", { credentials: "same-origin" }).then(function (res) {
    return res.ok ? res.json().then(function (d) { showSearch(d.user); }) : showLogin("");
  }).catch(function () { showLogin(""); });
})();
