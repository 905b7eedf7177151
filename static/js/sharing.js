/* The author's sharing panel: copy the new link in one click (works after htmx swaps). */
(function () {
  "use strict";
  if (window.upwardSharing) return;
  window.upwardSharing = true;

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var input = document.querySelector(button.getAttribute("data-copy-target"));
    if (!input) return;
    var status = button.closest(".alert, .card-body, body").querySelector("[data-copy-status]");
    function done(ok) {
      button.textContent = ok ? "Copied" : "Copy";
      if (status) status.textContent = ok ? "Copied to the clipboard." : "Select the link and copy it (Ctrl/Cmd+C).";
      if (!ok) { input.focus(); input.select(); }
    }
    window.upward.copyText(input.value).then(function () { done(true); }, function () { done(false); });
  });

  // A new link's full URL is in one response only (only its fingerprint is stored). When
  // another action replaces the panel (a second link, a revoke, the executive's link), the
  // URLs shown so far move into the new panel, until the page is left or the link revoked.
  var kept = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "sharing") return;
    kept = Array.prototype.map.call(target.querySelectorAll("[data-one-time-link]"), function (el) {
      return el.cloneNode(true);
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.target;
    if (!panel || panel.id !== "sharing" || !kept.length) return;
    var anchor = panel.querySelector("form");
    var shown = Array.prototype.map.call(panel.querySelectorAll("[data-one-time-link] input"), function (i) { return i.value; });
    kept.forEach(function (alert, n) {
      var input = alert.querySelector("input");
      var pk = alert.getAttribute("data-one-time-link");
      var row = panel.querySelector("#share-link-" + pk);
      if (!input || shown.indexOf(input.value) !== -1) return;
      if (row && row.getAttribute("data-status") !== "active") return;
      // Unique ids for the copy, and no claim on the focus (the new result has it).
      var id = "share-kept-url-" + pk + "-" + n;
      alert.id = "share-kept-" + pk + "-" + n;
      alert.removeAttribute("data-focus-after-swap");
      alert.removeAttribute("role");
      input.id = id;
      var button = alert.querySelector("[data-copy-target]");
      if (button) button.setAttribute("data-copy-target", "#" + id);
      anchor.parentNode.insertBefore(alert, anchor);
      shown.push(input.value);
    });
    kept = [];
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });
})();
