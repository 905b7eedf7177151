/* The public status page, kept live without a reload.
 *
 * Everything on the page is readable without this file (times are printed in UTC). With it:
 * times show in the reader's own zone (UTC on hover), "12 min ago" texts stay current, the
 * overdue banner appears the moment the promised time passes, and the page polls its small
 * "live/" fragment with If-None-Match (304 when nothing changed), pausing while the tab is
 * hidden and announcing new updates to screen readers. No inline script, no eval: the page's
 * Content-Security-Policy allows only this file.
 */
(function () {
  "use strict";

  var live = document.getElementById("live");
  if (!live) return;
  var announcer = document.getElementById("sp-announcer");
  var liveStatus = document.getElementById("sp-live-status");
  var pollUrl = live.getAttribute("data-poll-url");
  var pollMs = Math.max(1, parseInt(live.getAttribute("data-poll-seconds"), 10) || 45) * 1000;
  var etag = live.getAttribute("data-live-etag");
  var timer = null;
  var stopped = false;
  var failures = 0;

  // --- times --------------------------------------------------------------------------
  var ago = window.upward.ago;
  var humanize = window.upward.humanize;

  // One format on every page and in every email (docs/time.md): "Thu 03 Dec 14:30", the
  // same words whatever the browser's language, in the reader's own zone.
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  var timeFmt = { format: function (d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()); } };

  function dayText(d) { return DAYS[d.getDay()] + " " + pad(d.getDate()) + " " + MONTHS[d.getMonth()]; }

  function sameDay(a, b) {
    return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  }

  var zoneFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", timeZoneName: "short" });

  function zoneName(date) {
    var part = zoneFmt.formatToParts(date).filter(function (p) { return p.type === "timeZoneName"; })[0];
    return part ? " " + part.value : "";
  }

  function localText(date, style, now, withZone) {
    var text = style === "time" && sameDay(date, now)
      ? timeFmt.format(date)
      : dayText(date) + " " + timeFmt.format(date);
    // Header times name the zone: a forwarded screenshot must make sense on its own.
    return withZone ? text + zoneName(date) : text;
  }

  function refreshTimes(root) {
    var now = new Date();
    root.querySelectorAll("time[data-local]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (isNaN(d)) return;
      var head = el.closest(".sp-head");
      var text = localText(d, el.getAttribute("data-local"), now, head);
      // The UTC time in the header is written out, not only in a hover title that keyboard
      // and touch users cannot reach.
      if (head && d.getTimezoneOffset() !== 0) text += " (" + d.toISOString().slice(11, 16) + " UTC)";
      el.textContent = text;
    });
    root.querySelectorAll("time[data-relative]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (!isNaN(d)) el.textContent = ago(d, now);
    });
    var overdue = root.querySelector("#sp-overdue");
    if (overdue) {
      var due = new Date(overdue.getAttribute("data-due"));
      var late = now - due;
      var out = overdue.querySelector("[data-overdue]");
      if (late > 0) {
        if (out) out.textContent = humanize(late);
        overdue.hidden = false;
      } else {
        overdue.hidden = true;
      }
    }
  }

  // --- polling ------------------------------------------------------------------------
  function updateIds(root) {
    var ids = {};
    root.querySelectorAll("[data-update-id]").forEach(function (el) {
      ids[el.getAttribute("data-update-id")] = true;
    });
    return ids;
  }

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    // A fresh text node after clearing makes screen readers read it even if it repeats.
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var before = updateIds(live);
    var older = document.getElementById("sp-older");
    var olderOpen = older && older.open;
    live.replaceChildren.apply(live, Array.prototype.slice.call(doc.body.childNodes));
    var fresh = [];
    live.querySelectorAll("[data-update-id]").forEach(function (el) {
      if (!before[el.getAttribute("data-update-id")]) {
        el.classList.add("is-new");
        fresh.push(el);
      }
    });
    if (olderOpen) {
      var again = document.getElementById("sp-older");
      if (again) again.open = true;
    }
    refreshTimes(live);
    if (fresh.length) {
      var first = fresh[0];
      var state = first.querySelector(".sp-badge");
      var body = first.querySelector(".sp-body");
      var summary = body ? body.textContent.trim().replace(/\s+/g, " ").slice(0, 160) : "";
      announce(
        (fresh.length === 1 ? "New update" : fresh.length + " new updates") +
          (state ? ": " + state.textContent.trim() : "") +
          (summary ? ". " + summary : "")
      );
      var title = document.querySelector(".sp-state");
      if (title) document.title = document.title.replace(/ · [^·]*$/, " · " + title.textContent.trim());
    }
  }

  function setStatus(text) {
    if (!liveStatus) return;
    liveStatus.hidden = false;
    liveStatus.textContent = text;
  }

  function linkGone() {
    stopped = true;
    window.clearTimeout(timer);
    var note = document.createElement("p");
    note.className = "sp-gone";
    note.setAttribute("role", "alert");
    note.textContent = "This link was turned off by the person who shared it. What you see is the last status it showed.";
    live.insertBefore(note, live.firstChild);
    setStatus("No longer updating.");
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    if (stopped || document.hidden) return;
    timer = window.setTimeout(poll, delay);
  }

  function poll() {
    if (stopped || document.hidden) return;
    var headers = { "Accept": "text/html" };
    if (etag) headers["If-None-Match"] = etag;
    // no-store: we send our own validator and want to see the 304 ourselves.
    fetch(pollUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404) { linkGone(); return null; }
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        etag = response.headers.get("ETag") || etag;
        return response.text();
      })
      .then(function (html) {
        if (stopped) return;
        failures = 0;
        if (html) swap(html);
        setStatus("Live: checked " + timeFmt.format(new Date()) + ".");
        schedule(pollMs);
      })
      .catch(function () {
        failures += 1;
        setStatus("Offline? Last check failed; retrying.");
        schedule(Math.min(pollMs * Math.pow(2, failures), 5 * 60000));
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      window.clearTimeout(timer);
    } else {
      refreshTimes(document);
      schedule(0);
    }
  });

  var zone = document.getElementById("sp-zone");
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && tz) zone.textContent = "Times in your time zone (" + tz.replace(/_/g, " ") + "); UTC in brackets at the top.";
    // A subscriber's emails show times in the zone of the browser they subscribed from.
    var zoneInputs = document.querySelectorAll("input[data-browser-zone]");
    for (var i = 0; i < zoneInputs.length; i++) { if (tz) zoneInputs[i].value = tz; }
  } catch (e) { /* keep "Times in UTC." */ }

  refreshTimes(document);
  window.setInterval(function () { if (!document.hidden) refreshTimes(document); }, 20000);
  setStatus("Live: checks for updates every " + Math.round(pollMs / 1000) + " s.");
  schedule(pollMs);
})();
