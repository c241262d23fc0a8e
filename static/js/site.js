// Behaviour every page shares. Pages run no inline script (Content-Security-Policy: script-src 'self').

// A <select data-submit-on-change> submits its form when a choice is made (the language switch);
// without scripts its <noscript> button does the same.
for (const select of document.querySelectorAll("select[data-submit-on-change]")) {
  select.addEventListener("change", () => select.form?.requestSubmit());
}

// An <input data-select-on-focus> selects its whole text when focused (a key shown once, to copy).
for (const input of document.querySelectorAll("input[data-select-on-focus]")) {
  input.addEventListener("focus", () => input.select());
}
