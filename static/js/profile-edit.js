// Booth-profile editing page: repeatable rows (solutions, patents), the rich-text editor and
// confirmations. Everything works without JavaScript too (one blank row, a plain textarea).
import { enhanceRichText } from "./profile-rich-text.js";

function renumber(fieldset) {
  const rows = fieldset.querySelectorAll(".row-list > .row-item");
  rows.forEach((row, index) => {
    row.setAttribute("aria-label", `${index + 1}`);
    const remove = row.querySelector(".row-remove");
    if (remove) remove.hidden = false;
  });
}

function enhanceRows(fieldset) {
  const list = fieldset.querySelector(".row-list");
  const template = fieldset.querySelector("template");
  const add = fieldset.querySelector(".row-add");
  if (!list || !template || !add) return;
  add.hidden = false;
  // Keep one blank row at most when JavaScript can add more on demand.
  const blanks = Array.from(list.children).filter((row) =>
    Array.from(row.querySelectorAll("input")).every((input) => !input.value.trim()),
  );
  if (list.children.length > 1) blanks.forEach((row) => row.remove());
  add.addEventListener("click", () => {
    const row = template.content.firstElementChild.cloneNode(true);
    list.append(row);
    renumber(fieldset);
    row.querySelector("input")?.focus();
  });
  list.addEventListener("click", (event) => {
    const remove = event.target.closest(".row-remove");
    if (!remove) return;
    remove.closest(".row-item").remove();
    renumber(fieldset);
    add.focus();
  });
  renumber(fieldset);
}

document.querySelectorAll("fieldset[data-rows]").forEach(enhanceRows);
document.querySelectorAll("[data-rich-editor]").forEach(enhanceRichText);
document.querySelectorAll("[data-confirm]").forEach((button) => {
  button.addEventListener("click", (event) => {
    if (!window.confirm(button.dataset.confirm)) event.preventDefault();
  });
});

// Refuse an oversized or SVG file before it travels (the server checks again, by decoding it).
document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
  const note = document.createElement("p");
  note.className = "error";
  note.setAttribute("role", "alert");
  note.id = `${input.id}-client-error`;
  note.hidden = true;
  input.insertAdjacentElement("afterend", note);
  input.addEventListener("change", () => {
    const file = input.files[0];
    let message = "";
    if (file && file.size > Number(input.dataset.maxBytes)) message = input.dataset.tooLarge;
    else if (file && (file.type === "image/svg+xml" || /\.svgz?$/i.test(file.name))) message = input.dataset.wrongType;
    input.setCustomValidity(message);
    note.textContent = message;
    note.hidden = !message;
    if (message) input.setAttribute("aria-describedby", note.id);
  });
  input.form?.addEventListener("submit", (event) => {
    if (!input.checkValidity()) {
      event.preventDefault();
      input.focus();
    }
  });
});
