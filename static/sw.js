// Keeps the briefing packs a user opened (and the styles they need) for reading without a connection.
// Only GET requests under /briefing/ and /static/ are touched; everything else goes to the network.
// Opening the sign-in page (where signing out lands) deletes the kept packs.
const CACHE = "expo-briefing-v1";
const STATIC_URL = "__STATIC_URL__";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([`${STATIC_URL}css/portal.css`, `${STATIC_URL}css/cockpit.css`, `${STATIC_URL}css/print.css`]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/accounts/login/" && request.mode === "navigate") {
    // Signing out lands here: forget the packs kept on this device.
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (url.pathname.startsWith("/briefing/") || url.pathname.startsWith(STATIC_URL)) {
    // Network first, so a pack is always fresh when online; the last copy when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request).then((hit) => hit || Response.error())),
    );
  }
});
