/* The chat with the Engagement-Assistent: conversation, result cards, suggestions, filters.
 * Used by the citizen page (/) and, inside a Shadow DOM, by the widget (/widget.js).
 * Everything that comes from the server is inserted as text (textContent, text nodes): never as HTML.
 * No framework, no build step. */
var KBAChat = (function () {
  "use strict";

  var TEXT = KBA_CHAT_TEXT.text;
  var counter = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = String(text);
    return node;
  }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null; }
  function fold(v) { return String(v == null ? "" : v).toLocaleLowerCase("de"); }

  /* The reason text with the matching words marked, built from character offsets with text nodes. */
  function markedText(parent, text, highlights) {
    text = String(text || "");
    var pos = 0;
    (Array.isArray(highlights) ? highlights : []).slice().sort(function (a, b) { return a[0] - b[0]; })
      .forEach(function (span) {
        var s = Number(span && span[0]), e = Number(span && span[1]);
        if (!(s >= pos && e > s && e <= text.length)) return;  // overlapping or out of range: skip
        if (s > pos) parent.appendChild(document.createTextNode(text.slice(pos, s)));
        parent.appendChild(el("mark", null, text.slice(s, e)));
        pos = e;
      });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
    return parent;
  }

  function mount(container, options) {
    options = options || {};
    var api = String(options.api || "").replace(/\/+$/, "");
    var lang = TEXT[options.lang] ? options.lang : "de";
    var id = (options.idPrefix || "kba") + "-" + (++counter);
    var state = { session: null, easy: null, busy: false };
    var labels = [];  // [element, key, attribute|null]: relabelled when the language changes

    function t(key) { return TEXT[lang][key]; }
    function label(node, key, attr) {
      labels.push([node, key, attr || null]);
      if (attr) node.setAttribute(attr, t(key)); else node.textContent = t(key);
      return node;
    }

    var root = el("section", "kba-chat");
    root.setAttribute("aria-labelledby", id + "-title");
    var title = label(el("h2", "kba-sr-only"), "chat");
    title.id = id + "-title";
    root.appendChild(title);

    var toolbar = el("div", "kba-toolbar");
    var filterToggle = label(el("button", "kba-button kba-secondary"), "filters");
    filterToggle.type = "button";
    filterToggle.setAttribute("aria-expanded", "false");
    filterToggle.setAttribute("aria-controls", id + "-filters");
    var easy = label(el("button", "kba-button kba-secondary kba-easy"), "easy");
    easy.type = "button";
    easy.setAttribute("aria-pressed", "false");
    var restart = label(el("button", "kba-button kba-secondary kba-restart"), "restart");
    restart.type = "button";
    toolbar.append(filterToggle, easy, restart);

    var filters = KBAChatFilters.build({ id: id, t: t, label: label, el: el, fold: fold,
      track: function (node, textFn) { labels.push([node, textFn, null]); node.textContent = textFn(); } });
    var log = el("ol", "kba-log");
    log.id = id + "-log";
    label(log, "conversation", "aria-label");
    var status = el("p", "kba-sr-only");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var compose = el("form", "kba-compose");
    compose.noValidate = true;
    var inputLabel = label(el("label", "kba-label"), "message");
    inputLabel.htmlFor = id + "-message";
    var input = el("input", "kba-input");
    input.type = "text";
    input.id = id + "-message";
    input.name = "message";
    input.autocomplete = "off";
    input.maxLength = 500;
    input.setAttribute("enterkeyhint", "send");
    label(input, "placeholder", "placeholder");
    var send = label(el("button", "kba-button kba-send"), "send");
    send.type = "submit";
    var row = el("div", "kba-compose-row");
    row.append(input, send);
    compose.append(inputLabel, row);
    root.append(toolbar, filters.form, log, compose, status);
    container.appendChild(root);
    welcome();

    function announce(text) {
      status.textContent = "";
      setTimeout(function () { status.textContent = text; }, 50);  // re-announce even an identical text
    }
    function welcome() { addBot({ reply: t("welcome"), results: [], suggestions: [] }, true); }

    function addUser(text) {
      var li = el("li", "kba-msg kba-user");
      li.append(el("span", "kba-sr-only", t("you") + " "), el("p", "kba-bubble", text));
      log.appendChild(li);
      li.scrollIntoView({ block: "nearest" });
    }

    // The reply lists the entries as "1. „Title“ – reason" for API clients without cards; the page shows
    // those entries as numbered cards, so the bubble keeps only the lines around the list.
    function bubbleText(reply, results) {
      var numbered = results.filter(function (r) { return typeof r.position === "number"; });
      if (!numbered.length) return reply;
      var listed = numbered.map(function (r) { return r.position + ". "; });
      var dropping = false;  // Leichte Sprache puts the reason on an indented line of its own
      var kept = String(reply).split("\n").filter(function (line) {
        if (dropping && /^\s+\S/.test(line)) return false;
        dropping = listed.some(function (prefix) { return line.indexOf(prefix) === 0; }) && /^\d+\. [„"“]/.test(line);
        return !dropping;
      });
      return kept.join("\n");
    }

    function addBot(data, quiet) {
      var li = el("li", "kba-msg kba-bot");
      var results = Array.isArray(data.results) ? data.results : [];
      var text = bubbleText(data.reply || "", results);
      li.append(el("span", "kba-sr-only", t("bot") + " "), el("p", "kba-bubble", text));
      if (results.length) {
        var list = el("ul", "kba-cards");
        list.setAttribute("aria-label", t("results"));
        results.forEach(function (r) { list.appendChild(card(r)); });
        li.appendChild(list);
      }
      var suggestions = Array.isArray(data.suggestions) ? data.suggestions.filter(function (s) {
        return typeof s === "string" && s.trim();
      }) : [];
      if (suggestions.length) {
        var group = el("div", "kba-suggestions");
        group.setAttribute("role", "group");
        group.setAttribute("aria-label", t("suggestions"));
        suggestions.forEach(function (s) {
          var b = el("button", "kba-chip", s);
          b.type = "button";
          b.addEventListener("click", function () { ask(s); });
          group.appendChild(b);
        });
        li.appendChild(group);
      }
      log.appendChild(li);
      li.scrollIntoView({ block: quiet ? "nearest" : "start" });  // an answer is read from its beginning
      if (!quiet) announce(text + " " + t("found")(results.length));
    }

    function card(r) {
      var li = el("li", "kba-card");
      var article = el("article");
      var meta = el("p", "kba-card-meta");
      if (typeof r.position === "number") {  // what "das zweite" / "Kontakt zu Nr. 2" refers to
        meta.append(el("span", "kba-position", t("number") + " " + r.position), document.createTextNode(" "));
      }
      var kind = el("span", "kba-kind kba-kind-" + String(r.kind || "").replace(/[^a-z]/g, ""),
        t("kinds")[r.kind] || r.kind || "");
      meta.appendChild(kind);
      [r.district, r.category && (t("categories")[r.category] || r.category)].forEach(function (v) {
        if (v) { meta.appendChild(document.createTextNode(" · ")); meta.appendChild(el("span", null, v)); }
      });
      var h = el("h3", "kba-card-title");
      var href = safeUrl(r.url);
      if (href) {
        var a = el("a", null, r.title || "");
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        h.appendChild(a);
      } else {
        h.textContent = r.title || "";
      }
      article.append(meta, h);
      var reason = r.reason && typeof r.reason === "object" ? r.reason : { text: r.snippet || "", highlights: [] };
      if (reason.text) {
        var p = el("p", "kba-reason");
        p.appendChild(el("span", "kba-sr-only", t("why")));
        article.appendChild(markedText(p, reason.text, reason.highlights));
      }
      var facts = [];
      var m = r.metadata || {};
      if (m.times) facts.push(String(m.times));
      if (m.barrier_free === true) facts.push(t("barrierFree"));
      if (facts.length) article.appendChild(el("p", "kba-facts", facts.join(" · ")));
      var c = r.contact || {};
      if (c.name || c.email || c.phone || c.website) {
        var contact = el("p", "kba-contact");
        contact.appendChild(el("span", "kba-contact-label", t("contact")));
        var parts = [];
        if (c.name) parts.push(el("span", null, c.name + (c.role ? " (" + c.role + ")" : "")));
        if (c.email && /^[^\s@<>"]+@[^\s@<>"]+$/.test(c.email)) {
          var mail = el("a", null, c.email);
          mail.href = "mailto:" + c.email;
          parts.push(mail);
        }
        if (c.phone && /^[+\d][\d\s\/()-]{3,30}$/.test(c.phone)) {
          var tel = el("a", null, c.phone);
          tel.href = "tel:" + c.phone.replace(/[^\d+]/g, "");
          parts.push(tel);
        }
        if (safeUrl(c.website)) {
          var web = el("a", null, t("website"));
          web.href = safeUrl(c.website);
          web.target = "_blank";
          web.rel = "noopener noreferrer";
          parts.push(web);
        }
        parts.forEach(function (node, i) {
          if (i) contact.appendChild(document.createTextNode(" · "));
          contact.appendChild(node);
        });
        article.appendChild(contact);
      }
      li.appendChild(article);
      return li;
    }

    function clearSuggestions() {
      Array.prototype.forEach.call(log.querySelectorAll(".kba-suggestions"), function (g) { g.remove(); });
    }

    /* One turn. ``hand``: the filter form's values, the complete set of constraints set by hand
     * (they replace what the assistant understood); then the message may be empty. */
    function ask(text, hand) {
      text = String(text || "").trim();
      if (state.busy) return;
      if (!text && !hand) { announce(t("empty")); input.focus(); return; }
      var active = root.getRootNode().activeElement || document.activeElement;  // inside a Shadow DOM too
      var focusWasInside = root.contains(active);
      clearSuggestions();
      addUser(text || t("filtersSet") + filters.summary(hand));
      var body = { session_id: state.session, message: text, lang: lang };
      if (hand) body.filters = hand;
      if (state.easy !== null) body.easy = state.easy;
      state.busy = true;
      log.setAttribute("aria-busy", "true");
      var wait = el("li", "kba-msg kba-bot kba-wait", t("thinking"));
      log.appendChild(wait);
      fetch(api + "/api/chat", { method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body) })
        .then(function (res) {
          return res.json().catch(function () { return {}; }).then(function (data) { return { ok: res.ok, data: data }; });
        })
        .then(function (r) {
          if (!r.ok) throw new Error(typeof r.data.message === "string" ? r.data.message : t("error"));
          if (typeof r.data.session_id === "string") state.session = r.data.session_id;
          addBot(r.data);
          if (r.data.filters && typeof r.data.filters === "object") filters.show(r.data.filters);
          if (typeof r.data.easy_language === "boolean") easy.setAttribute("aria-pressed", String(r.data.easy_language));
        })
        .catch(function (err) {
          var msg = err && err.message && !/fetch|network|load/i.test(err.message) ? err.message : t("unreachable");
          var li = el("li", "kba-msg kba-bot kba-error");
          li.appendChild(el("p", "kba-bubble", msg));
          log.appendChild(li);
          announce(msg);
        })
        .then(function () {
          wait.remove();
          state.busy = false;
          log.removeAttribute("aria-busy");
          if (focusWasInside) input.focus();
        });
    }

    compose.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = input.value;
      if (text.trim() && !state.busy) input.value = "";
      ask(text);
    });
    restart.addEventListener("click", function () {
      state.session = null;
      state.easy = null;
      easy.setAttribute("aria-pressed", "false");
      filters.reset();
      log.replaceChildren();
      welcome();
      input.value = "";
      input.focus();
      announce(t("restarted"));
    });
    filterToggle.addEventListener("click", function () {
      var open = filters.form.hidden;
      filters.form.hidden = !open;
      filterToggle.setAttribute("aria-expanded", String(open));
      if (open) filters.form.querySelector("input, select").focus();
    });
    easy.addEventListener("click", function () {
      state.easy = easy.getAttribute("aria-pressed") !== "true";
      easy.setAttribute("aria-pressed", String(state.easy));
      announce(t(state.easy ? "easyOn" : "easyOff"));
    });
    filters.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      ask("", filters.read());
    });


    return {
      root: root,
      input: input,
      setLang: function (next) {
        if (!TEXT[next]) return;
        lang = next;
        labels.forEach(function (entry) {
          var value = typeof entry[1] === "function" ? entry[1]() : t(entry[1]);
          if (entry[2]) entry[0].setAttribute(entry[2], value); else entry[0].textContent = value;
        });
      },
      ask: ask
    };
  }

  return { mount: mount, markedText: markedText, TEXT: TEXT };
})();
