/* The clarity coach, live. Any field followed by an element with id "coach-<field name>"
 * is checked as the author types (debounced 400 ms) through an htmx request to
 * /coach/check/; the findings replace that element's content, which is an aria-live
 * region, so screen readers hear them. Without JavaScript nothing changes: the review
 * page still lists every finding. */
(function () {
  "use strict";
  var URL = "/coach/check/";

  function wire(el) {
    if (!el.name || el.dataset.coachWired) return;
    var slot = document.getElementById("coach-" + el.name);
    if (!slot) return;
    el.dataset.coachWired = "1";
    slot.setAttribute("aria-live", "polite");
    el.setAttribute("hx-post", URL);
    el.setAttribute("hx-trigger", "input changed delay:400ms, coach:check");
    el.setAttribute("hx-target", "#" + CSS.escape(slot.id));
    el.setAttribute("hx-swap", "innerHTML");
    el.setAttribute("hx-sync", "this:replace");
    el.setAttribute("hx-params", "coach_field," + el.name);
    el.setAttribute("hx-vals", JSON.stringify({ coach_field: el.name }));
    el.setAttribute("hx-indicator", "none");
    el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + slot.id).trim());
    window.htmx.process(el);
    if (el.value && el.value.trim()) {
      window.htmx.trigger(el, "coach:check");
    }
  }

  function scan(root) {
    if (!window.htmx || !root.querySelectorAll) return;
    root.querySelectorAll("textarea[name], input[type=text][name]").forEach(wire);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
