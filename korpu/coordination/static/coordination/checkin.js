/* Door check-in for Körpü (no dependencies, vendored; CSP-safe: no inline code).
 *
 * Every scan (camera via BarcodeDetector, or a typed code) is first put in a queue in
 * localStorage with its own scan id, then sent to POST /api/v1/checkins. A network failure keeps
 * it queued; the queue is sent again when the browser comes back online and every 15 seconds.
 * The server is idempotent per scan id, so a scan sent twice never checks anyone in twice.
 */
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) { return; }
  var eventId = root.dataset.event;
  var api = root.dataset.api;
  var KEY = "korpu-checkin-queue";
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("id_code");
  var log = document.getElementById("checkin-log");
  var pendingEl = document.getElementById("checkin-pending");
  var onlineEl = document.getElementById("checkin-online");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sending = false;

  function scanId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); render(); }
  function render() {
    pendingEl.textContent = String(load().filter(function (i) { return i.event_id === eventId; }).length);
    onlineEl.textContent = navigator.onLine ? root.dataset.msgOnline : root.dataset.msgOffline;
  }
  function note(text, ok) {
    var li = document.createElement("li");
    li.className = "list-group-item " + (ok ? "list-group-item-success" : "list-group-item-danger");
    li.textContent = text;
    log.insertBefore(li, log.firstChild);
  }
  function enqueue(code) {
    code = (code || "").trim();
    if (!code) { return; }
    var queue = load();
    queue.push({ event_id: eventId, code: code, scan_id: scanId(), at: new Date().toISOString() });
    save(queue);
    flush();
  }
  function flush() {
    if (sending) { return; }
    var queue = load();
    var item = queue.filter(function (i) { return i.event_id === eventId; })[0];
    if (!item) { render(); return; }
    sending = true;
    fetch(api, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ event_id: item.event_id, code: item.code, scan_id: item.scan_id })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status >= 500 || response.status === 0) { throw new Error("server"); }
        // A definite answer (checked in, or refused): the scan leaves the queue either way.
        save(load().filter(function (i) { return i.scan_id !== item.scan_id; }));
        if (response.ok) {
          note(root.dataset.msgOk + ": " + (body.name || "") + " (" + body.code + ")", true);
        } else {
          note(item.code + ": " + ((body.error && body.error.message) || response.status), false);
        }
        sending = false;
        flush();
      });
    }).catch(function () {
      sending = false;
      note(item.code + ": " + root.dataset.msgQueued, false);
      render();
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    enqueue(input.value);
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  setInterval(flush, 15000);
  render();
  flush();

  // Camera scanning where the browser has the BarcodeDetector API.
  var button = document.getElementById("checkin-camera");
  var video = document.getElementById("checkin-video");
  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var last = "", lastAt = 0;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        button.hidden = true;
        return video.play().then(function () {
          setInterval(function () {
            detector.detect(video).then(function (codes) {
              if (!codes.length) { return; }
              var value = codes[0].rawValue, now = Date.now();
              if (value === last && now - lastAt < 5000) { return; }
              last = value; lastAt = now;
              enqueue(value);
            }).catch(function () {});
          }, 300);
        });
      }).catch(function () { note(root.dataset.msgCamera, false); });
    });
  }
})();
