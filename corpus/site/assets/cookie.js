/* Cookie-Hinweis: merkt sich die Auswahl in einem eigenen Cookie; keine Anfragen an Dritte. */
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
