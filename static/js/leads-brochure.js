// The brochure's print button (the page prints fine from the browser menu too).
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
