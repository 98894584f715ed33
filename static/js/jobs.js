// A background job's page: poll its status and show how far it has got, in percent;
// when it is done, go to its result (or start the download of the file it made).
// Without JavaScript the page reloads itself instead (a <noscript> refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.state === "done" || box.dataset.state === "failed") return;
  var bar = box.querySelector("progress");
  var number = box.querySelector("[data-percent]");
  var queued = box.querySelector("[data-queued]");
  var EVERY = 500; // ms between polls
  var AFTER_ERROR = 3000; // a failed poll (network, server busy) is tried again later

  function show(percent) {
    bar.value = percent;
    bar.textContent = percent + "%";
    number.textContent = percent;
  }

  function poll() {
    fetch(box.dataset.statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (status) {
        show(status.percent);
        if (queued) queued.hidden = status.state !== "queued";
        if (status.state === "done" && box.dataset.fileUrl) {
          box.dataset.state = "done";
          box.querySelector("[data-when-done]").hidden = false;
          window.location.href = box.dataset.fileUrl;
        } else if (status.state === "done" || status.state === "failed") {
          window.location.replace(status.url);
        } else {
          window.setTimeout(poll, EVERY);
        }
      })
      .catch(function () {
        window.setTimeout(poll, AFTER_ERROR);
      });
  }

  window.setTimeout(poll, EVERY);
})();
