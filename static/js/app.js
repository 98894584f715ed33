// Behaviour every page shares. No inline handlers: the Content-Security-Policy
// allows scripts from our own files only (script-src 'self').
(function () {
  "use strict";

  // A <select data-submit-on-change> submits its form when the choice changes
  // (the language switch, the progress page's year).
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-submit-on-change") && select.form) {
      select.form.submit();
    }
  });
})();
