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
  // A date typed in a date-time box is echoed in words, in the author's own language
  // ("Tue 5 Mar, 16:00"): 05/03 means March or May depending on who reads it.
  function sayDates(root) {
    var fmt;
    try {
      fmt = new Intl.DateTimeFormat(navigator.languages || undefined, {
        weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
      });
    } catch (e) { return; }
    root.querySelectorAll('input[type="datetime-local"]').forEach(function (input) {
      var id = input.id ? input.id + "-in-words" : "";
      if (!id) return;
      var echo = document.getElementById(id);
      if (!echo) {
        echo = document.createElement("div");
        echo.id = id;
        echo.className = "form-text date-in-words";
        input.insertAdjacentElement("afterend", echo);
        input.addEventListener("input", function () { show(input, echo); });
        input.addEventListener("change", function () { show(input, echo); });
      }
      show(input, echo);
    });
    function show(input, echo) {
      // The wall-clock time as typed: parsed and printed in the same (browser) zone.
      var d = input.value ? new Date(input.value) : null;
      echo.textContent = d && !isNaN(d) ? fmt.format(d) : "";
    }
  }
  // Focus goes to the result of an action: the one helper every panel swap uses. After a
  // form replaced a panel, focus the new content's marked element ([data-focus-after-swap]:
  // a notice, an error, a one-time link), else its first invalid field or alert, else the
  // panel's heading, so a keyboard or screen-reader user is not dropped on <body>. A page
  // that arrives with a marked element (a refused Escalate, a no-JS post) gets the same.
  var FOCUS_ORDER = ["[data-focus-after-swap]", ".is-invalid", "[role=alert]", "[role=status]", "h2, h3"];
  function focusResult(root) {
    var target = null;
    for (var i = 0; i < FOCUS_ORDER.length && !target; i++) {
      target = root.matches && root.matches(FOCUS_ORDER[i]) ? root : root.querySelector(FOCUS_ORDER[i]);
    }
    if (!target) return false;
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "nearest" });
    return true;
  }
  document.addEventListener("htmx:afterSwap", function (e) {
    // The element that made the request (detail.elt is the new content itself).
    var source = e.detail && e.detail.requestConfig && e.detail.requestConfig.elt;
    // Typing-driven swaps (the preview, the coach) never take the focus from the field.
    if (!source || source.tagName !== "FORM") return;
    // Only the panel the form targeted: not what comes with it out of band (the header).
    var target = e.detail.target;
    if (!target || !e.target.id || e.target.id !== target.id) return;
    focusResult(e.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var marked = document.querySelector("[data-focus-after-swap]");
    if (marked) focusResult(marked);
  });
  // A form sent with htmx that fails (the server answers an error, or the network drops)
  // would otherwise change nothing on screen: say so at the top of the form, in an alert,
  // and keep everything typed so the author can send it again.
  function sayNotSent(e) {
    var form = e.detail && e.detail.elt;
    if (!form || form.tagName !== "FORM") return;
    var xhr = e.detail.xhr;
    var why = xhr && xhr.status ? "the server answered " + xhr.status : "the connection dropped";
    var alert = form.querySelector("[data-not-sent]");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "alert alert-danger py-2";
      alert.setAttribute("role", "alert");
      alert.setAttribute("data-not-sent", "");
      form.insertBefore(alert, form.firstChild);
    }
    alert.textContent = "That did not go through (" + why + "). Nothing you typed is lost: try again in a moment.";
    focusResult(alert);
  }
  document.addEventListener("htmx:responseError", sayNotSent);
  document.addEventListener("htmx:sendError", sayNotSent);
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.detail && e.detail.elt;
    var old = form && form.tagName === "FORM" && form.querySelector("[data-not-sent]");
    if (old) old.remove();
  });
  window.upward = window.upward || {};
  window.upward.focusResult = focusResult;
  function enhance(root) { initTooltips(root); deviceZoneFirst(root); sayDates(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (e) { enhance(e.target); });
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
