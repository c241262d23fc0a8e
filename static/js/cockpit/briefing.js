// Briefing packs: print button, and a service worker that keeps every opened pack for offline reading.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => {
      const note = document.querySelector("[data-offline-note]");
      if (note) note.hidden = false;
    })
    .catch(() => {
      // Offline copies are a convenience; the page works the same without them.
    });
}
