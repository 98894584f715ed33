// A click on a region of a map with data-drill opens that region's own map (a
// prefecture's counties, a county's towns). The link is the trace's customdata.
//
// Plotly's geo fetches a world basemap from cdn.plot.ly for any trace with a
// locationmode, even with the basemap hidden (geo.visible: false). An empty world
// given here first means no outside request: our maps draw only our own GeoJSON.
(function () {
  "use strict";
  var assets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} });
  var objects = {};
  ["coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"].forEach(function (name) {
    objects[name] = { type: "GeometryCollection", geometries: [] };
  });
  if (!assets.topojson.world_110m) {
    assets.topojson.world_110m = { type: "Topology", arcs: [], objects: objects };
  }
  function attach(holder) {
    if (holder.dataset.drillReady || typeof holder.on !== "function") return false;
    holder.dataset.drillReady = "1";
    holder.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      if (point && typeof point.customdata === "string" && point.customdata) {
        window.location.assign(point.customdata);
      }
    });
    return true;
  }
  document.addEventListener("chart:drawn", function (event) {
    if (event.target.dataset && event.target.dataset.drill) attach(event.target);
  });
})();

// A map's names never sit on one another: Plotly writes each region's name at its
// label point, and twenty small towns on a 大屏 panel wrote a blot. After each
// drawing, a name that would overlap one already kept is hidden (the region keeps
// its colour, and its name in the hover and the table).
(function () {
  "use strict";
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function separate(holder) {
    var kept = [];
    holder.querySelectorAll(".scattergeo text").forEach(function (text) {
      text.removeAttribute("visibility");
      var box = text.getBoundingClientRect();
      if (!box.width) return;
      if (kept.some(function (other) { return overlaps(box, other); })) {
        text.setAttribute("visibility", "hidden");
      } else {
        kept.push(box);
      }
    });
  }

  document.addEventListener("chart:drawn", function (event) {
    var holder = event.target;
    if (!holder.querySelector || !holder.querySelector(".scattergeo")) return;
    separate(holder);
    if (!holder.dataset.namesApart && typeof holder.on === "function") {
      holder.dataset.namesApart = "1";
      holder.on("plotly_afterplot", function () { separate(holder); });
    }
  });
})();

// A map fetched as JSON (the overview, the 大屏): drawn here, with the same
// click-through. data-map-src is the map page's URL with format=json.
(function () {
  "use strict";
  // Each map once a page: the 大屏 steps through the years again and again, and the
  // figures are those of the moment the page was loaded, as its other panels are.
  var fetched = {};

  function figureOf(src) {
    if (!fetched[src]) {
      fetched[src] = fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; });
    }
    return fetched[src];
  }

  function drawFetched(holder, src) {
    holder.dataset.mapLoaded = src;
    return figureOf(src)
      .then(function (figure) {
        if (holder.dataset.mapLoaded !== src) return;  // a newer request took over
        if (!figure) {
          // No boundaries yet: the overview's panel goes; the 大屏 says so.
          var panel = holder.closest(".overview-map-panel");
          if (panel) panel.hidden = true;
          else holder.textContent = holder.dataset.emptyText || "尚未导入边界";
          return;
        }
        return Plotly.react(holder, figure.data, figure.layout, {
          responsive: true,
          displaylogo: false,
          modeBarButtonsToRemove: ["select2d", "lasso2d", "sendChartToCloud"]
        }).then(function () {
          holder.dispatchEvent(new CustomEvent("chart:drawn", { bubbles: true }));
        });
      });
  }
  window.drawFetchedMap = drawFetched;
  if (!window.Plotly || !window.fetch) return;
  document.querySelectorAll("div.map-fetched[data-map-src]").forEach(function (holder) {
    drawFetched(holder, holder.dataset.mapSrc);
  });
})();
