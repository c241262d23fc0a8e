// Instant search for the contact and organisation directories.
// The form keeps working without JavaScript; with it, results are re-rendered by the server
// (a partial of the same page) as the user types, and the address bar follows the filter.

const DEBOUNCE_MS = 250;

function setup(form) {
  const target = document.getElementById(form.dataset.results || "contact-results");
  if (!target) return;
  let timer = null;
  let controller = null;

  async function refresh() {
    const params = new URLSearchParams(new FormData(form));
    for (const [key, value] of [...params.entries()]) {
      if (!value) params.delete(key);
    }
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
    params.set("partial", "1");
    if (controller) controller.abort();
    controller = new AbortController();
    target.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`${location.pathname}?${params}`, {
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      target.innerHTML = await response.text();
    } catch (error) {
      if (error.name === "AbortError") return;
      const note = document.createElement("p");
      note.className = "message error";
      note.setAttribute("role", "alert");
      note.textContent = form.dataset.errorText || "The search could not be updated. Press “Apply filters” to try again.";
      target.replaceChildren(note);
    } finally {
      target.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(refresh, DEBOUNCE_MS);
  });
  form.addEventListener("change", (event) => {
    if (event.target.tagName === "SELECT") refresh();
  });
}

document.querySelectorAll("form[data-live-search]").forEach(setup);
