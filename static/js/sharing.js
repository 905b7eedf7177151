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

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });
})();
