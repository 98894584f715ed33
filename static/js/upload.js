// Upload and confirm: the server reads and checks every row before it answers, which
// takes a few seconds for a large file. Show that it is working, and do not let a
// second click send the file twice.
(function () {
  "use strict";
  ["upload-form", "confirm-form"].forEach(function (id) {
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
