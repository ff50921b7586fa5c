/* Report pages: when htmx swaps in a finished run's charts (reports/runs/*.html), draw them
   as static/js/charts.js draws those of the first load; and the print view's Print button. */
(function () {
  "use strict";

  function drawNewCharts() {
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

  document.addEventListener("htmx:afterSettle", drawNewCharts);
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
