// Shows clashes and travel warnings on the meeting form before saving:
// asks POST /api/v1/meetings/check/ whenever the time, place or attendees change.
// Labels come from data-* attributes on #clash-panel so they are translated server-side.

const form = document.getElementById("meeting-form");
const panel = document.getElementById("clash-panel");

function csrfToken() {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function selected(name) {
  const select = form.elements.namedItem(name);
  if (!select) return [];
  return Array.from(select.selectedOptions || []).map((o) => o.value).filter(Boolean);
}

function payload() {
  const value = (name) => (form.elements.namedItem(name) || {}).value || "";
  const attendees = [];
  const host = value("host");
  if (host) attendees.push({ type: "member", id: Number(host), role: "host" });
  for (const id of selected("members")) attendees.push({ type: "member", id: Number(id), role: "participant" });
  for (const id of selected("interpreters")) attendees.push({ type: "member", id: Number(id), role: "interpreter" });
  for (const id of selected("contacts")) attendees.push({ type: "contact", id: Number(id), role: "participant" });
  for (const id of selected("exhibitors")) attendees.push({ type: "exhibitor", id: Number(id), role: "participant" });
  const body = {
    expo: Number(form.dataset.expo),
    starts_at: value("starts_at"),
    ends_at: value("ends_at"),
    venue: value("venue") ? Number(value("venue")) : null,
    status: value("status") || undefined,
    attendees,
  };
  if (form.dataset.meeting) body.meeting = Number(form.dataset.meeting);
  return body;
}

function show(kind, title, lines) {
  panel.className = `sched-live ${kind}`;
  panel.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = title;
  panel.append(heading);
  if (lines.length) {
    const list = document.createElement("ul");
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    }
    panel.append(list);
  }
}

function clock(iso) {
  // Expo-local wall clock of an ISO time, as the form shows it.
  const tz = form.dataset.expoTz;
  try {
    return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone: tz || undefined }).format(new Date(iso));
  } catch {
    return iso;
  }
}

let sequence = 0;
let timer = null;

async function check() {
  const body = payload();
  if (!body.starts_at || !body.ends_at) {
    show("", panel.dataset.idle, []);
    return;
  }
  const mine = ++sequence;
  panel.setAttribute("aria-busy", "true");
  let response;
  let data;
  try {
    response = await fetch(form.dataset.checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
    data = await response.json();
  } catch (error) {
    if (mine === sequence) show("bad", panel.dataset.error, [String(error)]);
    return;
  } finally {
    if (mine === sequence) panel.removeAttribute("aria-busy");
  }
  if (mine !== sequence) return; // a newer check is on its way
  if (!response.ok) {
    const fields = data.fields || {};
    const lines = Object.entries(fields).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`);
    show("bad", panel.dataset.error, lines.length ? lines : [data.detail || String(response.status)]);
    return;
  }
  const problems = Object.values(data.errors || {}).flat();
  const clashes = data.conflicts.map(
    (c) => `${c.subject.name} ${panel.dataset.busy} “${c.title}” (${clock(c.starts_at)}–${clock(c.ends_at)})`,
  );
  const travel = data.warnings.map(
    (w) => `${w.subject.name}: “${w.title}” — ${w.gap_minutes} ${panel.dataset.travel} ${w.needed_minutes}`,
  );
  if (data.outside_expo_days) problems.push(panel.dataset.outside);
  if (clashes.length || problems.length) {
    show("bad", clashes.length ? panel.dataset.clashTitle : panel.dataset.problemTitle, [...clashes, ...problems, ...travel]);
  } else if (travel.length) {
    show("warn", panel.dataset.travelTitle, travel);
  } else {
    show("ok", panel.dataset.ok, []);
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(check, 250);
}

if (form && panel) {
  const watched = ["starts_at", "ends_at", "venue", "host", "members", "interpreters", "contacts", "exhibitors", "status"];
  for (const name of watched) {
    const field = form.elements.namedItem(name);
    if (field) {
      field.addEventListener("change", schedule);
      field.addEventListener("input", schedule);
    }
  }
  check();
}
