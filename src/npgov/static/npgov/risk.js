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
  const mapEl = document.getElementById("rq-map");
  const rqData = document.getElementById("rq-data");
  if (mapEl && rqData) {
    const rows = JSON.parse(rqData.textContent);
    const chart = echarts.init(mapEl, null, { renderer: "svg" });
    fetch(mapEl.dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("beijing", geo);
      const nameByCode = {};
      geo.features.forEach(function (f) { nameByCode[f.properties.adcode] = f.properties.name; });
      chart.setOption({
        tooltip: { trigger: "item" },
        visualMap: { min: 0, max: 2, text: ["RQ ≥ 2", "0"], calculable: true, inRange: { color: ["#dcfce7", "#fde047", "#dc2626"] } },
        series: [{ type: "map", map: "beijing", roam: true,
          data: rows.filter(function (r) { return nameByCode[r.code]; }).map(function (r) { return { name: nameByCode[r.code], value: Math.round(r.rq * 100) / 100 }; }) }],
      });
      mapEl.dataset.rendered = "true";
    }).catch(function (err) { mapEl.textContent = String(err); });
  }
})();
