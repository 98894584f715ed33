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

  function draw(holder) {
    if (holder.dataset.drawn) return;
    holder.dataset.drawn = "1";
    var source = document.querySelector('script.chart-data[data-chart="' + holder.id + '"]');
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(holder, figure.data, figure.layout, {
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

  // Printing a report draws every chart first.
  window.addEventListener("beforeprint", function () { holders.forEach(draw); });
})();
