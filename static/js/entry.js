// Entry form: Enter moves down to the next figure instead of submitting the form,
// and each section's "filled" count follows what is typed.
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

  form.addEventListener("input", function (event) {
    if (!event.target.classList.contains("figure")) return;
    var section = event.target.closest(".entry-section");
    if (section) recount(section);
  });
})();
