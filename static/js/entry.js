// Entry form: Enter moves down to the next figure instead of submitting the form,
// each section's "filled" count follows what is typed, and leaving the page with
// unsaved figures asks first.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var NO_VALUE = ["", "-", "--", "—", "——", "－", "/", "无"];

  function figures() {
    return Array.prototype.slice.call(form.querySelectorAll("input.figure"));
  }

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || input.tagName !== "INPUT") return;
    event.preventDefault();
    var row = input.closest("tr.entry-row");
    var all = figures();
    var index = all.indexOf(row ? row.querySelector("input.figure") : input);
    var next = all[index + 1];
    if (next) {
      next.focus();
      next.select();
    }
  });

  function isFilled(text) {
    return NO_VALUE.indexOf(text.replace(/\s+/g, "")) === -1;
  }

  function recount(section) {
    var inputs = section.querySelectorAll("input.figure");
    var filled = 0;
    inputs.forEach(function (input) {
      if (isFilled(input.value)) filled += 1;
    });
    var count = section.querySelector(".section-progress .count");
    if (count) count.textContent = String(filled);
  }

  // A clerk who typed figures and then clicks a link would lose them: the browser
  // asks first. Submitting the form (save or submit) is not leaving.
  var dirty = false;
  form.addEventListener("input", function (event) {
    dirty = true;
    if (!event.target.classList.contains("figure")) return;
    var section = event.target.closest(".entry-section");
    if (section) recount(section);
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
