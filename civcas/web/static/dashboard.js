// Dashboard charts, drawn with Chart.js from the figures the page embeds as JSON.
// The same figures are in the tables under each chart: without JavaScript nothing is lost.
(function () {
  "use strict";
  var INK = "#1b1b1b";
  var OFFICIAL = "#8a1c1c";
  // Dark enough for 3:1 against white (WCAG 1.4.11); told apart by dash pattern as well.
  var MONITORS = [
    { line: "#0b4f8a", band: "rgba(11, 79, 138, 0.15)", dash: [8, 4] },
    { line: "#6b4c00", band: "rgba(107, 76, 0, 0.15)", dash: [2, 3] },
    { line: "#3d5a1e", band: "rgba(61, 90, 30, 0.15)", dash: [12, 3, 2, 3] },
    { line: "#5b2a86", band: "rgba(91, 42, 134, 0.15)", dash: [4, 4] }
  ];

  function named(template, name) {
    return template.replace("%(monitor)s", name);
  }

  function numberFormat(value) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString("en");
  }

  function baseOptions(rtl, reduced) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduced ? false : { duration: 400 },
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", rtl: rtl, labels: { color: INK, usePointStyle: true } },
        tooltip: {
          rtl: rtl,
          callbacks: {
            label: function (context) {
              return context.dataset.label + ": " + numberFormat(context.parsed.y);
            }
          }
        }
      },
      scales: {
        x: { reverse: rtl, ticks: { color: INK, autoSkip: true, maxRotation: 0 } },
        y: {
          beginAtZero: true,
          position: rtl ? "right" : "left",
          ticks: { color: INK, precision: 0, callback: numberFormat }
        }
      }
    };
  }

  function deathsChart(canvas, data, labels, options) {
    var datasets = [
      {
        label: labels.official,
        data: data.official,
        borderColor: OFFICIAL,
        backgroundColor: OFFICIAL,
        borderWidth: 3,
        pointStyle: "circle",
        pointRadius: data.months.length > 24 ? 0 : 3,
        fill: false,
        order: 0
      }
    ];
    data.monitors.forEach(function (monitor, index) {
      var style = MONITORS[index % MONITORS.length];
      var common = {
        borderColor: style.line,
        backgroundColor: style.band,
        borderDash: style.dash,
        borderWidth: 2,
        pointStyle: "triangle",
        pointRadius: data.months.length > 24 ? 0 : 3,
        spanGaps: false,
        order: 1
      };
      datasets.push(Object.assign({}, common, {
        label: named(labels.likelyMin, monitor.name), data: monitor.min, fill: false
      }));
      // Shaded down to the low line just added: the likely band.
      datasets.push(Object.assign({}, common, {
        label: named(labels.likelyMax, monitor.name), data: monitor.max, fill: "-1"
      }));
    });
    options.scales.y.title = { display: true, text: labels.deaths, color: INK };
    return new window.Chart(canvas, {
      type: "line", data: { labels: data.months, datasets: datasets }, options: options
    });
  }

  function strikesChart(canvas, data, labels, options) {
    options.plugins.legend.display = false;
    options.scales.y.title = { display: true, text: labels.strikes, color: INK };
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.months,
        datasets: [{ label: labels.strikes, data: data.strikes, backgroundColor: "#4a4a4a" }]
      },
      options: options
    });
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.Chart) { return; }
    var payload = JSON.parse(source.textContent);
    var rtl = document.documentElement.getAttribute("dir") === "rtl";
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.color = INK;
    var deaths = document.getElementById("deaths-chart");
    var strikes = document.getElementById("strikes-chart");
    if (deaths) { deathsChart(deaths, payload.chart, payload.labels, baseOptions(rtl, reduced)); }
    if (strikes) { strikesChart(strikes, payload.chart, payload.labels, baseOptions(rtl, reduced)); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
