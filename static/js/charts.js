/* Draws every Plotly chart of the page from the JSON embedded next to it: those of the first
   load, and those htmx swaps in later (a report run that finished while its page was open).
   The figures are built in Python (reports/charts/); plotly.js is served from our own static
   files (vendor/plotly), so the charts work without any outside host. */
(function () {
  "use strict";

  function drawCharts() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    document.querySelectorAll("[data-chart]:not(.chart-drawn)").forEach(function (element) {
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
  document.addEventListener("htmx:afterSettle", drawCharts);
})();
