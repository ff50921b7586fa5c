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

  // A form marked data-confirm="Question?" asks before it is sent (staff removal, token
  // revocation, calendar feed changes). Delegated from the document, so it also covers forms
  // that htmx swaps in later; this replaces inline onsubmit handlers, which the
  // Content-Security-Policy forbids.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) {
      return;
    }
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A button marked data-copy="ELEMENT-ID" copies that field's value to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (field && navigator.clipboard) {
      navigator.clipboard.writeText(field.value);
    }
  });

  // A field marked data-select-on-focus selects its whole text when focused (a URL to copy).
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) {
      event.target.select();
    }
  });
})();
