// Entry form: Tab and Enter move down the figures (Enter never submits the form);
// a row's comment is reached with its 说明 button or Alt+Enter (Escape goes back
// to the figure) and counts down to its limit; each section's "filled" count follows what is typed, leaving the page
// with unsaved figures asks first, and what is typed is kept in this browser until
// a save succeeds (an expired session or page must not lose it).
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var NO_VALUE = ["", "-", "--", "—", "——", "－", "/", "无"];

  function figures() {
    return Array.prototype.slice.call(form.querySelectorAll("input.figure"));
  }

  // ---- Comments: out of the Tab order, reached by their row's 说明 button ----
  function rowOf(element) {
    return element.closest("tr.entry-row");
  }

  function commentOf(row) {
    return row ? row.querySelector("input.comment") : null;
  }

  function counterOf(comment) {
    var id = comment.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function length(text) {
    return Array.from(text).length; // characters, as the server counts them
  }

  function showCount(comment, full) {
    var counter = counterOf(comment);
    if (!counter) return;
    var max = Number(comment.getAttribute("maxlength")) || 500;
    var left = Math.max(max - length(comment.value), 0);
    counter.textContent = full && left === 0
      ? counter.dataset.full
      : counter.dataset.template.replace("{n}", String(left));
    counter.classList.toggle("at-limit", left === 0);
    counter.hidden = false;
  }

  function openComment(row) {
    var comment = commentOf(row);
    if (!comment) return;
    comment.focus();
    showCount(comment, false);
  }

  form.querySelectorAll("button.comment-toggle").forEach(function (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      openComment(rowOf(toggle));
    });
  });
  form.querySelectorAll(".keys-hint").forEach(function (hint) {
    hint.hidden = false;
  });

  form.addEventListener("focusin", function (event) {
    if (event.target.classList.contains("comment")) showCount(event.target, false);
  });
  form.addEventListener("focusout", function (event) {
    if (!event.target.classList.contains("comment")) return;
    var counter = counterOf(event.target);
    if (counter) counter.hidden = true;
  });
  form.addEventListener("paste", function (event) {
    var comment = event.target;
    if (!comment.classList.contains("comment")) return;
    var pasted = (event.clipboardData || window.clipboardData).getData("text") || "";
    var max = Number(comment.getAttribute("maxlength")) || 500;
    var kept = comment.value.length - (comment.selectionEnd - comment.selectionStart);
    if (kept + pasted.length > max) {
      // The browser's maxlength cuts the paste; say so instead of cutting silently.
      window.setTimeout(function () {
        showCount(comment, true);
      }, 0);
    }
  });

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Escape" && input.classList.contains("comment")) {
      var own = rowOf(input) && rowOf(input).querySelector("input.figure");
      if (own) own.focus();
      return;
    }
    if (event.key !== "Enter" || input.tagName !== "INPUT") return;
    event.preventDefault();
    var row = rowOf(input);
    if ((event.altKey || event.ctrlKey) && input.classList.contains("figure")) {
      openComment(row);
      return;
    }
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
    if (event.target.classList.contains("comment")) showCount(event.target, false);
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

  // ---- Draft: what is typed, kept in this browser until a save succeeds ----
  //
  // A save from an expired session lands on the login page and a save with an
  // expired CSRF token on an error page: the POST is lost. So every change is
  // written to localStorage, keyed by town and year:
  //   {version, savedAt, fields: {code: {value, comment, shown, shownComment}}}
  // with, per field the user changed, the typed value and comment and their base
  // (the figure and comment as the page showed them), and the report version the
  // page was built on. The server merges field by field from those bases.
  // A successful save redirects to this page, which then shows the typed values
  // as saved: such fields are dropped on load, and the draft with them.
  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem("entry-draft");
  } catch (error) {
    storage = null; // disabled or refused (private mode, policy): nothing is kept
  }
  // Read-only pages have no inputs; there is nothing to keep or restore there.
  if (!storage || !figures().length || !form.dataset.town || !form.dataset.year) return;
  var draftKey = "entry-draft:" + form.dataset.town + ":" + form.dataset.year;
  // A draft from an earlier visit that the user has neither restored nor discarded.
  var pending = null;

  function input(name) {
    var element = form.elements.namedItem(name);
    return element && element.tagName === "INPUT" ? element : null;
  }

  function codes() {
    return figures().map(function (figure) {
      return figure.name.replace(/^value-/, "");
    });
  }

  // The hidden shown-* fields hold the base; where one is absent, the value the
  // page was loaded with stands in for it.
  function shownValue(code) {
    var shown = input("shown-" + code);
    if (shown) return shown.value;
    var value = input("value-" + code);
    return value ? value.defaultValue : "";
  }

  function shownComment(code) {
    var shown = input("shown-comment-" + code);
    if (shown) return shown.value;
    var comment = input("comment-" + code);
    return comment ? comment.defaultValue : "";
  }

  // A figure as the server reads it (indicators/figures/validation.py), so that "1，234.5"
  // typed and "1234.50" shown after saving count as the same figure.
  function figureKey(text) {
    var figure = String(text == null ? "" : text);
    if (figure.normalize) figure = figure.normalize("NFKC");
    figure = figure.replace(/\s+/g, "");
    if (NO_VALUE.indexOf(figure) !== -1) return "";
    var plain = figure.replace(/%$/, "");
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(plain)) plain = plain.replace(/,/g, "");
    if (/^\d+(\.\d+)?$|^\.\d+$/.test(plain)) return String(Number(plain));
    return figure;
  }

  function sameFigure(a, b) {
    return figureKey(a) === figureKey(b);
  }

  function sameComment(a, b) {
    return String(a == null ? "" : a).trim() === String(b == null ? "" : b).trim();
  }

  function pageVersion() {
    return form.dataset.version || (input("version") ? input("version").value : "");
  }

  // The fields whose typed value or comment differs from their base, as the form
  // holds them now, with the version the form would send.
  function formDraft() {
    var fields = {};
    codes().forEach(function (code) {
      var comment = input("comment-" + code);
      var field = {
        value: input("value-" + code).value,
        comment: comment ? comment.value : "",
        shown: shownValue(code),
        shownComment: shownComment(code),
      };
      if (!sameFigure(field.value, field.shown) || !sameComment(field.comment, field.shownComment)) {
        fields[code] = field;
      }
    });
    var version = input("version");
    return { version: version ? version.value : pageVersion(), fields: fields };
  }

  function readDraft() {
    var draft = null;
    try {
      draft = JSON.parse(storage.getItem(draftKey));
    } catch (error) {
      draft = null;
    }
    if (!draft || typeof draft !== "object" || !draft.fields || typeof draft.fields !== "object") {
      return null;
    }
    return draft;
  }

  function storeDraft(draft) {
    try {
      if (Object.keys(draft.fields).length) {
        draft.savedAt = new Date().toISOString();
        storage.setItem(draftKey, JSON.stringify(draft));
      } else {
        storage.removeItem(draftKey);
      }
    } catch (error) {
      // Storage full or refused: the form itself still works.
    }
  }

  // What the form holds now; typing on this page wins over a pending draft's field.
  function keepTyping() {
    var draft = formDraft();
    if (pending) {
      var fields = {};
      Object.keys(pending.fields).forEach(function (code) {
        fields[code] = pending.fields[code];
      });
      Object.keys(draft.fields).forEach(function (code) {
        fields[code] = draft.fields[code];
      });
      draft = { version: pending.version, fields: fields };
    }
    storeDraft(draft);
  }

  form.addEventListener("input", keepTyping);
  form.addEventListener("change", keepTyping);
  // The POST may fail (expired session or page): what it sends is kept as well.
  form.addEventListener("submit", keepTyping);

  function restore() {
    var draft = readDraft() || pending;
    pending = null;
    if (!draft) return;
    Object.keys(draft.fields).forEach(function (code) {
      var field = draft.fields[code];
      var value = input("value-" + code);
      if (!value) return;
      value.value = field.value == null ? "" : field.value;
      var comment = input("comment-" + code);
      if (comment) comment.value = field.comment == null ? "" : field.comment;
      var shown = input("shown-" + code);
      if (shown && typeof field.shown === "string") shown.value = field.shown;
      var shownNote = input("shown-comment-" + code);
      if (shownNote && typeof field.shownComment === "string") shownNote.value = field.shownComment;
    });
    var version = input("version");
    if (version && draft.version != null && draft.version !== "") {
      version.value = String(draft.version);
    }
    dirty = true;
    form.querySelectorAll(".entry-section").forEach(recount);
    keepTyping();
  }

  function discard() {
    pending = null;
    keepTyping(); // what was typed on this page since, if anything, stays kept
  }

  function indicatorName(code) {
    var value = input("value-" + code);
    var label = value && value.labels && value.labels[0];
    return label ? label.textContent.trim() : code;
  }

  function offer(draft) {
    var banner = document.getElementById("draft-banner");
    if (!banner) return;
    var names = banner.querySelector(".draft-names");
    if (names) names.textContent = Object.keys(draft.fields).map(indicatorName).join("、");
    var changed = banner.querySelector(".draft-changed");
    if (changed) changed.hidden = String(draft.version) === String(pageVersion());
    banner.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-draft-action]");
      if (!button) return;
      if (button.dataset.draftAction === "restore") {
        restore();
        var offered = banner.querySelector(".draft-offer");
        var restored = banner.querySelector(".draft-restored");
        if (offered) offered.hidden = true;
        if (restored) restored.hidden = false;
        else banner.hidden = true;
      } else {
        discard();
        banner.hidden = true;
      }
    });
    banner.hidden = false;
  }

  // On load: drop the fields the page now shows as saved; offer the rest, unless
  // the form already holds them (a refused save shows the page with the typing).
  (function load() {
    var draft = readDraft();
    if (!draft) return;
    var left = {};
    Object.keys(draft.fields).forEach(function (code) {
      var field = draft.fields[code];
      if (!field || !input("value-" + code)) return;
      if (sameFigure(field.value, shownValue(code)) && sameComment(field.comment, shownComment(code))) {
        return; // saved
      }
      left[code] = field;
    });
    draft.fields = left;
    storeDraft(draft);
    var missing = Object.keys(left).some(function (code) {
      var comment = input("comment-" + code);
      return (
        input("value-" + code).value !== left[code].value ||
        (comment ? comment.value : "") !== (left[code].comment || "")
      );
    });
    if (!missing) return;
    pending = draft;
    offer(draft);
  })();
  // After a conflict, each figure both sides changed offers the other person's value.
  // Taking it makes the field equal to what is saved now, so saving leaves it alone.
  document.querySelectorAll("button.take-theirs").forEach(function (button) {
    button.addEventListener("click", function () {
      var code = button.getAttribute("data-code");
      var value = input("value-" + code);
      var comment = input("comment-" + code);
      if (!value) return;
      value.value = button.getAttribute("data-value") || "";
      if (comment) comment.value = button.getAttribute("data-comment") || "";
      value.dispatchEvent(new Event("input", { bubbles: true }));
      button.disabled = true;
      button.closest("tr").classList.add("taken");
      value.focus();
    });
  });
})();
