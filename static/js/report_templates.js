// The report template editor: the picker inserts a slot at the cursor, and the
// preview beside the editor follows the text as it is typed (without saving).
// Without script the picker shows each slot's syntax and 预览 posts the form.
(function () {
  "use strict";
  var form = document.getElementById("template-form");
  if (!form) return;
  var text = form.querySelector("textarea[name=text]");
  var year = form.querySelector("select[name=year]");
  var preview = document.getElementById("template-preview");
  var url = form.getAttribute("data-preview");
  var timer = null;
  var pending = null;
  var DELAY = 400;

  function refresh() {
    if (pending) pending.abort();
    pending = new AbortController();
    var body = new FormData(form);
    body.delete("action");
    preview.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        preview.innerHTML = html;
        preview.removeAttribute("aria-busy");
        preview.dispatchEvent(new CustomEvent("preview-updated", { bubbles: true }));
      })
      .catch(function (error) {
        if (error.name !== "AbortError") preview.removeAttribute("aria-busy");
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY);
  }

  function withOptions(slot) {
    var chosen = [];
    form.ownerDocument.querySelectorAll(".figure-options input:checked").forEach(function (box) {
      chosen.push(box.value);
    });
    if (!chosen.length) return slot;
    return slot.replace("】", "，" + chosen.join("，") + "】");
  }

  function insert(snippet) {
    var start = text.selectionStart;
    var end = text.selectionEnd;
    text.focus();
    text.setRangeText(snippet, start, end, "end");
    // An empty 〔〕 or 〔｜〕: the cursor goes inside, to write the clause.
    if (snippet.charAt(0) === "〔" && snippet.indexOf("{") < 0) {
      text.setSelectionRange(start + 1, start + 1);
    }
    later();
  }

  document.querySelectorAll(".template-picker button.slot").forEach(function (button) {
    button.addEventListener("click", function () {
      var snippet = button.getAttribute("data-insert");
      insert(button.getAttribute("data-kind") === "figure" ? withOptions(snippet) : snippet);
    });
  });

  text.addEventListener("input", later);
  if (year) year.addEventListener("change", refresh);

  // A refused save names its line: put the cursor on it.
  var refused = document.getElementById("save-error");
  var line = refused && parseInt(refused.getAttribute("data-line"), 10);
  if (line > 0) {
    var lines = text.value.split("\n");
    var from = lines.slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
    text.focus();
    text.setSelectionRange(from, from + (lines[line - 1] || "").length);
  }
})();
