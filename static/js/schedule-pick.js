// Adds a type-to-filter box above each attendee list on the meeting form, so a long
// contact list stays usable by keyboard; chosen people always stay visible.

const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

for (const select of document.querySelectorAll("select[multiple][data-attendee]")) {
  const input = document.createElement("input");
  input.type = "search";
  input.id = `${select.id}-filter`;
  input.className = "sched-pick-filter";
  input.placeholder = select.dataset.filterPlaceholder || "";
  input.setAttribute("aria-controls", select.id);
  const label = document.createElement("label");
  label.htmlFor = input.id;
  label.className = "visually-hidden";
  label.textContent = select.dataset.filterLabel || "";
  select.before(label, input);
  const options = Array.from(select.options).map((option) => [option, fold(option.textContent)]);
  input.addEventListener("input", () => {
    const query = fold(input.value.trim());
    for (const [option, text] of options) {
      option.hidden = Boolean(query) && !option.selected && !text.includes(query);
    }
  });
}
