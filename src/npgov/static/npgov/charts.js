/* Dashboard charts and the district map: presentation only, data from the npgov API. */
(function () {
  "use strict";

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + " → " + response.status);
    return response.json();
  }

  function statusChart(el) {
    const colours = JSON.parse(document.getElementById("status-colours").textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    getJSON(el.dataset.src).then(function (rows) {
      chart.setOption({
        tooltip: { trigger: "item" },
        series: [{
          type: "pie", radius: ["40%", "70%"],
          data: rows.map(function (r) { return { name: r.label, value: r.count, itemStyle: { color: colours[r.status] } }; }),
          label: { formatter: "{b}: {c}" },
        }],
      });
      el.dataset.rendered = "true";
    }).catch(function (err) { el.textContent = String(err); });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function districtMap(el) {
    const chart = echarts.init(el, null, { renderer: "svg" });
    Promise.all([
      getJSON(el.dataset.boundaries),
      getJSON(el.dataset.src),
      getJSON(el.dataset.points).catch(function () { return []; }),
    ]).then(function (results) {
      const geo = results[0], rates = results[1], points = results[2];
      // Boundaries are GCJ-02 with the GB/T 2260 code as `adcode`; points come converted.
      echarts.registerMap("beijing", geo);
      const nameByCode = {};
      geo.features.forEach(function (f) { nameByCode[f.properties.adcode] = f.properties.name; });
      const series = [{
        name: el.dataset.labelRate, type: "map", geoIndex: 0,
        data: rates.filter(function (r) { return nameByCode[r.code]; })
          .map(function (r) { return { name: nameByCode[r.code], value: r.rate }; }),
      }, {
        name: el.dataset.labelPoints, type: "scatter", coordinateSystem: "geo",
        symbolSize: 4, itemStyle: { color: "#7c3aed", opacity: 0.7 },
        data: points.map(function (p) { return { name: p.name, value: [p.lon, p.lat] }; }),
      }];
      chart.setOption({
        tooltip: { trigger: "item" },
        geo: { map: "beijing", roam: true, label: { show: false } },
        visualMap: { min: 0, max: 100, text: ["100%", "0%"], calculable: true, inRange: { color: ["#fee2e2", "#16a34a"] }, seriesIndex: 0 },
        series: series,
      });
      el.dataset.rendered = "true";
    }).catch(function (err) { el.textContent = String(err); });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const status = document.getElementById("status-chart");
    if (status) statusChart(status);
    const map = document.getElementById("district-map");
    if (map) districtMap(map);
  });
})();
