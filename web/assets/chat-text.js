/* Texts of the chat component in German and English, and the vocabularies of the filters
 * (districts, target groups, languages as the index names them). Loaded before chat.js. */
var KBA_CHAT_TEXT = {
  text: {
    de: {
      chat: "Chat mit dem Engagement-Assistenten", conversation: "Unterhaltung", you: "Sie:", bot: "Assistent:",
      message: "Ihre Nachricht", placeholder: "z. B. Ich bin Rentnerin und kann gut nähen", send: "Senden",
      restart: "Neu anfangen", restarted: "Neues Gespräch begonnen.", filters: "Filter",
      apply: "Filter anwenden", clear: "Filter zurücksetzen", filtersSet: "Filter: ", none: "keine",
      easy: "Leichte Sprache", easyOn: "Leichte Sprache ist an.", easyOff: "Leichte Sprache ist aus.",
      welcome: "Hallo! Erzählen Sie mir in Ihren eigenen Worten, was Sie gern tun oder suchen. Ich zeige Ihnen " +
        "passende Vereine, Ehrenämter und Projekte in Kaufbeuren.",
      thinking: "Einen Moment, ich suche …", suggestions: "Vorschläge zum Antippen", results: "Passende Angebote",
      found: function (n) { return n === 0 ? "Keine Vorschläge." : n === 1 ? "1 Vorschlag." : n + " Vorschläge."; },
      number: "Nr.", why: "Warum es passt: ", contact: "Kontakt: ", website: "Website", email: "E-Mail", phone: "Telefon",
      more: "Mehr erfahren", barrierFree: "barrierefrei", error: "Das hat leider nicht geklappt. Bitte versuchen " +
        "Sie es gleich noch einmal.", unreachable: "Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie " +
        "es später noch einmal.", empty: "Bitte schreiben Sie, wofür Sie sich interessieren.",
      kind: "Art", district: "Stadtteil", age: "Alter (Jahre)", target: "Zielgruppe", frequency: "Wie oft",
      language: "Sprache vor Ort", weekdays: "Wochentage", times: "Tageszeit", any: "egal", access: "Zugang",
      kinds: { club: "Verein", opportunity: "Ehrenamt", project: "Projekt", page: "Seite" },
      freq: { "regelmäßig": "regelmäßig", "einmalig": "einmalig", "saisonal": "saisonal" },
      days: { Mo: "Montag", Di: "Dienstag", Mi: "Mittwoch", Do: "Donnerstag", Fr: "Freitag", Sa: "Samstag",
        So: "Sonntag" },
      tod: { vormittags: "vormittags", nachmittags: "nachmittags", abends: "abends" },
      categories: { sport: "Sport", musik: "Musik", kultur: "Kultur", natur: "Natur & Umwelt", tiere: "Tiere",
        soziales: "Soziales", jugend: "Jugend", senioren: "Senioren", familie: "Familie", integration: "Integration",
        gesundheit: "Gesundheit", glaube: "Glaubensgemeinschaften", rettung: "Rettungsdienste", hobby: "Hobby & " +
        "Freizeit", digital: "Digitales", bildung: "Bildung", stadtteil: "Stadtteilarbeit", demokratie: "Demokratie" }
    },
    en: {
      chat: "Chat with the volunteering assistant", conversation: "Conversation", you: "You:", bot: "Assistant:",
      message: "Your message", placeholder: "e.g. I am retired and good at sewing", send: "Send",
      restart: "Start over", restarted: "New conversation started.", filters: "Filters",
      apply: "Apply filters", clear: "Clear filters", filtersSet: "Filters: ", none: "none",
      easy: "Plain language", easyOn: "Plain language is on.", easyOff: "Plain language is off.",
      welcome: "Hello! Tell me in your own words what you like doing or what you are looking for. I will show " +
        "you matching clubs, volunteering and projects in Kaufbeuren.",
      thinking: "One moment, searching …", suggestions: "Suggestions to tap", results: "Matching offers",
      found: function (n) { return n === 0 ? "No suggestions." : n === 1 ? "1 suggestion." : n + " suggestions."; },
      number: "No.", why: "Why it fits: ", contact: "Contact: ", website: "Website", email: "Email", phone: "Phone",
      more: "Learn more", barrierFree: "step-free access", error: "Sorry, that did not work. Please try again.",
      unreachable: "The assistant cannot be reached right now. Please try again later.",
      empty: "Please write what you are interested in.",
      kind: "Type", district: "District", age: "Age (years)", target: "Target group", frequency: "How often",
      language: "Language spoken", weekdays: "Weekdays", times: "Time of day", any: "any", access: "Access",
      kinds: { club: "Club", opportunity: "Volunteering", project: "Project", page: "Page" },
      freq: { "regelmäßig": "regularly", "einmalig": "one-off", "saisonal": "seasonal" },
      days: { Mo: "Monday", Di: "Tuesday", Mi: "Wednesday", Do: "Thursday", Fr: "Friday", Sa: "Saturday",
        So: "Sunday" },
      tod: { vormittags: "mornings", nachmittags: "afternoons", abends: "evenings" },
      categories: { sport: "Sport", musik: "Music", kultur: "Culture", natur: "Nature", tiere: "Animals",
        soziales: "Social", jugend: "Youth", senioren: "Seniors", familie: "Family", integration: "Integration",
        gesundheit: "Health", glaube: "Faith", rettung: "Rescue services", hobby: "Hobbies", digital: "Digital",
        bildung: "Education", stadtteil: "Neighbourhood", demokratie: "Democracy" }
    }
  },
  districts: ["Kernstadt", "Altstadt", "Neugablonz", "Oberbeuren", "Hirschzell", "Kemnat", "Haken",
    "Märzisried", "Großkemnat", "Kleinkemnat", "Ringweg"],
  groups: ["Kinder", "Jugendliche", "Junge Erwachsene", "Erwachsene", "Familien", "Senioren",
    "Menschen mit Behinderung", "Menschen mit Migrationsgeschichte", "Frauen", "Männer"],
  languages: ["Deutsch", "Englisch", "Türkisch", "Arabisch", "Russisch", "Ukrainisch", "Polnisch",
    "Rumänisch", "Kroatisch", "Italienisch", "Griechisch", "Farsi", "Französisch", "Spanisch", "Kurdisch"]
};
