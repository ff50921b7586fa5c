/* The Print button of a report run's pages ([data-print]), kept out of inline handlers so the
   pages work under a strict Content-Security-Policy. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
