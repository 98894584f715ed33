/* The 大屏's map (templates/maps/_wall.html): while a section is shown, its map steps
 * through the last years (a timeline), one year per share of the section's time.
 * The year shown is on the holder as data-year, for anyone (and the tests) to read. */
(function () {
  "use strict";
  var body = document.body;
  if (!window.drawFetchedMap) return;
  var interval = (parseInt(body.dataset.interval, 10) || 20) * 1000;
  var timer = null;

  function play(holder) {
    clearTimeout(timer);
    var years = (holder.dataset.years || "").split(",").filter(Boolean);
    var label = holder.parentNode.querySelector(".bs-map-year");
    var step = Math.max(1500, interval / Math.max(1, years.length));
    var index = 0;
    function next() {
      var year = years[index];
      holder.dataset.year = year;
      if (label) label.textContent = (holder.dataset.yearPattern || "YEAR年").replace("YEAR", year);
      window.drawFetchedMap(holder, holder.dataset.mapSrc + "&year=" + year);
      index = (index + 1) % years.length;
      if (years.length > 1 && body.dataset.paused !== "true") timer = setTimeout(next, step);
    }
    if (years.length) next();
  }

  function current() {
    var slide = document.querySelector(".bs-slide.current");
    var holder = slide && slide.querySelector(".bs-map");
    if (holder) play(holder);
    else clearTimeout(timer);
  }

  new MutationObserver(current).observe(body, {
    attributes: true, attributeFilter: ["data-current", "data-paused"]
  });
  current();
})();
