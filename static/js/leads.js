// Booth-lead form: shows, before saving, whether the visitor is already known to the office
// (never which contact: that stays the office's). Reads /api/v1/leads/match/ ({"known": bool});
// the form itself works without this script.

const form = document.querySelector("[data-lead-form]");

function debounce(fn, wait) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}

if (form) {
  // Shown again with errors: the server put the cursor in the first invalid field; bring that
  // field with its label and error to the middle of the screen, clear of the sticky save bar.
  const invalid = form.querySelector("[aria-invalid='true']");
  if (invalid) {
    invalid.focus({ preventScroll: true });
    (invalid.closest(".lead-field") || invalid).scrollIntoView({ block: "center" });
  }

  const output = form.querySelector("[data-lead-match]");
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const url = form.dataset.matchUrl;
  let latest = 0;

  async function check() {
    const params = new URLSearchParams();
    for (const name of ["full_name", "organization_name", "email"]) {
      const input = field(name);
      if (input && input.value.trim()) params.set(name, input.value.trim());
    }
    const emailOk = params.has("email") && field("email").checkValidity();
    if (!emailOk && !(params.has("full_name") && params.has("organization_name"))) {
      output.textContent = "";
      output.classList.remove("found");
      return;
    }
    if (!emailOk) params.delete("email");
    const ticket = ++latest;
    try {
      const response = await fetch(`${url}?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (ticket !== latest) return;
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        output.classList.remove("found");
        output.textContent = form.dataset.matchError || body.detail || "";
        return;
      }
      if (body.known) {
        output.textContent = form.dataset.matchFound;
        output.classList.add("found");
      } else {
        output.textContent = form.dataset.matchNone;
        output.classList.remove("found");
      }
    } catch {
      if (ticket === latest) output.textContent = "";
    }
  }

  const onInput = debounce(check, 400);
  for (const name of ["full_name", "organization_name", "email"]) {
    field(name)?.addEventListener("input", onInput);
  }
}
