/* The two helpers several pages share, in one place: "12 min ago" wording (the same as the
 * server's escalations/timetext.py) and copying text to the clipboard.
 * Loaded before each page's own script; nothing here touches the page by itself. */
(function () {
  "use strict";

  function humanize(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    if (minutes < 1) return "less than a minute";
    if (minutes < 60) return minutes + " min";
    var hours = Math.floor(minutes / 60);
    minutes = minutes % 60;
    if (hours < 24) return minutes ? hours + " h " + minutes + " min" : hours + " h";
    var days = Math.floor(hours / 24);
    hours = hours % 24;
    var unit = days === 1 ? "day" : "days";
    return hours && days < 3 ? days + " " + unit + " " + hours + " h" : days + " " + unit;
  }

  // "just now", "12 min ago", "in 40 min"; with seconds=true, "8 s ago" under a minute
  // (the wizard's "Draft saved …" ticker, where seconds matter).
  function ago(date, now, seconds) {
    var ms = now - date;
    if (Math.abs(ms) < 60000) {
      var s = Math.round(Math.abs(ms) / 1000);
      return seconds && s >= 5 && ms > 0 ? s + " s ago" : "just now";
    }
    return ms > 0 ? humanize(ms) + " ago" : "in " + humanize(ms);
  }

  // Resolves when copied; rejects when the browser refused (the caller says what to do).
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  window.upward = { humanize: humanize, ago: ago, copyText: copyText };
})();
