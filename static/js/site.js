// Clusterdesk's page-wide behaviour, kept out of the HTML (no inline handlers).
(function () {
  "use strict";

  // The header's menu (templates/base.html) is rendered open, so it works without JavaScript;
  // on a phone it is folded until "Menu" is pressed, at desktop width it stays open.
  var phone = window.matchMedia("(max-width: 760px)");

  function fold(menu) {
    if (phone.matches) {
      menu.removeAttribute("open");
    } else {
      menu.setAttribute("open", "");
    }
  }

  function foldAll() {
    document.querySelectorAll("details.navmenu").forEach(fold);
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldAll();
    // A select marked data-submit-on-change (the cluster switcher) submits its form.
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  });
  phone.addEventListener("change", foldAll);
})();
