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
  // Time-zone lists: this device's zone first, so most people find theirs at the top.
  function deviceZoneFirst(root) {
    var zone = window.upward && window.upward.deviceZone();
    if (!zone) return;
    root.querySelectorAll('select[name$="time_zone"]').forEach(function (select) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
      if (!option || option === select.options[0]) return;
      var selected = select.value;
      option.textContent = option.textContent + " (this device)";
      select.insertBefore(option, select.options[0]);
      select.value = selected;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { initTooltips(document); deviceZoneFirst(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initTooltips(e.target); deviceZoneFirst(e.target); });
  // A server-side "This field is required" goes once the field is filled: the message is
  // about the old value, and the server checks again on save.
  function clearFixed(event) {
    var field = event.target;
    if (!field.classList || !field.classList.contains("is-invalid")) return;
    if (field.type === "radio" || field.type === "checkbox") {
      if (!field.checked) return;
    } else if (!String(field.value || "").trim()) {
      return;
    }
    var wrapper = field.closest("[id^='div_'], .mb-3, .col-12, fieldset") || field.parentElement;
    wrapper.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    wrapper.querySelectorAll(".invalid-feedback").forEach(function (el) { el.hidden = true; el.classList.remove("d-block"); });
  }
  document.addEventListener("input", clearFixed);
  document.addEventListener("change", clearFixed);
  // WCAG 1.4.13: a tooltip can be dismissed without moving the pointer or the focus.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !window.bootstrap) return;
    document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      var tip = window.bootstrap.Tooltip.getInstance(el);
      if (tip) tip.hide();
    });
  });
})();
