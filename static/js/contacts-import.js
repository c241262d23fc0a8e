// Progress of a running import: polls the job's small JSON status and reloads when it is done.

const POLL_MS = 1000;
const box = document.getElementById("import-status");

async function poll() {
  try {
    const response = await fetch(box.dataset.statusUrl, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const status = await response.json();
    const bar = box.querySelector("progress");
    if (bar) {
      bar.max = status.total;
      bar.value = status.processed;
      bar.textContent = `${status.processed} / ${status.total}`;
    }
    for (const [field, value] of Object.entries(status)) {
      const slot = box.querySelector(`[data-field="${field}"]`);
      if (slot) slot.textContent = value;
    }
    if (status.finished) {
      location.reload();
      return;
    }
  } catch (error) {
    const note = box.querySelector('[data-role="error"]');
    if (note) {
      note.hidden = false;
      note.textContent = `${note.dataset.text || "Trying again…"} (${error.message})`;
    }
  }
  setTimeout(poll, POLL_MS);
}

if (box && box.dataset.working === "1") setTimeout(poll, POLL_MS);
