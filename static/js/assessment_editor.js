// The scheme editor (templates/assessment/editor.html): show each item's parameters for
// its method only, and move parts and items up or down. Without JavaScript the page
// works as a plain form: the parameters of the saved method are shown, the order is
// the "顺序" numbers, and "添加" buttons submit.
(function () {
  "use strict";
  var form = document.querySelector("form.as-editor");
  if (!form) return;

  function showParameters(item) {
    var select = item.querySelector("select.as-method");
    if (!select) return;
    item.querySelectorAll(".as-param").forEach(function (field) {
      var methods = (field.dataset.methods || "").split(" ");
      field.hidden = methods.indexOf(select.value) < 0;
    });
  }

  form.querySelectorAll(".as-item").forEach(showParameters);
  form.addEventListener("change", function (event) {
    if (event.target.matches("select.as-method")) {
      showParameters(event.target.closest(".as-item"));
    }
  });

  // Moving: swap with the neighbour, then number the order fields 1, 2, 3… as shown.
  function renumber(list) {
    var number = 1;
    Array.prototype.forEach.call(list.children, function (child) {
      if (!child.hasAttribute("data-sortable-item")) return;
      var order = child.querySelector(".as-order input");
      if (order && order.closest("[data-sortable-item]") === child) order.value = number++;
    });
  }

  form.querySelectorAll(".as-move").forEach(function (buttons) {
    buttons.hidden = false;
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) return;
    var row = button.closest("[data-sortable-item]");
    var list = row.parentElement;
    var step = Number(button.dataset.move);
    var other = step < 0 ? row.previousElementSibling : row.nextElementSibling;
    if (!other || !other.hasAttribute("data-sortable-item")) return;
    list.insertBefore(step < 0 ? row : other, step < 0 ? other : row);
    renumber(list);
    button.focus();
  });
})();
