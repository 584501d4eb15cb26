// Offline reading of the public directory. Its scope is the directory in one language: staff pages
// are never seen by it. Pages are fetched from the network first and kept for reading offline;
// the emergency numbers and the offline page are kept from the first visit.
"use strict";
const CACHE = "acollida-directory-v1";
const SCOPE = "{{ scope|escapejs }}";
const PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const OFFLINE = "{{ offline|escapejs }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function keepable(request, response) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !response || !response.ok) { return false; }
  if ((response.headers.get("Cache-Control") || "").includes("no-store")) { return false; }
  if (url.pathname.includes("/request/")) { return false; }  // forms with personal data are never kept
  return url.pathname.startsWith(SCOPE) || url.pathname.startsWith("/static/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (keepable(request, response)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((cached) => {
        if (cached) { return cached; }
        if (request.mode === "navigate") { return caches.match(OFFLINE); }
        return Response.error();
      }))
  );
});
