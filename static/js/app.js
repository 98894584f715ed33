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

  // A <select data-resets="year from to town"> whose choice changed sends its form
  // without the named fields, unless they were changed too: another region then opens
  // on its own latest year instead of a year it may have no figures for, and without a
  // town of the region before. With data-resets-action it goes to that page instead
  // (a town's page has no sense for another region).
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
      if (select.dataset.resetsAction) {
        form.setAttribute("data-action-was", form.getAttribute("action") || "");
        form.setAttribute("action", select.dataset.resetsAction);
      }
      select.getAttribute("data-resets").split(" ").forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && !field.disabled && !changed(field)) {
          field.disabled = true;
          field.setAttribute("data-reset", "");
        }
      });
    });
  });

  // Back to a page kept in the browser's cache: the form says what the page shows
  // again (the browser would keep the region chosen before), and every field is usable.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-reset]").forEach(function (field) {
      field.disabled = false;
      field.removeAttribute("data-reset");
    });
    document.querySelectorAll("form[data-action-was]").forEach(function (form) {
      var was = form.getAttribute("data-action-was");
      if (was) form.setAttribute("action", was);
      else form.removeAttribute("action");
      form.removeAttribute("data-action-was");
    });
    document.querySelectorAll("select[data-resets]").forEach(function (select) {
      if (select.form) select.form.reset();
    });
  });
})();
