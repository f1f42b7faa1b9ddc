/* Survey campaign dashboard and the emission-source map: presentation only; the data are
   embedded by the page (json_script) after the policy layer has filtered them. */
(function () {
  "use strict";

  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function chart(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const c = echarts.init(el, null, { renderer: "svg" });
    c.setOption(option);
    el.dataset.rendered = "true";
    window.addEventListener("resize", function () { c.resize(); });
  }

  function completionBars(rows, labels, nameOf) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map(nameOf) },
      series: [
        { name: labels.accepted, type: "bar", stack: "s", itemStyle: { color: "#16a34a" }, data: rows.map(function (r) { return r.accepted; }) },
        { name: labels.reported, type: "bar", stack: "s", itemStyle: { color: "#3b82f6" }, data: rows.map(function (r) { return r.reported - r.accepted; }) },
        { name: labels.total, type: "bar", stack: "s", itemStyle: { color: "#d1d5db" }, data: rows.map(function (r) { return r.total - r.reported; }) },
      ],
    };
  }

  function dashboard(d) {
    chart("state-chart", {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["40%", "70%"], label: { formatter: "{b}: {c}" },
        data: d.states.filter(function (s) { return s.value > 0; }).map(function (s) {
          return { name: s.label, value: s.value, itemStyle: { color: s.colour } };
        }) }],
    });
    chart("district-chart", completionBars(d.districts, d.labels, function (r) { return r.name || "—"; }));
    chart("industry-chart", completionBars(d.industries, d.labels, function (r) { return (r.code || "") + " " + (r.name || ""); }));
  }

  function inventoryMap(el, points) {
    const c = echarts.init(el, null, { renderer: "svg" });
    fetch(el.dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("beijing", geo);
      const max = Math.max.apply(null, points.map(function (p) { return p.release; }).concat([1e-9]));
      c.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return p.name + "<br>" + el.dataset.label + ": " + p.value[2]; } },
        geo: { map: "beijing", roam: true },
        series: [{ type: "scatter", coordinateSystem: "geo", itemStyle: { color: "#dc2626", opacity: 0.75 },
          symbolSize: function (v) { return 5 + 20 * Math.sqrt(v[2] / max); },
          data: points.map(function (p) { return { name: p.name, value: [p.lon, p.lat, p.release] }; }) }],
      });
      el.dataset.rendered = "true";
    }).catch(function (err) { el.textContent = String(err); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const d = data("survey-chart-data");
    if (d) dashboard(d);
    const points = data("inventory-points");
    const map = document.getElementById("inventory-map");
    if (points && map) inventoryMap(map, points);
  });
})();
