/* The 大屏 (templates/bigscreen/screen.html): rotates through the report sections,
 * draws the charts embedded as JSON, keeps the clock.
 *
 * Keys: space pauses and resumes, ←/→ (and PageUp/PageDown) go back and on, 1-9 jump
 * to a section, T switches dark and light, F goes full screen.
 *
 * The rotation's state is on <body> for anyone (and the browser tests) to read:
 * data-current (the section shown), data-index, data-rotations (how many times the
 * timer moved on) and data-paused. No inline script anywhere: the CSP forbids it. */
(function () {
  "use strict";
  var body = document.body;
  var slides = Array.prototype.slice.call(document.querySelectorAll(".bs-slide"));
  var tabs = Array.prototype.slice.call(document.querySelectorAll(".bs-tab"));
  var pausedBadge = document.querySelector(".bs-paused");
  var countdown = document.querySelector(".bs-countdown span");
  var interval = (parseInt(body.dataset.interval, 10) || 20) * 1000;
  // After a full round, a public screen left on for a while reloads, to show figures
  // approved meanwhile (data-refresh, in seconds). Never for a signed-in user: the
  // reload would keep an unattended session alive past its idle timeout.
  var refreshAfter = (parseInt(body.dataset.refresh, 10) || 0) * 1000;
  var loadedAt = Date.now();
  var current = -1;
  var timer = null;
  var deadline = 0;
  var remaining = interval;
  var paused = false;
  var rotations = 0;
  var charts = [];

  // ── Charts ────────────────────────────────────────────────────────────────
  function colors() {
    var style = getComputedStyle(body);
    return {
      ink: style.getPropertyValue("--chart-ink").trim(),
      muted: style.getPropertyValue("--chart-muted").trim(),
      grid: style.getPropertyValue("--chart-grid").trim()
    };
  }

  function paint(figure, c) {
    var layout = figure.layout;
    layout.font = Object.assign(layout.font || {}, { color: c.ink });
    ["xaxis", "yaxis"].forEach(function (axis) {
      layout[axis] = Object.assign(layout[axis] || {}, {
        gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.grid
      });
    });
    (layout.annotations || []).forEach(function (note) {
      // Each town's figure (dashboard/charts/text.py: label_column) in ink, notes muted.
      note.font = Object.assign(note.font || {}, { color: note.name === "label" ? c.ink : c.muted });
    });
    (layout.shapes || []).forEach(function (shape) {
      if (shape.line) shape.line.color = c.ink;
    });
    figure.data.forEach(function (trace) {
      if (trace.meta === "target") {
        trace.marker = Object.assign(trace.marker || {}, { color: c.ink });
        trace.marker.line = Object.assign(trace.marker.line || {}, { color: c.ink });
      }
    });
  }

  // A phone is no wall screen: the town names may be smaller there, leaving the bars room.
  var narrow = window.matchMedia("(max-width: 700px)").matches;

  // A ranking is as tall as its rows (wall.py: meta.rows); where the page scrolls
  // (below 1500 px) it grows with them instead of squeezing its rows.
  var ROW_PX = 36;
  var stacked = window.matchMedia("(max-width: 1500px)").matches;

  function draw(chart) {
    paint(chart.figure, colors());
    var rows = chart.figure.layout.meta && chart.figure.layout.meta.rows;
    if (stacked && rows) {
      chart.holder.style.height = Math.max(chart.holder.clientHeight, rows * ROW_PX + 100) + "px";
    } else if (rows) {
      // On the wall the ranking is as tall as its rows; the map above takes the rest.
      chart.holder.style.height = rows * ROW_PX + 52 + "px";
    }
    if (narrow) {
      var layout = chart.figure.layout;
      layout.yaxis = Object.assign(layout.yaxis || {}, { tickfont: { size: 18 }, ticksuffix: " " });
      // wall.py: a long name, whole on the wall, shortened on a phone.
      if (layout.meta && layout.meta.narrowNames && layout.yaxis.tickvals) {
        layout.yaxis.ticktext = layout.meta.narrowNames;
      }
      layout.font = Object.assign(layout.font || {}, { size: 18 });
      (layout.annotations || []).forEach(function (note) {
        note.font = Object.assign(note.font || {}, { size: 18 });
      });
    }
    Plotly.newPlot(chart.holder, chart.figure.data, chart.figure.layout, {
      responsive: true,
      displayModeBar: false,
      displaylogo: false
    });
  }

  // A chart follows its holder's size, not only the window's: a heading that wraps
  // once the fonts are in, or a slide shown on a narrow screen, resizes it.
  var resized = window.ResizeObserver && new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.target._fullLayout) Plotly.Plots.resize(entry.target);
    });
  });

  document.querySelectorAll("script.bs-chart-data").forEach(function (source) {
    var holder = document.getElementById(source.dataset.chart);
    if (!holder) return;
    charts.push({ holder: holder, figure: JSON.parse(source.textContent) });
    if (resized) resized.observe(holder);
  });
  // The first section is shown before drawing: on a narrow screen only it is laid out.
  show(parseInt(body.dataset.first, 10) || 0);
  if (window.Plotly) {
    charts.forEach(draw);
  } else {
    charts.forEach(function (chart) {
      chart.holder.textContent = "图表脚本未能加载 / chart script failed to load";
    });
  }

  // ── Rotation ──────────────────────────────────────────────────────────────
  function show(index) {
    var count = slides.length;
    if (!count) return;
    current = ((index % count) + count) % count;
    slides.forEach(function (slide, i) {
      slide.classList.toggle("current", i === current);
      slide.setAttribute("aria-hidden", i === current ? "false" : "true");
    });
    tabs.forEach(function (tab, i) {
      tab.classList.toggle("current", i === current);
      if (i === current) tab.setAttribute("aria-current", "true");
      else tab.removeAttribute("aria-current");
    });
    body.dataset.current = slides[current].dataset.section;
    body.dataset.index = String(current);
    // On a narrow screen the other slides are display:none: fit the chart now.
    if (window.Plotly) {
      slides[current].querySelectorAll(".js-plotly-plot").forEach(function (plot) {
        Plotly.Plots.resize(plot);
      });
    }
  }

  function runCountdown(left) {
    if (!countdown) return;
    countdown.classList.remove("running");
    void countdown.offsetWidth; // restart the animation
    countdown.style.animationDuration = interval + "ms";
    countdown.style.animationDelay = -(interval - left) + "ms";
    countdown.style.animationPlayState = paused ? "paused" : "running";
    countdown.classList.add("running");
  }

  function schedule(left) {
    clearTimeout(timer);
    timer = null;
    remaining = left;
    runCountdown(left);
    if (paused || slides.length < 2) return;
    deadline = Date.now() + left;
    timer = setTimeout(advance, left);
  }

  function advance() {
    rotations += 1;
    body.dataset.rotations = String(rotations);
    var next = current + 1;
    if (next >= slides.length && refreshAfter && Date.now() - loadedAt > refreshAfter) {
      window.location.reload();
      return;
    }
    show(next);
    schedule(interval);
  }

  function go(index) {
    show(index);
    schedule(interval);
  }

  function setPaused(value) {
    if (value === paused) return;
    paused = value;
    body.dataset.paused = paused ? "true" : "false";
    if (pausedBadge) pausedBadge.hidden = !paused;
    if (paused) {
      clearTimeout(timer);
      timer = null;
      remaining = Math.max(0, deadline - Date.now());
      if (countdown) countdown.style.animationPlayState = "paused";
    } else {
      schedule(remaining);
    }
  }

  // ── Theme and full screen ─────────────────────────────────────────────────
  function switchTheme() {
    var light = body.classList.contains("theme-dark");
    body.classList.toggle("theme-dark", !light);
    body.classList.toggle("theme-light", light);
    var url = new URL(window.location.href);
    url.searchParams.set("theme", light ? "light" : "dark");
    window.history.replaceState(null, "", url);
    if (window.Plotly) charts.forEach(draw);
  }

  function switchFullScreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    var key = event.key;
    if (key === " " || key === "Spacebar") {
      setPaused(!paused);
    } else if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown") {
      go(current + 1);
    } else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp") {
      go(current - 1);
    } else if (key === "Home") {
      go(0);
    } else if (key === "End") {
      go(slides.length - 1);
    } else if (/^[1-9]$/.test(key) && Number(key) <= slides.length) {
      go(Number(key) - 1);
    } else if (key === "t" || key === "T") {
      switchTheme();
    } else if (key === "f" || key === "F") {
      switchFullScreen();
    } else {
      return;
    }
    event.preventDefault();
  });

  tabs.forEach(function (tab, i) {
    tab.addEventListener("click", function () {
      go(i);
      tab.blur(); // else the next space would press the button again
    });
  });

  // ── Clock ─────────────────────────────────────────────────────────────────
  var lang = document.documentElement.lang || "zh-hans";
  var timeFormat = new Intl.DateTimeFormat(lang, {
    hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
  });
  var dateFormat = new Intl.DateTimeFormat(lang, {
    year: "numeric", month: "long", day: "numeric", weekday: "long"
  });
  var timeText = document.querySelector(".bs-time");
  var dateText = document.querySelector(".bs-date");

  function tick() {
    var now = new Date();
    if (timeText) {
      timeText.textContent = timeFormat.format(now);
      timeText.setAttribute("datetime", now.toISOString());
    }
    if (dateText) dateText.textContent = dateFormat.format(now);
    setTimeout(tick, 1000 - (now.getTime() % 1000) + 5);
  }

  tick();
  schedule(interval);
})();
