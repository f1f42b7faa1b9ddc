/* A screening run's substances per NORMAN action category and compartment: presentation only. */
(function () {
  "use strict";
  const el = document.getElementById("categories-chart");
  const data = document.getElementById("category-counts");
  if (!el || !data || typeof echarts === "undefined") return;
  const d = JSON.parse(data.textContent);
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 220, right: 24, top: 8, bottom: 40 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: d.categories.map(function (name, i) { return (i + 1) + ". " + name; }) },
    series: d.series.map(function (s) { return { name: s.name, type: "bar", stack: "n", data: s.values }; }),
  });
  el.dataset.rendered = "true";
  window.addEventListener("resize", function () { chart.resize(); });
})();

/* A substance's SSD (fitted model-averaged curve and species points) and its RQ map. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const ssdEl = document.getElementById("ssd-chart");
  const ssdData = document.getElementById("ssd-data");
  if (ssdEl && ssdData) {
    const d = JSON.parse(ssdData.textContent);
    const chart = echarts.init(ssdEl, null, { renderer: "svg" });
    const groups = {};
    (d.points || []).forEach(function (p) {
      (groups[p.group] = groups[p.group] || []).push({ name: p.species, value: [p.value, p.rank] });
    });
    const band = d.band || [];
    const series = [
      { name: "SSD", type: "line", showSymbol: false, data: d.curve || [] },
      { name: "95% CI", type: "line", showSymbol: false, lineStyle: { type: "dashed", width: 1 },
        data: band.filter(function (b) { return b[1] > 0; }).map(function (b) { return [b[1], b[0]]; }) },
      { name: "95% CI ", type: "line", showSymbol: false, lineStyle: { type: "dashed", width: 1 },
        data: band.filter(function (b) { return b[2] > 0; }).map(function (b) { return [b[2], b[0]]; }) },
    ];
    Object.keys(groups).forEach(function (g) { series.push({ name: g, type: "scatter", symbolSize: 9, data: groups[g] }); });
    chart.setOption({
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      grid: { bottom: 60 },
      xAxis: { type: "log", name: "mg/L" }, yAxis: { type: "value", min: 0, max: 1 },
      series: series,
    });
    ssdEl.dataset.rendered = "true";
  }
  const rqData = document.getElementById("rq-data");
  const maps = document.querySelectorAll(".rq-map");
  if (!rqData || !maps.length) return;
  const byCompartment = JSON.parse(rqData.textContent);
  fetch(maps[0].dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
    echarts.registerMap("beijing", geo);
    const nameByCode = {};
    geo.features.forEach(function (f) { nameByCode[f.properties.adcode] = f.properties.name; });
    maps.forEach(function (mapEl) {
      const rows = byCompartment[mapEl.dataset.compartment] || [];
      const chart = echarts.init(mapEl, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "item" },
        visualMap: { min: 0, max: 2, text: ["RQ ≥ 2", "0"], calculable: true, inRange: { color: ["#dcfce7", "#fde047", "#dc2626"] } },
        series: [{ type: "map", map: "beijing", roam: true,
          data: rows.filter(function (r) { return nameByCode[r.code]; }).map(function (r) { return { name: nameByCode[r.code], value: Math.round(r.rq * 100) / 100 }; }) }],
      });
      mapEl.dataset.rendered = "true";
    });
  }).catch(function (err) { maps[0].textContent = String(err); });
})();
