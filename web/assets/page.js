/* The citizen page (/): static texts in both languages and the chat component. */
(function () {
  "use strict";
  var TEXTS = {
    de: {
      pageTitle: "Engagement-Assistent – Kaufbeuren-aktiv", skip: "Zum Chat springen", langNav: "Sprache",
      brand: "Engagement-Assistent", heading: "Was liegt Ihnen am Herzen?",
      intro: "Beschreiben Sie in eigenen Worten – in jeder Sprache –, was Sie gern tun, was Sie können oder was " +
        "Sie suchen. Der Assistent zeigt passende Vereine, Ehrenämter und Projekte in Kaufbeuren.",
      footer: "Ein Angebot von Kaufbeuren-aktiv, Stadt Kaufbeuren. Die gezeigten Einträge sind Beispieldaten.",
      privacy: "Ihre Nachrichten werden nur für dieses Gespräch verwendet und nicht mit Ihrem Namen gespeichert.",
      staff: "Archivsuche für Mitarbeitende"
    },
    en: {
      pageTitle: "Volunteering assistant – Kaufbeuren-aktiv", skip: "Skip to the chat", langNav: "Language",
      brand: "Volunteering assistant", heading: "What do you care about?",
      intro: "Describe in your own words – in any language – what you like doing, what you are good at or what " +
        "you are looking for. The assistant shows matching clubs, volunteering and projects in Kaufbeuren.",
      footer: "A service of Kaufbeuren-aktiv, City of Kaufbeuren. The entries shown are sample data.",
      privacy: "Your messages are only used for this conversation and are not stored with your name.",
      staff: "Archive search for staff"
    }
  };
  var chat = null;
  var lang = KBASite.setup(TEXTS, function (next) { if (chat) chat.setLang(next); });
  chat = KBAChat.mount(document.getElementById("chat"), { lang: lang, api: "", idPrefix: "page" });
})();
