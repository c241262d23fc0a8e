// Organisation picker on the contact form: suggestions from /api/v1/organizations/?q= as you type.
// The field stays a plain text box ("Name (KR)"), checked by the server, so it works without this.

const DEBOUNCE_MS = 200;

function setup(input) {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list) return;
  let timer = null;
  let controller = null;

  async function suggest() {
    const term = input.value.replace(/\s*\([A-Za-z]{2}\)$/, "").trim();
    if (term.length < 2) return;
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const params = new URLSearchParams({ q: term, page_size: "15" });
      const response = await fetch(`/api/v1/organizations/?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) return; // typing still works; the server checks the name on save
      const data = await response.json();
      list.replaceChildren(
        ...data.results.map((org) => {
          const option = document.createElement("option");
          option.value = `${org.name} (${org.country})`;
          if (org.native_name) option.label = org.native_name;
          return option;
        }),
      );
    } catch (error) {
      if (error.name !== "AbortError") list.replaceChildren();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DEBOUNCE_MS);
  });
  // Typed into before this module ran (slow connection): suggest for what is already there.
  if (input.value !== input.defaultValue) suggest();
}

document.querySelectorAll("input[data-organization-search]").forEach(setup);
