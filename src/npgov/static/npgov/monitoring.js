/* Monitoring pages: the Leaflet site map (district boundaries, no tiles from outside),
   a site's time series with non-detects drawn hollow, the heat map and the microplastics
   charts. Presentation only; the data are embedded by the page after the policy filter. */
(function () {
  "use strict";

  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function chart(el, option) {
    const c = echarts.init(el, null, { renderer: "svg" });
    c.setOption(option);
    el.dataset.rendered = "true";
    window.addEventListener("resize", function () { c.resize(); });
  }

  function siteMap(el, points) {
    const map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    const bounds = L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; }));
    fetch(el.dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      const districts = L.geoJSON(geo, { style: { color: "#64748b", weight: 1, fillColor: "#f1f5f9", fillOpacity: 1 } }).addTo(map);
      map.fitBounds(districts.getBounds());
      const max = Math.max.apply(null, points.map(function (p) { return p.max || 0; }).concat([1e-12]));
      points.forEach(function (p) {
        let colour = "#94a3b8", radius = 4;
        if (el.dataset.withSubstance) {
          if (p.detected > 0) { colour = "#dc2626"; radius = 4 + 10 * Math.sqrt((p.max || 0) / max); }
          else if (p.n > 0) { colour = "#2563eb"; }
        } else { colour = "#0f766e"; }
        const status = p.n === 0 ? el.dataset.labelNoData
          : (p.detected > 0 ? el.dataset.labelDetected + " " + p.detected + "/" + p.n + (p.max != null ? ", max " + p.max.toPrecision(3) : "") : el.dataset.labelNotDetected);
        L.circleMarker([p.lat, p.lon], { radius: radius, color: colour, weight: 1, fillColor: colour, fillOpacity: 0.7 })
          .bindPopup('<a href="' + p.url + '">' + p.code + " " + p.name + "</a><br>" + p.medium + (el.dataset.withSubstance ? "<br>" + status : ""))
          .addTo(map);
      });
      el.dataset.rendered = "true";
    }).catch(function (err) {
      if (bounds.isValid()) map.fitBounds(bounds);
      el.dataset.error = String(err);
    });
  }

  function siteSeries(el, series) {
    chart(el, {
      tooltip: { trigger: "item", formatter: function (p) { return p.seriesName + "<br>" + p.value[0] + ": " + (p.value[2] ? "< " : "") + p.value[1]; } },
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: el.dataset.unit },
      series: series.map(function (s) {
        return {
          name: s.name, type: "line", showSymbol: true, symbolSize: 7,
          data: s.points.map(function (p) {
            return { value: p, itemStyle: p[2] ? { color: "#fff", borderWidth: 1.5 } : undefined };
          }),
        };
      }),
    });
  }

  function heatmap(el, heat) {
    chart(el, {
      tooltip: { formatter: function (p) { return heat.substances[p.value[1]] + " · " + heat.districts[p.value[0]] + "<br>" + p.value[2] + "% (n=" + p.value[3] + ")"; } },
      grid: { left: 8, right: 16, top: 8, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: heat.districts, axisLabel: { rotate: 45 } },
      yAxis: { type: "category", data: heat.substances },
      visualMap: { min: 0, max: 100, calculable: true, orient: "horizontal", left: "center", bottom: 0, text: ["100%", "0%"], inRange: { color: ["#f8fafc", "#f59e0b", "#b91c1c"] } },
      series: [{ name: el.dataset.label, type: "heatmap", data: heat.cells, label: { show: false } }],
    });
  }

  function microplastics(d) {
    const sites = document.getElementById("mp-sites");
    if (sites) chart(sites, {
      tooltip: { trigger: "axis" }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.by_site.map(function (r) { return r.sample__site__code; }), axisLabel: { rotate: 45 } },
      yAxis: { type: "value", name: d.by_site.length ? d.by_site[0].abundance_unit : "" },
      series: [{ type: "bar", itemStyle: { color: "#0f766e" }, data: d.by_site.map(function (r) { return r.abundance; }) }],
    });
    [["mp-polymers", d.by_polymer, "polymer"], ["mp-shapes", d.by_shape, "shape"]].forEach(function (spec) {
      const el = document.getElementById(spec[0]);
      if (el) chart(el, { tooltip: { trigger: "item" }, series: [{ type: "pie", radius: ["35%", "70%"],
        data: spec[1].map(function (r) { return { name: r[spec[2]], value: r.count }; }) }] });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const points = data("site-points"), mapEl = document.getElementById("site-map");
    if (points && mapEl && window.L) siteMap(mapEl, points);
    const series = data("site-series"), seriesEl = document.getElementById("site-chart");
    if (series && seriesEl) siteSeries(seriesEl, series);
    const heat = data("heat-data"), heatEl = document.getElementById("heatmap");
    if (heat && heatEl) heatmap(heatEl, heat);
    const mp = data("microplastics-data");
    if (mp) microplastics(mp);
  });
})();
