/* Draws the Plotly figures embedded as JSON by the server (dashboard/pages.py).
 * Charts are drawn when they scroll near the screen, so a section page with twenty
 * charts opens fast. PNG export comes from Plotly's own toolbar. */
(function () {
  "use strict";
  var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;
  if (chinese && window.Plotly) {
    // Plotly's toolbar in Chinese: a few words, registered here instead of
    // fetching Plotly's locale bundle.
    Plotly.register({
      moduleType: "locale",
      name: "zh-CN",
      dictionary: {
        "Download plot as a png": "下载 PNG 图片",
        "Download plot as a PNG": "下载 PNG 图片",
        "Download plot": "下载图片",
        "Zoom": "缩放",
        "Pan": "平移",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "Autoscale": "自动缩放",
        "Reset axes": "重置坐标轴",
        "Box Select": "框选",
        "Lasso Select": "套索选择",
        "Show closest data on hover": "悬停显示最近数据",
        "Compare data on hover": "悬停比较数据",
        "Double-click to zoom back out": "双击恢复",
        "Click to enter Colorscale title": "",
        "Click to enter Plot title": "",
        "Click to enter X axis title": "",
        "Click to enter Y axis title": ""
      },
      format: { decimal: ".", thousands: "," }
    });
  }

  // A year axis (dashboard/charts: tickformat "d") has a tick every year. Where the chart
  // is too narrow for every year's label (a phone), every second or third year is
  // labelled instead, so that the labels never overlap.
  var YEAR_LABEL_PX = 52; // "2025" at 15 px, and a gap
  var NARROW_PX = 560; // a chart narrower than this is on a phone

  function yearStep(holder, figure) {
    var axis = figure.layout.xaxis;
    if (!axis || axis.tickformat !== "d") return null;
    var years = [];
    figure.data.forEach(function (trace) {
      (trace.x || []).forEach(function (x) { if (typeof x === "number") years.push(x); });
    });
    if (years.length < 2) return 1;
    var count = Math.max.apply(null, years) - Math.min.apply(null, years) + 1;
    var margin = figure.layout.margin || {};
    // The value axis' labels take about 60 px besides the margins.
    var width = holder.clientWidth - (margin.l || 0) - (margin.r || 0) - 60;
    var fits = Math.max(2, Math.floor(width / YEAR_LABEL_PX));
    return Math.max(1, Math.ceil(count / fits));
  }

  var figures = {};

  // A horizontal legend under the plot sits a fraction of the plot's height below
  // it: when many long town names make the legend tall and the plot short, the
  // legend rises into the year labels. Measured once drawn, and moved clear of them.
  function clearLegend(holder) {
    var ticks = holder.querySelector(".xaxislayer-above");
    var legend = holder.querySelector(".legend");
    var layout = holder._fullLayout;
    if (!ticks || !legend || !layout || !layout.showlegend) return;
    var gap = ticks.getBoundingClientRect().bottom + 6 - legend.getBoundingClientRect().top;
    if (gap <= 0 || ticks.getBoundingClientRect().height === 0) return;
    Plotly.relayout(holder, {
      "legend.y": layout.legend.y - gap / layout._size.h,
      height: layout.height + gap
    });
  }

  function restep(holder) {
    var step = yearStep(holder, figures[holder.id]);
    if (step && step !== holder._fullLayout.xaxis.dtick) {
      Plotly.relayout(holder, { "xaxis.dtick": step });
    }
  }

  function draw(holder) {
    if (holder.dataset.drawn) return;
    holder.dataset.drawn = "1";
    var source = document.querySelector('script.chart-data[data-chart="' + holder.id + '"]');
    var figure = JSON.parse(source.textContent);
    figures[holder.id] = figure;
    var step = yearStep(holder, figure);
    if (step) figure.layout.xaxis.dtick = step;
    // A figure's own changes for a phone (dashboard/charts: layout.meta.narrow), as
    // Plotly.relayout attribute strings such as "xaxis.showticklabels".
    var narrow = figure.layout.meta && figure.layout.meta.narrow;
    if (narrow && holder.clientWidth < NARROW_PX) {
      Object.keys(narrow).forEach(function (path) {
        var keys = path.split("."), target = figure.layout;
        keys.slice(0, -1).forEach(function (key) { target = target[key] = target[key] || {}; });
        target[keys[keys.length - 1]] = narrow[path];
      });
    }
    var drawn = Plotly.newPlot(holder, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      locale: chinese ? "zh-CN" : "en",
      // Plotly 3 offers to upload the chart to Plotly Cloud: never, from an intranet.
      modeBarButtonsToRemove: ["select2d", "lasso2d", "sendChartToCloud"],
      toImageButtonOptions: {
        format: "png",
        filename: holder.dataset.filename || "chart",
        width: 1600,
        height: 900,
        scale: 1
      }
    });
    if (drawn && drawn.then) {
      drawn.then(function () {
        clearLegend(holder);
        // For scripts that add to a drawn chart (maps.js: a click opens a region).
        holder.dispatchEvent(new CustomEvent("chart:drawn", { bubbles: true }));
      });
    }
  }

  var holders = Array.prototype.slice.call(document.querySelectorAll("div.chart"));
  if (!window.Plotly) {
    holders.forEach(function (holder) {
      holder.textContent = "图表脚本未能加载 / chart script failed to load";
    });
    return;
  }
  if (!("IntersectionObserver" in window)) {
    holders.forEach(draw);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "400px 0px" });
  holders.forEach(function (holder) { observer.observe(holder); });

  // A phone turned sideways, a window resized: the year labels' step follows.
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      holders.forEach(function (holder) { if (holder.dataset.drawn && holder._fullLayout) restep(holder); });
    }, 200);
  });

  // Printing a report opens the overview's sections and draws every chart first.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.section-row").forEach(function (row) { row.open = true; });
    holders.forEach(draw);
  });
})();
