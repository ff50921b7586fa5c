/* Draws every Plotly chart of the page from the JSON embedded next to it.
   The figures are built in Python (reports/charts.py); plotly.js is served from our own
   static files (vendor/plotly), so the charts work without any outside host. */
(function () {
  "use strict";

  function drawCharts() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.chart);
      if (!source) {
        return;
      }
      window.Plotly.newPlot(element, JSON.parse(source.textContent));
      element.classList.add("chart-drawn");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCharts);
  } else {
    drawCharts();
  }
})();
