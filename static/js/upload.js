// Upload and confirm: sending a large file takes a moment before the progress page
// appears. Show that it is on its way, and do not let a second click send it twice.
(function () {
  "use strict";
  ["upload-form", "confirm-form", "check-form"].forEach(function (id) {
    var form = document.getElementById(id);
    if (!form) return;
    form.addEventListener("submit", function () {
      var progress = form.querySelector(".upload-progress");
      if (progress) progress.hidden = false;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    });
  });
})();
