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
  // The beacon and the next page's request race: a reload can be served before the beacon
  // is saved, showing the older text at the older revision, and the next autosave would
  // then be refused as "changed in another tab". So the unsaved text is also kept in this
  // tab's sessionStorage; the next page of this step puts it back if it is not there and
  // autosaves it at once. The server takes that text as this tab's own (the same text at
  // an older revision is no conflict: escalations/wizard/services.py).
  var STASH = "upward:wizard-unsaved";
  function flush() {
    var form = document.getElementById("step-form");
    var autosave = document.getElementById("autosave");
    if (!dirty || !form || !autosave) return;
    var data = new FormData(form);
    try {
      var pairs = [];
      data.forEach(function (value, name) { if (typeof value === "string") pairs.push([name, value]); });
      sessionStorage.setItem(STASH, JSON.stringify({ url: location.pathname, at: Date.now(), pairs: pairs }));
    } catch (e) { /* storage full or off: the beacon alone still carries the text */ }
    if (navigator.sendBeacon) {
      navigator.sendBeacon(autosave.getAttribute("hx-post"), data);
    } else {
      fetch(autosave.getAttribute("hx-post"), { method: "POST", body: data, keepalive: true, credentials: "same-origin" });
    }
    dirty = false;
  }
  function restoreUnsaved() {
    var raw;
    try { raw = sessionStorage.getItem(STASH); sessionStorage.removeItem(STASH); } catch (e) { return; }
    var form = document.getElementById("step-form");
    if (!raw || !form) return;
    var stash = JSON.parse(raw);
    // Only the very next load of the same step, moments later (a reload, Back).
    if (stash.url !== location.pathname || Date.now() - stash.at > 60000) return;
    var byName = {};
    stash.pairs.forEach(function (p) { (byName[p[0]] = byName[p[0]] || []).push(p[1]); });
    // Compared with what the server rendered (the browser may have refilled the fields on
    // reload by itself, which the server does not know about).
    function served(field) {
      if (field.tagName === "SELECT") {
        var chosen = Array.prototype.find.call(field.options, function (o) { return o.defaultSelected; });
        return chosen ? chosen.value : (field.options[0] ? field.options[0].value : "");
      }
      return field.defaultValue;
    }
    var changed = null;
    Object.keys(byName).forEach(function (name) {
      if (name === "csrfmiddlewaretoken" || name === "wizard_revision") return;
      var values = byName[name];
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (field, i) {
        if (field.type === "radio" || field.type === "checkbox") {
          var on = values.indexOf(field.value) !== -1;
          field.checked = on;
          if (field.defaultChecked !== on) changed = field;
        } else if (field.type !== "hidden" && field.type !== "file" && values[i] !== undefined) {
          field.value = values[i];
          if (served(field) !== values[i]) changed = field;
        }
      });
    });
    // Autosave what was put back at once (not after the typing pause: an edit made meanwhile
    // would be saved together with it, and no longer be the same text as the beacon's).
    var autosave = document.getElementById("autosave");
    if (changed && autosave && window.htmx) window.htmx.trigger(autosave, "restore-unsaved");
  }
  // After htmx has set up the page (its script is deferred, so it starts after this one).
  document.addEventListener("DOMContentLoaded", function () { setTimeout(restoreUnsaved, 0); });
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
