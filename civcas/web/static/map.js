// The allegations map: Leaflet over borders drawn from the shipped world-atlas TopoJSON (no tiles,
// nothing from the internet). Markers carry the outcome as shape, colour and text.
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function range(low, high) {
    if (low === null || low === undefined || high === null || high === undefined) { return "—"; }
    return low === high ? low.toLocaleString("en") : low.toLocaleString("en") + "–" + high.toLocaleString("en");
  }

  function describe(p, config) {
    var outcome = config.outcomes[p.outcome] || p.outcome;
    return p.external_id + " · " + (p.place || p.country) + " · " + p.date_start + " · " + outcome;
  }

  function popup(p, config) {
    var box = element("div", "map-popup");
    var title = element("p", "map-popup-title");
    var link = element("a", null, p.external_id + " — " + (p.place || p.country));
    link.href = p.url;
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(element("p", null, p.date_start + (p.date_end !== p.date_start ? " – " + p.date_end : "")));
    var outcome = element("p", "outcome outcome-" + p.outcome);
    outcome.appendChild(element("span", "shape shape-" + p.outcome));
    outcome.appendChild(document.createTextNode(config.outcomes[p.outcome] || p.outcome));
    box.appendChild(outcome);
    box.appendChild(element("p", null, config.labels.reported + ": " + range(p.killed_min, p.killed_max)));
    if (p.acknowledged_killed !== null && p.acknowledged_killed !== undefined) {
      box.appendChild(element("p", null, config.labels.acknowledged + ": " + p.acknowledged_killed.toLocaleString("en")));
    }
    return box;
  }

  function marker(feature, config) {
    var p = feature.properties;
    var coordinates = feature.geometry.coordinates;
    var text = describe(p, config);
    var icon = window.L.divIcon({
      className: "map-marker",
      html: '<span class="shape shape-' + String(p.outcome).replace(/[^a-z_]/g, "") + '"></span>',
      iconSize: [20, 20],
      iconAnchor: [10, 10],
      popupAnchor: [0, -10]
    });
    var item = window.L.marker([coordinates[1], coordinates[0]], {
      icon: icon, title: text, keyboard: true, riseOnHover: true
    });
    item.bindPopup(function () { return popup(p, config); });
    item.bindTooltip(text, { direction: "top", offset: [0, -10] });
    item.on("add", function () {
      var node = item.getElement();
      if (node) {
        node.setAttribute("role", "button");
        node.setAttribute("aria-label", text);
      }
    });
    return item;
  }

  function failed(container, message) {
    var note = element("p", "map-error", message);
    note.setAttribute("role", "alert");
    container.parentNode.insertBefore(note, container.nextSibling);
  }

  function start() {
    var container = document.getElementById("map");
    var source = document.getElementById("map-config");
    if (!container || !source || !window.L) { return; }
    var config = JSON.parse(source.textContent);
    var fallback = container.querySelector(".map-fallback");
    if (fallback) { fallback.parentNode.removeChild(fallback); }
    var L = window.L;
    var map = L.map(container, { minZoom: 2, maxZoom: 13, worldCopyJump: true, keyboard: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(config.labels.attribution);
    map.setView([34, 40], 5);

    if (window.topojson) {
      fetch(config.borders).then(function (response) { return response.json(); }).then(function (world) {
        var borders = L.geoJSON(window.topojson.feature(world, world.objects.countries), {
          interactive: false,
          style: { color: "#767676", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }
        });
        borders.addTo(map);
        borders.bringToBack();
      }).catch(function () { /* markers still work without borders */ });
    }

    fetch(config.data, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.statusText); }
        return response.json();
      })
      .then(function (collection) {
        var layer = L.featureGroup(collection.features.map(function (f) { return marker(f, config); }));
        layer.addTo(map);
        if (collection.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 9, animate: false });
        }
      })
      .catch(function () { failed(container, config.labels.failed); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
