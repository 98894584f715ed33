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

  // A <select data-resets="year from to"> whose choice changed sends its form without
  // the named fields, unless they were changed too: another region then opens on its
  // own latest year instead of a year it may have no figures for.
  function changed(field) {
    if (field instanceof HTMLSelectElement) {
      return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    form.querySelectorAll("select[data-resets]").forEach(function (select) {
      if (!changed(select)) return;
      select.getAttribute("data-resets").split(" ").forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && !field.disabled && !changed(field)) {
          field.disabled = true;
          field.setAttribute("data-reset", "");
        }
      });
    });
  });

  // Back to a page kept in the browser's cache: the fields left out are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-reset]").forEach(function (field) {
      field.disabled = false;
      field.removeAttribute("data-reset");
    });
  });
})();
