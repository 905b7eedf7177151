/* The wizard's small enhancements: "saved 3 s ago", copy buttons, focus after a swap.
   Everything here is optional: without it the wizard still works as plain forms. */
(function () {
  "use strict";

  function tick() {
    document.querySelectorAll("[data-saved-at]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-saved-at"));
      if (isNaN(at)) return;
      el.textContent = "Draft saved " + window.upward.ago(at, Math.max(at, Date.now()), true);
    });
  }
  setInterval(tick, 1000);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    window.upward.copyText(source.value || source.textContent).then(function () {
      button.textContent = "Copied ✓";
      button.classList.add("btn-success", "copied");
      button.classList.remove("btn-outline-secondary");
      setTimeout(function () {
        button.textContent = label;
        button.classList.remove("btn-success", "copied");
        button.classList.add("btn-outline-secondary");
      }, 4000);
    }, function () {
      button.textContent = "Select the text below and copy it";
    });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Autosave is debounced; typing and then leaving at once (Back, a step in the progress
  // bar, closing the tab) must not lose the last words, so flush them with a beacon.
  var dirty = false;
  function markDirty(event) {
    if (event.target.closest && event.target.closest("#step-form")) dirty = true;
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt) return;
    if ((elt.id === "autosave" && event.detail.successful) || elt.id === "step-form") dirty = false;
  });
  function flush() {
    var form = document.getElementById("step-form");
    var autosave = document.getElementById("autosave");
    if (!dirty || !form || !autosave || !navigator.sendBeacon) return;
    navigator.sendBeacon(autosave.getAttribute("hx-post"), new FormData(form));
    dirty = false;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    // Only requests that leave the step (Back, the progress bar) push a new URL; saving,
    // autosaving, the verdict, rows and the coach all keep the page.
    if (elt && elt.hasAttribute && elt.hasAttribute("hx-push-url")) flush();
  });
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });

  // A draft too large to keep answers 413. Autosave: say so in its status line (nothing
  // else changes, so what was typed stays). A submitted step: show the re-rendered step,
  // which carries the message and the text as typed.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status !== 413) return;
    var target = event.detail.target;
    if (target && target.id === "autosave-status") {
      target.textContent = xhr.responseText;
      event.detail.shouldSwap = false;
    } else if (target && target.id === "wizard-step") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a whole step is swapped in (not an autosave or a verdict), move focus to the
  // first problem or to the step heading, so keyboard and screen-reader users follow along.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    // A row was added: its first field, not the Add button, is where typing goes next.
    if (target && target.id && target.id.indexOf("rows-") === 0) {
      var rows = target.querySelectorAll(".formset-row");
      var last = rows[rows.length - 1];
      var field = last && last.querySelector("input:not([type=hidden]), textarea, select");
      if (field) field.focus();
      return;
    }
    if (!target || target.id !== "wizard-step") return;
    var invalid = document.querySelector("#wizard-step .is-invalid");
    var heading = document.getElementById("step-heading");
    if (invalid) { invalid.focus(); } else if (heading) { heading.focus({ preventScroll: true }); }
    suggestZone();
  });

  // Offer this device's zone next to "Your time zone" when it differs.
  function suggestZone() {
    var select = document.getElementById("id_author_time_zone");
    if (!select || document.getElementById("use-device-zone")) return;
    var zone = window.upward.deviceZone();
    if (!zone || select.value === zone) return;
    if (!Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) return;
    var button = document.createElement("button");
    button.type = "button";
    button.id = "use-device-zone";
    button.className = "btn btn-link btn-sm px-0";
    button.textContent = "Use " + zone.replace(/_/g, " ") + " (this device's zone)";
    button.addEventListener("click", function () {
      select.value = zone;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      button.remove();
      // The button is gone: keep focus on the choice it made, and say so.
      select.focus();
      var announce = document.getElementById("wizard-announce");
      if (announce) announce.textContent = "Your time zone is now " + zone.replace(/_/g, " ") + ".";
    });
    select.addEventListener("change", function () {
      if (select.value === zone) button.remove();
    });
    select.insertAdjacentElement("afterend", button);
  }
  document.addEventListener("DOMContentLoaded", suggestZone);
})();
