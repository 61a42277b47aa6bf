/* Social map: draws the results of the current search as clustered markers.
   Only an enhancement: the results list on the page works without it. */
(function () {
  "use strict";
  var element = document.getElementById("socialmap-map");
  if (!element || !window.L || !window.L.markerClusterGroup) { return; }
  var fallback = element.querySelector(".map-fallback");
  if (fallback) { fallback.remove(); }
  element.classList.add("is-live");
  var map = window.L.map(element, { scrollWheelZoom: false, maxZoom: 19 }).setView([52.05, 4.75], 12);
  map.attributionControl.setPrefix("Leaflet");
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    window.L.tileLayer(tiles, {
      maxZoom: 19,
      attribution: element.getAttribute("data-attribution") || ""
    }).addTo(map);
  } else {
    map.attributionControl.addAttribution(element.getAttribute("data-attribution") || "");
  }
  var colours = { informal: "#1e7d32", welfare: "#b35900", formal: "#154273" };
  var cluster = window.L.markerClusterGroup({ showCoverageOnHover: false });
  map.addLayer(cluster);
  fetch(element.getAttribute("data-markers"), { headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { features: [] }; })
    .then(function (data) {
      var bounds = [];
      (data.features || []).forEach(function (feature) {
        var lon = feature.geometry.coordinates[0], lat = feature.geometry.coordinates[1];
        var props = feature.properties;
        var marker = window.L.circleMarker([lat, lon], {
          radius: 8, weight: 2, color: "#ffffff", fillOpacity: 0.9,
          fillColor: colours[props.kind] || "#154273"
        });
        var link = document.createElement("a");
        link.href = props.url;
        link.textContent = props.name;
        marker.bindPopup(link);
        cluster.addLayer(marker);
        bounds.push([lat, lon]);
      });
      element.setAttribute("data-marker-count", String(bounds.length));
      if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
    });
})();
