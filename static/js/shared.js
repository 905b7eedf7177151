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

  // Browsers report some zones by their old ICU names; the zone lists offer the current
  // IANA ones (escalations/models.py time_zone_choices).
  var RENAMED = {
    "Asia/Calcutta": "Asia/Kolkata", "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Saigon": "Asia/Ho_Chi_Minh", "Asia/Rangoon": "Asia/Yangon",
    "Europe/Kiev": "Europe/Kyiv", "Atlantic/Faeroe": "Atlantic/Faroe",
    "America/Godthab": "America/Nuuk", "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "America/Louisville": "America/Kentucky/Louisville", "Pacific/Truk": "Pacific/Chuuk",
    "Pacific/Ponape": "Pacific/Pohnpei", "Asia/Dacca": "Asia/Dhaka",
    "Asia/Thimbu": "Asia/Thimphu", "Africa/Asmera": "Africa/Asmara", "Etc/UTC": "UTC"
  };
  function deviceZone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return ""; }
    return RENAMED[zone] || zone || "";
  }

  window.upward = { humanize: humanize, ago: ago, copyText: copyText, deviceZone: deviceZone };
})();
