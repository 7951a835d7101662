// Live tally: Server-Sent Events (EventSource reconnects by itself, also after a server restart),
// falling back to polling the JSON every 0.5 s (served from memory: no query) when there is no
// EventSource or the stream stays silent (a buffering proxy). No inline script (CSP).
(function () {
  "use strict";
  function money(minor, currency, lang) {
    var digits = 2;
    try { digits = new Intl.NumberFormat("en", {style: "currency", currency: currency}).resolvedOptions().maximumFractionDigits; } catch (e) { /* keep 2 */ }
    var value = minor / Math.pow(10, digits);
    try { return new Intl.NumberFormat(lang, {style: "currency", currency: currency}).format(value); } catch (e) { return value + " " + currency; }
  }
  function list(el, items) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
    if (!items.length) { items = ["—"]; }
    items.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; el.appendChild(li); });
  }
  function render(root, t) {
    var lang = root.getAttribute("data-lang") || document.documentElement.lang || "az";
    var f = function (name) { return root.querySelector("[data-field=" + name + "]"); };
    if (f("raised")) { f("raised").textContent = money(t.raised_minor, t.currency, lang); }
    if (f("matched")) { f("matched").textContent = money(t.matched_minor || 0, t.currency, lang); }
    if (f("gifts")) { f("gifts").textContent = new Intl.NumberFormat(lang).format(t.gifts); }
    if (f("progress")) { f("progress").value = t.raised_minor; f("progress").max = t.goal_minor || 1; }
    if (f("countries")) { list(f("countries"), t.countries.slice(0, 12).map(function (c) { return (c.country || "—") + ": " + money(c.raised_minor, t.currency, lang); })); }
    if (f("latest")) { list(f("latest"), t.latest.map(function (d) { return d.name + " · " + money(d.amount_minor, d.currency, lang); })); }
  }
  function poll(root) {
    var url = root.getAttribute("data-json");
    function once() {
      fetch(url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (t) { render(root, t); })
        .catch(function () { /* the server is restarting: try again */ })
        .finally(function () { setTimeout(once, 500); });
    }
    once();
  }
  function start(root) {
    if (!window.EventSource) { poll(root); return; }
    var source = new EventSource(root.getAttribute("data-stream"));
    var heard = false;
    source.addEventListener("tally", function (event) { heard = true; render(root, JSON.parse(event.data)); });
    // The stream sends the tally at once; if nothing arrives (a proxy or server that buffers the
    // stream), poll the JSON instead.
    setTimeout(function () { if (!heard) { source.close(); poll(root); } }, 2500);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-tally]").forEach(start);
  });
}());
