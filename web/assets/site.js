/* Shared by the pages: the language of the interface (German or English) and their static texts.
 * The choice comes from ?lang=, then the last choice on this device, then the browser's language. */
var KBASite = (function () {
  "use strict";
  var LANGS = ["de", "en"];

  function stored() {
    try { return window.localStorage.getItem("kba-lang"); } catch (e) { return null; }
  }
  function remember(lang) {
    try { window.localStorage.setItem("kba-lang", lang); } catch (e) { /* private mode: not remembered */ }
  }
  function initialLang() {
    var fromUrl = new URLSearchParams(window.location.search).get("lang");
    var browser = (navigator.language || "de").slice(0, 2).toLowerCase();
    return [fromUrl, stored(), browser].filter(function (l) { return LANGS.indexOf(l) >= 0; })[0] || "de";
  }

  function apply(texts, lang) {
    var dict = texts[lang];
    document.documentElement.lang = lang;
    if (dict.pageTitle) document.title = dict.pageTitle;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      var key = node.getAttribute("data-i18n");
      if (dict[key] != null) node.textContent = dict[key];
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-attr]"), function (node) {
      node.getAttribute("data-i18n-attr").split(";").forEach(function (pair) {
        var parts = pair.split(":");
        if (parts.length === 2 && dict[parts[1]] != null) node.setAttribute(parts[0], dict[parts[1]]);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-set-lang") === lang));
    });
  }

  /* Applies the texts and wires the language buttons; returns the language in use. */
  function setup(texts, onChange) {
    var lang = initialLang();
    apply(texts, lang);
    Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (button) {
      button.addEventListener("click", function () {
        lang = button.getAttribute("data-set-lang");
        remember(lang);
        apply(texts, lang);
        if (onChange) onChange(lang);
      });
    });
    return lang;
  }

  return { setup: setup, apply: apply };
})();
