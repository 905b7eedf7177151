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
})();
