// The indicator form: the 换算系数 box stands out once the unit differs from the
// saved one (a unit change on an indicator with figures needs a conversion).
(function () {
  "use strict";
  var box = document.getElementById("conversion");
  var unit = document.getElementById("id_unit");
  if (!box || !unit) return;
  function mark() {
    box.classList.toggle("unit-changed", unit.value.trim() !== box.getAttribute("data-unit"));
  }
  unit.addEventListener("input", mark);
  mark();
})();
