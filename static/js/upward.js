/* Upward's small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";
  // Bootstrap tooltips for glossary terms, also after htmx swaps.
  function initTooltips(root) {
    if (!window.bootstrap) return;
    root.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      window.bootstrap.Tooltip.getOrCreateInstance(el);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { initTooltips(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initTooltips(e.target); });
  // WCAG 1.4.13: a tooltip can be dismissed without moving the pointer or the focus.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !window.bootstrap) return;
    document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      var tip = window.bootstrap.Tooltip.getInstance(el);
      if (tip) tip.hide();
    });
  });
})();
