/* A screening run's substances per NORMAN action category: presentation only. */
(function () {
  "use strict";
  const el = document.getElementById("categories-chart");
  const data = document.getElementById("category-counts");
  if (!el || !data || typeof echarts === "undefined") return;
  const rows = JSON.parse(data.textContent);
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 220, right: 24, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: rows.map(function (r, i) { return (i + 1) + ". " + r.name; }) },
    series: [{ type: "bar", data: rows.map(function (r) { return r.value; }), label: { show: true, position: "right" } }],
  });
  el.dataset.rendered = "true";
  window.addEventListener("resize", function () { chart.resize(); });
})();
