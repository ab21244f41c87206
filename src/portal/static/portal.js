/* global document, window */
// Replaces the server-drawn SVG maps with Leaflet maps when a tile server is configured.
// Without a tile URL, or when Leaflet fails to load, the SVG map stays as it is.
(function () {
  "use strict";
  var maps = document.querySelectorAll(".map[data-tile-url]");
  if (maps.length === 0) return;

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) {
        element.setAttribute(name, attributes[name]);
      });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function enhance(container) {
    var markers = JSON.parse(container.getAttribute("data-markers") || "[]");
    if (markers.length === 0) return;
    var live = document.createElement("div");
    live.className = "map-live";
    container.appendChild(live);
    var map = window.L.map(live, { scrollWheelZoom: false });
    window.L.tileLayer(container.getAttribute("data-tile-url"), {
      attribution: container.getAttribute("data-attribution") || "",
      maxZoom: 19,
    }).addTo(map);
    var bounds = [];
    markers.forEach(function (marker) {
      var point = [marker[0], marker[1]];
      bounds.push(point);
      var placed = window.L.marker(point, { title: marker[2], alt: marker[2] }).addTo(map);
      if (marker[3]) {
        var link = document.createElement("a");
        link.href = marker[3];
        link.textContent = marker[2];
        placed.bindPopup(link);
      }
    });
    map.fitBounds(bounds, { maxZoom: 16, padding: [24, 24] });
    var svg = container.querySelector("svg");
    if (svg) svg.setAttribute("hidden", "");
  }

  var base = "/static/leaflet/";
  Promise.all([
    load("link", { rel: "stylesheet", href: base + "leaflet.css" }),
    load("script", { src: base + "leaflet.js" }),
  ])
    .then(function () {
      window.L.Icon.Default.imagePath = base + "images/";
      Array.prototype.forEach.call(maps, enhance);
    })
    .catch(function () {
      // The SVG map is still there, so a failed load only costs the interactive map.
    });
})();

// Shows a time extension's new completion date while the requester types the days added. The
// server computes the same date when the form is previewed or sent, so the form works without
// this script.
(function () {
  "use strict";
  var form = document.querySelector("form[data-extension-form]");
  if (!form) return;
  var days = form.querySelector("[name=days]");
  var inForce = form.querySelector("[name=oldCompletionDate]");
  var shown = form.querySelector(".newCompletionDate strong");
  if (!days || !inForce || !shown) return;
  days.addEventListener("input", function () {
    var text = days.value.trim();
    var start = Date.parse(inForce.value + "T00:00:00Z");
    var count = Number(text);
    if (!/^[0-9]+$/.test(text) || count < 1 || count > 3650 || isNaN(start)) {
      shown.textContent = "–";
      return;
    }
    shown.textContent = new Date(start + count * 86400000).toISOString().slice(0, 10);
  });
})();
