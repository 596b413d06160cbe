/* The launcher of the embeddable widget; /widget.js wraps it with the chat component and its CSS.
 *   <script src="https://HOST/widget.js" data-lang="de" defer></script>
 * Optional data attributes: data-position ("right" | "left"), data-color (launcher and header),
 * data-text-color (text on it), data-label (launcher text), data-title (panel title), data-api (API origin,
 * default: where this script comes from). The panel lives in a Shadow DOM, so the host page's styles
 * do not reach it and ours do not leak out. */
var KBA_SCRIPT = document.currentScript;
(function (script) {
  if (!script || window.__kbaWidget) return;
  window.__kbaWidget = true;
  var data = script.dataset || {};
  var lang = data.lang === "en" ? "en" : "de";
  var origin = new URL(script.src, window.location.href).origin;
  var api = /^https?:\/\/[^\s/]+$/.test(data.api || "") ? data.api : origin;
  var colour = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([\d\s.,%\/]+\)|[a-z]{3,20})$/i;
  var TEXT = {
    de: { label: "Engagement finden", title: "Engagement-Assistent",
      close: "Schließen" },
    en: { label: "Find volunteering", title: "Volunteering assistant",
      close: "Close" }
  }[lang];
  var WIDGET_CSS =
    ":host { all: initial; position: fixed; z-index: 2147483000; bottom: 1em; font-size: 16px; }\n" +
    ":host([data-position=right]) { right: 1em; } :host([data-position=left]) { left: 1em; }\n" +
    ".kba-launcher { font: 600 1em system-ui, sans-serif; min-height: 3em; padding: 0.6em 1.2em; cursor: pointer;" +
    " border-radius: 2em; border: 2px solid var(--kba-w-text); background: var(--kba-w-bg); color: var(--kba-w-text);" +
    " box-shadow: 0 0.2em 0.8em rgba(0,0,0,.3); }\n" +
    ".kba-launcher:focus-visible, .kba-close:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }\n" +
    ".kba-panel { position: fixed; bottom: 5em; width: min(27em, calc(100vw - 2em)); height: min(40em, calc(100vh - 7em));" +
    " display: flex; flex-direction: column; background: #fff; border: 1px solid #767676; border-radius: 0.8em;" +
    " box-shadow: 0 0.4em 1.6em rgba(0,0,0,.35); overflow: hidden; }\n" +
    ":host([data-position=right]) .kba-panel { right: 1em; } :host([data-position=left]) .kba-panel { left: 1em; }\n" +
    ".kba-panel-head { display: flex; align-items: center; justify-content: space-between; gap: 0.5em;" +
    " padding: 0.5em 0.75em; background: var(--kba-w-bg); color: var(--kba-w-text); }\n" +
    ".kba-panel-head h2 { font: 700 1.05em system-ui, sans-serif; margin: 0; }\n" +
    ".kba-close { font: 600 1em system-ui, sans-serif; min-width: 2.75em; min-height: 2.75em; cursor: pointer;" +
    " background: transparent; color: var(--kba-w-text); border: 2px solid var(--kba-w-text); border-radius: 0.4em; }\n" +
    ".kba-panel-body { flex: 1; overflow-y: auto; padding: 0.75em; }\n" +
    ".kba-panel-body .kba-cards { grid-template-columns: 1fr; }\n" +
    "[hidden] { display: none !important; }\n";

  function start() {
    var host = document.createElement("div");
    host.setAttribute("data-kba-widget", "");
    host.setAttribute("data-position", data.position === "left" ? "left" : "right");
    host.style.setProperty("--kba-w-bg", colour.test(data.color || "") ? data.color : "#00508c");
    host.style.setProperty("--kba-w-text", colour.test(data.textColor || "") ? data.textColor : "#ffffff");
    var shadow = host.attachShadow({ mode: "open" });
    var css = CHAT_CSS + "\n" + WIDGET_CSS;
    try {  // constructable stylesheets are not blocked by a host page's style-src policy
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } catch (e) {
      var style = document.createElement("style");
      style.textContent = css;
      shadow.appendChild(style);
    }
    var launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "kba-launcher";
    launcher.textContent = (data.label || TEXT.label).slice(0, 60);
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "kba-panel");
    var panel = document.createElement("div");
    panel.className = "kba-panel";
    panel.id = "kba-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "kba-panel-title");
    panel.lang = lang;
    var head = document.createElement("div");
    head.className = "kba-panel-head";
    var title = document.createElement("h2");
    title.id = "kba-panel-title";
    title.textContent = (data.title || TEXT.title).slice(0, 80);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "kba-close";
    close.textContent = "×";
    close.setAttribute("aria-label", TEXT.close);
    head.append(title, close);
    var body = document.createElement("div");
    body.className = "kba-panel-body";
    panel.append(head, body);
    shadow.append(panel, launcher);
    document.body.appendChild(host);
    var chat = null;

    function setOpen(open) {
      panel.hidden = !open;
      launcher.setAttribute("aria-expanded", String(open));
      if (open) {
        if (!chat) chat = KBAChat.mount(body, { api: api, lang: lang, idPrefix: "kba-widget" });
        chat.input.focus();
      } else {
        launcher.focus();
      }
    }
    launcher.addEventListener("click", function () { setOpen(panel.hidden); });
    close.addEventListener("click", function () { setOpen(false); });
    panel.addEventListener("keydown", function (ev) { if (ev.key === "Escape") setOpen(false); });
  }

  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})(KBA_SCRIPT);
