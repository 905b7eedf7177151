/* The clarity coach, live. Any field followed by an element with id "coach-<field name>"
 * is checked as the author types (debounced 400 ms) through an htmx request to
 * /coach/check/; the findings replace that element's content, an aria-live region, so
 * screen readers hear them. The field's own hx-* attributes (autosave, preview) are left
 * alone. Without JavaScript nothing changes: the review page still lists every finding. */
(function () {
  "use strict";
  var URL = "/coach/check/";
  var DELAY_MS = 400;
  var timers = new WeakMap();

  function slotFor(el) {
    if (!el || !el.name || !(el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === "text"))) {
      return null;
    }
    return document.getElementById("coach-" + el.name);
  }

  function check(el) {
    var slot = slotFor(el);
    if (!slot || !window.htmx) return;
    var values = { coach_field: el.name };
    values[el.name] = el.value;
    slot.setAttribute("aria-busy", "true");
    window.htmx
      .ajax("POST", URL, { target: slot, swap: "innerHTML", values: values, source: slot })
      .finally(function () { slot.removeAttribute("aria-busy"); });
  }

  function schedule(el) {
    clearTimeout(timers.get(el));
    timers.set(el, setTimeout(function () { check(el); }, DELAY_MS));
  }

  function scan(root) {
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll("textarea[name], input[type=text][name]").forEach(function (el) {
      var slot = slotFor(el);
      if (!slot) return;
      slot.setAttribute("aria-live", "polite");
      var described = (el.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(slot.id) === -1) {
        el.setAttribute("aria-describedby", described.concat([slot.id]).join(" ").trim());
      }
      if (el.value && el.value.trim() && !slot.dataset.coachChecked) {
        slot.dataset.coachChecked = "1";
        check(el);
      }
    });
  }

  document.addEventListener("input", function (e) {
    if (slotFor(e.target)) schedule(e.target);
  });
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
