// Offline reading of the directory: registers the service worker when the browser has one.
// Progressive enhancement only: every page works without it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) { return; }
  var url = script.getAttribute("data-sw");
  var scope = script.getAttribute("data-scope");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: scope }).catch(function () { /* offline reading stays unavailable */ });
  });
})();
